// The contact list's search: which people of the sections match what was typed in the Search box, by
// name or address. Pure, and memoized like selectSections, so a presence change that leaves the matches
// as they were hands the list the same object (and re-renders only the changed person's row).
import type { Contact } from '../../app/types';
import { displayName } from '../status';
import type { ContactsStore, Sections } from './contacts';

/**
 * Text folded for matching: lower case and without accents, so "zoe" finds "Zoë" as the list's own
 * sorting (a base-sensitivity collator) already treats them as equal.
 */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Folded "name address" per contact object: objects keep their identity until that person changes. */
const folded = new WeakMap<Contact, string>();

function searchText(contact: Contact): string {
  let text = folded.get(contact);
  if (text === undefined) {
    text = `${foldForSearch(displayName(contact))}\n${foldForSearch(contact.email)}`;
    folded.set(contact, text);
  }
  return text;
}

/** The query as matched: folded and trimmed; '' shows everyone. */
export function normalizeQuery(query: string): string {
  return foldForSearch(query.trim());
}

/** Whether a contact's shown name or address contains the (normalized) query. */
export function matchesQuery(contact: Contact, normalized: string): boolean {
  if (!normalized) return true;
  // The newline between name and address keeps a query from matching across the two.
  return searchText(contact).includes(normalized);
}

/** The sections with only the people who match; the same object when the query is empty. */
export function filterSections(
  sections: Sections,
  byEmail: Record<string, Contact>,
  query: string,
): Sections {
  const normalized = normalizeQuery(query);
  if (!normalized) return sections;
  const keep = (key: string) => {
    const c = byEmail[key];
    return !!c && matchesQuery(c, normalized);
  };
  return { online: sections.online.filter(keep), offline: sections.offline.filter(keep) };
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((id, i) => id === b[i]));
}

interface Memo {
  sections: Sections;
  byEmail: ContactsStore['byEmail'];
  query: string;
  result: Sections;
}

/**
 * A selector of the filtered sections for one list: the same object while the matches are the same, so
 * the list does not re-render for a change that moves nobody in or out of view.
 */
export function filteredSectionsSelector(
  selectSections: (state: Pick<ContactsStore, 'byEmail' | 'ids'>) => Sections,
): (state: Pick<ContactsStore, 'byEmail' | 'ids'>, query: string) => Sections {
  let memo: Memo | null = null;
  return (state, query) => {
    const sections = selectSections(state);
    if (memo && memo.sections === sections && memo.byEmail === state.byEmail && memo.query === query)
      return memo.result;
    const next = filterSections(sections, state.byEmail, query);
    const result =
      memo && sameIds(memo.result.online, next.online) && sameIds(memo.result.offline, next.offline)
        ? memo.result
        : next;
    memo = { sections, byEmail: state.byEmail, query, result };
    return result;
  };
}

/** What the list says when the search leaves nobody, or '' when someone matches or nothing was typed. */
export function noMatchSentence(query: string, sections: Sections): string {
  const shown = query.trim();
  if (!shown || sections.online.length + sections.offline.length > 0) return '';
  return `No contacts match "${shown}".`;
}
