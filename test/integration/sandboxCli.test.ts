// `npm run sandbox` (main/sandbox/cli.ts) as a person runs it: spawned, read from its printout, signed in to
// with the protocol engine, and stopped with SIGTERM.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { SANDBOX_DEMO_ACCOUNT } from '../../app/contract';
import { NotificationSession } from '../../main/msnp/notificationSession';
import { BUILT_IN } from '../../main/sandbox/builtIn';
import { COMBINABLE_DEVIATIONS, DEVIATION_QUIRKS, QUIRK_SUMMARY } from '../../main/sandbox/quirks';

const root = resolve(import.meta.dirname, '..', '..');

interface Run {
  child: ChildProcess;
  exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function runCli(args: string[]): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/sandbox/cli.ts', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((done) =>
    child.once('exit', (code) => done({ code, stdout, stderr })),
  );
  return { child, exited };
}

/** Everything the sandbox prints before it waits (it ends with "Press Ctrl+C to stop."). */
function printout(child: ChildProcess): Promise<string> {
  return new Promise((done, fail) => {
    let text = '';
    child.stdout!.on('data', (c: string) => {
      text += c;
      if (text.includes('Press Ctrl+C to stop.')) done(text);
    });
    child.once('exit', (code) => fail(new Error(`exited with ${code} before it was ready:\n${text}`)));
  });
}

function dispatchPort(text: string): number {
  const match = /dispatch: +127\.0\.0\.1:(\d+) /.exec(text);
  assert.ok(match, text);
  return Number(match[1]);
}

describe('npm run sandbox (main/sandbox/cli.ts)', () => {
  const children: ChildProcess[] = [];

  after(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('turns on every deviation with --quirk deviations, and names them', async () => {
    const { child, exited } = runCli(['--port', '0', '--quirk', 'deviations']);
    children.push(child);
    const text = await printout(child);
    assert.ok(text.includes(`Quirks: ${COMBINABLE_DEVIATIONS.join(', ')}\n`), text);
    child.kill('SIGTERM');
    await exited;
  });

  it('takes each deviation by name with --quirk, and refuses a name it does not know', async () => {
    const five = [
      'fixedSalt',
      'perConnectionSynVersion',
      'errorsWithoutTrId',
      'outOthWithoutClosing',
      'servicesSilent',
    ];
    const { child, exited } = runCli(['--port', '0', ...five.flatMap((q) => ['--quirk', q])]);
    children.push(child);
    assert.ok((await printout(child)).includes(`Quirks: ${five.join(', ')}\n`));
    child.kill('SIGTERM');
    await exited;
    const refused = await runCli(['--port', '0', '--quirk', 'qngSeconds']).exited;
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /unknown quirk qngSeconds/);
  });

  it('--help names every deviation with its summary', async () => {
    const { code, stdout } = await runCli(['--help']).exited;
    assert.equal(code, 0);
    for (const q of DEVIATION_QUIRKS) assert.ok(stdout.includes(`${q.padEnd(24)} ${QUIRK_SUMMARY[q]}\n`), q);
    assert.match(stdout, /Breakages, not deviations: silent, closeMidPayload, sbSilent\n/);
  });

  it('serves the built-in cast with --cast builtin, prints its accounts, lets the demo account sign in, and stops on SIGTERM', async () => {
    const { child, exited } = runCli(['--cast', 'builtin', '--port', '0']);
    children.push(child);
    const text = await printout(child);
    assert.match(text, /with the builtin cast/);
    assert.match(text, new RegExp(`${SANDBOX_DEMO_ACCOUNT.email} +${SANDBOX_DEMO_ACCOUNT.password}\\n`));
    for (const email of [BUILT_IN.echo, BUILT_IN.moody, BUILT_IN.files, BUILT_IN.newFriend]) {
      assert.ok(text.includes(email), `${email} is listed`);
    }
    assert.ok(!text.includes('alice@example.com'), 'the demo cast is not there');

    const ns = new NotificationSession({ keepAliveMs: 0, requestTimeoutMs: 5_000 });
    try {
      await ns.signIn({
        host: '127.0.0.1',
        port: dispatchPort(text),
        email: SANDBOX_DEMO_ACCOUNT.email,
        password: SANDBOX_DEMO_ACCOUNT.password,
      });
      const snap = ns.snapshot();
      assert.equal(snap.self.email, SANDBOX_DEMO_ACCOUNT.email);
      const forward = snap.contacts.filter((c) => c.lists.includes('FL')).map((c) => c.email);
      assert.deepEqual(
        forward.sort(),
        [BUILT_IN.echo, BUILT_IN.moody, BUILT_IN.files, BUILT_IN.sam, BUILT_IN.pat].sort(),
      );
      assert.ok(
        snap.contacts.some(
          (c) => c.email === BUILT_IN.newFriend && c.lists.includes('RL') && !c.lists.includes('AL'),
        ),
        'New Friend added you and waits for an answer',
      );
      assert.ok(snap.contacts.some((c) => c.email === BUILT_IN.spam && c.lists.includes('BL')));
      assert.equal(snap.mail.inboxUnread, 2);
    } finally {
      if (ns.status === 'online') await ns.signOut();
    }

    child.kill('SIGTERM');
    const { code } = await exited;
    assert.equal(code, 0);
  });

  it('keeps the demo cast by default', async () => {
    const { child, exited } = runCli(['--port', '0']);
    children.push(child);
    const text = await printout(child);
    assert.match(text, /with the demo cast/);
    assert.match(text, /alice@example\.com +alice\n/);
    assert.ok(!text.includes(BUILT_IN.you));
    child.kill('SIGTERM');
    assert.equal((await exited).code, 0);
  });

  it('refuses an unknown cast', async () => {
    const { code, stderr } = await runCli(['--cast', 'nobody']).exited;
    assert.equal(code, 2);
    assert.match(stderr, /--cast must be one of demo, builtin/);
  });
});
