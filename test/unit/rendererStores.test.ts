import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AppSnapshot, Toast } from '../../app/contract';
import type { AccountSnapshot, Contact } from '../../app/types';
import { applyContactBatch, applyEvent, applySnapshot } from '../../renderer/stores/apply';
import { applyContactChanges, initialContacts, useContacts } from '../../renderer/stores/contacts';
import { initialSession, useSession } from '../../renderer/stores/session';
import { initialUi, openInlineWindow, showInlineWindow, useUi } from '../../renderer/stores/ui';

const contact = (email: string, status: Contact['status'] = 'NLN', nickname = email): Contact => ({
  email,
  nickname,
  status,
  lists: ['FL', 'AL'],
  phones: {},
});

function account(contacts: Contact[]): AccountSnapshot {
  return {
    self: { email: 'me@x.com', nickname: 'Me', status: 'NLN', phones: {} },
    contacts,
    privacy: { blp: 'AL', gtc: 'A' },
    listVersion: 3,
    mail: { inboxUnread: 2, foldersUnread: 0, notices: [] },
    alerts: [],
    pendingAdds: [{ email: 'fan@x.com', nickname: 'Fan' }],
    profile: {},
    protocol: 'MSNP5',
    warnings: [],
  };
}

function snapshot(acct: AccountSnapshot | null): AppSnapshot {
  return {
    session: { phase: acct ? 'online' : 'signedOut', progress: '', error: '', needsVerification: false },
    account: acct,
    settings: { ...initialSession().settings, lastEmail: 'me@x.com' },
    toasts: [],
    environment: 'browser',
    version: '1.2.3',
    pages: [],
    conversations: [],
    invitations: [],
  };
}

beforeEach(() => {
  useSession.setState(initialSession());
  useContacts.setState(initialContacts());
  useUi.setState(initialUi());
});

describe('stores applying main events', () => {
  it('loads a snapshot into every store', () => {
    applySnapshot(snapshot(account([contact('a@x.com'), contact('b@x.com', 'FLN')])));
    const s = useSession.getState();
    assert.equal(s.loaded, true);
    assert.equal(s.session.phase, 'online');
    assert.equal(s.environment, 'browser');
    assert.equal(s.self?.nickname, 'Me');
    assert.equal(s.mail?.inboxUnread, 2);
    assert.deepEqual(useContacts.getState().ids, ['a@x.com', 'b@x.com']);
    assert.equal(useContacts.getState().pendingAdds.length, 1);
  });

  it('replaces one contact on a contact event and keeps every other entry identical', () => {
    applySnapshot(snapshot(account([contact('a@x.com'), contact('b@x.com'), contact('c@x.com')])));
    const before = useContacts.getState();
    applyEvent({ type: 'contact', contact: contact('b@x.com', 'BSY'), removed: false });
    const after = useContacts.getState();
    assert.notEqual(after.byEmail, before.byEmail);
    assert.equal(after.byEmail['a@x.com'], before.byEmail['a@x.com']);
    assert.equal(after.byEmail['c@x.com'], before.byEmail['c@x.com']);
    assert.equal(after.byEmail['b@x.com']?.status, 'BSY');
    assert.equal(after.ids, before.ids, 'the order is untouched when nobody arrives or leaves');
  });

  it('adds a new contact at the end and removes a deleted one', () => {
    applySnapshot(snapshot(account([contact('a@x.com'), contact('b@x.com')])));
    applyEvent({ type: 'contact', contact: contact('New@x.com'), removed: false });
    assert.deepEqual(useContacts.getState().ids, ['a@x.com', 'b@x.com', 'new@x.com']);
    applyEvent({ type: 'contact', contact: contact('a@x.com'), removed: true });
    assert.deepEqual(useContacts.getState().ids, ['b@x.com', 'new@x.com']);
    assert.equal(useContacts.getState().byEmail['a@x.com'], undefined);
  });

  it('applies a burst of contact changes in one update', () => {
    applySnapshot(snapshot(account([contact('a@x.com', 'FLN'), contact('b@x.com', 'FLN')])));
    let updates = 0;
    const unsubscribe = useContacts.subscribe(() => (updates += 1));
    applyContactBatch([
      { contact: contact('a@x.com', 'NLN'), removed: false },
      { contact: contact('b@x.com', 'AWY'), removed: false },
    ]);
    unsubscribe();
    assert.equal(updates, 1);
    assert.equal(useContacts.getState().byEmail['b@x.com']?.status, 'AWY');
  });

  it('leaves the state untouched for an empty batch', () => {
    const state = { byEmail: { 'a@x.com': contact('a@x.com') }, ids: ['a@x.com'] };
    assert.equal(applyContactChanges(state, []), state);
  });

  it('clears the account on sign-out and keeps the settings', () => {
    applySnapshot(snapshot(account([contact('a@x.com')])));
    applyEvent({ type: 'account', account: null });
    applyEvent({
      type: 'session',
      session: {
        phase: 'signedOut',
        progress: '',
        error: 'The server closed the connection.',
        needsVerification: false,
      },
    });
    assert.equal(useSession.getState().self, null);
    assert.deepEqual(useContacts.getState().ids, []);
    assert.equal(useSession.getState().session.error, 'The server closed the connection.');
    assert.equal(useSession.getState().settings.lastEmail, 'me@x.com');
  });

  it('closes the conversations and contact dialogs on sign-out, keeping options, about and verify', () => {
    applySnapshot(snapshot(account([contact('a@x.com')])));
    showInlineWindow({ kind: 'dialog', dialog: 'options' });
    showInlineWindow({ kind: 'dialog', dialog: 'added', email: 'fan@x.com' });
    showInlineWindow({ kind: 'conversation', id: 'c1' });
    showInlineWindow({ kind: 'dialog', dialog: 'properties', email: 'a@x.com' });
    showInlineWindow({ kind: 'dialog', dialog: 'about' });
    applyEvent({ type: 'self', self: { email: 'me@x.com', nickname: 'Me', status: 'BSY', phones: {} } });
    assert.equal(useUi.getState().windows.length, 5, 'nothing closes while signed in');
    applyEvent({ type: 'account', account: null });
    assert.deepEqual(
      useUi.getState().windows.map((w) => w.key),
      ['#dialog/options', '#dialog/about'],
    );
  });

  it('applies self, privacy, pending adds, mail, settings and toasts events', () => {
    applySnapshot(snapshot(account([])));
    applyEvent({ type: 'self', self: { email: 'me@x.com', nickname: 'Renamed', status: 'AWY', phones: {} } });
    applyEvent({ type: 'privacy', privacy: { blp: 'BL', gtc: 'N' } });
    applyEvent({ type: 'pendingAdds', pendingAdds: [] });
    applyEvent({ type: 'mail', mail: { inboxUnread: 7, foldersUnread: 0, notices: [] } });
    applyEvent({ type: 'settings', settings: { ...useSession.getState().settings, sounds: false } });
    const toast: Toast = {
      id: 't1',
      kind: 'signIn',
      title: 'Bob has just signed in.',
      body: '',
      action: { type: 'none' },
      createdAt: 1,
    };
    applyEvent({ type: 'toasts', toasts: [toast] });
    assert.equal(useSession.getState().self?.nickname, 'Renamed');
    assert.deepEqual(useContacts.getState().privacy, { blp: 'BL', gtc: 'N' });
    assert.deepEqual(useContacts.getState().pendingAdds, []);
    assert.equal(useSession.getState().mail?.inboxUnread, 7);
    assert.equal(useSession.getState().settings.sounds, false);
    assert.deepEqual(useUi.getState().toasts, [toast]);
  });

  it('opens one inline window per route and brings an open one to the front', () => {
    let windows = openInlineWindow([], { kind: 'dialog', dialog: 'options' });
    windows = openInlineWindow(windows, { kind: 'dialog', dialog: 'added', email: 'fan@x.com' });
    windows = openInlineWindow(windows, { kind: 'dialog', dialog: 'options' });
    assert.deepEqual(
      windows.map((w) => w.key),
      ['#dialog/added/fan%40x.com', '#dialog/options'],
    );
  });
});
