// The UI domain: open menus, the windows browser mode draws inline, the toasts it shows, and notices.
import { create } from 'zustand';
import type { Toast, WindowRoute } from '../../app/contract';
import { routeToHash } from '../../app/routes';

export interface InlineWindow {
  /** routeToHash(route): one window per route, as in the desktop app. */
  key: string;
  route: WindowRoute;
}

export interface Notice {
  id: number;
  message: string;
}

export interface UiStore {
  /** Which menu is open (menubar name, "status", "contact"), or null. */
  openMenu: string | null;
  windows: InlineWindow[];
  toasts: Toast[];
  notices: Notice[];
}

export function initialUi(): UiStore {
  return { openMenu: null, windows: [], toasts: [], notices: [] };
}

export const useUi = create<UiStore>()(() => initialUi());

let nextNotice = 1;
const MAX_NOTICES = 3;

export function pushNotice(message: string): void {
  useUi.setState((s) => ({ notices: [...s.notices, { id: nextNotice++, message }].slice(-MAX_NOTICES) }));
}

export function dismissNotice(id: number): void {
  useUi.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

/** Opens an inline window, or brings it to the front when it is already open. */
export function openInlineWindow(windows: readonly InlineWindow[], route: WindowRoute): InlineWindow[] {
  const key = routeToHash(route);
  return [...windows.filter((w) => w.key !== key), { key, route }];
}

export function showInlineWindow(route: WindowRoute): void {
  useUi.setState((s) => ({ windows: openInlineWindow(s.windows, route) }));
}

/**
 * Windows that only mean something while signed in: conversations and the dialogs about a contact. The
 * options, about and verify dialogs stay (verify is shown while signed out).
 */
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

/** What stays open once the account is gone. */
export function windowsAfterSignOut(windows: readonly InlineWindow[]): InlineWindow[] {
  return windows.filter((w) => !isAccountWindow(w.route));
}

export function closeInlineWindow(key: string): void {
  useUi.setState((s) => ({ windows: s.windows.filter((w) => w.key !== key) }));
}

export function setOpenMenu(menu: string | null): void {
  useUi.setState({ openMenu: menu });
}
