// What a status looks like to a person: its words, the bracketed suffix after a name, and its figure.
import type { Contact, Status } from '../app/types';
import { STATUS_NAMES } from '../app/types';
import { displayText } from '../app/displayText';

/**
 * The name a person shows: their nickname without the invisible characters that could disguise it (a
 * bidi override, a zero-width space), or their address when nothing visible is left.
 */
export function displayName(person: Pick<Contact, 'email' | 'nickname'>): string {
  return displayText(person.nickname) || person.email;
}

/** A name in full for a tooltip where it may be cut short: "Name <address>", or the address alone. */
export function fullName(person: Pick<Contact, 'email' | 'nickname'>): string {
  const name = displayName(person);
  return name === person.email ? name : `${name} <${person.email}>`;
}

export type Figure = 'online' | 'offline' | 'busy' | 'away' | 'phone' | 'blocked';

/** Hidden (HDN) and offline (FLN) both count as not online. */
export function isOnline(status: Status): boolean {
  return status !== 'FLN' && status !== 'HDN';
}

/** "Online", "Be Right Back", "Offline"... */
export function statusWords(status: Status): string {
  return STATUS_NAMES[status];
}

/** "(Busy)" after a contact's name; nothing for plain Online and for people not online. */
export function statusSuffix(status: Status): string {
  if (status === 'NLN' || !isOnline(status)) return '';
  return `(${STATUS_NAMES[status]})`;
}

export function isBlocked(contact: Pick<Contact, 'lists'>): boolean {
  return contact.lists.includes('BL');
}

export function statusFigure(status: Status, blocked = false): Figure {
  if (blocked) return 'blocked';
  switch (status) {
    case 'NLN':
      return 'online';
    case 'BSY':
      return 'busy';
    case 'PHN':
      return 'phone';
    case 'IDL':
    case 'BRB':
    case 'AWY':
    case 'LUN':
      return 'away';
    case 'HDN':
    case 'FLN':
      return 'offline';
  }
}

/** The figure's alt text: the status in words, with "Blocked" first for blocked people. */
export function figureAlt(status: Status, blocked = false): string {
  const words = isOnline(status) ? statusWords(status) : 'Not online';
  return blocked ? `Blocked, ${words}` : words;
}

/**
 * The status bar's words: where sign-in stands. Your status is on the line with your name, and the
 * protocol version in Help ▸ About and the inspector.
 */
export function statusBarText(online: boolean, phase: string): string {
  if (online) return 'Signed in';
  if (phase === 'reconnecting') return 'Reconnecting…';
  if (phase === 'signingIn' || phase === 'online') return 'Signing in…';
  return phase === 'signingOut' ? 'Signing out…' : 'Not signed in';
}

/** The longest name the server takes: 387 characters once URL-encoded (as it travels in REA). */
export const MAX_ENCODED_NAME = 387;

/** Why a new name cannot be used (one sentence), or '' when it can. */
export function renameProblem(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return 'Your name cannot be empty.';
  if (encodeURIComponent(trimmed).length > MAX_ENCODED_NAME)
    return 'That name is too long. Choose a shorter one.';
  return '';
}
