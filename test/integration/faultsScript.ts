// A scripted MSNP server for fault tests: every command a client sends goes to a function the test gives,
// which answers, closes, falls silent or sends garbage at any step. The default script signs anyone in
// (no redirect, no password check) with a one-contact list, so a test changes only the step it is about.
import net from 'node:net';
import { type Command } from '../../main/msnp/command';
import { Framer } from '../../main/msnp/framing';

export interface ScriptConnection {
  /** 0 for the first connection this server accepted, 1 for the next... */
  readonly index: number;
  write(text: string | Buffer): void;
  /** Sends the last bytes (if any) and closes. */
  end(text?: string): void;
}

/** Answers one command; returns true when it handled it, false to leave it to the default script. */
export type Step = (c: ScriptConnection, cmd: Command) => boolean | void;

export const SCRIPT_EMAIL = 'alice@example.com';

/** The full SYN answer of the default script: one contact on FL and AL, nobody else. */
export function syncLines(trId: number): string {
  return (
    `SYN ${trId} 7\r\nGTC ${trId} 7 A\r\nBLP ${trId} 7 AL\r\n` +
    `LST ${trId} FL 7 1 1 bob@example.com Bob\r\nLST ${trId} AL 7 1 1 bob@example.com Bob\r\n` +
    `LST ${trId} BL 7 0 0\r\nLST ${trId} RL 7 0 0\r\n`
  );
}

/** What a well-behaved notification server answers, for every step a test does not script. */
export function defaultStep(c: ScriptConnection, cmd: Command): void {
  const t = cmd.trId;
  switch (cmd.name) {
    case 'VER':
      return c.write(`VER ${t} MSNP5\r\n`);
    case 'INF':
      return c.write(`INF ${t} MD5\r\n`);
    case 'USR':
      if (cmd.args[1] === 'I') return c.write(`USR ${t} MD5 S 1234567890.1234\r\n`);
      return c.write(`USR ${t} OK ${SCRIPT_EMAIL} Alice\r\n`);
    case 'SYN':
      return c.write(syncLines(t!));
    case 'CHG':
      return c.write(`CHG ${t} ${cmd.args[0]}\r\n`);
    case 'PNG':
      return c.write('QNG\r\n');
    case 'OUT':
      return c.end();
    default:
      return c.write(`200 ${t ?? 0}\r\n`);
  }
}

export class ScriptServer {
  private readonly sockets = new Set<net.Socket>();
  private accepted = 0;
  /** Every command received, as `index: line`, for assertions and failure messages. */
  readonly received: string[] = [];

  private constructor(
    private readonly server: net.Server,
    private readonly step: Step,
  ) {}

  static async start(step: Step = () => false): Promise<ScriptServer> {
    const server = net.createServer();
    const s = new ScriptServer(server, step);
    server.on('connection', (socket) => s.accept(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return s;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** Sockets still open on the server's side. */
  get openSockets(): number {
    return this.sockets.size;
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => {});
    const c: ScriptConnection = {
      index: this.accepted++,
      write: (text) => {
        if (!socket.destroyed && !socket.writableEnded) socket.write(text);
      },
      end: (text) => {
        if (socket.destroyed || socket.writableEnded) return;
        if (text === undefined) socket.end();
        else socket.end(text);
      },
    };
    const framer = new Framer(
      { from: 'client' },
      {
        command: (cmd) => {
          this.received.push(`${c.index}: ${cmd.raw}`);
          if (this.step(c, cmd) !== true) defaultStep(c, cmd);
        },
        warning: () => {},
        fatal: () => socket.destroy(),
      },
    );
    socket.on('data', (chunk: Buffer) => framer.push(chunk));
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Rejects when `promise` has not settled within ms, so a test that would hang fails instead. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not end within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** The outcome of a promise as a value, so a test can assert on a failure and on how long it took. */
export async function outcome<T>(
  promise: Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: Error }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error: error as Error };
  }
}

/** Open TCP sockets in this process (clients and servers' accepted ones); listeners are not counted. */
export function openTcpSockets(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
}

/** Polls until `check` holds, for at most ms (sockets and timers go away a moment after a close). */
export async function eventually(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
