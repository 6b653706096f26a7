// The contacts domain, normalized by lower-cased address: one Record entry per person plus the arrival
// order, so a status change replaces one entry and re-renders one row. Also the privacy settings and the
// people waiting for an answer after adding you.
import { create } from 'zustand';
import type { AccountSnapshot, Blp, Contact, Gtc } from '../../app/types';
import { displayName, isBlocked, isOnline } from '../status';

export type PendingAdd = AccountSnapshot['pendingAdds'][number];

export interface ContactsStore {
  byEmail: Record<string, Contact>;
  /** Keys of byEmail in arrival order. */
  ids: string[];
  privacy: { blp: Blp; gtc: Gtc };
  pendingAdds: PendingAdd[];
}

export const keyOf = (email: string): string => email.toLowerCase();

/**
 * The table of contacts by address: a null-prototype object, because its keys come from the wire and an
 * address such as "__proto__" or "constructor" must be a key like any other, never Object's own.
 */
export function contactTable(from?: Record<string, Contact>): Record<string, Contact> {
  return Object.assign(Object.create(null) as Record<string, Contact>, from);
}

export function initialContacts(): ContactsStore {
  return { byEmail: contactTable(), ids: [], privacy: { blp: 'AL', gtc: 'A' }, pendingAdds: [] };
}

export const useContacts = create<ContactsStore>()(() => initialContacts());

/** The whole list from an account snapshot (or empty when signed out). */
export function contactsFromAccount(account: AccountSnapshot | null): ContactsStore {
  if (!account) return initialContacts();
  const byEmail = contactTable();
  const ids: string[] = [];
  for (const c of account.contacts) {
    const key = keyOf(c.email);
    if (!(key in byEmail)) ids.push(key);
    byEmail[key] = c;
  }
  return { byEmail, ids, privacy: account.privacy, pendingAdds: account.pendingAdds };
}

export interface ContactChange {
  contact: Contact;
  removed: boolean;
}

/**
 * Applies changes in one copy of the Record: the changed entries are replaced, every other entry keeps
 * its object identity (so memoized rows of other people do not re-render).
 */
export function applyContactChanges(
  state: Pick<ContactsStore, 'byEmail' | 'ids'>,
  changes: readonly ContactChange[],
): Pick<ContactsStore, 'byEmail' | 'ids'> {
  if (changes.length === 0) return state;
  const byEmail = contactTable(state.byEmail);
  let ids = state.ids;
  let removedAny = false;
  for (const { contact, removed } of changes) {
    const key = keyOf(contact.email);
    if (removed) {
      if (key in byEmail) {
        delete byEmail[key];
        removedAny = true;
      }
      continue;
    }
    if (!(key in byEmail)) {
      if (ids === state.ids) ids = [...ids];
      ids.push(key);
    }
    byEmail[key] = contact;
  }
  if (removedAny) ids = ids.filter((k) => k in byEmail);
  return { byEmail, ids };
}

/** The contact list shows your forward list: the people you added. */
function isOnContactList(contact: Contact): boolean {
  return contact.lists.includes('FL');
}

export interface Sections {
  online: string[];
  offline: string[];
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

function compareContacts(a: Contact, b: Contact): number {
  return collator.compare(displayName(a), displayName(b)) || collator.compare(a.email, b.email);
}

/**
 * Splits the forward list into "Online" and "Not Online", each sorted by name without regard to case.
 * Hidden (HDN) and offline (FLN) people count as not online; blocked people stay where their status puts them.
 */
export function sectionContacts(byEmail: Record<string, Contact>, ids: readonly string[]): Sections {
  const online: Contact[] = [];
  const offline: Contact[] = [];
  for (const id of ids) {
    const c = byEmail[id];
    if (!c || !isOnContactList(c)) continue;
    (isOnline(c.status) ? online : offline).push(c);
  }
  online.sort(compareContacts);
  offline.sort(compareContacts);
  return { online: online.map((c) => keyOf(c.email)), offline: offline.map((c) => keyOf(c.email)) };
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether a contact's place in the sections is the same in both versions (listed, online-ness, name). */
function samePlace(a: Contact | undefined, b: Contact | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return (
    isOnContactList(a) === isOnContactList(b) &&
    isOnline(a.status) === isOnline(b.status) &&
    displayName(a) === displayName(b) &&
    a.email === b.email
  );
}

/** True when no one moved between two versions of the same ids (the same ids: no one added or removed). */
function movesNobody(
  before: ContactsStore['byEmail'],
  after: ContactsStore['byEmail'],
  ids: readonly string[],
): boolean {
  for (const id of ids) if (!samePlace(before[id], after[id])) return false;
  return true;
}

let memo: { byEmail: ContactsStore['byEmail']; ids: ContactsStore['ids']; sections: Sections } | null = null;

/**
 * Memoized sections: the same object while the order and membership are unchanged, so the list does not
 * re-render when one person changes a name that keeps their place.
 */
export function selectSections(state: Pick<ContactsStore, 'byEmail' | 'ids'>): Sections {
  if (memo && memo.byEmail === state.byEmail && memo.ids === state.ids) return memo.sections;
  if (memo && memo.ids === state.ids && movesNobody(memo.byEmail, state.byEmail, state.ids)) {
    memo = { byEmail: state.byEmail, ids: state.ids, sections: memo.sections };
    return memo.sections;
  }
  const next = sectionContacts(state.byEmail, state.ids);
  const sections =
    memo && sameIds(memo.sections.online, next.online) && sameIds(memo.sections.offline, next.offline)
      ? memo.sections
      : next;
  memo = { byEmail: state.byEmail, ids: state.ids, sections };
  return sections;
}

/** Allow and block lists for the Privacy tab, sorted like the contact list. */
export function privacyLists(
  byEmail: Record<string, Contact>,
  ids: readonly string[],
): { allow: Contact[]; block: Contact[] } {
  const allow: Contact[] = [];
  const block: Contact[] = [];
  for (const id of ids) {
    const c = byEmail[id];
    if (!c) continue;
    if (isBlocked(c)) block.push(c);
    else if (c.lists.includes('AL')) allow.push(c);
  }
  allow.sort(compareContacts);
  block.sort(compareContacts);
  return { allow, block };
}

/** The people who have you on their contact list (your reverse list), sorted like the contact list. */
export function reverseList(byEmail: Record<string, Contact>, ids: readonly string[]): Contact[] {
  const people: Contact[] = [];
  for (const id of ids) {
    const c = byEmail[id];
    if (c?.lists.includes('RL')) people.push(c);
  }
  return people.sort(compareContacts);
}

export const selectContact =
  (email: string) =>
  (s: ContactsStore): Contact | undefined =>
    s.byEmail[keyOf(email)];
