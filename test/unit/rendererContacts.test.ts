import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Contact, ListName, Status } from '../../app/types';
import {
  applyContactChanges,
  contactsFromAccount,
  initialContacts,
  privacyLists,
  sectionContacts,
  selectSections,
} from '../../renderer/stores/contacts';
import { figureAlt, isOnline, statusFigure, statusSuffix, statusWords } from '../../renderer/status';

function person(email: string, nickname: string, status: Status, lists: ListName[] = ['FL', 'AL']): Contact {
  return { email, nickname, status, lists, phones: {} };
}

function records(...contacts: Contact[]) {
  const byEmail: Record<string, Contact> = {};
  for (const c of contacts) byEmail[c.email.toLowerCase()] = c;
  return { byEmail, ids: contacts.map((c) => c.email.toLowerCase()) };
}

describe('the contact table', () => {
  it('keeps addresses from the wire that name Object members as ordinary keys, and finds nothing it was not given', () => {
    const odd = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'].map((e) => person(e, e, 'NLN'));
    const { byEmail, ids } = applyContactChanges(
      initialContacts(),
      odd.map((contact) => ({ contact, removed: false })),
    );
    assert.deepEqual(ids, ['__proto__', 'constructor', 'tostring', 'hasownproperty']);
    for (const c of odd) assert.equal(byEmail[c.email.toLowerCase()], c);
    assert.equal(byEmail['valueOf'], undefined);
    assert.equal('isPrototypeOf' in byEmail, false);
    const gone = applyContactChanges({ byEmail, ids }, [{ contact: odd[1]!, removed: true }]);
    assert.equal(gone.byEmail['constructor'], undefined);
    assert.deepEqual(gone.ids, ['__proto__', 'tostring', 'hasownproperty']);
  });
});

describe('contact sections', () => {
  it('puts online people under Online and everyone else under Not Online, sorted by name without case', () => {
    const { byEmail, ids } = records(
      person('z@x.com', 'zed', 'NLN'),
      person('a@x.com', 'Anna', 'BSY'),
      person('b@x.com', 'bob', 'AWY'),
      person('c@x.com', 'Carl', 'FLN'),
      person('d@x.com', 'dora', 'HDN'),
      person('e@x.com', 'Eve', 'FLN'),
    );
    assert.deepEqual(sectionContacts(byEmail, ids), {
      online: ['a@x.com', 'b@x.com', 'z@x.com'],
      offline: ['c@x.com', 'd@x.com', 'e@x.com'],
    });
  });

  it('counts hidden (HDN) and offline (FLN) people as not online', () => {
    assert.equal(isOnline('HDN'), false);
    assert.equal(isOnline('FLN'), false);
    for (const s of ['NLN', 'BSY', 'IDL', 'BRB', 'AWY', 'PHN', 'LUN'] as const)
      assert.equal(isOnline(s), true);
  });

  it('lists only the forward list, and keeps blocked people where their status puts them', () => {
    const { byEmail, ids } = records(
      person('fan@x.com', 'Fan', 'NLN', ['RL']),
      person('blocked@x.com', 'Blocked', 'NLN', ['FL', 'BL']),
      person('gone@x.com', 'Gone', 'FLN', ['FL', 'BL']),
    );
    const sections = sectionContacts(byEmail, ids);
    assert.deepEqual(sections, { online: ['blocked@x.com'], offline: ['gone@x.com'] });
    assert.equal(sections.online.length + sections.offline.length, 2);
  });

  it('breaks ties between equal names by address, and sorts an empty name as its address', () => {
    const { byEmail, ids } = records(
      person('b@x.com', 'Same', 'NLN'),
      person('a@x.com', 'same', 'NLN'),
      person('c@x.com', '', 'NLN'),
    );
    assert.deepEqual(sectionContacts(byEmail, ids).online, ['c@x.com', 'a@x.com', 'b@x.com']);
  });

  it('keeps the same sections object while order and membership are unchanged', () => {
    const state = records(person('a@x.com', 'Anna', 'NLN'), person('b@x.com', 'Bob', 'FLN'));
    const first = selectSections(state);
    const renamed = {
      ...state,
      byEmail: { ...state.byEmail, 'a@x.com': person('a@x.com', 'Anna B', 'BSY') },
    };
    assert.equal(selectSections(renamed), first);
    const signedOff = {
      ...state,
      byEmail: { ...state.byEmail, 'a@x.com': person('a@x.com', 'Anna', 'FLN') },
    };
    assert.deepEqual(selectSections(signedOff), { online: [], offline: ['a@x.com', 'b@x.com'] });
  });

  it('sorts 5,000 contacts quickly', () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      person(`c${i}@x.com`, `Contact ${(i * 7919) % 5000}`, i % 3 ? 'NLN' : 'FLN'),
    );
    const { byEmail, ids } = records(...many);
    const started = performance.now();
    const sections = sectionContacts(byEmail, ids);
    assert.equal(sections.online.length + sections.offline.length, 5000);
    assert.ok(performance.now() - started < 500);
  });

  it('splits allow and block lists for the Privacy tab', () => {
    const { byEmail, ids } = records(
      person('a@x.com', 'A', 'NLN', ['FL', 'AL']),
      person('b@x.com', 'B', 'NLN', ['FL', 'BL']),
      person('r@x.com', 'R', 'FLN', ['RL']),
    );
    const lists = privacyLists(byEmail, ids);
    assert.deepEqual(
      lists.allow.map((c) => c.email),
      ['a@x.com'],
    );
    assert.deepEqual(
      lists.block.map((c) => c.email),
      ['b@x.com'],
    );
  });

  it('normalizes a snapshot by lower-cased address', () => {
    const state = contactsFromAccount({
      self: { email: 'me@x.com', nickname: 'Me', status: 'NLN', phones: {} },
      contacts: [person('Mixed@X.com', 'Mixed', 'NLN')],
      privacy: { blp: 'BL', gtc: 'N' },
      listVersion: 1,
      mail: { inboxUnread: 0, foldersUnread: 0, notices: [] },
      alerts: [],
      pendingAdds: [],
      profile: {},
      protocol: 'MSNP5',
      warnings: [],
    });
    assert.deepEqual(state.ids, ['mixed@x.com']);
    assert.equal(state.byEmail['mixed@x.com']?.email, 'Mixed@X.com');
    assert.deepEqual(state.privacy, { blp: 'BL', gtc: 'N' });
  });
});

describe('status words', () => {
  it('names every status as the menu does', () => {
    assert.equal(statusWords('NLN'), 'Online');
    assert.equal(statusWords('BRB'), 'Be Right Back');
    assert.equal(statusWords('PHN'), 'On The Phone');
    assert.equal(statusWords('LUN'), 'Out To Lunch');
    assert.equal(statusWords('HDN'), 'Appear Offline');
  });

  it('adds a bracketed status only when a person is online but not plain Online', () => {
    assert.equal(statusSuffix('NLN'), '');
    assert.equal(statusSuffix('BSY'), '(Busy)');
    assert.equal(statusSuffix('IDL'), '(Idle)');
    assert.equal(statusSuffix('FLN'), '');
    assert.equal(statusSuffix('HDN'), '');
  });

  it('chooses the figure and its alt text, blocked first', () => {
    assert.equal(statusFigure('NLN'), 'online');
    assert.equal(statusFigure('AWY'), 'away');
    assert.equal(statusFigure('LUN'), 'away');
    assert.equal(statusFigure('PHN'), 'phone');
    assert.equal(statusFigure('BSY'), 'busy');
    assert.equal(statusFigure('HDN'), 'offline');
    assert.equal(statusFigure('NLN', true), 'blocked');
    assert.equal(figureAlt('BSY'), 'Busy');
    assert.equal(figureAlt('FLN'), 'Not online');
    assert.equal(figureAlt('NLN', true), 'Blocked, Online');
  });
});
