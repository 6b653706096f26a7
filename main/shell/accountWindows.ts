// Which windows go when the account does: conversations and the dialogs about a contact only mean
// something while signed in. The contact list, toasts (main/shell/toasts.ts follows the toast list) and the
// options, about and verify dialogs stay (verify is shown while signed out). Browser mode makes the same
// choice inline (renderer/stores/ui.ts, isAccountWindow).
import type { MessengerEvent, WindowRoute } from '../../app/contract';

/** Whether a window belongs to the signed-in account. */
export function isAccountWindow(route: WindowRoute): boolean {
  if (route.kind === 'conversation') return true;
  return (
    route.kind === 'dialog' &&
    (route.dialog === 'added' ||
      route.dialog === 'addContact' ||
      route.dialog === 'phones' ||
      route.dialog === 'page')
  );
}

/** The open windows to close once the account is gone. */
export function windowsToCloseOnSignOut(routes: readonly WindowRoute[]): WindowRoute[] {
  return routes.filter(isAccountWindow);
}

/** Whether a service event means the account is gone: it was cleared, or the session ended. */
export function endsAccount(event: MessengerEvent): boolean {
  if (event.type === 'account') return event.account === null;
  return event.type === 'session' && event.session.phase === 'signedOut';
}
