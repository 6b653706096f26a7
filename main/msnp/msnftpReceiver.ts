// The receiving end of MSNFTP: connects to the sender, proves who it is, and writes the blocks to a file
// that exists only as `<name>.part` until every announced byte is on disk.
import { type Hash, createHash } from 'node:crypto';
import { rename } from 'node:fs/promises';
import net from 'node:net';
import { errorMessage, wireText } from './errors';
import { BYE_DISK_FULL, BYE_OK, type MsnftpCommonOptions, MsnftpPeer, seconds, splitLine } from './msnftp';
import { BlockParser } from './msnftpFraming';
import { type Download, discardDownload, reserveDownload, safeFileName } from './safeFileName';

export interface MsnftpReceiverOptions extends MsnftpCommonOptions {
  host: string;
  port: number;
  /** Our own handle, sent in USR. */
  handle: string;
  authCookie: string;
  /** The size announced in the invitation; FIL must say the same and no more may arrive. */
  size: number;
  folder: string;
  /** Sanitized again here: whatever the caller passes, the file lands directly inside folder. */
  fileName: string;
  connectTimeoutMs?: number;
  /** Received bytes waiting for the disk above this pause the socket until a write finishes. */
  maxBufferedBytes?: number;
}

export const DEFAULT_CONNECT_MS = 20_000;
export const DEFAULT_MAX_BUFFERED = 8 * 1024 * 1024;

const CCL = 'CCL\r\n';
const TOKEN = /^[\x21-\x7e]{1,256}$/;

type ReceiverState = 'idle' | 'connecting' | 'version' | 'auth' | 'receiving';

function diskFailure(err: unknown): { message: string; farewell: string } {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'ESHORTWRITE') {
    return { message: 'The file could not be saved because the disk is full.', farewell: `BYE ${BYE_DISK_FULL}\r\n` };
  }
  return { message: `The file could not be saved: ${errorMessage(err)}.`, farewell: CCL };
}

export class MsnftpReceiver extends MsnftpPeer {
  private readonly opts: MsnftpReceiverOptions;
  private state: ReceiverState = 'idle';
  private download: Download | null = null;
  private received = 0;
  private readonly hash: Hash | null;
  private readonly parser: BlockParser;
  private queue: Buffer[] = [];
  private queued = 0;
  private writing: Promise<void> | null = null;
  private paused = false;
  private completing = false;

  constructor(options: MsnftpReceiverOptions) {
    super(options);
    if (!Number.isSafeInteger(options.size) || options.size < 0) throw new RangeError('the size must be a whole number of bytes');
    if (!TOKEN.test(options.handle) || !TOKEN.test(options.authCookie)) throw new TypeError('the handle and cookie must be single words');
    this.opts = options;
    this.hash = this.hashing ? createHash('sha256') : null;
    // Compacting: the socket's chunks are ours alone, and one slice per chunk keeps the writev short.
    this.parser = new BlockParser(
      {
        data: (bytes) => this.onBlockData(bytes),
        end: () => {
          if (this.received < this.opts.size) void this.fail('peer-cancelled', 'The other person cancelled the transfer.');
        },
        error: (message) => void this.fail('protocol', `The sender broke the file transfer protocol (${message}).`, CCL),
      },
      { compact: true },
    );
  }

  /** Where the file will be once complete; null before it is reserved. */
  get path(): string | null {
    return this.download?.path ?? null;
  }

  get bytesReceived(): number {
    return this.received;
  }

  /** Reserves the file, then connects. The outcome comes as `done` or `failed`; this never rejects. */
  async start(): Promise<void> {
    if (this.state !== 'idle') return;
    this.state = 'connecting';
    try {
      const download = await reserveDownload(this.opts.folder, safeFileName(this.opts.fileName));
      this.download = download;
      // A cancel while the file was being created found nothing to remove; remove it now.
      if (this.finished) return void (await this.release());
    } catch (err) {
      return void this.fail('io', `The file could not be created in the chosen folder: ${errorMessage(err)}.`);
    }
    const { host, port } = this.opts;
    const connectMs = this.opts.connectTimeoutMs ?? DEFAULT_CONNECT_MS;
    const socket = net.createConnection({ host, port });
    this.attach(socket);
    const stopConnectTimer = this.timers.timeout(
      () => void this.fail('timeout', `Could not reach the sender at ${host}:${port} within ${seconds(connectMs)}; a firewall or router may be blocking direct connections.`),
      connectMs,
    );
    socket.once('connect', () => {
      stopConnectTimer();
      if (this.finished) return;
      this.state = 'version';
      this.watchInactivity();
      this.sendLine('VER MSNFTP');
    });
  }

  protected onData(chunk: Buffer): void {
    if (this.state === 'receiving') {
      this.parser.push(chunk);
      this.afterChunk();
      return;
    }
    this.lines.push(chunk);
    for (;;) {
      let line: string | null;
      try {
        line = this.nextLine();
      } catch (err) {
        void this.fail('protocol', `The sender broke the file transfer protocol (${errorMessage(err)}).`, CCL);
        return;
      }
      if (line === null || this.finished) return;
      this.onLine(line);
      // onLine moves the state on; read it afresh (the narrowing above no longer holds).
      if ((this.state as ReceiverState) === 'receiving') {
        // Anything after FIL in the same chunk is already block data.
        const rest = this.lines.drain();
        if (rest.length > 0) this.parser.push(rest);
        this.afterChunk();
        return;
      }
    }
  }

  private onLine(line: string): void {
    const { name, args } = splitLine(line);
    const broken = (what: string): void =>
      void this.fail('protocol', `The sender broke the file transfer protocol (${what}), so the transfer was stopped.`, CCL);
    if (name === 'CCL' || name === 'BYE') {
      void this.fail('peer-cancelled', 'The other person cancelled the transfer.');
      return;
    }
    if (this.state === 'version') {
      if (name !== 'VER' || !args.includes('MSNFTP')) return broken(`it answered "${wireText(line, 40)}" instead of VER MSNFTP`);
      this.sendLine(`USR ${this.opts.handle} ${this.opts.authCookie}`);
      this.state = 'auth';
      return;
    }
    if (this.state === 'auth') {
      if (name !== 'FIL' || !/^\d{1,16}$/.test(args[0] ?? '')) return broken('it did not announce the size with FIL');
      const offered = Number(args[0]);
      if (offered !== this.opts.size) {
        void this.fail('size', `The sender offered ${offered} bytes but the invitation announced ${this.opts.size}, so the transfer was refused.`, CCL);
        return;
      }
      this.sendLine('TFR');
      this.state = 'receiving';
      this.emit('started', { total: this.opts.size });
    }
  }

  private onBlockData(bytes: Buffer): void {
    if (this.finished) return;
    if (this.received + bytes.length > this.opts.size) {
      void this.fail('size', 'The sender sent more than the announced size, so the partial file was removed.', CCL);
      return;
    }
    this.received += bytes.length;
    this.hash?.update(bytes);
    this.queue.push(bytes);
    this.queued += bytes.length;
  }

  private afterChunk(): void {
    if (this.finished) return;
    this.flush();
    const maxBuffered = this.opts.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED;
    if (this.queued >= maxBuffered && !this.paused) {
      // The disk is slower than the network: stop reading so TCP flow control holds the sender back.
      this.paused = true;
      this.socket?.pause();
    }
    this.reportProgress(this.received, this.opts.size);
    if (this.received === this.opts.size && !this.completing) void this.complete();
  }

  /** Hands every queued slice to the disk in one writev; one write in flight at a time. */
  private flush(): void {
    if (this.writing || this.queued === 0 || !this.download) return;
    const batch = this.queue;
    const bytes = this.queued;
    this.queue = [];
    this.queued = 0;
    this.writing = this.writeBatch(batch, bytes);
  }

  private async writeBatch(batch: Buffer[], bytes: number): Promise<void> {
    try {
      const { bytesWritten } = await this.download!.handle.writev(batch);
      if (bytesWritten !== bytes) throw Object.assign(new Error('the file was written only in part'), { code: 'ESHORTWRITE' });
    } catch (err) {
      this.writing = null;
      const { message, farewell } = diskFailure(err);
      void this.fail('io', message, farewell);
      return;
    }
    this.writing = null;
    if (this.finished) return;
    if (this.paused) {
      this.paused = false;
      this.socket?.resume();
    }
    this.flush();
  }

  private async complete(): Promise<void> {
    this.completing = true;
    // The socket stays open while the last writes land: more bytes arriving now still count as an overrun.
    while (this.writing || this.queued > 0) {
      this.flush();
      await this.writing;
      if (this.finished) return;
    }
    if (!this.claim()) return;
    const download = this.download!;
    try {
      await download.handle.close();
      await rename(download.partPath, download.path);
    } catch (err) {
      const { message, farewell } = diskFailure(err);
      return this.settleFailure('io', message, farewell);
    }
    this.closeSocket(`BYE ${BYE_OK}\r\n`);
    this.emit('done', { path: download.path, bytes: this.received, sha256: this.hash?.digest('hex') });
  }

  protected cancelFarewell(): string | undefined {
    return this.state === 'idle' || this.state === 'connecting' ? undefined : CCL;
  }

  protected onClosed(error: Error | null): void {
    // The sender may close right after its last block; the file is whole, so completion goes on.
    if (this.completing) return;
    const { host, port } = this.opts;
    const detail = error ? ` (${error.message})` : '';
    switch (this.state) {
      case 'connecting':
        void this.fail('connect', `Could not connect to the sender at ${host}:${port}${detail}; a firewall or router may be blocking direct connections.`);
        return;
      case 'auth':
        void this.fail('auth', 'The sender refused the connection, so the transfer could not start.');
        return;
      default:
        void this.fail('closed', `The connection closed before the whole file arrived${detail}.`);
    }
  }

  protected async release(): Promise<void> {
    this.queue = [];
    this.queued = 0;
    await this.writing?.catch(() => {});
    const download = this.download;
    if (!download) return;
    await download.handle.close().catch(() => {});
    await discardDownload(download);
  }
}
