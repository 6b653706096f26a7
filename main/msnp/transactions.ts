// Request/response correlation by transaction id, nothing else: a map of pending requests, each
// removed when its reply comes, when the send fails, when its timeout fires, or when the connection dies.
import { type Command, isErrorReply } from './command';
import { MsnpError, TimeoutError } from './errors';
import type { Timers } from './timers';

interface Pending {
  name: string;
  expect: readonly string[];
  resolve(cmd: Command): void;
  reject(err: Error): void;
  cancelTimer(): void;
}

const noop = (): void => {};

export class Transactions {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly timers: Timers) {}

  /** Transaction ids start at 1 on every connection, as the classic client did. */
  allocate(): number {
    const id = this.nextId;
    this.nextId = this.nextId >= 0xffffffff ? 1 : this.nextId + 1;
    return id;
  }

  get size(): number {
    return this.pending.size;
  }

  /**
   * Registers a pending request. `expect` lists the reply names that settle it (USR may be answered by XFR).
   * Must be called before the bytes are written so a fast reply cannot be missed.
   */
  wait(trId: number, name: string, expect: readonly string[], timeoutMs: number): Promise<Command> {
    return new Promise<Command>((resolve, reject) => {
      const entry: Pending = { name, expect, resolve, reject, cancelTimer: noop };
      entry.cancelTimer = this.timers.timeout(() => {
        if (this.pending.get(trId) !== entry) return;
        this.pending.delete(trId);
        reject(new TimeoutError(name, timeoutMs));
      }, timeoutMs);
      this.pending.set(trId, entry);
    });
  }

  /** Offers an incoming command. Returns true when it settled a pending request. */
  settle(cmd: Command): boolean {
    if (cmd.trId === null) return false;
    const entry = this.pending.get(cmd.trId);
    if (!entry) return false;
    if (isErrorReply(cmd)) {
      this.finish(cmd.trId, entry);
      entry.reject(new MsnpError(Number(cmd.name), cmd.trId, entry.name));
      return true;
    }
    if (!entry.expect.includes(cmd.name)) return false;
    this.finish(cmd.trId, entry);
    entry.resolve(cmd);
    return true;
  }

  /** The send of this request failed: forget it and fail its waiter. */
  fail(trId: number, err: Error): void {
    const entry = this.pending.get(trId);
    if (!entry) return;
    this.finish(trId, entry);
    entry.reject(err);
  }

  failAll(err: Error): void {
    for (const [trId, entry] of [...this.pending]) {
      this.finish(trId, entry);
      entry.reject(err);
    }
  }

  private finish(trId: number, entry: Pending): void {
    entry.cancelTimer();
    this.pending.delete(trId);
  }
}
