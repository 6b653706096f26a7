// msnp receive and an offer larger than its limit (4 GiB unless --max-size says otherwise): declined with
// a sentence and CANCEL REJECT, or accepted when --max-size allows it. The offer comes from an engine
// session that only announces the size, so no gigabytes move.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FILE_TRANSFER_GUID, parseInvitationPayload, serializeInvitation } from '../../app/invitation';
import type { Conversation } from '../../main/msnp/conversation';
import { ConversationManager } from '../../main/msnp/conversations';
import type { MsnpTestServer } from '../../main/sandbox/server';
import { ALICE, BOB, Sessions, startServer } from './helpers';
import { nextOf } from './transferHelpers';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIVE_GIB = 5 * 1024 ** 3;

type Line = Record<string, unknown> & { type: string };

/** msnp receive as a child process, its JSON lines as they come. */
function receive(args: string[]) {
  const child = spawn(process.execPath, [path.join(root, 'bin', 'msnp.js'), 'receive', ...args, '--json'], {
    cwd: root,
  });
  const lines: Line[] = [];
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
    let nl: number;
    while ((nl = stdout.indexOf('\n')) >= 0) {
      const text = stdout.slice(0, nl);
      stdout = stdout.slice(nl + 1);
      try {
        lines.push(JSON.parse(text) as Line);
      } catch {
        // not JSON
      }
    }
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const line = async (type: string, match: (l: Line) => boolean = () => true, ms = 15_000): Promise<Line> => {
    const until = Date.now() + ms;
    for (;;) {
      const found = lines.find((l) => l.type === type && match(l));
      if (found) return found;
      if (Date.now() > until) throw new Error(`no ${type} line; stderr: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { lines, line, exited, stderr: () => stderr, stop: () => child.kill('SIGINT') };
}

describe('msnp receive and offers over its limit', () => {
  let server: MsnpTestServer;
  let folder: string;
  const sessions = new Sessions();
  const as = (account: { email: string; password: string }): string[] => [
    '--server',
    `127.0.0.1:${server.dispatchPort}`,
    '--user',
    account.email,
    '--password',
    account.password,
  ];

  before(async () => {
    server = await startServer();
    folder = await mkdtemp(path.join(os.tmpdir(), 'butterfly-large-cli-'));
  });
  after(async () => {
    await sessions.closeAll();
    await server.stop();
    await rm(folder, { recursive: true, force: true });
  });

  /** Bob offers a file of `size` bytes to Alice's msnp receive; resolves to Alice's answer (its command and fields). */
  async function offer(
    c: Conversation,
    cookie: string,
    size: number,
  ): Promise<{ command: string; fields: Record<string, string> }> {
    const answer = nextOf(c, 'payload', (p) => {
      const inv = parseInvitationPayload(p.body);
      return !('error' in inv) && inv.cookie === cookie;
    }).then((p) => {
      const inv = parseInvitationPayload(p.body);
      return 'error' in inv ? { command: '', fields: {} } : { command: inv.command, fields: inv.fields };
    });
    await c.sendPayload(
      serializeInvitation('INVITE', cookie, [
        ['Application-Name', 'File Transfer'],
        ['Application-GUID', FILE_TRANSFER_GUID],
        ['Application-File', 'film.mkv'],
        ['Application-FileSize', String(size)],
      ]),
    );
    return answer;
  }

  it('declines an offer over 4 GiB by default with a sentence, and accepts one when --max-size allows it', async () => {
    const bob = new ConversationManager(await sessions.signIn(server, BOB));

    const strict = receive([...as(ALICE), '--accept-files', folder, '--wait', '60']);
    await strict.line('signedIn');
    const c1 = bob.open([ALICE.email]);
    const refused = await offer(c1, '701', FIVE_GIB);
    assert.equal(refused.command, 'CANCEL');
    assert.equal(refused.fields['cancel-code'], 'REJECT');
    const declined = await strict.line('fileDeclined', (l) => l.cookie === '701');
    assert.equal(declined.reason, 'too-large');
    assert.equal(
      declined.message,
      'Declined film.mkv: it is 5.0 GB, larger than the limit of 4.0 GB; use --max-size to receive larger files.',
    );
    assert.ok(!strict.lines.some((l) => l.type === 'fileAccepted'));
    strict.stop();
    assert.equal(await strict.exited, 0, strict.stderr());
    bob.closeAll();

    const roomy = receive([...as(ALICE), '--accept-files', folder, '--wait', '60', '--max-size', '6GB']);
    await roomy.line('signedIn');
    const c2 = bob.open([ALICE.email]);
    const accepted = await offer(c2, '702', FIVE_GIB);
    assert.equal(accepted.command, 'ACCEPT');
    await roomy.line('fileAccepted', (l) => l.cookie === '702');
    roomy.stop();
    assert.equal(await roomy.exited, 0, roomy.stderr());
    bob.closeAll();
  });

  it('refuses a --max-size that is no size with exit 2 and one sentence', async () => {
    const bad = receive([...as(ALICE), '--max-size', 'lots']);
    assert.equal(await bad.exited, 2);
    assert.equal(bad.stderr(), 'msnp: --max-size must be a number of bytes or a size such as 500MB or 8GB\n');
  });
});
