// Request/response correlation by transaction id, nothing else: a map of pending requests, each
// removed when its reply comes, when the send fails, when its timeout fires, or when the connection dies.
// The one exception is an error reply that comes without a TrID, as some real servers send (a bare 217 for
// CAL): it settles the one pending request that could have earned it, never a guess between several.
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

/** Errors any command may be answered with: syntax, server trouble, "not now", rate limits. */
const ANY_COMMAND: ReadonlySet<number> = new Set([
  200, 201, 300, 302, 500, 501, 502, 510, 520, 600, 601, 602, 603, 604, 707, 711, 712, 713, 714, 715, 800,
]);
const SIGN_IN_REFUSALS = [
  205, 206, 207, 208, 540, 910, 911, 912, 914, 915, 916, 917, 918, 919, 920, 921, 922, 923, 924, 928,
];

/** The errors each command can get besides those: from the command pages, and 207 for CAL as real servers send it. */
const ERRORS_OF: Readonly<Record<string, readonly number[]>> = {
  USR: SIGN_IN_REFUSALS,
  ANS: [205, 208, 911],
  CAL: [205, 206, 207, 208, 215, 216, 217, 280, 913],
  XFR: [280, 281, 913],
  ADD: [205, 206, 208, 209, 210, 215, 219],
  REM: [205, 208, 216],
  REA: [205, 206, 208, 209, 216],
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
    // No TrID (or 0, which no request of ours has): only an error reply can still find its request.
    if (cmd.trId === null || cmd.trId === 0) return isErrorReply(cmd) && this.settleUnnumbered(cmd);
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
    this.finish(trId, entry);
    entry.reject(new MsnpError(code, null, entry.name));
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
