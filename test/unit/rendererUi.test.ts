import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  focusAfterClose,
  liveNotices,
  MAX_NOTICES,
  NOTICE_MS,
  noticesAfterPush,
  openInlineWindow,
  selectionAfterChange,
  setSelectedContact,
  useUi,
  type Notice,
} from '../../renderer/stores/ui';
import { MAX_ENCODED_NAME, renameProblem, statusBarText } from '../../renderer/status';
import { clampToDesktop } from '../../renderer/windowGeometry';

describe('notices', () => {
  it('shows a sentence once: a repeat replaces the notice already showing, as the newest', () => {
    let n: Notice[] = [];
    n = noticesAfterPush(n, 'A failed.', 1, 100);
    n = noticesAfterPush(n, 'A failed.', 2, 200);
    assert.deepEqual(n, [{ id: 2, message: 'A failed.', at: 200 }]);
    n = noticesAfterPush(n, 'B failed.', 3, 300);
    n = noticesAfterPush(n, 'A failed.', 4, 400);
    assert.deepEqual(
      n.map((x) => x.message),
      ['B failed.', 'A failed.'],
    );
  });

  it(`keeps only the newest ${MAX_NOTICES}`, () => {
    let n: Notice[] = [];
    for (let i = 1; i <= MAX_NOTICES + 2; i += 1) n = noticesAfterPush(n, `Problem ${i}.`, i, i);
    assert.deepEqual(
      n.map((x) => x.id),
      [3, 4, 5],
    );
  });

  it('lets each notice go after NOTICE_MS, and keeps the array when none expired', () => {
    const n: Notice[] = [
      { id: 1, message: 'Old.', at: 0 },
      { id: 2, message: 'New.', at: 5000 },
    ];
    assert.equal(liveNotices(n, NOTICE_MS - 1), n);
    assert.deepEqual(
      liveNotices(n, NOTICE_MS).map((x) => x.id),
      [2],
    );
    assert.deepEqual(liveNotices(n, 5000 + NOTICE_MS), []);
  });
});

describe('contact selection', () => {
  const before = ['ann', 'bob', 'cat', 'dan'];

  it('keeps a person still on the list', () => {
    assert.equal(selectionAfterChange(before, ['dan', 'bob'], 'bob'), 'bob');
    assert.equal(selectionAfterChange(before, before, null), null);
  });

  it('moves to the next person when the selected one leaves, the previous one at the end', () => {
    assert.equal(selectionAfterChange(before, ['ann', 'cat', 'dan'], 'bob'), 'cat');
    assert.equal(selectionAfterChange(before, ['ann', 'bob', 'cat'], 'dan'), 'cat');
    assert.equal(selectionAfterChange(before, ['ann', 'dan'], 'bob'), 'dan', 'skips others who left too');
    assert.equal(selectionAfterChange(before, ['ann'], 'dan'), 'ann');
  });

  it('selects nobody once the list is empty, or when the person was never listed', () => {
    assert.equal(selectionAfterChange(before, [], 'bob'), null);
    assert.equal(selectionAfterChange(before, ['ann'], 'zed'), null);
  });

  it('sets the selection in the store, also from the previous value', () => {
    setSelectedContact('ann');
    setSelectedContact((was) => was ?? 'bob');
    assert.equal(useUi.getState().selectedContact, 'ann');
    setSelectedContact(null);
    assert.equal(useUi.getState().selectedContact, null);
  });
});

describe('inline windows', () => {
  it('gives focus to the window now in front, else back to the opener, else the contact list', () => {
    let w = openInlineWindow([], { kind: 'dialog', dialog: 'options' });
    w = openInlineWindow(w, { kind: 'dialog', dialog: 'about' });
    assert.deepEqual(focusAfterClose(w, false), { kind: 'window', key: '#dialog/about' });
    assert.deepEqual(focusAfterClose([], true), { kind: 'opener' });
    assert.deepEqual(focusAfterClose([], false), { kind: 'list' });
  });

  it('keeps a dragged window inside the desktop', () => {
    const win = { width: 300, height: 200 };
    const desktop = { width: 1000, height: 700 };
    assert.deepEqual(clampToDesktop({ left: 50, top: 60 }, win, desktop), { left: 50, top: 60 });
    assert.deepEqual(clampToDesktop({ left: -40, top: -5 }, win, desktop), { left: 0, top: 0 });
    assert.deepEqual(clampToDesktop({ left: 900, top: 650 }, win, desktop), { left: 700, top: 500 });
    assert.deepEqual(
      clampToDesktop({ left: 900, top: 650 }, { width: 1200, height: 900 }, desktop),
      { left: 0, top: 0 },
      'a window larger than the desktop keeps its title bar in view',
    );
  });
});

describe('rename and status bar', () => {
  it('refuses an empty name and one longer than the server takes once encoded', () => {
    assert.equal(renameProblem('  Alice  '), '');
    assert.equal(renameProblem(''), 'Your name cannot be empty.');
    assert.equal(renameProblem('   '), 'Your name cannot be empty.');
    assert.equal(renameProblem('a'.repeat(MAX_ENCODED_NAME)), '');
    assert.equal(
      renameProblem('a'.repeat(MAX_ENCODED_NAME + 1)),
      'That name is too long. Choose a shorter one.',
    );
    // 65 × "é" is 65 characters but 390 once encoded (%C3%A9 each).
    assert.equal(renameProblem('é'.repeat(65)), 'That name is too long. Choose a shorter one.');
    assert.equal(renameProblem('é'.repeat(64)), '');
  });

  it('says where sign-in stands, as 3.0 did, without the protocol version', () => {
    assert.equal(statusBarText(true, 'online'), 'Signed in');
    assert.equal(statusBarText(false, 'signingIn'), 'Signing in…');
    // Online before the account arrived: still signing in.
    assert.equal(statusBarText(false, 'online'), 'Signing in…');
    assert.equal(statusBarText(false, 'signingOut'), 'Signing out…');
    assert.equal(statusBarText(false, 'signedOut'), 'Not signed in');
  });
});
