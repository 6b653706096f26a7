import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { webUrl } from '../../main/service/webUrl';
import { safeStorageSecrets, type SafeStorageLike } from '../../main/shell/secrets';
import { onceWithDeadline } from '../../main/shell/shutdown';

function storage(available: boolean, backend?: string): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    ...(backend === undefined ? {} : { getSelectedStorageBackend: () => backend }),
    encryptString: (plain) => Buffer.from(`enc:${plain}`),
    decryptString: (buf) => buf.toString().replace(/^enc:/, ''),
  };
}

describe('safeStorageSecrets', () => {
  it('keeps passwords where the OS encrypts them', () => {
    assert.equal(safeStorageSecrets(storage(true), 'win32').available(), true);
    assert.equal(safeStorageSecrets(storage(true), 'darwin').available(), true);
    assert.equal(safeStorageSecrets(storage(true, 'gnome_libsecret'), 'linux').available(), true);
    assert.equal(safeStorageSecrets(storage(true, 'kwallet5'), 'linux').available(), true);
  });

  it("does not offer to remember without encryption, or with Linux's hard-coded-key fallback", () => {
    assert.equal(safeStorageSecrets(storage(false), 'win32').available(), false);
    assert.equal(safeStorageSecrets(storage(true, 'basic_text'), 'linux').available(), false);
    assert.equal(safeStorageSecrets(storage(true, 'unknown'), 'linux').available(), false);
    assert.equal(safeStorageSecrets(storage(true), 'linux').available(), false);
  });

  it('encrypts and decrypts through safeStorage', () => {
    const secrets = safeStorageSecrets(storage(true), 'win32');
    assert.equal(secrets.decrypt(secrets.encrypt('hunter2')), 'hunter2');
  });
});

describe('webUrl', () => {
  it('lets http and https links through, normalized', () => {
    assert.equal(webUrl('https://mail.example.com/inbox?x=1'), 'https://mail.example.com/inbox?x=1');
    assert.equal(webUrl('HTTP://Example.com'), 'http://example.com/');
  });

  it('refuses every other scheme, credentials in the link, and non-text', () => {
    for (const url of [
      'file:///C:/Windows/System32/calc.exe',
      'javascript:alert(1)',
      'ms-settings:',
      'smb://host/share',
      'data:text/html,x',
      'https://www.bank.example@evil.example/',
      'not a url',
      `https://example.com/${'a'.repeat(2100)}`,
      42,
      undefined,
    ]) {
      assert.equal(webUrl(url), null, String(url).slice(0, 60));
    }
  });
});

describe('onceWithDeadline', () => {
  it('runs the cleanup once, however often quitting is asked for', async () => {
    let runs = 0;
    const shutdown = onceWithDeadline(async () => {
      runs += 1;
    }, 1000);
    await Promise.all([shutdown(), shutdown()]);
    await shutdown();
    assert.equal(runs, 1);
  });

  it('gives up waiting after the deadline', async () => {
    const started = Date.now();
    await onceWithDeadline(() => new Promise<void>(() => {}), 50)();
    assert.ok(Date.now() - started < 1000);
  });

  it('resolves even when the cleanup fails', async () => {
    const original = console.error;
    console.error = () => {};
    try {
      await onceWithDeadline(async () => {
        throw new Error('socket closed');
      }, 1000)();
    } finally {
      console.error = original;
    }
  });
});
