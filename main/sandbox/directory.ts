// The sandbox's member directory, for FND: people known by name and place, never by address (as the real
// directory gave none out), a few sharing a last name. A search remembers its results per session, so SDC or
// SND can name a result by its index.
import type { NsSession } from './nsSession';
import type { MemberQuery } from '../../app/services';

export interface DirectoryEntry {
  firstName: string;
  lastName: string;
  city: string;
  /** Two letters for the United States, '' elsewhere. */
  state: string;
  country: string;
}

/** A search as FND asked it, every field given ('' for `*`). */
export type DirectorySearch = Required<MemberQuery>;

/** FND answers 301 above this many results (the real service's reply had to fit in one packet). */
export const DEFAULT_MAX_FIND_RESULTS = 100;

export const DEMO_DIRECTORY: readonly DirectoryEntry[] = [
  { firstName: 'Anna', lastName: 'Smith', city: 'Seattle', state: 'WA', country: 'US' },
  { firstName: 'Anna', lastName: 'Smith', city: 'Stillwater', state: 'OK', country: 'US' },
  { firstName: 'Anna', lastName: 'Smith', city: 'London', state: '', country: 'GB' },
  { firstName: 'Bob', lastName: 'Smith', city: 'New York', state: 'NY', country: 'US' },
  { firstName: 'Carla', lastName: 'Jones', city: 'Redmond', state: 'WA', country: 'US' },
  { firstName: 'Dieter', lastName: 'Müller', city: 'München', state: '', country: 'DE' },
  { firstName: 'Emma', lastName: 'Jones', city: 'Austin', state: 'TX', country: 'US' },
  { firstName: 'François', lastName: 'Dupont', city: 'Paris', state: '', country: 'FR' },
  { firstName: 'Giulia', lastName: 'Rossi', city: 'Roma', state: '', country: 'IT' },
  { firstName: 'Hiro', lastName: 'Tanaka', city: 'Tokyo', state: '', country: 'JP' },
  { firstName: 'Ivy', lastName: 'Chen', city: 'San Francisco', state: 'CA', country: 'US' },
  { firstName: 'Jack', lastName: "O'Brien", city: 'Dublin', state: '', country: 'IE' },
  { firstName: 'Kim', lastName: 'Lee & Park', city: 'Los Angeles', state: 'CA', country: 'US' },
];

function matches(pattern: string, value: string): boolean {
  return pattern === '' || pattern.toLowerCase() === value.toLowerCase();
}

/** The entries a search finds: each given field equal (ignoring case); '' (a `*` on the wire) is any. */
export function searchDirectory(entries: readonly DirectoryEntry[], q: DirectorySearch): DirectoryEntry[] {
  return entries.filter(
    (e) =>
      matches(q.firstName, e.firstName) &&
      matches(q.lastName, e.lastName) &&
      matches(q.city, e.city) &&
      matches(q.state, e.state) &&
      matches(q.country, e.country),
  );
}

/** A result field as FND sends it: URL-encoded, `*` when empty. */
export function findValue(value: string): string {
  return value === '' ? '*' : encodeURIComponent(value);
}

const lastSearch = new WeakMap<NsSession, readonly DirectoryEntry[]>();

export function rememberSearch(s: NsSession, results: readonly DirectoryEntry[]): void {
  lastSearch.set(s, results);
}

/** The entry of the session's last search at this 1-based index, if there is one. */
export function searchResult(s: NsSession, index: number): DirectoryEntry | undefined {
  return lastSearch.get(s)?.[index - 1];
}
