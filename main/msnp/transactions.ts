// Request/response correlation by transaction id, nothing else: a map of pending requests, each
// removed when its reply comes, when the send fails, when its deadline passes, or when the connection dies.
// The one exception is an error reply that comes without a TrID, as some real servers send (a bare 217 for
// CAL): it settles the one pending request that could have earned it, never a guess between several.
// Deadlines share one timer per connection, armed for the earliest of them: a request only notes its
// deadline, and a reply clears nothing (a timer set and cleared per request costs more than the rest of it).
import { type Command, isErrorReply } from './command';
import { MsnpError, TimeoutError } from './errors';
import type { Timers } from './timers';

/** Who waits for a reply: told once, with the reply or with why there is none. */
export interface ReplyWaiter {
  resolve(cmd: Command): void;
  reject(err: Error): void;
}

interface Pending {
  name: string;
  expect: readonly string[];
  waiter: ReplyWaiter;
  /** performance.now() time after which the request has timed out. */
  deadline: number;
  timeoutMs: number;
}

const noop = (): void => {};

/** Errors any command may be answered with: syntax, server trouble, "not now", rate limits. */
const ANY_COMMAND: ReadonlySet<number> = new Set([
  200, 201, 300, 302, 500, 501, 502, 510, 520, 600, 601, 602, 603, 604, 707, 711, 712, 713, 714, 715, 800,
]);
const SIGN_IN_REFUSALS = [
  205, 206, 207, 208, 540, 910, 911, 912, 914, 915, 916, 917, 918, 919, 920, 921, 922, 923, 924, 928,
];

/** The errors each command can get besides those: from the command pages, and 207 (an unknown address) as real servers send it. */
const ERRORS_OF: Readonly<Record<string, readonly number[]>> = {
  USR: SIGN_IN_REFUSALS,
  ANS: [205, 208, 911],
  CAL: [205, 206, 207, 208, 215, 216, 217, 280, 913],
  XFR: [280, 281, 913],
  ADD: [205, 206, 207, 208, 209, 210, 215, 219],
  REM: [205, 207, 208, 216],
  REA: [205, 206, 207, 208, 209, 216],
  BLP: [218],
  GTC: [218],
  MSG: [282],
  SYN: [717],
};

/** Whether a request named `name` can be answered with error `code`. */
export function canEarn(name: string, code: number): boolean {
  return ANY_COMMAND.has(code) || (ERRORS_OF[name]?.includes(code) ?? false);
}

export class Transactions {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** When the deadline timer fires; Infinity while none is armed. */
  private sweepAt = Infinity;
  private cancelSweep = noop;

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
    return new Promise<Command>((resolve, reject) => this.expect(trId, name, expect, timeoutMs, { resolve, reject }));
  }

  /** wait() without a promise: the waiter is called directly when the reply comes (or fails to). */
  expect(trId: number, name: string, expect: readonly string[], timeoutMs: number, waiter: ReplyWaiter): void {
    const deadline = performance.now() + timeoutMs;
    this.pending.set(trId, { name, expect, waiter, deadline, timeoutMs });
    if (deadline < this.sweepAt) this.armSweep(deadline);
  }

  private armSweep(at: number): void {
    this.cancelSweep();
    this.sweepAt = at;
    // At least 1 ms (the timer may fire a fraction early; the sweep re-arms for the rest), and no more than a
    // timer can hold: a longer delay would fire at once, again and again.
    const delay = Math.min(0x7fffffff, Math.max(1, Math.ceil(at - performance.now())));
    this.cancelSweep = this.timers.timeout(() => this.sweep(), delay);
  }

  /** Times out every request past its deadline, then waits for the earliest one left, if any. */
  private sweep(): void {
    this.sweepAt = Infinity;
    this.cancelSweep = noop;
    const now = performance.now();
    let next = Infinity;
    for (const [trId, entry] of this.pending) {
      if (entry.deadline <= now) {
        this.pending.delete(trId);
        entry.waiter.reject(new TimeoutError(entry.name, entry.timeoutMs));
      } else if (entry.deadline < next) next = entry.deadline;
    }
    // A waiter may have sent a request (which armed the timer) or closed everything (nothing left to wait for).
    if (next < this.sweepAt && this.pending.size > 0) this.armSweep(next);
  }

  /** Offers an incoming command. Returns true when it settled a pending request. */
  settle(cmd: Command): boolean {
    // No TrID (or 0, which no request of ours has): only an error reply can still find its request.
    if (cmd.trId === null || cmd.trId === 0) return isErrorReply(cmd) && this.settleUnnumbered(cmd);
    const entry = this.pending.get(cmd.trId);
    if (!entry) return false;
    if (isErrorReply(cmd)) {
      this.pending.delete(cmd.trId);
      entry.waiter.reject(new MsnpError(Number(cmd.name), cmd.trId, entry.name));
      return true;
    }
    if (!entry.expect.includes(cmd.name)) return false;
    this.pending.delete(cmd.trId);
    entry.waiter.resolve(cmd);
    return true;
  }

  /** An error reply without a TrID settles the one pending request that could have earned it, if there is one. */
  private settleUnnumbered(cmd: Command): boolean {
    const code = Number(cmd.name);
    let found: [number, Pending] | null = null;
    for (const pending of this.pending) {
      if (!canEarn(pending[1].name, code)) continue;
      // Two could have earned it: which one did is not ours to guess.
      if (found) return false;
      found = pending;
    }
    if (!found) return false;
    const [trId, entry] = found;
    this.pending.delete(trId);
    entry.waiter.reject(new MsnpError(code, null, entry.name));
    return true;
  }

  /** The send of this request failed: forget it and fail its waiter. */
  fail(trId: number, err: Error): void {
    const entry = this.pending.get(trId);
    if (!entry) return;
    this.pending.delete(trId);
    entry.waiter.reject(err);
  }

  /** The connection is gone: every request fails, and the deadline timer goes with them. */
  failAll(err: Error): void {
    this.cancelSweep();
    this.cancelSweep = noop;
    this.sweepAt = Infinity;
    for (const [trId, entry] of [...this.pending]) {
      this.pending.delete(trId);
      entry.waiter.reject(err);
    }
  }
}
