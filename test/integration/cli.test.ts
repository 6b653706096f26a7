import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ALICE, BOB, Sessions, startServer } from './helpers';
import { ConversationManager } from '../../main/msnp/conversations';
import type { MsnpTestServer } from '../../main/sandbox/server';
import type { AccountSnapshot } from '../../app/types';
import { runMsnp } from './cliRun';


const msnp = (args: string[]) => runMsnp(args);

describe('the msnp command line', () => {
  let server: MsnpTestServer;
  before(async () => {
    server = await startServer();
  });
  after(() => server.stop());

  it('signs in with --json and ends with a state line in which every field is filled and decoded', async () => {
    const r = await msnp(['login', '--server', `127.0.0.1:${server.dispatchPort}`, '--user', ALICE.email, '--password', ALICE.password, '--status', 'BSY', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.ok(lines.every((l) => typeof l.type === 'string'));
    const state = lines[lines.length - 1] as unknown as { type: string } & AccountSnapshot;
    assert.equal(state.type, 'state');
    assert.deepEqual(state.self, { email: ALICE.email, nickname: 'Alice Liddell', status: 'BSY', phones: { PHH: '1 (222) 333 4444', MOB: 'Y' }, mobileEnabled: false });
    const bob = state.contacts.find((c) => c.email === 'bob@example.com');
    assert.deepEqual(bob, { email: 'bob@example.com', nickname: 'Bob Ünïcode ☃', lists: ['FL', 'AL', 'RL'], status: 'FLN', phones: { PHW: '+44 20 7946 0000' } });
    assert.deepEqual(state.privacy, { blp: 'AL', gtc: 'A' });
    assert.equal(state.mail.inboxUnread, 3);
    assert.ok(Array.isArray(state.mail.notices));
    assert.ok(Array.isArray(state.alerts));
    assert.ok(Array.isArray(state.pendingAdds));
    assert.ok(Array.isArray(state.warnings));
  });

  it('prints a readable account without --json', async () => {
    const r = await msnp(['login', '--server', `127.0.0.1:${server.dispatchPort}`, '--user', ALICE.email, '--password', ALICE.password]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Signed in as Alice Liddell <alice@example.com> — Online \(MSNP5/);
    assert.match(r.stdout, /Bob Ünïcode ☃ <bob@example.com>/);
    assert.match(r.stdout, /Hotmail: 3 unread/);
  });

  it('exits 3 with one sentence when the password is refused', async () => {
    const r = await msnp(['login', '--server', `127.0.0.1:${server.dispatchPort}`, '--user', ALICE.email, '--password', 'wrong']);
    assert.equal(r.code, 3);
    assert.equal(r.stderr.trim(), 'msnp: server answered 911: authentication failed');
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  it('signs in with CTP on a loopback server and masks the password in --verbose output', async () => {
    const ctp = await startServer(undefined, { ctpOnly: true });
    try {
      for (const json of [false, true]) {
        const r = await msnp([
          'login', '--server', `127.0.0.1:${ctp.dispatchPort}`, '--user', ALICE.email, '--password', ALICE.password,
          '--protocol', 'MSNP2', '--verbose', ...(json ? ['--json'] : []),
        ]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /USR \d+ CTP S \*{8}/);
        assert.ok(!r.stdout.includes(ALICE.password), 'the password is not printed');
        assert.ok(!r.stderr.includes(ALICE.password));
      }
    } finally {
      await ctp.stop();
    }
  });

  it('exits 2 on a usage error and 1 when nothing listens', async () => {
    const usage = await msnp(['login', '--user', ALICE.email]);
    assert.equal(usage.code, 2);
    assert.equal(usage.stderr.trim(), 'msnp: --server is required');
    const refused = await msnp(['login', '--server', '127.0.0.1:1', '--user', ALICE.email, '--password', 'x']);
    assert.equal(refused.code, 1);
    assert.equal(refused.stderr.trim(), 'msnp: could not connect to 127.0.0.1:1: connection refused');
  });

  it('--strict ends the session at the first deviation, which otherwise is a warning', async () => {
    const quirky = await startServer(undefined, { chgTrailingField: true });
    try {
      const args = ['login', '--server', `127.0.0.1:${quirky.dispatchPort}`, '--user', ALICE.email, '--password', ALICE.password];
      const tolerant = await msnp(args);
      assert.equal(tolerant.code, 0, tolerant.stderr);
      assert.match(tolerant.stdout, /warning: CHG was answered with extra fields/);
      const strict = await msnp([...args, '--strict']);
      assert.equal(strict.code, 1);
      assert.equal(strict.stderr.trim(), 'msnp: strict mode is on, and CHG was answered with extra fields');
    } finally {
      await quirky.stop();
    }
  });

  it('stays --wait seconds and reports what arrives', async () => {
    const run = msnp(['login', '--server', `127.0.0.1:${server.dispatchPort}`, '--user', ALICE.email, '--password', ALICE.password, '--wait', '2', '--json']);
    // Send new mail once Alice has set her first status on the server.
    await new Promise<void>((resolve) => {
      const off = server.events.on('clientCommand', (e) => {
        if (e.email === ALICE.email && e.line.startsWith('CHG ')) {
          off();
          server.sendMail(ALICE.email, { from: 'White Rabbit', fromAddr: 'rabbit@example.com', subject: 'Late!' });
          server.sendPage(ALICE.email, BOB.email, 'Running late too');
          resolve();
        }
      });
    });
    const r = await run;
    assert.equal(r.code, 0, r.stderr);
    const types = r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { type: string }).type);
    assert.ok(types.includes('newMail'));
    const page = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { type: string; text?: string }).find((e) => e.type === 'page');
    assert.equal(page?.text, 'Running late too', 'an incoming page is reported');
    assert.equal(types[types.length - 1], 'state');
  });

  it('send delivers a message to someone online and exits 0', async () => {
    const sessions = new Sessions();
    const bob = new ConversationManager(await sessions.signIn(server, BOB));
    try {
      const heard = new Promise<{ from: string; text: string }>((resolve) =>
        bob.on('conversation', ({ conversation }) =>
          conversation.on('message', (m) => {
            if (m.direction === 'in') resolve(m);
          }),
        ),
      );
      const r = await msnp(['send', '--server', `127.0.0.1:${server.dispatchPort}`, '--user', ALICE.email, '--password', ALICE.password, '--to', BOB.email, '--message', 'Hello from the command line', '--json']);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      const m = await heard;
      assert.deepEqual([m.from, m.text], [ALICE.email, 'Hello from the command line']);
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.ok(lines.some((l) => l.type === 'delivered' && l.to === BOB.email && l.parts === 1));
      assert.equal(lines[lines.length - 1]!.type, 'state');
    } finally {
      bob.closeAll();
      await sessions.closeAll();
    }
  });

  it('send exits 1 with one sentence when the contact is offline', async () => {
    const r = await msnp(['send', '--server', `127.0.0.1:${server.dispatchPort}`, '--user', ALICE.email, '--password', ALICE.password, '--to', 'carol@example.com', '--message', 'Are you there?']);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim(), 'msnp: Carol is not online, so your message could not be delivered.');
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  it('send exits 2 on a usage error', async () => {
    const r = await msnp(['send', '--server', `127.0.0.1:${server.dispatchPort}`, '--user', ALICE.email, '--password', ALICE.password, '--to', BOB.email]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim(), 'msnp: --message is required for msnp send');
  });
});
