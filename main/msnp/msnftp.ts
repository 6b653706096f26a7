// MSNFTP, the direct file-transfer connection of Client 3.0: what the sending and receiving ends share.
// The sender listens and the receiver connects; each end is one socket with owned timers and one outcome.
import type net from 'node:net';
import type { RawTraffic } from './connection';
import { Emitter } from './emitter';
import { seconds, wireText } from './errors';
import { LineReader } from './msnftpFraming';
import { Timers } from './timers';

/** Why a transfer ended without the file: each maps to one sentence in `failed.message`. */
export type MsnftpFailReason =
  | 'cancelled' // we cancelled
  | 'peer-cancelled' // CCL, the end marker, or a cancel BYE from the other end
  | 'auth' // the USR handle or cookie was wrong
  | 'timeout' // no connection in time, or no bytes for the inactivity timeout
  | 'connect' // the receiver could not reach the sender
  | 'protocol' // the other end broke MSNFTP
  | 'size' // FIL disagreed with the invitation, or more bytes came than announced
  | 'io' // the file could not be read or written
  | 'closed' // the connection ended before the transfer was complete
  | 'peer-error'; // the other end reported a failure of its own (a BYE code)

export interface MsnftpEvents {
  /** The handshake is over and data is about to flow. */
  started: { total: number };
  progress: { transferred: number; total: number };
  done: { path?: string; bytes: number; sha256?: string };
  failed: { reason: MsnftpFailReason; message: string };
  /** Each text line of the control channel, either way (never the data blocks), for the protocol inspector. */
  raw: RawTraffic;
}

export interface MsnftpCommonOptions {
  /** Ends the transfer when nothing moves for this long (the FTTIMEOUT of the classic client). */
  inactivityTimeoutMs?: number;
  /** Progress events come at most this often (the last one always comes); 0 reports every chunk. */
  progressIntervalMs?: number;
  /** Computes the SHA-256 of the bytes on the way through and reports it in `done`. Costs CPU. */
  hash?: boolean;
}

export const DEFAULT_INACTIVITY_MS = 60_000;
export const DEFAULT_PROGRESS_MS = 100;

/** BYE codes seen from classic clients. */
export const BYE_OK = 16777989; // 0x01000305
export const BYE_DISK_FULL = 2147942405;
export const BYE_TIMEOUT = 2164261694;
export const BYE_CANCEL = 2164261682;

/** What a BYE from the receiver means for the sender. */
export function describeBye(code: string): { ok: true } | { ok: false; reason: MsnftpFailReason; message: string } {
  const n = Number(code);
  if (n === BYE_OK) return { ok: true };
  if (n === BYE_DISK_FULL) return { ok: false, reason: 'peer-error', message: 'The other person could not save the file; their disk may be full.' };
  if (n === BYE_TIMEOUT) return { ok: false, reason: 'timeout', message: "The other person's program gave up waiting for data; try sending the file again." };
  if (n === BYE_CANCEL) return { ok: false, reason: 'peer-cancelled', message: 'The other person cancelled the transfer.' };
  return { ok: false, reason: 'peer-error', message: `The other person's program ended the transfer with an error (code ${wireText(code, 20) || 'none'}).` };
}

export function splitLine(line: string): { name: string; args: string[] } {
  const [name = '', ...args] = line.split(' ').filter((part) => part !== '');
  return { name, args };
}

export { seconds };

// A peer that never answers our half-close must not hold the socket open.
const CLOSE_GRACE_MS = 2_000;

export abstract class MsnftpPeer extends Emitter<MsnftpEvents> {
  protected readonly timers = new Timers();
  protected readonly lines = new LineReader();
  protected socket: net.Socket | null = null;
  protected readonly inactivityMs: number;
  protected readonly progressMs: number;
  protected readonly hashing: boolean;
  private settled = false;
  private lastActivity = 0;
  private lastProgressAt = 0;
  private latestProgress: { transferred: number; total: number } | null = null;
  private cancelTrailing: (() => void) | null = null;
  private socketError: Error | null = null;

  constructor(options: MsnftpCommonOptions) {
    super();
    this.inactivityMs = options.inactivityTimeoutMs ?? DEFAULT_INACTIVITY_MS;
    this.progressMs = options.progressIntervalMs ?? DEFAULT_PROGRESS_MS;
    this.hashing = options.hash ?? false;
  }

  /** True once the transfer has an outcome (done or failed), even while the socket is still closing. */
  get finished(): boolean {
    return this.settled;
  }

  /** Timers still scheduled (watchdogs, trailing progress): none once the transfer has an outcome. */
  get timerCount(): number {
    return this.timers.count;
  }

  /** Ends the transfer from this side, cleaning up; resolves once `failed` has been emitted. */
  cancel(): Promise<void> {
    return this.fail('cancelled', 'You cancelled the transfer.', this.cancelFarewell());
  }

  /** What to say to the other end when we cancel (CCL, or the end marker). */
  protected abstract cancelFarewell(): Buffer | string | undefined;
  protected abstract onData(chunk: Buffer): void;
  /** The socket closed before the transfer settled. */
  protected abstract onClosed(error: Error | null): void;
  /** Releases files and listeners after a failure. Must not throw. */
  protected abstract release(): Promise<void>;

  protected attach(socket: net.Socket): void {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      if (this.settled) return;
      this.lastActivity = Date.now();
      this.onData(chunk);
    });
    // The error is reported from 'close', which always follows; the listener is never removed, so a
    // late error (a write after the peer reset) can never be unhandled.
    socket.on('error', (err) => {
      this.socketError ??= err;
    });
    socket.on('close', () => {
      if (!this.settled) this.onClosed(this.socketError);
    });
  }

  /** Set by an owner that forwards raw traffic, so lines are reported only when someone reads them. */
  wantsRaw: () => boolean = () => this.hasListeners('raw');

  private emitRaw(direction: 'in' | 'out', line: string): void {
    if (this.wantsRaw()) this.emit('raw', { direction, line, at: Date.now() });
  }

  /** The next complete control line, reported as traffic; null when none is complete yet. Throws as LineReader does. */
  protected nextLine(): string | null {
    const line = this.lines.next();
    if (line !== null) this.emitRaw('in', line);
    return line;
  }

  /** Starts (or restarts) the inactivity watchdog. One timer, re-armed lazily, so a busy transfer costs no timer churn. */
  protected watchInactivity(): void {
    this.lastActivity = Date.now();
    const check = (): void => {
      const idle = Date.now() - this.lastActivity;
      if (idle >= this.inactivityMs) {
        void this.fail('timeout', `Nothing moved for ${seconds(this.inactivityMs)}, so the transfer was stopped; try again.`, this.cancelFarewell());
      } else {
        this.timers.timeout(check, this.inactivityMs - idle);
      }
    };
    this.timers.timeout(check, this.inactivityMs);
  }

  protected touch(): void {
    this.lastActivity = Date.now();
  }

  protected sendLine(line: string): void {
    if (!this.socket) return;
    this.emitRaw('out', line);
    this.socket.write(`${line}\r\n`);
  }

  /**
   * Throttled to progressMs; the final value (transferred === total) always gets through, and so does the
   * latest one when the bytes stop coming (a stalled peer must not leave an old figure showing).
   */
  protected reportProgress(transferred: number, total: number): void {
    const now = this.progressMs > 0 ? Date.now() : 0;
    const wait = this.progressMs - (now - this.lastProgressAt);
    if (transferred === total || this.progressMs <= 0 || wait <= 0) {
      this.emitProgress(now, transferred, total);
      return;
    }
    this.latestProgress = { transferred, total };
    this.cancelTrailing ??= this.timers.timeout(() => {
      this.cancelTrailing = null;
      const latest = this.latestProgress;
      if (latest && !this.settled) this.emitProgress(Date.now(), latest.transferred, latest.total);
    }, wait);
  }

  private emitProgress(now: number, transferred: number, total: number): void {
    this.lastProgressAt = now;
    this.latestProgress = null;
    this.cancelTrailing?.();
    this.cancelTrailing = null;
    this.emit('progress', { transferred, total });
  }

  /** Takes the one outcome of this transfer; false when another path already took it. Stops every timer. */
  protected claim(): boolean {
    if (this.settled) return false;
    this.settled = true;
    this.timers.clearAll();
    return true;
  }

  /** Says goodbye (if anything) and closes; a peer that does not close its side is cut off after a grace period. */
  protected closeSocket(farewell?: Buffer | string): void {
    const socket = this.socket;
    if (!socket || socket.destroyed) return;
    if (!socket.writable || socket.connecting) {
      socket.destroy();
      return;
    }
    const grace = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
    grace.unref();
    socket.once('close', () => clearTimeout(grace));
    // Whatever the peer still sends is read and dropped, so its writes cannot stall our close.
    socket.resume();
    // A text farewell (CCL, BYE) is traffic; the sender's binary end marker is a data block, not shown.
    if (typeof farewell === 'string') for (const line of farewell.split('\r\n')) if (line) this.emitRaw('out', line);
    if (farewell !== undefined) socket.end(farewell);
    else socket.end();
  }

  protected async fail(reason: MsnftpFailReason, message: string, farewell?: Buffer | string): Promise<void> {
    if (!this.claim()) return;
    await this.settleFailure(reason, message, farewell);
  }

  /** The failure path once the outcome is claimed: close, clean up, then tell. */
  protected async settleFailure(reason: MsnftpFailReason, message: string, farewell?: Buffer | string): Promise<void> {
    this.closeSocket(farewell);
    await this.release();
    this.emit('failed', { reason, message });
  }
}
