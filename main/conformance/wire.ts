// The conformance run's own client: bytes on a socket, framed by the engine's Framer, and nothing else.
// A check must see exactly what the server sent (the engine would tolerate and hide a deviation), so this
// client interprets nothing: it sends what a check writes and keeps every line both ways as evidence.
import net from 'node:net';
import { type Command, encodeCommand } from '../msnp/command';
import { Framer } from '../msnp/framing';
import { maskPayload, maskTraffic } from '../msnp/trafficMask';

/** One line of evidence: who sent it, on which connection, the line (a payload follows it, indented). */
export interface EvidenceLine {
  connection: string;
  direction: 'C' | 'S';
  line: string;
  payload?: string;
}

export class NoReplyError extends Error {
  override name = 'NoReplyError';
}

export class WireClient {
  private readonly inbox: Command[] = [];
  private wake: (() => void) | null = null;
  private ended = false;
  private trId = 0;
  /** Set when the server's bytes could not be framed: the rest of the stream cannot be read. */
  framingError: string | null = null;
  readonly closed: Promise<void>;

  private constructor(
    private readonly socket: net.Socket,
    /** Names this connection in the evidence: "a/ns", "b/sb". */
    readonly label: string,
    private readonly evidence: EvidenceLine[],
  ) {
    const framer = new Framer(
      { from: 'server' },
      {
        command: (cmd) => {
          this.record('S', cmd.raw, cmd.payload);
          this.inbox.push(cmd);
          this.wake?.();
        },
        warning: () => {},
        fatal: (err) => {
          this.framingError = err.message;
          socket.destroy();
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

  /** Connects, or rejects with a sentence once `timeoutMs` has passed or the server refused. */
  static connect(
    address: { host: string; port: number },
    label: string,
    evidence: EvidenceLine[],
    timeoutMs: number,
  ): Promise<WireClient> {
    return new Promise((resolve, reject) => {
      const socket = net.createConnection({ host: address.host, port: address.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(
          new NoReplyError(`could not connect to ${address.host}:${address.port} within ${timeoutMs} ms`),
        );
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.setNoDelay(true);
        resolve(new WireClient(socket, label, evidence));
      });
      socket.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(
          new Error(`could not connect to ${address.host}:${address.port} (${err.code ?? err.message})`),
        );
      });
    });
  }

  get isClosed(): boolean {
    return this.ended;
  }

  /** The TrID the next `send` will use. */
  get nextTrId(): number {
    return this.trId + 1;
  }

  /** Sends `NAME trId args...` (with a payload, its byte length is appended) and returns the TrID. */
  send(name: string, args: readonly string[] = [], payload?: string): number {
    this.trId += 1;
    // encodeCommand appends the payload's byte length itself.
    const bytes = payload === undefined ? undefined : Buffer.from(payload, 'utf8');
    this.writeRecorded(encodeCommand(name, this.trId, args, bytes));
    return this.trId;
  }

  /** Sends a command that takes no TrID (PNG, OUT). */
  sendBare(name: string, args: readonly string[] = []): void {
    this.writeRecorded(encodeCommand(name, null, args));
  }

  /** Writes bytes exactly as given, for checks that send what no encoder would (a lying length, garbage). */
  sendRaw(bytes: string): void {
    if (this.ended) return;
    this.record('C', bytes.replace(/\r\n$/, '').replace(/\r\n/g, '\\r\\n'));
    this.socket.write(bytes);
  }

  private writeRecorded(bytes: Buffer): void {
    if (this.ended) return;
    const text = bytes.toString('utf8');
    const cut = text.indexOf('\r\n');
    const payload = text.slice(cut + 2);
    this.record('C', text.slice(0, cut), payload.length > 0 ? Buffer.from(payload, 'utf8') : undefined);
    this.socket.write(bytes);
  }

  /** Evidence is printed and exported: the password (CTP), the MD5 answer and the Passport ticket are masked. */
  private record(direction: 'C' | 'S', line: string, payload?: Buffer): void {
    const text = payload === undefined ? undefined : maskPayload(payload.toString('utf8'));
    const shown = maskTraffic(direction === 'C' ? 'out' : 'in', line, { hash: true });
    this.evidence.push({ connection: this.label, direction, line: shown, payload: text });
  }

  /**
   * The first line not yet taken that matches, waiting up to `timeoutMs`; null when none came in time or
   * the connection closed first. Lines that do not match stay for later waits.
   */
  async next(match: (c: Command) => boolean, timeoutMs: number): Promise<Command | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.inbox.findIndex(match);
      if (i >= 0) return this.inbox.splice(i, 1)[0]!;
      const left = deadline - Date.now();
      if (this.ended || left <= 0) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          this.wake = null;
          resolve();
        };
      });
    }
  }

  /** The reply to a TrID: the command answering it or an error code carrying it. */
  reply(trId: number, timeoutMs: number): Promise<Command | null> {
    return this.next((c) => c.trId === trId, timeoutMs);
  }

  /** Everything received and not yet taken, in order (taken from the inbox). */
  drain(): Command[] {
    return this.inbox.splice(0, this.inbox.length);
  }

  /** Lines received and not yet taken, left in place. */
  pending(): readonly Command[] {
    return this.inbox;
  }

  /** Whether the server closes the connection within `timeoutMs`. */
  async closesWithin(timeoutMs: number): Promise<boolean> {
    if (this.ended) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const result = await Promise.race([this.closed.then(() => true as const), timedOut]);
    clearTimeout(timer);
    return result;
  }

  close(): void {
    this.socket.destroy();
  }
}
