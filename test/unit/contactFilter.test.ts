import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Contact, ListName, Status } from '../../app/types';
import {
  filterSections,
  filteredSectionsSelector,
  foldForSearch,
  matchesQuery,
  noMatchSentence,
  normalizeQuery,
} from '../../renderer/stores/contactFilter';
import { applyContactChanges, reverseList, selectSections } from '../../renderer/stores/contacts';

function person(email: string, nickname: string, status: Status, lists: ListName[] = ['FL', 'AL']): Contact {
  return { email, nickname, status, lists, phones: {} };
}

function records(...contacts: Contact[]) {
  const byEmail: Record<string, Contact> = {};
  for (const c of contacts) byEmail[c.email.toLowerCase()] = c;
  return { byEmail, ids: contacts.map((c) => c.email.toLowerCase()) };
}

const BOB = person('bob@example.com', 'Bob Ünïcode ☃', 'NLN');
const CAROL = person('Carol@Example.com', 'Carol', 'FLN');
const ZOE = person('zoe@work.example', 'Zoë', 'BSY');
const HIDDEN = person('ghost@example.com', 'Gh\u200Bost', 'NLN');

describe('the contact list search', () => {
  it('matches a name or an address without regard to case', () => {
    assert.equal(matchesQuery(BOB, normalizeQuery('BOB')), true);
    assert.equal(matchesQuery(CAROL, normalizeQuery('carol@example')), true);
    assert.equal(matchesQuery(CAROL, normalizeQuery('EXAMPLE.COM')), true);
    assert.equal(matchesQuery(ZOE, normalizeQuery('work.')), true);
    assert.equal(matchesQuery(ZOE, normalizeQuery('bob')), false);
  });

  it('treats accented letters as their base letter, as the list sorts them', () => {
    assert.equal(foldForSearch('Zoë ÜNÏ'), 'zoe uni');
    assert.equal(matchesQuery(ZOE, normalizeQuery('zoe')), true);
    assert.equal(matchesQuery(BOB, normalizeQuery('unicode')), true);
  });

  it('matches the name as shown, without the invisible characters it came with', () => {
    assert.equal(matchesQuery(HIDDEN, normalizeQuery('ghost')), true);
  });

  it('does not match across the end of a name and the start of an address', () => {
    assert.equal(matchesQuery(CAROL, normalizeQuery('carolcarol')), false);
    assert.equal(matchesQuery(CAROL, normalizeQuery('carol carol')), false);
  });

  it('shows everyone, as the same sections, for an empty or blank query', () => {
    const { byEmail, ids } = records(BOB, CAROL, ZOE);
    const sections = selectSections({ byEmail, ids });
    assert.equal(filterSections(sections, byEmail, ''), sections);
    assert.equal(filterSections(sections, byEmail, '   '), sections);
  });

  it('keeps the online and not-online split and order, so the headings count the matching rows', () => {
    const { byEmail, ids } = records(BOB, CAROL, ZOE);
    const sections = selectSections({ byEmail, ids });
    assert.deepEqual(filterSections(sections, byEmail, 'example'), {
      online: ['bob@example.com', 'zoe@work.example'],
      offline: ['carol@example.com'],
    });
    assert.deepEqual(filterSections(sections, byEmail, 'o'), {
      online: ['bob@example.com', 'zoe@work.example'],
      offline: ['carol@example.com'],
    });
    assert.deepEqual(filterSections(sections, byEmail, ' carol '), {
      online: [],
      offline: ['carol@example.com'],
    });
  });

  it('hands back the same object while a change moves nobody in or out of the matches', () => {
    const select = filteredSectionsSelector(selectSections);
    const state = records(BOB, CAROL, ZOE);
    const first = select(state, 'bob');
    assert.deepEqual(first, { online: ['bob@example.com'], offline: [] });
    // Zoë goes away: still no match, the list need not re-render.
    const away = applyContactChanges(state, [{ contact: { ...ZOE, status: 'AWY' }, removed: false }]);
    assert.equal(select(away, 'bob'), first);
    // Bob renames himself out of the matches (his address still matches), then Carol renames into them.
    const renamed = applyContactChanges(away, [{ contact: { ...BOB, nickname: 'Robert' }, removed: false }]);
    assert.equal(select(renamed, 'bob'), first);
    const carol = applyContactChanges(renamed, [
      { contact: { ...CAROL, nickname: 'Carol (Bob’s sister)' }, removed: false },
    ]);
    const next = select(carol, 'bob');
    assert.notEqual(next, first);
    assert.deepEqual(next, { online: ['bob@example.com'], offline: ['carol@example.com'] });
    // A new query recomputes; going back to the empty query gives the unfiltered sections.
    assert.deepEqual(select(carol, 'zoe'), { online: ['zoe@work.example'], offline: [] });
    assert.equal(select(carol, ''), selectSections(carol));
  });

  it('says in a sentence that nobody matches, and nothing otherwise', () => {
    const none = { online: [], offline: [] };
    assert.equal(noMatchSentence(' xyz ', none), 'No contacts match "xyz".');
    assert.equal(noMatchSentence('', none), '');
    assert.equal(noMatchSentence('bob', { online: ['bob@example.com'], offline: [] }), '');
  });
});

describe('the reverse list', () => {
  it('lists the people who have you on their list, sorted by name, whatever your own lists say', () => {
    const { byEmail, ids } = records(
      person('mallory@example.com', 'Mallory', 'FLN', ['BL', 'RL']),
      person('erin@example.com', 'Erin', 'FLN', ['RL']),
      person('bob@example.com', 'Bob', 'NLN', ['FL', 'AL', 'RL']),
      person('carol@example.com', 'Carol', 'NLN', ['FL', 'AL']),
    );
    assert.deepEqual(
      reverseList(byEmail, ids).map((c) => c.email),
      ['bob@example.com', 'erin@example.com', 'mallory@example.com'],
    );
  });
});
