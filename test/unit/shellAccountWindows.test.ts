import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MessengerEvent, SessionState, WindowRoute } from '../../app/contract';
import { DIALOG_KINDS } from '../../app/routes';
import { endsAccount, isAccountWindow, windowsToCloseOnSignOut } from '../../main/shell/accountWindows';
import { windowsAfterSignOut } from '../../renderer/stores/ui';

const session = (phase: SessionState['phase']): MessengerEvent => ({
  type: 'session',
  session: { phase, progress: '', error: '', needsVerification: false },
});

describe('the windows that go with the account', () => {
  it('closes conversations and the dialogs about a contact, and keeps the rest', () => {
    const routes: WindowRoute[] = [
      { kind: 'contactList' },
      { kind: 'conversation', id: 'c1' },
      { kind: 'conversation', id: 'c2' },
      { kind: 'toast', id: 't1' },
      ...DIALOG_KINDS.map((dialog): WindowRoute => ({ kind: 'dialog', dialog, email: 'a@example.com' })),
      { kind: 'dialog', dialog: 'options' },
    ];
    assert.deepEqual(windowsToCloseOnSignOut(routes), [
      { kind: 'conversation', id: 'c1' },
      { kind: 'conversation', id: 'c2' },
      { kind: 'dialog', dialog: 'addContact', email: 'a@example.com' },
      { kind: 'dialog', dialog: 'added', email: 'a@example.com' },
      { kind: 'dialog', dialog: 'properties', email: 'a@example.com' },
      { kind: 'dialog', dialog: 'page', email: 'a@example.com' },
      { kind: 'dialog', dialog: 'pages', email: 'a@example.com' },
      { kind: 'dialog', dialog: 'findMember', email: 'a@example.com' },
      { kind: 'dialog', dialog: 'invite', email: 'a@example.com' },
      { kind: 'dialog', dialog: 'sendMessage', email: 'a@example.com' },
    ]);
  });

  it('keeps the contact list, toasts and the options, about, help, received files and verify dialogs', () => {
    for (const route of [
      { kind: 'contactList' },
      { kind: 'toast', id: 't1' },
      { kind: 'dialog', dialog: 'options' },
      { kind: 'dialog', dialog: 'about' },
      { kind: 'dialog', dialog: 'help' },
      { kind: 'dialog', dialog: 'receivedFiles' },
      { kind: 'dialog', dialog: 'verify' },
    ] satisfies WindowRoute[]) {
      assert.equal(isAccountWindow(route), false, JSON.stringify(route));
    }
    assert.deepEqual(windowsToCloseOnSignOut([]), []);
  });

  it('keeps conversation windows when the session ended on its own, in the shell and in the page alike', () => {
    const routes: WindowRoute[] = [
      { kind: 'contactList' },
      { kind: 'conversation', id: 'c1' },
      { kind: 'dialog', dialog: 'added', email: 'a@example.com' },
    ];
    assert.deepEqual(windowsToCloseOnSignOut(routes, false), [
      { kind: 'dialog', dialog: 'added', email: 'a@example.com' },
    ]);
    const inline = routes.map((route, i) => ({ key: String(i), route }));
    assert.deepEqual(
      windowsAfterSignOut(inline, false).map((w) => w.route),
      [{ kind: 'contactList' }, { kind: 'conversation', id: 'c1' }],
    );
    assert.deepEqual(
      windowsAfterSignOut(inline, true).map((w) => w.route),
      [{ kind: 'contactList' }],
    );
  });

  it('knows the account is gone when it is cleared or the session ends', () => {
    assert.equal(endsAccount({ type: 'account', account: null }), true);
    assert.equal(endsAccount(session('signedOut')), true);
    for (const phase of ['signingIn', 'online', 'signingOut'] as const) {
      assert.equal(endsAccount(session(phase)), false, phase);
    }
    assert.equal(endsAccount({ type: 'notice', message: 'x' }), false);
  });
});
