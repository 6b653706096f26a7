// One TCP connection speaking MSNP: socket + framing + transactions + owned timers.
// The notification session and each switchboard own one of these; they share no state.
import net from 'node:net';
import { type Command, encodeCommand, isErrorReply, parseCommand } from './command';
import { Emitter } from './emitter';
import { describeErrorCode } from './errorCodes';
import { ConnectionError, ProtocolError, errorMessage } from './errors';
import { Framer, type LineTap } from './framing';
import { connectThroughProxy, type ProxyConfig } from './proxy';
import { Timers } from './timers';
import { Transactions } from './transactions';

export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'closing' | 'closed';

export interface RawTraffic {
  direction: 'in' | 'out';
  /** The command line without CRLF. */
  line: string;
  /** The payload as text, for MSG/NOT/PAG/SDC. */
  payload?: string;
  at: number;
}

export interface ConnectionWarning {
  code: string;
  message: string;
  line?: string;
}

export interface CloseInfo {
  /** Why it ended: we closed it, the peer closed it, the socket failed, or the peer broke the protocol. */
  cause: 'local' | 'remote' | 'error' | 'protocol';
  error?: Error;
  /** The peer closed while a command or payload was half-received. */
  truncated: boolean;
}

export interface ConnectionEvents {
  status: ConnectionStatus;
  command: Command;
  raw: RawTraffic;
  warning: ConnectionWarning;
  close: CloseInfo;
}

export interface ConnectOptions {
  host: string;
  port: number;
  timeoutMs?: number;
  maxPayload?: number;
  /** Connect through this proxy server; without it the socket goes straight to host:port. */
  proxy?: ProxyConfig;
}

export interface RequestOptions {
  /** Reply names that settle the request; defaults to the request's own name. */
  expect?: readonly string[];
  timeoutMs?: number;
  payload?: Buffer | string;
  /** Told the request's TrID before its bytes go out, for replies that come as several lines (FND). */
  onTrId?: (trId: number) => void;
}

export const DEFAULT_REQUEST_TIMEOUT = 30_000;
/** The longest a polite close waits for the peer to close its side (shorter when the request timeout is). */
const CLOSE_GRACE_MS = 2_000;
/** What a person reads when one of our own handlers failed on what the server sent. */
export const HANDLER_FAILED = 'the server sent something Butterfly could not handle, so the connection was closed';

export class Connection extends Emitter<ConnectionEvents> {
  readonly timers = new Timers();
  readonly transactions = new Transactions(this.timers);
  private socket: net.Socket | null = null;
  private framer: Framer | null = null;
  private _status: ConnectionStatus = 'idle';
  private closeInfo: CloseInfo | null = null;
  /** Fails connect() when the connection ends before it is up (destroyed while connecting). */
  private connectFailed: ((err: Error) => void) | null = null;
  /** Ends a proxy handshake under way (destroyed or timed out while connecting). */
  private proxyAbort: AbortController | null = null;
  private requestTimeout = DEFAULT_REQUEST_TIMEOUT;
  remote = '';
  remoteHost = '';
  remotePort = 0;
  /** performance.now() of the last bytes read: a clock read per socket chunk rather than per line. */
  lastReadAt = 0;

  get status(): ConnectionStatus {
    return this._status;
  }

  /**
   * Our end of the socket, as the peer sees it on a direct route; '' when not connected. A dual-stack
   * socket reports IPv4 as ::ffff:a.b.c.d; this gives the dotted form, the only one classic clients read.
   */
  get localAddress(): string {
    return this.socket?.localAddress?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '') ?? '';
  }

  /** The peer's IP address as connected (what the host name resolved to); '' when not connected. */
  get remoteAddress(): string {
    return this.socket?.remoteAddress?.replace(/^::ffff:/, '') ?? '';
  }

  setRequestTimeout(ms: number): void {
    this.requestTimeout = ms;
  }

  connect(options: ConnectOptions): Promise<void> {
    if (this._status !== 'idle') return Promise.reject(new Error('a connection can only be opened once'));
    const { host, port } = options;
    const timeoutMs = options.timeoutMs ?? 15_000;
    this.remote = `${host}:${port}`;
    this.remoteHost = host;
    this.remotePort = port;
    this.setStatus('connecting');
    this.framer = new Framer(
      { from: 'server', maxPayload: options.maxPayload },
      {
        command: (cmd) => this.onCommand(cmd),
        warning: (code, message, line) => this.emit('warning', { code, message, line }),
        fatal: (err) => this.destroy('protocol', err),
      },
    );
    return new Promise<void>((resolve, reject) => {
      this.connectFailed = reject;
      const cancelTimer = this.timers.timeout(() => {
        const err = new ConnectionError(`could not connect to ${host}:${port}: timed out`, 'timeout');
        reject(err);
        this.destroy('error', err);
      }, timeoutMs);
      const connected = () => {
        cancelTimer();
        this.connectFailed = null;
        this.setStatus('connected');
        resolve();
      };
      if (!options.proxy) {
        const socket = net.createConnection({ host, port });
        this.attach(socket, host, port, cancelTimer, reject);
        socket.once('connect', connected);
        return;
      }
      // The timeout covers a proxy's handshake too: destroy() aborts it, which ends the socket it is on.
      this.proxyAbort = new AbortController();
      connectThroughProxy(options.proxy, host, port, this.proxyAbort.signal, timeoutMs).then(
        (socket) => {
          this.proxyAbort = null;
          // Destroyed (or timed out) while the proxy answered: the tunnel is not wanted any more.
          if (this._status !== 'connecting') return void socket.destroy();
          this.attach(socket, host, port, cancelTimer, reject);
          // An HTTP tunnel is handed over paused. Nothing can wait behind a handshake's reply to be
          // overtaken: an MSNP server speaks only after our first command.
          socket.resume();
          connected();
        },
        (err: Error) => {
          cancelTimer();
          reject(err);
          this.destroy('error', err);
        },
      );
    });
  }

  private attach(socket: net.Socket, host: string, port: number, cancelTimer: () => void, reject: (err: Error) => void): void {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk) => this.read(chunk));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      cancelTimer();
      const err = connectionErrorFrom(e, host, port, this._status === 'connecting');
      if (this._status === 'connecting') reject(err);
      this.destroy('error', err);
    });
    socket.on('close', () => {
      cancelTimer();
      if (this._status === 'connecting') reject(new ConnectionError(`could not connect to ${host}:${port}: connection closed`, 'closed'));
      this.destroy(this._status === 'closing' ? 'local' : 'remote');
    });
  }

  /** Sends a command and does not wait for a reply. Returns the transaction id used (or null). */
  send(name: string, args: readonly string[] = [], options: { trId?: number | null; payload?: Buffer | string } = {}): number | null {
    const trId = options.trId === undefined ? this.transactions.allocate() : options.trId;
    this.write(encodeCommand(name, trId, args, options.payload));
    return trId;
  }

  /** Sends a command and waits for the reply with the same transaction id (or a numeric error). */
  request(name: string, args: readonly string[] = [], options: RequestOptions = {}): Promise<Command> {
    const trId = this.transactions.allocate();
    let bytes: Buffer;
    try {
      bytes = encodeCommand(name, trId, args, options.payload);
    } catch (err) {
      return Promise.reject(err);
    }
    const reply = this.transactions.wait(trId, name, options.expect ?? [name], options.timeoutMs ?? this.requestTimeout);
    options.onTrId?.(trId);
    try {
      this.write(bytes);
    } catch (err) {
      this.transactions.fail(trId, err as Error);
    }
    return reply;
  }

  /** Writes a line exactly as typed (raw console). CRLF is added when missing. */
  sendRaw(text: string): void {
    const withEnd = text.endsWith('\r\n') ? text : text.replace(/\r?\n?$/, '') + '\r\n';
    this.write(Buffer.from(withEnd, 'utf8'));
  }

  private write(bytes: Buffer): void {
    if (!this.socket || this._status !== 'connected') {
      throw new ConnectionError('the connection is not open', 'closed');
    }
    this.emitRaw('out', bytes);
    this.socket.write(bytes);
  }

  /** Set by an owner that forwards raw traffic, so the per-command event is built only when someone reads it. */
  wantsRaw: () => boolean = () => this.hasListeners('raw');

  private emitRaw(direction: 'in' | 'out', bytes: Buffer): void {
    if (!this.wantsRaw()) return;
    const text = bytes.toString('utf8');
    const lineEnd = text.indexOf('\r\n');
    const line = lineEnd === -1 ? text : text.slice(0, lineEnd);
    const rest = lineEnd === -1 ? '' : text.slice(lineEnd + 2);
    this.emit('raw', { direction, line, payload: rest.length > 0 ? rest : undefined, at: Date.now() });
  }

  /**
   * Lets `tap` take lines before they are parsed (the list sync while a SYN streams in); null ends it. A line
   * it takes skips the command event and the transactions, so it must only take lines no request awaits.
   * While anyone reads the raw traffic, every line goes the ordinary way, which reports it.
   */
  setLineTap(tap: LineTap | null): void {
    if (!this.framer) return;
    this.framer.tap =
      tap &&
      ((text, start, end, source, base) => {
        // As for commands: the rest of a chunk after a close is not ours to act on.
        if (this.closeInfo) return true;
        if (this.wantsRaw()) return false;
        try {
          return tap(text, start, end, source, base);
        } catch (err) {
          this.handlerFailed(err, parseCommand(text.slice(start, end)));
          return true;
        }
      });
  }

  private read(chunk: Buffer): void {
    this.lastReadAt = performance.now();
    try {
      this.framer?.push(chunk);
    } catch (err) {
      // A warning listener threw (a command's own failure is caught per command, below).
      this.handlerFailed(err);
    }
  }

  private onCommand(cmd: Command): void {
    // The rest of a chunk after a close (a handler failed, or closed the connection itself) is not ours to act on.
    if (this.closeInfo) return;
    try {
      if (this.wantsRaw()) this.emit('raw', { direction: 'in', line: cmd.raw, payload: cmd.payload?.toString('utf8'), at: Date.now() });
      if (this.transactions.settle(cmd)) {
        // Tolerated, but a deviation: the request it answered was found by elimination, not by its TrID.
        if ((cmd.trId === null || cmd.trId === 0) && isErrorReply(cmd))
          this.emit('warning', { code: 'error-without-trid', message: `the server answered ${cmd.name} without its TrID`, line: cmd.raw });
        return;
      }
      if (isErrorReply(cmd)) return this.unmatchedError(cmd);
      this.emit('command', cmd);
    } catch (err) {
      this.handlerFailed(err, cmd);
    }
  }

  /** An error reply no pending request could have earned: said at once, with what the code means. */
  private unmatchedError(cmd: Command): void {
    const meaning = describeErrorCode(Number(cmd.name)).message;
    const what = `the server sent error ${cmd.name} (${meaning.charAt(0).toLowerCase()}${meaning.slice(1)})`;
    const message =
      cmd.trId === null || cmd.trId === 0
        ? `${what} without a transaction id, and no single pending request could have earned it`
        : `${what} for no pending request`;
    this.emit('warning', { code: 'unexpected-error', message, line: cmd.raw });
  }

  /**
   * One of our handlers threw on what the server sent. Whatever it was doing is half done, so the session
   * can no longer be trusted to know where it stands: the connection ends, and its close says why. Never
   * the process: the exception goes no further than this.
   */
  private handlerFailed(cause: unknown, cmd?: Command): void {
    // Already closed: a close listener threw. Nothing is left to end, and nobody is left to tell.
    if (this.closeInfo) return;
    try {
      this.emit('warning', { code: 'handler-failed', message: `handling ${cmd ? cmd.name : 'a line'} failed: ${errorMessage(cause)}`, line: cmd?.raw });
    } catch {
      // The warning's own listener failed too; the close below still says what happened.
    }
    const err = new ProtocolError(HANDLER_FAILED, cmd?.raw);
    err.cause = cause;
    this.destroy('protocol', err);
  }

  /** Ends politely: half-closes and waits briefly for the peer. */
  close(): void {
    if (this._status === 'closed' || this._status === 'closing') return;
    if (!this.socket || this._status !== 'connected') {
      this.destroy('local');
      return;
    }
    this.setStatus('closing');
    this.socket.end();
    // A peer that never closes its side must not keep us open.
    this.timers.timeout(() => this.destroy('local'), Math.min(CLOSE_GRACE_MS, this.requestTimeout));
  }

  /** Ends at once, failing whatever is pending. */
  destroy(cause: CloseInfo['cause'], error?: Error): void {
    if (this.closeInfo) return;
    const truncated = cause === 'remote' && (this.framer?.pendingBytes ?? 0) > 0;
    let err = error;
    if (!err && truncated) err = new ProtocolError('the server closed the connection in the middle of a command');
    this.closeInfo = { cause: truncated ? 'protocol' : cause, error: err, truncated };
    // Settling twice is harmless: a connect that failed on its own has already rejected with its reason.
    this.connectFailed?.(err ?? new ConnectionError(`could not connect to ${this.remote}: the attempt was stopped`, 'closed'));
    this.connectFailed = null;
    this.proxyAbort?.abort();
    this.proxyAbort = null;
    this.timers.clearAll();
    this.transactions.failAll(err ?? new ConnectionError(`the connection to ${this.remote} was closed`, 'closed'));
    this.socket?.destroy();
    this.setStatus('closed');
    this.emit('close', this.closeInfo);
  }

  private setStatus(status: ConnectionStatus): void {
    if (this._status === status) return;
    this._status = status;
    this.emit('status', status);
  }
}

function connectionErrorFrom(e: NodeJS.ErrnoException, host: string, port: number, connecting: boolean): ConnectionError {
  const where = `${host}:${port}`;
  switch (e.code) {
    case 'ECONNREFUSED':
      return new ConnectionError(`could not connect to ${where}: connection refused`, 'refused');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ConnectionError(`could not connect to ${where}: the server name was not found`, 'dns');
    case 'ETIMEDOUT':
      return new ConnectionError(`could not connect to ${where}: timed out`, 'timeout');
    case 'ECONNRESET':
    case 'EPIPE':
      // EPIPE: we wrote after the server had already closed; to the user it is the same as a reset.
      return new ConnectionError(`the connection to ${where} was reset`, 'reset');
    default:
      return new ConnectionError(
        connecting ? `could not connect to ${where}: ${e.message}` : `the connection to ${where} failed: ${e.message}`,
        'other',
      );
  }
}
