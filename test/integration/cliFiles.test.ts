// msnp sendfile and msnp receive as a user runs them: real child processes of bin/msnp.js against the
// sandbox, real switchboards and a real MSNFTP connection between the two.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FILE_TRANSFER_GUID, VOICE_GUID, parseInvitationPayload, serializeInvitation } from '../../app/invitation';
import type { Conversation } from '../../main/msnp/conversation';
import { ConversationManager } from '../../main/msnp/conversations';
import { MsnftpSender } from '../../main/msnp/msnftpSender';
import type { NotificationSession } from '../../main/msnp/notificationSession';
import type { MsnpTestServer } from '../../main/sandbox/server';
import { ALICE, BOB, CAROL, Sessions, startServer } from './helpers';
import { folderMaker, nextOf, outcomeOf, sha256 } from './transferHelpers';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

type Line = Record<string, unknown> & { type: string };

/** One msnp child process: its JSON lines as they come, and its end. */
class Msnp {
  readonly lines: Line[] = [];
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;
  private readonly waiters: { match: (l: Line) => boolean; resolve: (l: Line) => void }[] = [];
  private readonly child;
  private pending = '';

  constructor(args: string[]) {
    this.child = spawn(process.execPath, [path.join(root, 'bin', 'msnp.js'), ...args], { cwd: root });
    this.child.stdout.on('data', (d: Buffer) => {
      this.stdout += d.toString('utf8');
      this.pending += d.toString('utf8');
      let nl: number;
      while ((nl = this.pending.indexOf('\n')) >= 0) {
        const text = this.pending.slice(0, nl);
        this.pending = this.pending.slice(nl + 1);
        let line: Line;
        try {
          line = JSON.parse(text) as Line;
        } catch {
          continue; // human output
        }
        this.lines.push(line);
        for (const w of [...this.waiters]) {
          if (w.match(line)) {
            this.waiters.splice(this.waiters.indexOf(w), 1);
            w.resolve(line);
          }
        }
      }
    });
    this.child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString('utf8')));
    this.exited = new Promise((resolve) => this.child.on('close', (code) => resolve(code)));
  }

  /** The first JSON line of this type (and matching), already printed or still to come. */
  line(type: string, match: (l: Line) => boolean = () => true, timeoutMs = 15_000): Promise<Line> {
    const pred = (l: Line): boolean => l.type === type && match(l);
    const seen = this.lines.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${type} line within ${timeoutMs} ms; stdout so far:\n${this.stdout}\nstderr:\n${this.stderr}`)), timeoutMs);
      this.waiters.push({
        match: pred,
        resolve: (l) => {
          clearTimeout(timer);
          resolve(l);
        },
      });
      void this.exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`msnp exited before printing a ${type} line; stdout:\n${this.stdout}\nstderr:\n${this.stderr}`));
      });
    });
  }

  /** What Ctrl+C sends. */
  interrupt(): void {
    this.child.kill('SIGINT');
  }

  types(): string[] {
    return this.lines.map((l) => l.type);
  }
}

const run = async (args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; lines: Line[] }> => {
  const p = new Msnp(args);
  const code = await p.exited;
  return { code, stdout: p.stdout, stderr: p.stderr, lines: p.lines };
};

describe('msnp sendfile and msnp receive', () => {
  let server: MsnpTestServer;
  let tmp: string;
  const sessions = new Sessions();
  const as = (account: { email: string; password: string }): string[] => ['--server', `127.0.0.1:${server.dispatchPort}`, '--user', account.email, '--password', account.password];
  const freshFolder = folderMaker(() => tmp);

  before(async () => {
    server = await startServer();
    tmp = await mkdtemp(path.join(os.tmpdir(), 'butterfly-cli-files-'));
  });
  after(async () => {
    await sessions.closeAll();
    await server.stop();
    await rm(tmp, { recursive: true, force: true });
  });

  it('moves a 1 MB random file from sendfile to receive --accept-files with matching sha256, both exiting 0', async () => {
    const data = randomBytes(1024 * 1024);
    const source = path.join(tmp, 'random.bin');
    await writeFile(source, data);
    const folder = await freshFolder();

    const receive = new Msnp(['receive', ...as(ALICE), '--accept-files', folder, '--wait', '60', '--json']);
    await receive.line('signedIn');
    const send = await run(['sendfile', ...as(BOB), '--to', ALICE.email, '--file', source, '--json']);
    assert.equal(send.code, 0, send.stderr);
    assert.equal(send.stderr, '');

    const saved = await receive.line('transferDone');
    // Ctrl+C ends a receive cleanly: it signs out and prints the state.
    receive.interrupt();
    assert.equal(await receive.exited, 0, receive.stderr);
    assert.equal(receive.stderr, '');

    assert.equal(saved.path, path.join(folder, 'random.bin'));
    assert.equal(sha256(await readFile(saved.path as string)), sha256(data));
    assert.equal(saved.sha256, sha256(data));
    assert.equal(saved.bytes, data.length);
    assert.deepEqual(await readdir(folder), ['random.bin'], 'no partial file is left behind');
    const offer = receive.lines.find((l) => l.type === 'fileOffer')!;
    assert.deepEqual([offer.from, offer.fileName, offer.size], [BOB.email, 'random.bin', data.length]);
    assert.ok(receive.types().includes('fileAccepted'));
    assert.ok(receive.types().includes('conversation'));
    const progress = receive.lines.filter((l) => l.type === 'progress');
    assert.ok(progress.length <= 12, `progress is throttled (${progress.length} lines)`);
    assert.equal(receive.lines.at(-1)!.type, 'state');

    const types = send.lines.map((l) => l.type);
    for (const t of ['offered', 'transferStarted', 'transferDone']) assert.ok(types.includes(t), `sendfile printed ${t}`);
    const sent = send.lines.find((l) => l.type === 'transferDone')!;
    assert.equal(sent.sha256, sha256(data));
    assert.equal(sent.bytes, data.length);
    assert.equal(send.lines.at(-1)!.type, 'state');
  });

  it('prints readable lines without --json', async () => {
    const source = path.join(tmp, 'note.txt');
    await writeFile(source, 'a small note\n');
    const folder = await freshFolder();
    // Without --wait, receive listens until Ctrl+C.
    const receive = new Msnp(['receive', ...as(ALICE), '--accept-files', folder]);
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (receive.stdout.includes('Signed in as')) {
          clearInterval(poll);
          resolve();
        }
      }, 20);
    });
    const send = await run(['sendfile', ...as(BOB), '--to', ALICE.email, '--file', source]);
    assert.equal(send.code, 0, send.stderr);
    assert.match(send.stdout, /Offered note\.txt \(13 bytes\) to Alice Liddell/);
    assert.match(send.stdout, /Sent note\.txt \(13 bytes, sha256 [0-9a-f]{64}\)/);
    while (!receive.stdout.includes('Saved note.txt')) await new Promise((r) => setTimeout(r, 20));
    receive.interrupt();
    assert.equal(await receive.exited, 0, receive.stderr);
    assert.match(receive.stdout, /Signed in as Alice Liddell <alice@example.com>; listening until Ctrl\+C, saving offered files in /);
    assert.match(receive.stdout, /Bob Ünïcode ☃ <bob@example.com> offers note\.txt \(13 bytes\)/);
    assert.ok(receive.stdout.includes(`Saved note.txt as ${path.join(folder, 'note.txt')} (13 bytes, sha256 `));
  });

  it('declines the file without --accept-files, so sendfile exits 1 with one sentence and receive 0 when --wait runs out', async () => {
    const source = path.join(tmp, 'unwanted.txt');
    await writeFile(source, 'no thanks');
    const receive = new Msnp(['receive', ...as(ALICE), '--wait', '5', '--json']);
    await receive.line('signedIn', (l) => l.acceptFiles === null && l.waitSeconds === 5);
    const send = await run(['sendfile', ...as(BOB), '--to', ALICE.email, '--file', source, '--json']);
    assert.equal(send.code, 1);
    assert.equal(send.stderr.trim(), 'msnp: Alice Liddell declined the file.');
    assert.equal(send.lines.at(-1)!.type, 'state', 'sendfile still signs out and reports the state');
    assert.equal(await receive.exited, 0, receive.stderr);
    assert.ok(receive.types().includes('fileDeclined'));
    assert.equal(receive.lines.at(-1)!.type, 'state');
  });

  it('exits 1 with one sentence when the contact is offline', async () => {
    const source = path.join(tmp, 'lonely.txt');
    await writeFile(source, 'anyone?');
    const r = await run(['sendfile', ...as(ALICE), '--to', CAROL.email, '--file', source]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim(), 'msnp: Carol is not online, so the file could not be sent.');
  });

  describe('against a peer driven by the engine', () => {
    // Alice answers rings but never answers an offer.
    let peer: ConversationManager;
    let aliceNs: NotificationSession;
    before(async () => {
      aliceNs = await sessions.signIn(server, ALICE);
      peer = new ConversationManager(aliceNs);
    });
    afterEach(() => peer.closeAll());
    after(() => aliceNs.signOut());
    const nextConversation = (): Promise<Conversation> => nextOf(peer, 'conversation').then((e) => e.conversation);

    it('withdraws the offer when nobody answers within --wait', async () => {
      const source = path.join(tmp, 'ignored.txt');
      await writeFile(source, 'hello?');
      const conversation = nextConversation();
      const r = await run(['sendfile', ...as(BOB), '--to', ALICE.email, '--file', source, '--wait', '1']);
      assert.equal(r.code, 1);
      assert.equal(r.stderr.trim(), 'msnp: Nobody accepted the file within 1 second, so the invitation was withdrawn.');
      await conversation;
    });

    it('cancels cleanly on Ctrl+C: the peer hears the cancel and sendfile exits 1', async () => {
      const source = path.join(tmp, 'second-thoughts.txt');
      await writeFile(source, 'never mind');
      const conversation = nextConversation();
      const send = new Msnp(['sendfile', ...as(BOB), '--to', ALICE.email, '--file', source, '--json']);
      const c = await conversation;
      const offer = await nextOf(c.invitations, 'fileOffer');
      const cancelled = nextOf(c.invitations, 'cancelled');
      await send.line('offered');
      send.interrupt();
      assert.equal(await send.exited, 1);
      assert.equal(send.stderr.trim(), 'msnp: You cancelled the transfer, so the file was not sent.');
      const e = await cancelled;
      assert.deepEqual([e.cookie, e.by, e.code], [offer.cookie, 'peer', 'TIMEOUT']);
      assert.equal(send.lines.at(-1)!.type, 'state');
    });
  });

  it('receive reports messages, typing and joins, declines voice with REJECT_NOT_INSTALLED and saves a hostile name sanitized', async () => {
    const folder = await freshFolder();
    const receive = new Msnp(['receive', ...as(ALICE), '--accept-files', folder, '--wait', '60', '--json']);
    await receive.line('signedIn');
    const bobNs = await sessions.signIn(server, BOB);
    const bob = new ConversationManager(bobNs);
    try {
      const c = bob.open([ALICE.email]);
      const answered = (command: string, cookie: string): Promise<Record<string, string>> =>
        nextOf(c, 'payload', (p) => {
          const inv = parseInvitationPayload(p.body);
          return !('error' in inv) && inv.command === command && inv.cookie === cookie;
        }).then((p) => {
          const inv = parseInvitationPayload(p.body);
          return 'error' in inv ? {} : inv.fields;
        });

      c.sendText('Hello, Alice');
      await receive.line('message', (l) => l.text === 'Hello, Alice' && l.from === BOB.email);
      const started = await receive.line('conversation');
      assert.deepEqual([started.incoming, started.members], [true, [BOB.email]]);
      await receive.line('joined', (l) => l.email === BOB.email);
      c.typing();
      await receive.line('typing', (l) => l.active === true && l.email === BOB.email);

      // A voice invitation is answered REJECT_NOT_INSTALLED.
      const voiceAnswer = answered('CANCEL', '501');
      await c.sendPayload(
        serializeInvitation('INVITE', '501', [
          ['Application-Name', 'Voice Conversation'],
          ['Application-GUID', VOICE_GUID],
        ]),
      );
      assert.equal((await voiceAnswer)['cancel-code'], 'REJECT_NOT_INSTALLED');
      const declined = await receive.line('invitationDeclined');
      assert.deepEqual([declined.kind, declined.code, declined.from], ['voice', 'REJECT_NOT_INSTALLED', BOB.email]);

      // A file whose name tries to climb out of the folder lands inside it, renamed.
      const data = Buffer.from('not really a system file');
      const accepted = answered('ACCEPT', '502');
      await c.sendPayload(
        serializeInvitation('INVITE', '502', [
          ['Application-Name', 'File Transfer'],
          ['Application-GUID', FILE_TRANSFER_GUID],
          ['Application-File', '..\\..\\Windows\\System32\\.evil\u202Efdp.exe'],
          ['Application-FileSize', String(data.length)],
        ]),
      );
      await accepted;
      const sender = new MsnftpSender({ source: { data }, size: data.length, peerHandle: ALICE.email, authCookie: '4242', host: '127.0.0.1', port: 0 });
      const { port } = await sender.listen();
      const outcome = outcomeOf(sender);
      await c.sendPayload(
        serializeInvitation('ACCEPT', '502', [
          ['IP-Address', '127.0.0.1'],
          ['Port', String(port)],
          ['AuthCookie', '4242'],
          ['Launch-Application', 'FALSE'],
          ['Request-Data', 'IP-Address:'],
        ]),
      );
      assert.equal((await outcome).kind, 'done');
      const saved = await receive.line('transferDone', (l) => l.cookie === '502');
      assert.equal(saved.path, path.join(folder, 'evilfdp.exe'));
      assert.deepEqual(await readdir(folder), ['evilfdp.exe']);
      assert.deepEqual(await readFile(path.join(folder, 'evilfdp.exe')), data);

      bob.closeAll();
      await receive.line('left', (l) => l.email === BOB.email);
    } finally {
      bob.closeAll();
      if (bobNs.status === 'online') await bobNs.signOut();
    }
    receive.interrupt();
    assert.equal(await receive.exited, 0, receive.stderr);
    assert.equal(receive.stderr, '');
  });

  it('exits 2 with one sentence on usage errors', async () => {
    const source = path.join(tmp, 'usage.txt');
    await writeFile(source, 'x');
    const cases: [string[], string][] = [
      [['sendfile', ...as(BOB), '--file', source], 'msnp: --to is required for msnp sendfile'],
      [['sendfile', ...as(BOB), '--to', ALICE.email], 'msnp: --file is required for msnp sendfile'],
      [['sendfile', ...as(BOB), '--to', 'alice', '--file', source], 'msnp: --to must be an e-mail address, not "alice"'],
      [['sendfile', ...as(BOB), '--to', ALICE.email, '--file', path.join(tmp, 'missing.bin')], `msnp: --file must name a file that exists, and "${path.join(tmp, 'missing.bin')}" does not`],
      [['sendfile', ...as(BOB), '--to', ALICE.email, '--file', tmp], `msnp: --file must name a file, and "${tmp}" is not one`],
      [['receive', ...as(ALICE), '--accept-files', path.join(tmp, 'nowhere')], `msnp: --accept-files must name an existing folder, and "${path.join(tmp, 'nowhere')}" is not one`],
      [['receive', ...as(ALICE), '--to', BOB.email], "msnp: Unknown option '--to'"],
      [['receive', '--user', ALICE.email], 'msnp: --server is required'],
    ];
    const results = await Promise.all(cases.map(([args]) => run(args)));
    results.forEach((r, i) => {
      assert.equal(r.code, 2, `${cases[i]![0].join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim(), cases[i]![1]);
      assert.equal(r.stdout, '', 'nothing happens before the options are right');
    });
  });
});
