// The switchboard's rules that need no sockets: the cookies that let people in (single-use, bound to
// one person, short-lived), session ids, and which acknowledgement a MSG earns.
import { randomInt } from 'node:crypto';
import { parseMime } from '../../app/mime';
import type { AckMode } from './events';
import { handleKey } from './fields';

/** A cookie not used within this long is refused: an old XFR or an unanswered ring is stale. */
export const COOKIE_TTL_MS = 60_000;

/** xfr: lets its holder open a new session (USR); rng: lets the person rung join one session (ANS). */
export type CookieGrant = { kind: 'xfr'; email: string } | { kind: 'rng'; email: string; sessionId: string };

interface HeldCookie {
  grant: CookieGrant;
  key: string;
  expiresAt: number;
}

export class CookieJar {
  private readonly held = new Map<string, HeldCookie>();

  constructor(
    private readonly ttlMs = COOKIE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.held.size;
  }

  issue(grant: CookieGrant): string {
    // Expired cookies are dropped here rather than on timers: a test server issues few of them.
    const now = this.now();
    for (const [cookie, held] of this.held) if (held.expiresAt <= now) this.held.delete(cookie);
    let cookie: string;
    do cookie = newCookie();
    while (this.held.has(cookie));
    this.held.set(cookie, { grant, key: handleKey(grant.email), expiresAt: now + this.ttlMs });
    return cookie;
  }

  /** Whether the cookie is still unused and unexpired. */
  live(cookie: string): boolean {
    const held = this.held.get(cookie);
    return held !== undefined && held.expiresAt > this.now();
  }

  /**
   * Uses up a cookie that was given to `email` for this purpose (and session). A cookie shown by the
   * wrong person, or for the wrong session, is refused but stays valid for its owner.
   */
  redeem(cookie: string, kind: CookieGrant['kind'], email: string, sessionId?: string): boolean {
    const held = this.held.get(cookie);
    if (!held) return false;
    if (held.expiresAt <= this.now()) {
      this.held.delete(cookie);
      return false;
    }
    if (held.grant.kind !== kind || held.key !== handleKey(email)) return false;
    if (held.grant.kind === 'rng' && held.grant.sessionId !== sessionId) return false;
    this.held.delete(cookie);
    return true;
  }

  revoke(cookie: string): void {
    this.held.delete(cookie);
  }

  clear(): void {
    this.held.clear();
  }
}

/** Shaped like the classic ones (digits and dots); random, so one cannot be guessed from another. */
function newCookie(): string {
  return `${randomInt(100_000_000, 1_000_000_000)}.${randomInt(100_000_000, 1_000_000_000)}.${randomInt(100_000_000, 1_000_000_000)}`;
}

/** Unique session ids: decimal numbers as the classic servers used, or `s-` text for textSessionIds. */
export class SessionIds {
  private seq = 0;
  // A random start, so ids from two test runs (or two servers) are not mistaken for each other.
  private readonly base = randomInt(10_000_000, 900_000_000);

  next(text: boolean): string {
    this.seq += 1;
    // Four random hex digits (always four) and then the counter: unique, and not a number.
    if (text) return `s-${randomInt(0x1000, 0x10000).toString(16)}${this.seq.toString(16)}`;
    return String(this.base + this.seq);
  }
}

export function isAckMode(field: string | undefined): field is AckMode {
  // Case-sensitive: `a` is as invalid as `X`.
  return field === 'U' || field === 'N' || field === 'A' || field === 'D';
}

/** What a D message needs to be relayed: the MIME-Version and Content-Type headers. */
export function isWellFormedData(payload: Buffer): boolean {
  const { headers } = parseMime(payload.toString('utf8'));
  return headers.has('mime-version') && headers.has('content-type');
}

/**
 * The reply a relayed MSG earns, or null for none. U never gets one; A and D get ACK when every other
 * participant got the message and NAK otherwise (nobody else present counts as a failure); N gets only
 * the NAK. nakEverything turns every reply to A, N and D into NAK.
 */
export function ackFor(mode: AckMode, recipients: number, delivered: number, nakEverything: boolean): 'ACK' | 'NAK' | null {
  if (mode === 'U') return null;
  if (nakEverything) return 'NAK';
  const everyone = recipients > 0 && delivered === recipients;
  if (mode === 'N') return everyone ? null : 'NAK';
  return everyone ? 'ACK' : 'NAK';
}
