// Which window a page is, written in its URL hash. Main builds the hash when it loads a window and the
// renderer reads it back on start, so both use this one pair of functions:
//   #contactList   #conversation/<id>   #toast/<id>   #dialog/<dialog>   #dialog/<dialog>/<email>   #inspector
// Ids and addresses are percent-encoded, so a "/" or "#" inside one can never change the route.
import type { DialogKind, WindowRoute } from './contract';

export const DIALOG_KINDS = [
  'options',
  'addContact',
  'added',
  'verify',
  'properties',
  'page',
  'pages',
  'findMember',
  'invite',
  'about',
  'sendMessage',
  'help',
  'receivedFiles',
] as const satisfies readonly DialogKind[];

// A compile error here means DIALOG_KINDS misses a DialogKind of the contract.
type MissingDialog = Exclude<DialogKind, (typeof DIALOG_KINDS)[number]>;
export const DIALOG_KINDS_COMPLETE: MissingDialog extends never ? true : never = true;

/** A window's size in CSS pixels: the desktop window's content size, or the browser-mode child window's. */
export interface WindowSize {
  width: number;
  height: number;
  minWidth?: number;
  minHeight?: number;
}

// Close to Messenger 3.0's proportions (../shared/UI-3.0.md).
export const CONVERSATION_SIZE: WindowSize = { width: 440, height: 400, minWidth: 320, minHeight: 280 };

// A developer's tool, not a 3.0 window: wide enough for a line of traffic beside its time and connection,
// and still inside an 800 x 600 screen (as every window is).
export const INSPECTOR_SIZE: WindowSize = { width: 760, height: 520, minWidth: 600, minHeight: 360 };
export const INSPECTOR_TITLE = 'Protocol Inspector';

// Fixed-size Windows 98/2000 dialogs, roughly the size of their 3.0 counterparts. Main sizes the desktop
// windows with it and browser mode its child windows, so both look alike.
export const DIALOG_SIZES: Record<DialogKind, WindowSize> = {
  // Six tabs, as 3.0's property sheet had them, in one row.
  options: { width: 440, height: 460 },
  addContact: { width: 420, height: 360 },
  added: { width: 400, height: 280 },
  verify: { width: 380, height: 220 },
  properties: { width: 380, height: 340 },
  page: { width: 380, height: 340 },
  pages: { width: 400, height: 320 },
  findMember: { width: 460, height: 440 },
  invite: { width: 420, height: 360 },
  about: { width: 360, height: 300 },
  sendMessage: { width: 360, height: 340 },
  // Help is read, not filled in: taller, and it scrolls.
  help: { width: 460, height: 460 },
  receivedFiles: { width: 400, height: 320 },
};

/** Each dialog's title (the page may add a contact's name); the desktop window starts with it. */
export const DIALOG_TITLES: Record<DialogKind, string> = {
  options: 'Options',
  addContact: 'Add a Contact',
  added: 'Someone Added You',
  verify: 'Verify Your E-mail Address',
  properties: 'Properties',
  page: 'Send a Page',
  pages: 'Pages',
  findMember: 'Find a Member',
  invite: 'Invite a Friend',
  about: 'About Butterfly',
  sendMessage: 'Send an Instant Message',
  help: 'Butterfly Help',
  receivedFiles: 'Received Files',
};

export function isDialogKind(value: unknown): value is DialogKind {
  return typeof value === 'string' && (DIALOG_KINDS as readonly string[]).includes(value);
}

/** The hash, with its leading "#", that opens this route. */
export function routeToHash(route: WindowRoute): string {
  switch (route.kind) {
    case 'contactList':
      return '#contactList';
    case 'inspector':
      return '#inspector';
    case 'conversation':
    case 'toast':
      return `#${route.kind}/${encodeURIComponent(route.id)}`;
    case 'dialog':
      return route.email === undefined
        ? `#dialog/${route.dialog}`
        : `#dialog/${route.dialog}/${encodeURIComponent(route.email)}`;
  }
}

/**
 * The route a hash names (with or without its "#"); an empty hash is the contact list, anything not
 * written by routeToHash is null. It checks the shape only: main still validates ids and addresses.
 */
export function hashToRoute(hash: string): WindowRoute | null {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (body === '' || body === 'contactList') return { kind: 'contactList' };
  if (body === 'inspector') return { kind: 'inspector' };
  const parts = body.split('/');
  const [kind, first, second, ...rest] = parts;
  if (rest.length > 0 || first === undefined) return null;
  const decoded = decode(first);
  switch (kind) {
    case 'conversation':
    case 'toast':
      if (second !== undefined || !decoded) return null;
      return { kind, id: decoded };
    case 'dialog': {
      if (!isDialogKind(first)) return null;
      if (second === undefined) return { kind: 'dialog', dialog: first };
      const email = decode(second);
      return email ? { kind: 'dialog', dialog: first, email } : null;
    }
    default:
      return null;
  }
}

function decode(part: string): string | null {
  try {
    const value = decodeURIComponent(part);
    return value === '' ? null : value;
  } catch {
    // A malformed escape such as "%E0%A4%A" is not something routeToHash writes.
    return null;
  }
}

/**
 * Windows that only mean something while signed in: conversations and the dialogs about a contact. The
 * contact list, toasts and the options, about, help, received files and verify dialogs stay (verify is shown
 * while signed out; the received files are still in their folder).
 * The desktop shell and browser mode both close these on sign-out.
 */
export function isAccountWindow(route: WindowRoute): boolean {
  if (route.kind === 'conversation') return true;
  return (
    route.kind === 'dialog' &&
    (route.dialog === 'added' ||
      route.dialog === 'addContact' ||
      route.dialog === 'properties' ||
      route.dialog === 'page' ||
      route.dialog === 'pages' ||
      route.dialog === 'findMember' ||
      route.dialog === 'invite' ||
      route.dialog === 'sendMessage')
  );
}

/**
 * Whether a window closes when the account goes. A chosen sign-out closes every account window; a session
 * that ended on its own (connection lost, signed in elsewhere) leaves conversations open, so the person
 * can read what was said and see which messages were cut off.
 */
export function closesWithAccount(route: WindowRoute, chosen: boolean): boolean {
  return isAccountWindow(route) && (chosen || route.kind !== 'conversation');
}
