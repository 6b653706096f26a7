// msnp replay, run as a user would: --serve plays a transcript to the real engine, --check plays one to
// the test server, and a session the engine recorded comes back the same through both.
import { after, afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { NotificationSession } from '../../main/msnp/notificationSession';
import { MsnpTestServer, type Quirks } from '../../main/sandbox/server';
import { formatTranscript, type TranscriptConnection } from '../../main/replay/transcript';
import type { Difference } from '../../main/replay/check';
import { runMsnp } from './cliRun';
import { nextEvent } from './helpers';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixture = path.join(root, 'test', 'fixtures', 'transcripts', 'msnp5-signin.txt');

/** A running msnp whose output is read as it comes, so a test can wait for the port it listens on. */
class LiveMsnp {
  private out = '';
  private wake: (() => void) | null = null;
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;

  constructor(args: string[]) {
    this.child = spawn(process.execPath, [path.join(root, 'bin', 'msnp.js'), ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (d) => {
      this.out += d;
      this.wake?.();
    });
    this.child.stderr!.on('data', (d) => (this.out += d));
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code)));
  }

  get output(): string {
    return this.out;
  }

  async waitFor(re: RegExp, timeoutMs = 10_000): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = re.exec(this.out);
      if (m) return m;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`msnp did not print ${re} within ${timeoutMs} ms; it printed: ${this.out}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** The exit status, or a failure when msnp is still running after `timeoutMs`. */
  async exit(timeoutMs = 10_000): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>(
      (_, reject) =>
        (timer = setTimeout(
          () => reject(new Error(`msnp still ran after ${timeoutMs} ms: ${this.out}`)),
          timeoutMs,
        )),
    );
    try {
      return await Promise.race([this.exited, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

async function serve(file: string): Promise<{ msnp: LiveMsnp; port: number }> {
  const msnp = new LiveMsnp(['replay', '--serve', file, '--port', '0']);
  live.push(msnp);
  const m = await msnp.waitFor(/ on 127\.0\.0\.1:(\d+)\n/);
  return { msnp, port: Number(m[1]) };
}

/** The fixture's account and the people on its lists, as the test server's data. */
function fixtureServer(quirks: Partial<Quirks> = {}): MsnpTestServer {
  return new MsnpTestServer({
    accounts: [
      {
        email: 'mad.hatter@example.com',
        password: 'teatime',
        nickname: 'The Hatter 🎩',
        phones: { PHH: '020 7946 0001', MOB: 'N' },
        forward: ['march.hare@example.com', 'dormouse@example.com'],
        allow: ['march.hare@example.com', 'dormouse@example.com'],
        listVersion: 12,
        mail: { inboxUnread: 2, foldersUnread: 0 },
      },
      {
        email: 'march.hare@example.com',
        password: 'x',
        nickname: 'March Hare',
        phones: { PHW: '020 7946 0002', MOB: 'N' },
        forward: ['mad.hatter@example.com'],
      },
      { email: 'dormouse@example.com', password: 'x', nickname: 'Dormouse (sleepy)', phones: { MOB: 'Y' } },
      { email: 'alice@example.com', password: 'x', nickname: 'Alice', forward: ['mad.hatter@example.com'] },
    ],
    quirks,
  });
}

const ALERT =
  '<NOTIFICATION ver="1" id="4" siteid="0" siteurl="http://127.0.0.1/alerts/">\r\n<TO pid="0x00000007:0x00000009" name="mad.hatter@example.com" />\r\n' +
  '<MSG id="1"><ACTION url="open?item=tea" /><SUBSCR url="prefs" /><BODY lang="1033"><TEXT>Tea is served at six o&apos;clock</TEXT></BODY></MSG>\r\n</NOTIFICATION>\r\n';

/** The test server set up as the fixture's world: the March Hare away, an alert after the first CHG. */
async function startFixtureServer(quirks: Partial<Quirks> = {}): Promise<MsnpTestServer> {
  const server = fixtureServer(quirks);
  server.addBot('march.hare@example.com', { message: () => {} }, { status: 'AWY' });
  server.events.on('clientCommand', (c) => {
    // After the CHG has been answered (the handler runs right after this event), as the fixture has it.
    if (c.line.startsWith('CHG ')) setImmediate(() => server.sendAlert('mad.hatter@example.com', ALERT));
  });
  await server.start();
  servers.push(server);
  return server;
}

async function check(
  server: MsnpTestServer,
  ...extra: string[]
): Promise<{ code: number | null; differences: Difference[] }> {
  const run = await runMsnp([
    'replay',
    '--check',
    fixture,
    '--server',
    `127.0.0.1:${server.dispatchPort}`,
    '--timeout',
    '1',
    '--json',
    ...extra,
  ]);
  assert.equal(run.killed, false, run.stderr);
  const report = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as { differences: Difference[] };
  return { code: run.code, differences: report.differences };
}

/** What the test server does otherwise than the hand-written fixture, and nothing more. */
const DOCUMENTED = [
  // Its profile has its own member id, country, empty fields and key version.
  'differs 22 MSG Hotmail Hotmail',
  // Its Post-URL is the server's root.
  'differs 38 MSG Hotmail Hotmail',
  // The contacts' own changes after the phone change are things nobody did on the test server.
  'missing 83 BPR 14 march.hare@example.com PHM 07700%20900456',
  'missing 84 NLN BSY dormouse@example.com Dormouse%20%28asleep%29',
  'missing 85 FLN march.hare@example.com',
];
const summary = (d: Difference): string => `${d.kind} ${d.at} ${d.expected}`;

const live: LiveMsnp[] = [];
const servers: MsnpTestServer[] = [];
const sessions: NotificationSession[] = [];
let dir: string | undefined;
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.signOut().catch(() => {});
  for (const m of live.splice(0)) if (m.child.exitCode === null) m.child.kill();
  for (const s of servers.splice(0)) await s.stop();
});
after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function session(): NotificationSession {
  const s = new NotificationSession({ keepAliveMs: 0, requestTimeoutMs: 3_000 });
  sessions.push(s);
  return s;
}

describe('msnp replay --serve', () => {
  it('plays the fixture to the engine, which ends in the recorded state, and exits 0', async () => {
    const { msnp, port } = await serve(fixture);
    const s = session();
    const alert = nextEvent(s, 'alert');
    await s.signIn({ host: '127.0.0.1', port, email: 'mad.hatter@example.com', password: 'teatime' });
    assert.equal((await alert).text, "Tea is served at six o'clock");
    const hare = nextEvent(
      s,
      'presence',
      (e) => e.contact.email === 'march.hare@example.com' && e.contact.status === 'FLN',
    );
    await s.setPhone('PHM', '07700 900123');
    await hare;
    const snap = s.snapshot();
    await s.signOut();
    assert.equal(await msnp.exit(), 0, msnp.output);
    assert.match(msnp.output, /every connection played to its end without a mismatch/);
    assert.equal(snap.listVersion, 14);
    assert.deepEqual(
      snap.contacts.map((c) => [c.email, c.lists.join(','), c.status]),
      [
        ['march.hare@example.com', 'FL,AL,RL', 'FLN'],
        ['dormouse@example.com', 'FL,AL', 'BSY'],
        ['alice@example.com', 'RL', 'FLN'],
      ],
    );
  });

  it('reports a client line that differs as it comes, and exits 1', async () => {
    const { msnp, port } = await serve(fixture);
    const s = session();
    // The wrong password makes another MD5 response than the transcript computes; the replay goes on.
    await s.signIn({ host: '127.0.0.1', port, email: 'mad.hatter@example.com', password: 'coffee' });
    await msnp.waitFor(/mismatch: Connection 2, transcript line 20: got "USR 4 MD5 S [0-9a-f]{32}"/);
    await s.signOut();
    assert.equal(await msnp.exit(), 1, msnp.output);
    // Signing out early, it also left out the phone change and left with a line still to play.
    assert.match(
      msnp.output,
      /mismatch: Connection 2, transcript line 81: got "OUT", expected "PRP 7 PHM 07700%20900123"/,
    );
    assert.match(msnp.output, /\n3 mismatch\(es\)\n/);
  });
});

describe('msnp replay --check', () => {
  it('finds only the documented differences between the fixture and the test server set up as its world', async () => {
    const { code, differences } = await check(await startFixtureServer());
    assert.deepEqual(differences.map(summary), DOCUMENTED);
    assert.equal(code, 1);
    const profile = differences[0]!.payload!;
    assert.ok(profile.includes('- country: GB') && profile.includes('+ country: US'), profile.join('\n'));
    assert.ok(
      !profile.some((l) => l.startsWith('- LoginTime') || l.startsWith('- MSPAuth')),
      'login time and ticket are left out',
    );
  });

  it('exits 0 when the server answers as recorded', async () => {
    // The fixture's own lines, less those the test server cannot say: its first connection only.
    const server = await startFixtureServer();
    if (!dir) dir = await mkdtemp(path.join(os.tmpdir(), 'butterfly-replay-'));
    const file = path.join(dir, 'dispatch.txt');
    await writeFile(
      file,
      formatTranscript([
        {
          lines: [
            { direction: 'C', line: 'VER 1 MSNP5 MSNP4 CVR0' },
            { direction: 'S', line: 'VER 1 MSNP5' },
            { direction: 'C', line: 'INF 2' },
            { direction: 'S', line: 'INF 2 MD5' },
            { direction: 'C', line: 'USR 3 MD5 I mad.hatter@example.com' },
            { direction: 'S', line: 'XFR 3 NS 10.0.0.1:1863 0' },
          ],
        },
      ]),
    );
    const run = await runMsnp([
      'replay',
      '--check',
      file,
      '--server',
      `127.0.0.1:${server.dispatchPort}`,
      '--timeout',
      '1',
    ]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(
      run.stdout,
      /^no differences from the transcript \(1 connection\(s\), 3 server line\(s\) compared\)$/m,
    );
  });

  for (const [quirk, expected] of [
    ['chgTrailingField', 'differs 73 CHG 6 NLN'],
    ['swapLstIndex', 'differs 57 LST 5 FL 12 1 2 march.hare@example.com March%20Hare'],
    ['gtcBlpAfterLists', 'order 50 GTC 5 12 A'],
  ] as const) {
    it(`reports the server's deviation when it has the ${quirk} quirk`, async () => {
      const { code, differences } = await check(await startFixtureServer({ [quirk]: true }));
      assert.equal(code, 1);
      const extra = differences.map(summary).filter((d) => !DOCUMENTED.includes(d));
      assert.ok(extra.includes(expected), extra.join('\n'));
    });
  }
});

describe('msnp replay round trip', () => {
  it('serves a session the engine recorded from its raw traffic, and the engine gets the same contact list', async () => {
    const server = fixtureServer();
    await server.start();
    servers.push(server);
    const recorded: TranscriptConnection[] = [];
    let remote: string | null = null;
    const first = session();
    first.on('raw', (r) => {
      if (r.server !== remote) recorded.push({ label: `ns ${(remote = r.server)}`, lines: [] });
      recorded.at(-1)!.lines.push({
        direction: r.direction === 'out' ? 'C' : 'S',
        line: r.line,
        ...(r.payload === undefined ? {} : { payload: r.payload }),
      });
    });
    await first.signIn({
      host: '127.0.0.1',
      port: server.dispatchPort,
      email: 'mad.hatter@example.com',
      password: 'teatime',
    });
    const before = first.snapshot();
    await first.signOut();
    assert.equal(recorded.length, 2, 'dispatch and notification server');

    if (!dir) dir = await mkdtemp(path.join(os.tmpdir(), 'butterfly-replay-'));
    const file = path.join(dir, 'recorded.txt');
    await writeFile(
      file,
      formatTranscript(recorded, ['Recorded from the engine signing in to the test server.']),
    );
    await server.stop();

    const { msnp, port } = await serve(file);
    const again = session();
    await again.signIn({ host: '127.0.0.1', port, email: 'mad.hatter@example.com', password: 'teatime' });
    const after = again.snapshot();
    await again.signOut();
    assert.equal(await msnp.exit(), 0, msnp.output);
    const people = (snap: typeof before): unknown =>
      snap.contacts.map((c) => [c.email, c.nickname, c.lists, c.phones]);
    assert.deepEqual(people(after), people(before));
    assert.equal(after.listVersion, before.listVersion);
    assert.equal(after.self.nickname, 'The Hatter 🎩');
  });
});

describe('msnp replay ends by itself and prints nothing raw', () => {
  it('--serve stops with a mismatch when a client connects and then sends nothing for --timeout', async () => {
    const msnp = new LiveMsnp(['replay', '--serve', fixture, '--port', '0', '--timeout', '0.5']);
    live.push(msnp);
    const port = Number((await msnp.waitFor(/ on 127\.0\.0\.1:(\d+)\n/))[1]);
    const socket = net.createConnection({ host: '127.0.0.1', port });
    socket.on('error', () => {});
    try {
      // The replay's own idle timer decides: nothing is sent, and the run must end without the test acting.
      assert.equal(await msnp.exit(), 1, msnp.output);
      assert.match(
        msnp.output,
        /mismatch: No client sent anything for 0\.5 seconds, with 2 connection\(s\) of the transcript not played to their end\./,
      );
    } finally {
      socket.destroy();
    }
  });

  it('--check escapes control characters a server sends, instead of passing them to the terminal', async () => {
    const hostile = net.createServer((sock) => {
      sock.on('error', () => {});
      sock.once('data', () => sock.write('VER 1 MSNP5\x1b[2J\r\n'));
    });
    await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
    try {
      if (!dir) dir = await mkdtemp(path.join(os.tmpdir(), 'butterfly-replay-'));
      const file = path.join(dir, 'ver.txt');
      await writeFile(file, '--- connection\nC: VER 1 MSNP5 CVR0\nS: VER 1 MSNP5\n');
      const { port } = hostile.address() as net.AddressInfo;
      const run = await runMsnp([
        'replay',
        '--check',
        file,
        '--server',
        `127.0.0.1:${port}`,
        '--timeout',
        '2',
      ]);
      assert.equal(run.code, 1, run.stderr);
      assert.ok(!run.stdout.includes('\x1b'), run.stdout);
      assert.match(run.stdout, /\\x1b\[2J/);
    } finally {
      await new Promise<void>((resolve) => hostile.close(() => resolve()));
    }
  });
});
