// The UI domain: open menus, the windows browser mode draws inline, the toasts it shows, and notices.
import { create } from 'zustand';
import type { Toast, WindowRoute } from '../../app/contract';
import { closesWithAccount, routeToHash } from '../../app/routes';

export interface InlineWindow {
  /** routeToHash(route): one window per route, as in the desktop app. */
  key: string;
  route: WindowRoute;
  /**
   * Counts up each time a person opens or raises the window, so the window takes focus even when it
   * already was in front; 0 for a window the service opened (an incoming conversation must not steal
   * focus from what you are typing).
   */
  raised?: number;
}

export interface Notice {
  id: number;
  message: string;
  /** When it was shown (ms since the epoch); it leaves NOTICE_MS later. */
  at: number;
  /** The conversation window it belongs to; absent for the main window's notices. */
  scope?: string;
  /** A link after the sentence ("Send e-mail"). */
  action?: NoticeAction;
}

export interface NoticeAction {
  label: string;
  run(): void;
}

export interface UiStore {
  windows: InlineWindow[];
  toasts: Toast[];
  notices: Notice[];
  /** The contact list's selected person (lower-cased address), for the list and the File menu. */
  selectedContact: string | null;
  /** Inline windows (by key) with something new the person has not looked at: their title bars flash. */
  attention: string[];
  /** The contact (address) a "Delete Contact" is waiting on: Yes removes them, No keeps them. */
  deleting: string | null;
}

export function initialUi(): UiStore {
  return { windows: [], toasts: [], notices: [], selectedContact: null, attention: [], deleting: null };
}

/** Asks "Are you sure…?" before removing someone (the contact list draws the question). */
export function askToDelete(email: string | null): void {
  useUi.setState((s) => (s.deleting === email ? s : { deleting: email }));
}

export function setSelectedContact(next: string | null | ((was: string | null) => string | null)): void {
  useUi.setState((s) => {
    const value = typeof next === 'function' ? next(s.selectedContact) : next;
    return value === s.selectedContact ? s : { selectedContact: value };
  });
}

/**
 * Who is selected once `order` changed: the same person while still listed; when they left, the person
 * who took their place (the next one), or the previous one when they were last; null for an empty list.
 */
export function selectionAfterChange(
  before: readonly string[],
  after: readonly string[],
  selected: string | null,
): string | null {
  if (selected === null || after.includes(selected)) return selected;
  const at = before.indexOf(selected);
  if (at < 0) return null;
  const stillThere = new Set(after);
  for (let i = at + 1; i < before.length; i += 1) if (stillThere.has(before[i]!)) return before[i]!;
  for (let i = at - 1; i >= 0; i -= 1) if (stillThere.has(before[i]!)) return before[i]!;
  return after[0] ?? null;
}

export const useUi = create<UiStore>()(() => initialUi());

let nextNotice = 1;
export const MAX_NOTICES = 3;
/** A notice leaves on its own after this long. */
export const NOTICE_MS = 8000;

/**
 * The notices after `message` arrives: a sentence already showing is not shown twice, it moves to the end
 * as a fresh notice (new id, so it is announced again, and a fresh time); only the newest MAX_NOTICES stay.
 */
export function noticesAfterPush(
  notices: readonly Notice[],
  message: string,
  id: number,
  now: number,
  extra: Pick<Notice, 'scope' | 'action'> = {},
): Notice[] {
  const same = (n: Notice) => n.message === message && n.scope === extra.scope;
  return [...notices.filter((n) => !same(n)), { id, message, at: now, ...extra }].slice(-MAX_NOTICES);
}

/** The notices still showing at `now`; the same array when none expired. */
export function liveNotices(notices: Notice[], now: number): Notice[] {
  const live = notices.filter((n) => now - n.at < NOTICE_MS);
  return live.length === notices.length ? notices : live;
}

export function pushNotice(message: string, extra: Pick<Notice, 'scope' | 'action'> = {}): void {
  const now = Date.now();
  useUi.setState((s) => ({ notices: noticesAfterPush(s.notices, message, nextNotice++, now, extra) }));
  setTimeout(() => useUi.setState((s) => ({ notices: liveNotices(s.notices, Date.now()) })), NOTICE_MS + 20);
}

export function dismissNotice(id: number): void {
  useUi.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

/** Opens an inline window, or brings it to the front when it is already open. */
export function openInlineWindow(windows: readonly InlineWindow[], route: WindowRoute): InlineWindow[] {
  const key = routeToHash(route);
  return [...windows.filter((w) => w.key !== key), { key, route }];
}

let raises = 0;
/** Where focus was when each open window opened, to go back to once it closes. */
const openedFrom = new Map<string, Element>();

/**
 * Shows a window inline. `byPerson` (the default) means someone asked for it: it comes to the front with
 * focus. The service's windows (an incoming conversation) come to the front without taking focus.
 */
export function showInlineWindow(route: WindowRoute, byPerson = true): void {
  const key = routeToHash(route);
  if (typeof document !== 'undefined' && !useUi.getState().windows.some((w) => w.key === key)) {
    const active = document.activeElement;
    if (active && active !== document.body) openedFrom.set(key, active);
  }
  useUi.setState((s) => {
    // The service raising a window someone already has keeps its count, so it does not take focus.
    const raised = byPerson ? ++raises : (s.windows.find((w) => w.key === key)?.raised ?? 0);
    return {
      windows: openInlineWindow(s.windows, route).map((w) => (w.key === key ? { ...w, raised } : w)),
      // Brought up by the person: they are looking at it now.
      attention: byPerson ? s.attention.filter((k) => k !== key) : s.attention,
    };
  });
}

export function clearAttention(key: string): void {
  useUi.setState((s) =>
    s.attention.includes(key) ? { attention: s.attention.filter((k) => k !== key) } : s,
  );
}

/** Something new arrived in an inline window the person is not looking at: its title bar flashes. */
export function requestAttention(route: WindowRoute): void {
  const key = routeToHash(route);
  // Looking at it means the focus is in it; a window in front that nobody has clicked into still flashes.
  const el =
    typeof document === 'undefined' ? null : document.querySelector(`[data-window-key="${CSS.escape(key)}"]`);
  const looking = !!el && document.hasFocus() && el.contains(document.activeElement);
  useUi.setState((s) => {
    if (looking || s.attention.includes(key) || !s.windows.some((w) => w.key === key)) return s;
    return { attention: [...s.attention, key] };
  });
}

/** The windows drawn as child windows (toasts and the contact list never are). */
export function isChildWindow(w: InlineWindow): boolean {
  return w.route.kind !== 'toast' && w.route.kind !== 'contactList';
}

export type FocusAfterClose = { kind: 'window'; key: string } | { kind: 'opener' } | { kind: 'list' };

/**
 * Where focus goes once a window closes: the window now in front, else where focus was when the closed
 * window opened (if that is still on the page), else the contact list.
 */
export function focusAfterClose(
  remaining: readonly InlineWindow[],
  openerConnected: boolean,
): FocusAfterClose {
  const front = remaining.filter(isChildWindow).at(-1);
  if (front) return { kind: 'window', key: front.key };
  return openerConnected ? { kind: 'opener' } : { kind: 'list' };
}

/** What stays open once the account is gone: conversations too when the session ended on its own. */
export function windowsAfterSignOut(windows: readonly InlineWindow[], chosen = true): InlineWindow[] {
  return windows.filter((w) => !closesWithAccount(w.route, chosen));
}

export function closeInlineWindow(key: string): void {
  const opener = openedFrom.get(key);
  openedFrom.delete(key);
  useUi.setState((s) => ({
    windows: s.windows.filter((w) => w.key !== key),
    attention: s.attention.filter((k) => k !== key),
  }));
  if (typeof document === 'undefined') return;
  requestAnimationFrame(() => {
    const target = focusAfterClose(useUi.getState().windows, opener?.isConnected ?? false);
    if (target.kind === 'window') {
      const el = document.querySelector(`[data-window-key="${CSS.escape(target.key)}"]`);
      if (el instanceof HTMLElement) focusFirstControl(el);
    } else if (target.kind === 'opener' && opener instanceof HTMLElement) {
      opener.focus();
    } else {
      focusMainWindow();
    }
  });
}

const CONTROLS =
  'input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), button:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

/** Focuses a child window's first control in its body (else its close button, else the window itself). */
export function focusFirstControl(win: HTMLElement): void {
  const first =
    win.querySelector<HTMLElement>('.child-body [data-autofocus]:not([disabled])') ??
    win.querySelector<HTMLElement>(`.child-body :is(${CONTROLS})`) ??
    win.querySelector<HTMLElement>(CONTROLS);
  (first ?? win).focus();
}

/** The contact list, or the sign-in form's first field while signed out. */
function focusMainWindow(): void {
  const list = document.querySelector<HTMLElement>('.main-frame [role="listbox"]');
  const form = document.querySelector<HTMLElement>(`.main-frame form :is(${CONTROLS})`);
  (list ?? form)?.focus();
}
