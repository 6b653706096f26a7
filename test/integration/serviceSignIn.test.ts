import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { SANDBOX_DEMO_ACCOUNT, SANDBOX_SERVER } from '../../app/contract';
import { MsnpTestServer, type SandboxAccountInit } from '../../main/sandbox/server';
import { Sessions } from './helpers';
import { closedPort, makeService, request, tempDir, testSecrets } from './serviceHelpers';

const ME: SandboxAccountInit = {
  email: 'me@test.example',
  password: 'secret-horse-42',
  nickname: 'Me',
  forward: ['friend@test.example'],
  allow: ['friend@test.example'],
};
const FRIEND: SandboxAccountInit = {
  email: 'friend@test.example',
  password: 'friendpw',
  nickname: 'Friend',
  forward: ['me@test.example'],
  allow: ['me@test.example'],
};
const UNVERIFIED: SandboxAccountInit = { email: 'new@test.example', password: 'newpw', verified: false };

describe('the account service signing in', () => {
  let server: MsnpTestServer;
  let address: string;
  const sessions = new Sessions();
  before(async () => {
    server = new MsnpTestServer({ accounts: [ME, FRIEND, UNVERIFIED] });
    await server.start();
    address = `127.0.0.1:${server.dispatchPort}`;
  });
  after(async () => {
    await sessions.closeAll();
    await server.stop();
  });

  it('signs in to the built-in sandbox quickly, with its cast, and stops the sandbox on close', async () => {
    const t = await makeService();
    const snap0 = await t.service.getSnapshot();
    assert.equal(snap0.settings.lastServer, SANDBOX_SERVER);
    assert.equal(snap0.settings.lastEmail, SANDBOX_DEMO_ACCOUNT.email);
    assert.deepEqual(snap0.settings.servers[0], { id: SANDBOX_SERVER, label: 'Local sandbox (built in)' });
    const started = Date.now();
    await t.service.signIn(
      request(SANDBOX_DEMO_ACCOUNT.email, SANDBOX_DEMO_ACCOUNT.password, SANDBOX_SERVER),
    );
    assert.ok(Date.now() - started < 3_000, 'the built-in sandbox signs in within a few seconds');
    const progress = t.events.flatMap((e) =>
      e.type === 'session' && e.session.phase === 'signingIn' ? [e.session.progress] : [],
    );
    assert.deepEqual(progress, [
      'Starting the built-in sandbox…',
      'Connecting to the server…',
      'Checking your password…',
      'Getting your contact list…',
    ]);
    const snap = await t.service.getSnapshot();
    assert.equal(snap.session.phase, 'online');
    const account = snap.account!;
    const status = (email: string): string | undefined =>
      account.contacts.find((c) => c.email === email)?.status;
    assert.equal(status('echo@butterfly.sandbox'), 'NLN');
    assert.equal(status('files@butterfly.sandbox'), 'NLN');
    assert.equal(status('sam@butterfly.sandbox'), 'FLN');
    assert.deepEqual(
      account.pendingAdds.map((p) => p.email),
      ['newfriend@butterfly.sandbox'],
    );
    assert.ok(account.mail.inboxUnread > 0, 'there is unread Hotmail mail');
    assert.ok(t.events.some((e) => e.type === 'account' && e.account !== null));

    const sandbox = t.service.sandboxAddress!;
    await t.close();
    await assert.rejects(
      new Promise<void>((resolve, reject) => {
        const socket = net.connect(sandbox.port, sandbox.host, () => {
          socket.destroy();
          resolve();
        });
        socket.on('error', reject);
      }),
      /ECONNREFUSED/,
    );
  });

  it('signs in to a server by host:port and remembers it, the address and the settings across restarts', async () => {
    const dir = await tempDir();
    const first = await makeService({}, dir);
    await first.service.signIn(request(ME.email, ME.password, address));
    const snap = await first.service.getSnapshot();
    assert.equal(snap.account?.self.email, ME.email);
    assert.equal(snap.settings.lastServer, address);
    assert.ok(snap.settings.servers.some((s) => s.id === address));
    await first.service.updateSettings({ sounds: false, protocols: ['MSNP4', 'MSNP5'] });
    await first.service.addServer('messenger.example.net');
    await first.close();

    const second = await makeService({}, dir);
    const settings = (await second.service.getSnapshot()).settings;
    assert.equal(settings.lastServer, address);
    assert.equal(settings.lastEmail, ME.email);
    assert.equal(settings.sounds, false);
    assert.deepEqual(settings.protocols, ['MSNP5', 'MSNP4']);
    assert.deepEqual(
      settings.servers.map((s) => s.id),
      [SANDBOX_SERVER, address, 'messenger.example.net:1863'],
    );
    await second.close();
  });

  it('replaces a damaged settings file with the defaults and says so, without failing', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'settings.json'), '{"servers": [oops');
    const t = await makeService({}, dir);
    const settings = (await t.service.getSnapshot()).settings;
    assert.equal(settings.lastServer, SANDBOX_SERVER);
    assert.equal(settings.sounds, true);
    assert.ok(t.warnings.some((w) => /settings\.json was damaged/.test(w)));
    await t.service.updateSettings({ toasts: false });
    const saved = JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    assert.equal(saved['toasts'], false);
    await t.close();
  });

  it('says the password was wrong in one sentence', async () => {
    const t = await makeService();
    await assert.rejects(
      t.service.signIn(request(ME.email, 'wrong', address)),
      /^Error: The server did not accept your e-mail address or password\. Check them and sign in again\.$/,
    );
    const session = (await t.service.getSnapshot()).session;
    assert.equal(session.phase, 'signedOut');
    assert.equal(
      session.error,
      'The server did not accept your e-mail address or password. Check them and sign in again.',
    );
    assert.equal(session.needsVerification, false);
    await t.close();
  });

  it('says an unreachable server could not be reached', async () => {
    const t = await makeService();
    const port = await closedPort();
    await assert.rejects(
      t.service.signIn(request(ME.email, ME.password, `127.0.0.1:${port}`)),
      /could not reach the server at 127\.0\.0\.1:\d+\. Check the address/,
    );
    assert.equal((await t.service.getSnapshot()).session.phase, 'signedOut');
    await t.close();
  });

  it('says the server does not support the offered protocol versions', async () => {
    const old = new MsnpTestServer({ accounts: [ME, FRIEND], protocols: ['MSNP2'] });
    await old.start();
    const t = await makeService();
    await assert.rejects(
      t.service.signIn(
        request(ME.email, ME.password, `127.0.0.1:${old.dispatchPort}`, { protocols: ['MSNP5', 'MSNP4'] }),
      ),
      /^Error: The server does not speak MSNP4-5 \(it answered no version we offered\)\. Choose other versions in the options, or use another server\.$/,
    );
    await t.close();
    await old.stop();
  });

  it('says the server closed the connection during sign-in', async () => {
    const broken = new MsnpTestServer({ accounts: [ME, FRIEND], quirks: { closeMidPayload: true } });
    await broken.start();
    const t = await makeService();
    await assert.rejects(
      t.service.signIn(request(ME.email, ME.password, `127.0.0.1:${broken.dispatchPort}`)),
      // The server hangs up in the middle of a command, after USR OK: a clean close, or a reset if our SYN was on its way.
      /The connection to the server at 127\.0\.0\.1:\d+ was (closed during sign-in|lost while getting your contact list)\.|The server at 127\.0\.0\.1:\d+ closed the connection while getting your contact list\./,
    );
    await t.close();
    await broken.stop();
  });

  it('refuses an address that is not a server before connecting', async () => {
    const t = await makeService();
    await assert.rejects(
      t.service.signIn(request(ME.email, ME.password, 'not a server')),
      /not a server address/,
    );
    await t.close();
  });

  it('flags an unverified account (924) for the verify dialog', async () => {
    const t = await makeService();
    await assert.rejects(
      t.service.signIn(request(UNVERIFIED.email, UNVERIFIED.password, address)),
      /not been verified/,
    );
    const session = (await t.service.getSnapshot()).session;
    assert.equal(session.needsVerification, true);
    assert.match(session.error, /verification e-mail/);
    await t.close();
  });

  it('remembers a password only encrypted, never shows it, and signs in with it until it is forgotten', async () => {
    const t = await makeService({ secrets: testSecrets() });
    assert.equal((await t.service.getSnapshot()).settings.canRememberPassword, true);
    await t.service.signIn(request(ME.email, ME.password, address, { remember: true }));
    const stored = await readFile(path.join(t.dir, 'secrets.json'), 'utf8');
    assert.ok(!stored.includes(ME.password), 'secrets.json holds no clear password');
    assert.ok(!stored.includes(Buffer.from(ME.password).toString('base64')), 'nor a merely encoded one');
    const snap = await t.service.getSnapshot();
    assert.equal(snap.settings.rememberedPassword, true);
    await t.service.signOut();

    // Another server never gets the password remembered for this one, even for the same address.
    const other = new MsnpTestServer({ accounts: [{ ...ME, forward: [], allow: [], block: [] }] });
    await other.start();
    const tried: string[] = [];
    other.events.on('clientCommand', (c) => tried.push(c.line));
    await assert.rejects(
      t.service.signIn(request(ME.email, '', `127.0.0.1:${other.dispatchPort}`)),
      /none is remembered for this address on this server/,
    );
    assert.deepEqual(tried, [], 'nothing was sent to the other server');
    await other.stop();

    await t.service.signIn(request(ME.email, '', address));
    assert.equal((await t.service.getSnapshot()).session.phase, 'online');
    await t.service.signOut();
    assert.ok(!JSON.stringify(t.events).includes(ME.password), 'no event carries the password');
    assert.ok(
      !JSON.stringify(await t.service.getSnapshot()).includes(ME.password),
      'the snapshot does not carry it',
    );

    await t.service.forgetPassword(ME.email);
    assert.equal((await t.service.getSnapshot()).settings.rememberedPassword, false);
    await assert.rejects(t.service.signIn(request(ME.email, '', address)), /Type your password/);
    await t.close();
  });

  it('stays signed in when the keyring refuses to keep the password, and says so', async () => {
    const refusing = {
      ...testSecrets(),
      encrypt: (): Buffer => {
        throw new Error('the user denied keychain access');
      },
    };
    const t = await makeService({ secrets: refusing });
    const notice = t.next('notice');
    await t.service.signIn(request(ME.email, ME.password, address, { remember: true }));
    assert.equal((await notice).message, 'Butterfly could not remember your password on this computer.');
    const snap = await t.service.getSnapshot();
    assert.equal(snap.session.phase, 'online');
    assert.equal(snap.session.error, '');
    assert.equal(snap.settings.rememberedPassword, false);
    await t.close();
  });

  it('remembers nothing where the system cannot encrypt (browser mode)', async () => {
    const t = await makeService({ environment: 'browser' });
    await t.service.signIn(request(ME.email, ME.password, address, { remember: true }));
    const snap = await t.service.getSnapshot();
    assert.equal(snap.settings.canRememberPassword, false);
    assert.equal(snap.settings.rememberedPassword, false);
    assert.equal(snap.environment, 'browser');
    await t.close();
  });

  it('signs out on request, back to signed out with no error', async () => {
    const t = await makeService();
    await t.service.signIn(request(ME.email, ME.password, address));
    assert.ok(server.isOnline(ME.email));
    const gone = server.waitFor('signedOut', (e) => e.email === ME.email);
    await t.service.signOut();
    await gone;
    const snap = await t.service.getSnapshot();
    assert.deepEqual(snap.session, { phase: 'signedOut', progress: '', error: '', needsVerification: false });
    assert.equal(snap.account, null);
    assert.ok(t.events.some((e) => e.type === 'account' && e.account === null));
    await t.close();
  });

  it('File ▸ Exit: quits through the shell on the desktop, and only signs out in browser mode', async () => {
    let quits = 0;
    const desktop = await makeService({ quit: () => void quits++ });
    await desktop.service.signIn(request(ME.email, ME.password, address));
    await desktop.service.quit();
    // The shell's quit signs out on its way ('before-quit'); the service leaves that to it.
    assert.equal(quits, 1);
    await desktop.close();

    const browser = await makeService({ environment: 'browser' });
    await browser.service.signIn(request(ME.email, ME.password, address));
    const gone = server.waitFor('signedOut', (e) => e.email === ME.email);
    await browser.service.quit();
    await gone;
    assert.equal((await browser.service.getSnapshot()).session.phase, 'signedOut');
    await browser.close();
  });

  it('goes back to signed out with the reason when you sign in somewhere else (OUT OTH)', async () => {
    const t = await makeService();
    await t.service.signIn(request(ME.email, ME.password, address));
    const ended = t.next('session', (e) => e.session.phase === 'signedOut');
    await sessions.signIn(server, ME);
    const e = await ended;
    assert.equal(e.session.error, 'You signed in somewhere else, so you were signed out here.');
    assert.equal((await t.service.getSnapshot()).account, null);
    await sessions.closeAll();
    await t.close();
  });

  it('says the connection was lost when the server goes away, and reconnects until it is back', async () => {
    const own = new MsnpTestServer({ accounts: [ME, FRIEND] });
    await own.start();
    const t = await makeService();
    await t.service.signIn(request(ME.email, ME.password, `127.0.0.1:${own.dispatchPort}`));
    const dropped = t.next('session', (e) => e.session.phase === 'reconnecting');
    await own.stop();
    assert.equal((await dropped).session.error, 'The connection to the server was lost.');
    // Cancel leaves you signed out, with the sentence of any lost connection (test/integration/reconnect.test.ts has the rest).
    await t.service.cancelSignIn();
    assert.match(t.service.sessionState.error, /connection to the server was lost/);
    await t.close();
  });

  it('cancels a sign-in that is under way', async () => {
    // A listener that accepts and never answers: the sign-in waits on VER until cancelled.
    const silent = net.createServer((socket) => socket.on('error', () => {}));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const t = await makeService();
    const connecting = t.next(
      'session',
      (e) =>
        e.session.progress === 'Checking your password…' ||
        e.session.progress === 'Connecting to the server…',
    );
    const signIn = t.service.signIn(request(ME.email, ME.password, `127.0.0.1:${port}`));
    await connecting;
    await t.service.cancelSignIn();
    await signIn;
    assert.deepEqual((await t.service.getSnapshot()).session, {
      phase: 'signedOut',
      progress: '',
      error: '',
      needsVerification: false,
    });
    await t.close();
    silent.close();
  });
});
