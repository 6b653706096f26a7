// Shared set-up for the file-transfer tests: awaiting typed events, scripted MSNFTP peers, back-to-back managers.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { Emitter } from '../../main/msnp/emitter';
import { InvitationManager, type InvitationManagerOptions, type InvitationTransport } from '../../main/msnp/invitations';
import type { MsnftpEvents } from '../../main/msnp/msnftp';
import { invitationBody } from '../../app/invitation';
import { waitFor } from './helpers';

export const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** Resolves with the first matching event; rejects after timeoutMs so a test never hangs. */
export function nextOf<E extends object, K extends keyof E>(
  emitter: Emitter<E>,
  event: K,
  match: (payload: E[K]) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<E[K]> {
  return waitFor((listener) => emitter.on(event, listener), match, timeoutMs, `${String(event)} event`);
}

export type Outcome = { kind: 'done'; done: MsnftpEvents['done'] } | { kind: 'failed'; failed: MsnftpEvents['failed'] };

/** The one outcome of an MSNFTP end, done or failed. */
export function outcomeOf(peer: Emitter<MsnftpEvents>, timeoutMs = 15_000): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no outcome within ${timeoutMs} ms`)), timeoutMs);
    peer.once('done', (done) => {
      clearTimeout(timer);
      resolve({ kind: 'done', done });
    });
    peer.once('failed', (failed) => {
      clearTimeout(timer);
      resolve({ kind: 'failed', failed });
    });
  });
}

export function assertFailed(outcome: Outcome, reason: string): MsnftpEvents['failed'] {
  assert.equal(outcome.kind, 'failed', `expected a failure (${reason}), got ${JSON.stringify(outcome)}`);
  const { failed } = outcome as { failed: MsnftpEvents['failed'] };
  assert.equal(failed.reason, reason, failed.message);
  assert.match(failed.message, /^[A-Z].*\.$/, 'one plain sentence');
  return failed;
}

export function assertMonotonic(progress: { transferred: number; total: number }[], total: number): void {
  assert.ok(progress.length > 0, 'some progress was reported');
  for (let i = 1; i < progress.length; i += 1) assert.ok(progress[i]!.transferred >= progress[i - 1]!.transferred, `progress went back at ${i}`);
  for (const p of progress) assert.equal(p.total, total);
  assert.equal(progress.at(-1)!.transferred, total);
}

/**
 * Makes a new empty folder under `root()` on every call (root is read late: tests create it in before()).
 * `name` gives the path below root of the n-th folder, parents included.
 */
export function folderMaker(root: () => string, name: (n: number) => string = (n) => `folder-${n}`): () => Promise<string> {
  let count = 0;
  return async () => {
    count += 1;
    const folder = path.join(root(), name(count));
    await mkdir(folder, { recursive: true });
    return folder;
  };
}

export const listFolder = async (folder: string): Promise<string[]> => (await readdir(folder)).sort();

/** A listening socket driven by the test, standing in for a misbehaving MSNFTP sender. */
export async function scriptedServer(script: (socket: net.Socket, lines: AsyncIterableIterator<string>) => Promise<void>): Promise<{ port: number; close: () => void; received: () => string }> {
  const server = net.createServer();
  let heard = '';
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    const queue: string[] = [];
    const waiting: ((line: string) => void)[] = [];
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      heard += chunk.toString('latin1');
      buffered += chunk.toString('latin1');
      for (let i = buffered.indexOf('\r\n'); i !== -1; i = buffered.indexOf('\r\n')) {
        const line = buffered.slice(0, i);
        buffered = buffered.slice(i + 2);
        const w = waiting.shift();
        if (w) w(line);
        else queue.push(line);
      }
    });
    const lines: AsyncIterableIterator<string> = {
      next: () => new Promise((resolve) => {
        const line = queue.shift();
        if (line !== undefined) resolve({ value: line, done: false });
        else waiting.push((value) => resolve({ value, done: false }));
      }),
      [Symbol.asyncIterator]() {
        return this;
      },
    };
    void script(socket, lines).catch(() => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
    received: () => heard,
  };
}

export async function expectLine(lines: AsyncIterableIterator<string>, expected: RegExp): Promise<string> {
  const { value } = await lines.next();
  assert.match(value, expected);
  return value;
}

/** An in-memory conversation: what one side sends reaches the other a turn later, as over a switchboard. */
export class FakeConversation {
  readonly sent: { from: string; payload: string }[] = [];
  private readonly managers = new Map<string, InvitationManager>();

  join(email: string, options: InvitationManagerOptions = {}): InvitationManager {
    const transport: InvitationTransport = {
      selfEmail: email,
      send: async (payload) => {
        this.sent.push({ from: email, payload });
        setImmediate(() => {
          for (const [other, manager] of this.managers) if (other !== email) manager.handleMessage(email, invitationBody(payload));
        });
      },
      localAddress: () => '127.0.0.1',
      remoteAddress: () => '127.0.0.1',
    };
    const manager = new InvitationManager(transport, { listenHost: '127.0.0.1', listenPort: 0, ...options });
    this.managers.set(email, manager);
    return manager;
  }

  /** Payloads one side sent that hold the given text. */
  sentBy(email: string, text: string): string[] {
    return this.sent.filter((s) => s.from === email && s.payload.includes(text)).map((s) => s.payload);
  }

  async close(): Promise<void> {
    await Promise.all([...this.managers.values()].map((m) => m.close()));
  }
}
