// The sending end of MSNFTP: listens, lets exactly one receiver in (checked by handle and cookie), then streams.
import { type Hash, createHash } from 'node:crypto';
import net from 'node:net';
import { errorMessage, wireText } from './errors';
import { type MsnftpCommonOptions, MsnftpPeer, describeBye, seconds, splitLine } from './msnftp';
import { END_MARKER } from './msnftpFraming';
import { type FramedBatch, FramedReader, type MsnftpSource } from './msnftpSource';

export interface MsnftpSenderOptions extends MsnftpCommonOptions {
  source: MsnftpSource;
  /** The size announced in the invitation; FIL repeats it and exactly this many bytes are sent. */
  size: number;
  /** Who may connect: the handle the receiver must give in USR. */
  peerHandle: string;
  authCookie: string;
  /** Defaults to 0.0.0.0: the receiver comes from the outside. */
  host?: string;
  /** 0 lets the system choose. */
  port?: number;
  /** How many consecutive ports to try from `port` when one is taken (the classic client walked up from 6891); then any free port. */
  portAttempts?: number;
  /** How long the receiver has to connect. */
  acceptTimeoutMs?: number;
}

export const DEFAULT_ACCEPT_MS = 60_000;

type SenderState = 'idle' | 'listening' | 'version' | 'auth' | 'ready' | 'sending' | 'waiting';

function listenOn(server: net.Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

export class MsnftpSender extends MsnftpPeer {
  private readonly opts: MsnftpSenderOptions;
  private server: net.Server | null = null;
  private state: SenderState = 'idle';
  private sent = 0;
  private readonly hash: Hash | null;
  private streaming: Promise<void> | null = null;
  private wakeDrain: (() => void) | null = null;
  private boundPort = 0;
  private stopAcceptTimer: () => void = () => {};

  constructor(options: MsnftpSenderOptions) {
    super(options);
    if (!Number.isSafeInteger(options.size) || options.size < 0) throw new RangeError('the size must be a whole number of bytes');
    this.opts = options;
    this.hash = this.hashing ? createHash('sha256') : null;
  }

  get port(): number {
    return this.boundPort;
  }

  get bytesSent(): number {
    return this.sent;
  }

  /** Starts listening; resolves with the address to put in the invitation's ACCEPT. */
  async listen(): Promise<{ host: string; port: number }> {
    if (this.state !== 'idle' || this.finished) throw new Error('a sender listens only once');
    this.state = 'listening';
    const host = this.opts.host ?? '0.0.0.0';
    const first = this.opts.port ?? 0;
    const attempts = first === 0 ? 1 : Math.max(1, this.opts.portAttempts ?? 1);
    // The customary ports first (a router may forward them); when every one is taken, any free port beats failing.
    const ports = Array.from({ length: attempts }, (_, i) => first + i).filter((p) => p <= 65_535);
    if (first !== 0) ports.push(0);
    let lastError: unknown = null;
    for (const port of ports) {
      const server = net.createServer();
      try {
        await listenOn(server, host, port);
      } catch (err) {
        lastError = err;
        server.close();
        if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') continue;
        break;
      }
      // Never an unhandled error: once listening, a server error ends the transfer.
      server.on('error', (err) => void this.fail('io', `The file transfer port stopped working: ${errorMessage(err)}.`));
      if (this.finished) {
        server.close();
        throw new Error('the transfer was cancelled');
      }
      this.server = server;
      this.boundPort = (server.address() as net.AddressInfo).port;
      server.on('connection', (socket) => this.onConnection(socket));
      this.stopAcceptTimer = this.timers.timeout(
        () => void this.fail('timeout', `The other person did not connect within ${seconds(this.opts.acceptTimeoutMs ?? DEFAULT_ACCEPT_MS)}; a firewall or router may be blocking direct connections.`),
        this.opts.acceptTimeoutMs ?? DEFAULT_ACCEPT_MS,
      );
      return { host, port: this.boundPort };
    }
    const message = `Could not open a port for the file transfer: ${errorMessage(lastError)}.`;
    void this.fail('io', message);
    throw new Error(message);
  }

  private onConnection(socket: net.Socket): void {
    if (this.socket || this.finished) {
      socket.on('error', () => {});
      socket.destroy();
      return;
    }
    // One connection only: the port is closed for anyone else from here on.
    this.server?.close();
    this.server = null;
    this.stopAcceptTimer();
    this.state = 'version';
    this.attach(socket);
    this.watchInactivity();
  }

  protected onData(chunk: Buffer): void {
    this.lines.push(chunk);
    for (;;) {
      let line: string | null;
      try {
        line = this.nextLine();
      } catch (err) {
        void this.fail('protocol', `The other side broke the file transfer protocol (${errorMessage(err)}).`);
        return;
      }
      if (line === null || this.finished) return;
      this.onLine(line);
    }
  }

  private onLine(line: string): void {
    const { name, args } = splitLine(line);
    const broken = (what: string): void =>
      void this.fail('protocol', `The other side broke the file transfer protocol (${what}), so the transfer was stopped.`);
    if (name === 'CCL') {
      // Stops at once: the stream loop sees the outcome on its next turn and reads no further.
      void this.fail('peer-cancelled', 'The other person cancelled the transfer.');
      return;
    }
    switch (this.state) {
      case 'version':
        if (name !== 'VER' || !args.includes('MSNFTP')) return broken(`it opened with "${wireText(line, 40)}" instead of VER MSNFTP`);
        this.sendLine('VER MSNFTP');
        this.state = 'auth';
        return;
      case 'auth': {
        if (name !== 'USR' || args.length < 2) return broken('it did not identify itself with USR');
        const [handle = '', cookie = ''] = args;
        if (handle.toLowerCase() !== this.opts.peerHandle.toLowerCase() || cookie !== this.opts.authCookie) {
          void this.fail('auth', 'Someone connected for the file without the right authorization, so the transfer was stopped.');
          return;
        }
        this.sendLine(`FIL ${this.opts.size}`);
        this.state = 'ready';
        return;
      }
      case 'ready':
        if (name !== 'TFR') return broken(`it sent "${wireText(line, 40)}" instead of TFR`);
        this.state = 'sending';
        this.emit('started', { total: this.opts.size });
        this.streaming = this.stream();
        return;
      case 'sending':
      case 'waiting': {
        if (name !== 'BYE') return; // Nothing else is expected here; chatter is not worth failing a transfer for.
        const outcome = describeBye(args[0] ?? '');
        if (!outcome.ok) {
          void this.fail(outcome.reason, outcome.message);
          return;
        }
        if (this.state === 'sending') return broken('it confirmed the file before all of it was sent');
        this.succeed();
        return;
      }
      default:
        return;
    }
  }

  private async stream(): Promise<void> {
    const reader = new FramedReader(this.opts.source, this.opts.size, this.hash);
    let next: Promise<FramedBatch | null> | null = null;
    try {
      await reader.open();
      next = reader.next();
      for (;;) {
        const batch: FramedBatch | null = await next;
        next = null;
        if (this.finished || !batch || !this.socket) break;
        if (this.sent + batch.dataBytes < this.opts.size) {
          // Read the next batch while this one drains, so the socket never waits for the disk.
          next = reader.next();
          next.catch(() => {});
        }
        // Once the socket has taken the frame, the next batches are read into it again.
        const flushed = this.socket.write(batch.frame, (err) => {
          if (!err) reader.recycle(batch.frame);
        });
        this.sent += batch.dataBytes;
        this.touch();
        this.reportProgress(this.sent, this.opts.size);
        if (!flushed) await this.drained();
      }
      if (!this.finished) this.state = 'waiting';
    } catch (err) {
      void this.fail('io', `The file could not be read: ${errorMessage(err)}.`, END_MARKER);
    } finally {
      if (next) await next.catch(() => null);
      await reader.close();
    }
  }

  /** Resolves when the socket can take more, or when it is gone or the transfer is over. */
  private drained(): Promise<void> {
    const socket = this.socket;
    if (!socket || this.finished) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        socket.off('drain', wake);
        socket.off('close', wake);
        this.wakeDrain = null;
        this.touch();
        resolve();
      };
      socket.on('drain', wake);
      socket.on('close', wake);
      this.wakeDrain = wake;
    });
  }

  private succeed(): void {
    if (!this.claim()) return;
    this.closeSocket();
    const source = this.opts.source;
    this.emit('done', {
      path: 'path' in source ? source.path : undefined,
      bytes: this.sent,
      sha256: this.hash?.digest('hex'),
    });
  }

  protected cancelFarewell(): Buffer | undefined {
    // Before TFR the receiver expects a text line, not a block header: closing says enough.
    return this.state === 'sending' || this.state === 'waiting' ? END_MARKER : undefined;
  }

  protected onClosed(error: Error | null): void {
    const detail = error ? ` (${error.message})` : '';
    const message =
      this.state === 'waiting'
        ? `The connection closed before the other person confirmed the file${detail}.`
        : `The connection closed before the whole file was sent${detail}.`;
    void this.fail('closed', message);
  }

  protected async release(): Promise<void> {
    this.server?.close();
    this.server = null;
    this.wakeDrain?.();
    await this.streaming?.catch(() => {});
  }
}
