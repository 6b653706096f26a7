import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SANDBOX_DEMO_ACCOUNT, SANDBOX_SERVER, type MessengerEvent } from '../../app/contract';
import { DEFAULT_FONT } from '../../app/conversation';
import { PasswordVault, type SecretStore } from '../../main/service/passwordVault';
import { SettingsMethods } from '../../main/service/settingsMethods';
import {
  checkProtocols,
  defaultSettings,
  normalizeServer,
  parseSettings,
  SettingsStore,
} from '../../main/service/settingsStore';

function dir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'butterfly-settings-'));
}

/** A reversible stand-in for safeStorage: enough to tell ciphertext from the password. */
const XOR: SecretStore = {
  available: () => true,
  encrypt: (plain) => Buffer.from([...Buffer.from(plain, 'utf8')].map((b) => b ^ 0x5a)),
  decrypt: (blob) => Buffer.from([...blob].map((b) => b ^ 0x5a)).toString('utf8'),
};

describe('settings', () => {
  it('start with the built-in sandbox and its demo account', () => {
    const d = defaultSettings();
    assert.equal(d.lastServer, SANDBOX_SERVER);
    assert.equal(d.lastEmail, SANDBOX_DEMO_ACCOUNT.email);
    assert.deepEqual(d.protocols, ['MSNP5', 'MSNP4']);
    assert.equal(d.sounds, true);
    assert.equal(d.toasts, true);
  });

  it('write server addresses as host:port, with 1863 by default', () => {
    assert.equal(normalizeServer('messenger.example.com'), 'messenger.example.com:1863');
    assert.equal(normalizeServer(' 127.0.0.1:7000 '), '127.0.0.1:7000');
    assert.equal(normalizeServer('[::1]:1864'), '[::1]:1864');
    for (const bad of ['', 'two words', 'host:99999', 'host:0', 'a/b', 'javascript:alert(1)', '-flag'])
      assert.equal(normalizeServer(bad), null, bad);
  });

  it('order protocol versions newest first and refuse ones Butterfly does not speak', () => {
    assert.deepEqual(checkProtocols(['MSNP3', 'MSNP5', 'MSNP3']), {
      ok: true,
      protocols: ['MSNP5', 'MSNP3'],
    });
    const refused = checkProtocols(['MSNP5', 'MSNP9']);
    assert.equal(refused.ok, false);
    assert.match(
      !refused.ok ? refused.message : '',
      /^Butterfly speaks MSNP5, MSNP4, MSNP3, MSNP2; MSNP9 is not among them\.$/,
    );
  });

  it('keep what can be read from a damaged file and reset the rest', () => {
    const { settings, problem } = parseSettings(
      JSON.stringify({
        lastEmail: 'me@example.com',
        sounds: 'loud',
        servers: ['good.example:1863', 'bad host', { id: 'other.example' }],
      }),
    );
    assert.equal(settings.lastEmail, 'me@example.com');
    assert.equal(settings.sounds, true);
    assert.deepEqual(
      settings.servers.map((s) => s.id),
      ['good.example:1863', 'other.example:1863'],
    );
    assert.match(problem ?? '', /sounds/);
    assert.equal(parseSettings('[1,2]').problem, 'the file does not hold a settings object');
    assert.equal(parseSettings('{').problem, 'the file is not valid JSON');
  });

  it('read only what the file itself holds, never a member inherited from Object.prototype', () => {
    const inherited = Object.prototype as Record<string, unknown>;
    const planted = ['sounds', 'lastEmail', 'servers', 'id', 'email', 'font'];
    // Something else in the process polluted the prototype; the file still decides alone.
    for (const key of planted)
      inherited[key] = key === 'servers' ? ['evil.example'] : key === 'sounds' ? false : 'evil.example';
    try {
      const { settings, problem } = parseSettings(
        '{"servers": [{}], "fonts": [{}], "__proto__": {"sounds": false}, "constructor": 1, "toString": "x"}',
      );
      assert.equal(problem, null);
      assert.equal(settings.sounds, true);
      assert.equal(settings.lastEmail, defaultSettings().lastEmail);
      assert.deepEqual(settings.servers, []);
      assert.deepEqual(settings.fonts, []);
    } finally {
      for (const key of planted) delete inherited[key];
    }
  });

  it('keep every font that can be read, dropping only an entry that cannot', () => {
    const font = { ...DEFAULT_FONT, font: 'Georgia' };
    const { settings } = parseSettings(
      JSON.stringify({
        fonts: [
          { email: 'me@example.com', font },
          { email: '', font },
          { email: 'you@example.com', font: { ...font, size: 99 } },
          'junk',
          { email: 'them@example.com', font: { ...font, color: '#00ff00' } },
        ],
      }),
    );
    assert.deepEqual(settings.fonts, [
      { email: 'me@example.com', font },
      { email: 'them@example.com', font: { ...font, color: '#00ff00' } },
    ]);
  });

  it('load a file written before Options had Personal and the kinds of toast: toasts off still means none', () => {
    const { settings, problem } = parseSettings(
      JSON.stringify({ sounds: false, toasts: false, messageToasts: true }),
    );
    assert.equal(problem, null);
    assert.equal(settings.toasts, false, 'the master switch keeps every toast off');
    assert.equal(settings.messageToasts, true);
    assert.deepEqual(
      [
        settings.signInToasts,
        settings.mailToasts,
        settings.alertToasts,
        settings.idleAway,
        settings.idleMinutes,
      ],
      [true, true, true, true, 5],
    );
    assert.equal(settings.runInBackground, true, 'closing the list keeps Butterfly in the tray, as before');
    assert.equal(settings.runAtStartup, false);
    const bad = parseSettings(JSON.stringify({ idleMinutes: 0, idleAway: 'yes', mailToasts: false }));
    assert.equal(bad.settings.idleMinutes, 5);
    assert.equal(bad.settings.idleAway, true);
    assert.equal(bad.settings.mailToasts, false);
    assert.match(bad.problem ?? '', /idleAway, idleMinutes/);
  });
  it('are saved atomically and read back by the next start; a corrupt file is replaced', async () => {
    const d = await dir();
    const warnings: string[] = [];
    const store = new SettingsStore(d, (w) => warnings.push(w));
    assert.deepEqual(store.choices()[0], { id: SANDBOX_SERVER, label: 'Local sandbox (built in)' });
    await store.update((s) => {
      s.sounds = false;
    });
    await store.rememberServer('a.example:1863');
    await store.rememberServer('a.example:1863');
    assert.deepEqual(await readdir(d), ['settings.json'], 'no temporary file is left behind');
    assert.equal(new SettingsStore(d, () => {}).value.sounds, false);
    assert.deepEqual(
      new SettingsStore(d, () => {}).choices().map((c) => c.id),
      [SANDBOX_SERVER, 'a.example:1863'],
    );

    await writeFile(path.join(d, 'settings.json'), '\u0000\u0001garbage');
    const recovered = new SettingsStore(d, (w) => warnings.push(w));
    assert.deepEqual(recovered.value, defaultSettings());
    assert.equal(warnings.length, 1);
    await recovered.flush();
    assert.deepEqual(JSON.parse(await readFile(path.join(d, 'settings.json'), 'utf8')), defaultSettings());
  });

  it('remove a server someone added, on disk too, and go back to the sandbox when it was the last one used', async () => {
    const d = await dir();
    const store = new SettingsStore(d, () => {});
    await store.rememberServer('a.example:1863');
    await store.rememberSignIn('b.example:1864', 'me@example.com');
    assert.equal(await store.removeServer('a.example:1863'), true);
    assert.deepEqual(
      new SettingsStore(d, () => {}).choices().map((c) => c.id),
      [SANDBOX_SERVER, 'b.example:1864'],
    );
    assert.equal(store.value.lastServer, 'b.example:1864', 'another server was the last one used');
    assert.equal(await store.removeServer('b.example:1864'), true);
    const reread = new SettingsStore(d, () => {});
    assert.deepEqual(reread.value.servers, []);
    assert.equal(reread.value.lastServer, SANDBOX_SERVER);
    assert.equal(reread.value.lastEmail, 'me@example.com', 'only the server goes');
  });

  it('never remove the built-in sandbox, nor a server that is not on the list', async () => {
    const store = new SettingsStore(await dir(), () => {});
    await store.rememberServer('a.example:1863');
    assert.equal(await store.removeServer(SANDBOX_SERVER), false);
    assert.equal(await store.removeServer('c.example:1863'), false);
    assert.deepEqual(
      store.choices().map((c) => c.id),
      [SANDBOX_SERVER, 'a.example:1863'],
    );
  });
});

describe('remembered passwords', () => {
  const A = 'msn.example:1863';
  const B = 'other.example:1863';

  it('are stored only as ciphertext and read back, for the server they were typed for', async () => {
    const d = await dir();
    const vault = new PasswordVault(d, XOR, () => {});
    await vault.remember(A, 'Me@Example.com', 'hunter2');
    const text = await readFile(path.join(d, 'secrets.json'), 'utf8');
    assert.ok(!text.includes('hunter2'));
    const again = new PasswordVault(d, XOR, () => {});
    assert.equal(again.has(A, 'me@example.com'), true);
    assert.equal(again.get(A, 'ME@EXAMPLE.COM'), 'hunter2');
    assert.equal(again.has(B, 'me@example.com'), false, 'another server never gets it');
    assert.equal(again.get(B, 'me@example.com'), null);
    await again.forget('me@example.com', A);
    assert.equal(new PasswordVault(d, XOR, () => {}).get(A, 'me@example.com'), null);
  });

  it('forgets an address on every server when no server is named', async () => {
    const d = await dir();
    const vault = new PasswordVault(d, XOR, () => {});
    await vault.remember(A, 'me@example.com', 'one');
    await vault.remember(B, 'me@example.com', 'two');
    await vault.remember(A, 'you@example.com', 'three');
    await vault.forget('me@example.com');
    const again = new PasswordVault(d, XOR, () => {});
    assert.equal(again.has(A, 'me@example.com'), false);
    assert.equal(again.has(B, 'me@example.com'), false);
    assert.equal(again.get(A, 'you@example.com'), 'three');
  });

  it('are never kept without a secret store, or when it is unavailable', async () => {
    const d = await dir();
    const none = new PasswordVault(d, undefined, () => {});
    assert.equal(none.canRemember, false);
    await none.remember(A, 'me@example.com', 'pw');
    const off = new PasswordVault(d, { ...XOR, available: () => false }, () => {});
    await off.remember(A, 'me@example.com', 'pw');
    assert.deepEqual(await readdir(d), []);
  });

  it('are forgotten when the file is damaged or a ciphertext no longer decrypts', async () => {
    const d = await dir();
    await writeFile(path.join(d, 'secrets.json'), 'nonsense');
    const warnings: string[] = [];
    const vault = new PasswordVault(d, XOR, (w) => warnings.push(w));
    assert.equal(vault.has(A, 'me@example.com'), false);
    assert.equal(warnings.length, 1);
    await vault.remember(A, 'me@example.com', 'pw');
    const broken = new PasswordVault(
      d,
      {
        ...XOR,
        decrypt: () => {
          throw new Error('bad key');
        },
      },
      (w) => warnings.push(w),
    );
    assert.equal(broken.get(A, 'me@example.com'), null);
    assert.equal(broken.has(A, 'me@example.com'), false);
  });
});

describe('Options applied (SettingsMethods.update)', () => {
  async function methods(environment: 'desktop' | 'browser' = 'desktop') {
    const d = await dir();
    const events: MessengerEvent[] = [];
    const store = new SettingsStore(d, () => {});
    const settings = new SettingsMethods({
      store,
      vault: new PasswordVault(d, XOR, () => {}),
      emit: (e) => events.push(e),
      environment,
      defaultDownloadsFolder: path.join(d, 'downloads'),
      runAtStartupSupported: false,
      selfEmail: () => undefined,
      clearToasts: () => {},
    });
    return { d, store, settings, events };
  }

  it('keep the folder for received files only once applied, making it on the way', async () => {
    const { d, store, settings, events } = await methods();
    assert.equal(settings.view().downloadsFolder, path.join(d, 'downloads'));
    const folder = path.join(d, 'Received', 'Files');
    await settings.update({ downloadsFolder: folder });
    assert.equal(settings.view().downloadsFolder, folder);
    assert.equal((await stat(folder)).isDirectory(), true);
    assert.equal(events.at(-1)?.type, 'settings');
    await store.flush();
    assert.equal(new SettingsStore(d, () => {}).value.downloadsFolder, folder);
  });

  it('refuse a folder that cannot be made, or one sent with a wrong change, keeping the one before', async () => {
    const { d, settings } = await methods();
    const before = settings.view().downloadsFolder;
    const file = path.join(d, 'a file');
    await writeFile(file, 'not a folder');
    await assert.rejects(settings.update({ downloadsFolder: path.join(file, 'Received') }), {
      message: `Butterfly cannot save files in ${path.join(file, 'Received')}. Choose another folder.`,
    });
    const unmade = path.join(d, 'never made');
    await assert.rejects(settings.update({ downloadsFolder: unmade, protocols: ['MSNP9'] }));
    await assert.rejects(stat(unmade), { code: 'ENOENT' });
    assert.equal(settings.view().downloadsFolder, before);
  });

  it('refuse a folder in browser mode, which always saves in its downloads folder', async () => {
    const { d, settings } = await methods('browser');
    await assert.rejects(settings.update({ downloadsFolder: path.join(d, 'elsewhere') }), {
      message: `In browser mode, received files are saved in ${path.join(d, 'downloads')}.`,
    });
    assert.equal(settings.view().downloadsFolder, path.join(d, 'downloads'));
  });

  it('keep the proxy password while the proxy is None, unless Forget was chosen', async () => {
    const { settings } = await methods();
    const proxy = { type: 'socks5', host: 'proxy.example', port: 1080, user: 'me' } as const;
    await settings.update({ proxy: { ...proxy, password: 'secret' } });
    assert.equal(settings.view().proxy.hasPassword, true);
    await settings.update({ proxy: { ...proxy, type: 'none' } });
    await settings.update({ proxy });
    assert.deepEqual(settings.view().proxy, { ...proxy, hasPassword: true });
    await settings.update({ proxy: { ...proxy, type: 'none', password: '' } });
    await settings.update({ proxy });
    assert.equal(settings.view().proxy.hasPassword, false);
  });
});
