// A bare MSNP client for tests that speak to the sandbox byte for byte: lines and payloads out, framed
// commands in, every wait bounded so a test never hangs.
import assert from 'node:assert/strict';
import net from 'node:net';
import { createHash } from 'node:crypto';
import type { Command } from '../../main/msnp/command';
import { Framer } from '../../main/msnp/framing';
import type { MsnpTestServer, SandboxAccountInit } from '../../main/sandbox/server';

export class RawClient {
  private readonly inbox: Command[] = [];
  private wake: (() => void) | null = null;
  private ended = false;
  readonly closed: Promise<void>;
  private trId = 0;

  private constructor(private readonly socket: net.Socket) {
    const framer = new Framer(
      { from: 'server' },
      {
        command: (cmd) => {
          this.inbox.push(cmd);
          this.wake?.();
        },
        warning: () => {},
        fatal: (err) => {
          throw err;
        },
      },
    );
    socket.on('data', (chunk: Buffer) => framer.push(chunk));
    this.closed = new Promise((resolve) => {
      socket.on('close', () => {
        this.ended = true;
        this.wake?.();
        resolve();
      });
    });
    socket.on('error', () => {});
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.createConnection({ host: '127.0.0.1', port }, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Whether the server has closed (or the test dropped) the connection. */
  get isClosed(): boolean {
    return this.ended;
  }

  /** Sends `NAME trId args` with the next TrID and returns that TrID. */
  send(name: string, ...args: string[]): number {
    this.trId += 1;
    this.raw(`${[name, String(this.trId), ...args].join(' ')}\r\n`);
    return this.trId;
  }

  /** Sends `MSG trId mode length` and the payload's bytes, in one write; returns the TrID. */
  sendMsg(mode: string, payload: string | Buffer): number {
    const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
    this.trId += 1;
    this.raw(Buffer.concat([Buffer.from(`MSG ${this.trId} ${mode} ${body.length}\r\n`), body]));
    return this.trId;
  }

  raw(bytes: string | Buffer): void {
    this.socket.write(bytes);
  }

  /** The first command not yet taken that matches; earlier non-matching ones stay for later waits. */
  async take(match: (c: Command) => boolean = () => true, timeoutMs = 3_000): Promise<Command> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.inbox.findIndex(match);
      if (i >= 0) return this.inbox.splice(i, 1)[0]!;
      if (this.ended) throw new Error(`connection closed; still held: ${this.inbox.map((c) => c.raw).join(' | ')}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`nothing matched within ${timeoutMs} ms; held: ${this.inbox.map((c) => c.raw).join(' | ')}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(t);
          this.wake = null;
          resolve();
        };
      });
    }
  }

  /** The next command, whatever it is. */
  next(): Promise<Command> {
    return this.take();
  }

  /** Every command received so far and not taken. */
  held(): string[] {
    return this.inbox.map((c) => c.raw);
  }

  close(): void {
    this.socket.destroy();
  }
}

export const md5 = (salt: string, password: string): string => createHash('md5').update(salt + password).digest('hex');

/** VER, INF and the MD5 exchange on the notification port, up to and including the two Hotmail messages. */
export async function signIn(server: MsnpTestServer, account: SandboxAccountInit, protocol = 'MSNP5'): Promise<RawClient> {
  const c = await RawClient.connect(server.nsPort);
  c.send('VER', protocol, 'CVR0');
  assert.equal((await c.next()).raw, `VER 1 ${protocol}`);
  c.send('INF');
  assert.equal((await c.next()).raw, 'INF 2 MD5');
  c.send('USR', 'MD5', 'I', account.email);
  const challenge = await c.next();
  assert.deepEqual(challenge.args.slice(0, 2), ['MD5', 'S']);
  c.send('USR', 'MD5', 'S', md5(challenge.args[2]!, account.password));
  const ok = await c.next();
  assert.equal(ok.name, 'USR', ok.raw);
  assert.equal((await c.next()).name, 'MSG');
  assert.equal((await c.next()).name, 'MSG');
  return c;
}
