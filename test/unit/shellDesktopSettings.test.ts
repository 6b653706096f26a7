import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  canRunAtStartup,
  loginItemChange,
  quitsOnClose,
  toastLifetimeFromEnv,
} from '../../main/shell/desktopSettings';

describe('desktop settings in the shell', () => {
  it('quits when the contact list closes only without "run in the background"', () => {
    assert.equal(quitsOnClose({ kind: 'contactList' }, { runInBackground: false }), true);
    assert.equal(quitsOnClose({ kind: 'contactList' }, { runInBackground: true }), false);
    assert.equal(quitsOnClose({ kind: 'conversation', id: 'c1' }, { runInBackground: false }), false);
  });

  it('sets the login item only where it exists, and only when it changes', () => {
    assert.equal(canRunAtStartup('linux'), false);
    assert.equal(canRunAtStartup('win32'), true);
    assert.equal(canRunAtStartup('darwin'), true);
    assert.equal(loginItemChange(null, { runAtStartup: true, runAtStartupSupported: false }), null);
    assert.equal(loginItemChange(null, { runAtStartup: false, runAtStartupSupported: true }), false);
    assert.equal(loginItemChange(false, { runAtStartup: false, runAtStartupSupported: true }), null);
    assert.equal(loginItemChange(false, { runAtStartup: true, runAtStartupSupported: true }), true);
  });
});

describe('toastLifetimeFromEnv', () => {
  it('reads BUTTERFLY_TOAST_SECONDS in seconds, and keeps the default for nothing or nonsense', () => {
    assert.equal(toastLifetimeFromEnv({ BUTTERFLY_TOAST_SECONDS: '600' }), 600_000);
    assert.equal(toastLifetimeFromEnv({}), undefined);
    for (const bad of ['', ' ', 'soon', '0', '3601', '-5', 'Infinity'])
      assert.equal(toastLifetimeFromEnv({ BUTTERFLY_TOAST_SECONDS: bad }), undefined, bad);
  });
});
