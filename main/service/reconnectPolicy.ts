// When to sign in again by itself after the connection dropped, and how long to wait before each try: pure
// functions, so the schedule and the choices are unit-tested without sockets or clocks.
import {
  ConnectionError,
  MsnpError,
  PlainPasswordRefusedError,
  ProtocolError,
  ProxyError,
  SignedOutError,
  StrictModeError,
  TimeoutError,
} from '../msnp/errors';

export interface Backoff {
  /** The wait before the first try; each later one doubles it. */
  baseMs: number;
  /** No wait is longer than this. */
  maxMs: number;
  /**
   * Up to this fraction of each wait is taken off at random, so clients cut off together (a server that
   * restarted) do not all come back in the same second.
   */
  jitter: number;
}

/** 1, 2, 4, 8 … seconds, at most a minute, each up to a fifth shorter at random. */
export const DEFAULT_BACKOFF: Readonly<Backoff> = Object.freeze({
  baseMs: 1_000,
  maxMs: 60_000,
  jitter: 0.2,
});

/**
 * How long to wait before try number `attempt` (1 is the first after the drop), in whole milliseconds:
 * baseMs·2^(attempt−1), capped at maxMs, less up to `jitter` of it. `random` returns a number in [0, 1)
 * as Math.random does; anything outside is clamped, so the wait is never longer than the cap.
 */
export function reconnectDelayMs(
  attempt: number,
  backoff: Backoff = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const n = Number.isFinite(attempt) ? Math.max(1, Math.floor(attempt)) : 1;
  // 2^30 is past any cap already; a larger exponent would only overflow to Infinity.
  const full = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(n - 1, 30));
  const r = random();
  const share = Number.isFinite(r) ? Math.min(1, Math.max(0, r)) : 0;
  const jitter = Math.min(1, Math.max(0, backoff.jitter));
  return Math.max(0, Math.round(full * (1 - jitter * share)));
}

/**
 * Whether a session that ended without the person signing out should be signed in again by itself. Not
 * after the server said OUT: OTH (you signed in somewhere else) would take that place back, SSD (it is
 * shutting down) and any other reason are the server's own choice; only RCT asks for a reconnect.
 * Everything else (the connection lost, the server silent, a reply not understood) is worth another try.
 */
export function reconnectsAfter(error: Error | undefined, signedOutReason: string | undefined): boolean {
  const reason = signedOutReason ?? (error instanceof SignedOutError ? error.reason : undefined);
  if (reason !== undefined) return reason === 'RCT';
  // Strict mode ended it on purpose; the same server would only do the same again.
  return !(error instanceof StrictModeError);
}

/**
 * Whether a failed try to sign in again is worth another: a server that is down, unreachable, silent,
 * busy, hanging up or garbled is; one that refuses the account or the password, asks for it in plain
 * text, or signs you out for good is not.
 */
export function worthAnotherTry(err: unknown): boolean {
  // The proxy refused the user name and password: as with the account's own, the same ones cannot help.
  if (err instanceof ProxyError) return err.problem !== 'credentialsNeeded' && err.problem !== 'credentialsRefused';
  if (err instanceof ConnectionError || err instanceof TimeoutError) return true;
  // The account itself refused (wrong password, unknown address, unverified): the same details cannot help.
  if (err instanceof MsnpError) return !err.isAuthError;
  if (err instanceof SignedOutError) return reconnectsAfter(err, undefined);
  if (err instanceof PlainPasswordRefusedError || err instanceof StrictModeError) return false;
  // A reply not understood (no version in common included) is tried again: the same server spoke the
  // same versions minutes ago, so it is more likely a server restarting than one that changed.
  if (err instanceof ProtocolError) return true;
  return false;
}
