// Which windows go when the account does: conversations and the dialogs about a contact only mean
// something while signed in. The contact list, toasts (main/shell/toasts.ts follows the toast list) and the
// options, about and verify dialogs stay (verify is shown while signed out). Browser mode makes the same
// choice inline with the same rule (app/routes.ts, isAccountWindow).
import type { MessengerEvent, WindowRoute } from '../../app/contract';
import { closesWithAccount, isAccountWindow } from '../../app/routes';

export { isAccountWindow };

/**
 * The open windows to close once the account is gone; `chosen` is false for a session that ended on its
 * own, whose conversation windows stay (app/routes.ts, closesWithAccount).
 */
export function windowsToCloseOnSignOut(routes: readonly WindowRoute[], chosen = true): WindowRoute[] {
  return routes.filter((route) => closesWithAccount(route, chosen));
}

/** Whether a service event means the account is gone: it was cleared, or the session ended. */
export function endsAccount(event: MessengerEvent): boolean {
  if (event.type === 'account') return event.account === null;
  return event.type === 'session' && event.session.phase === 'signedOut';
}
