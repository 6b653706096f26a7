// The switchboard: who is talking to whom. Sessions and their participants, the cookies that let people
// in, rings (CAL -> RNG), joins (ANS), relaying MSG and leaving. A participant is a client connection
// (sbConnection.ts) or a bot (botRuntime.ts); nothing here depends on which, except who rings a bot.
import type { Socket } from 'node:net';
import { serializeCommand } from '../msnp/command';
import type { Timers } from '../msnp/timers';
import { type Account, type AccountStore, allows } from './accounts';
import { BotLine } from './botRuntime';
import type { SandboxEmitter, SbLeaveReason } from './events';
import { isValidHandle, writeName } from './fields';
import type { SignedIn } from './nsSession';
import type { Quirks } from './quirks';
import { SbConnection } from './sbConnection';
import { CookieJar, SessionIds } from './switchboardRules';

export interface Participant {
  readonly id: number;
  readonly account: Account;
  /** Bots do not hear each other, so that two of them cannot talk forever. */
  readonly bot: boolean;
  /** Someone else joined the session. */
  joined(who: Account): void;
  /** Someone else left; timedOut when the server removed them for idling. */
  left(who: Account, timedOut: boolean): void;
  /** Another participant's message, byte for byte; false when it could not be handed over. */
  deliver(from: Account, payload: Buffer): boolean;
}

export class SbSession {
  /** In the order they joined: the order of the IRO lines. */
  readonly participants: Participant[] = [];
  /** Account key -> ring cookie, for everyone rung who has not answered yet. */
  readonly ringing = new Map<string, string>();

  constructor(readonly id: string) {}

  find(key: string): Participant | undefined {
    return this.participants.find((p) => p.account.key === key);
  }

  emails(): string[] {
    return this.participants.map((p) => p.account.email);
  }
}

/** What the switchboard needs from the server it belongs to. */
export interface SwitchboardHost {
  readonly store: AccountStore;
  readonly quirks: Quirks;
  /** The address handed out in XFR and RNG. */
  readonly host: string;
  readonly sbPort: number;
  readonly timers: Timers;
  readonly events: SandboxEmitter;
  /** Who is signed in as this account (a client's notification connection or a bot), if anyone. */
  sessionOf(account: Account): SignedIn | undefined;
}

export type CallResult = { ok: true } | { ok: false; error: number };
export interface Delivery {
  recipients: number;
  delivered: number;
}

export class Switchboard {
  readonly cookies = new CookieJar();
  private readonly ids = new SessionIds();
  private readonly live = new Map<string, SbSession>();
  private readonly connections = new Set<SbConnection>();

  constructor(readonly host: SwitchboardHost) {}

  get address(): string {
    return `${this.host.host}:${this.host.sbPort}`;
  }

  session(id: string): SbSession | undefined {
    return this.live.get(id);
  }

  accept(socket: Socket): SbConnection {
    const c = new SbConnection(this, socket);
    this.connections.add(c);
    return c;
  }

  /** Called when a connection's socket has closed; false if it was already forgotten (the server stopped). */
  forget(c: SbConnection): boolean {
    return this.connections.delete(c);
  }

  /** Ends every session without telling anyone, and drops every connection. */
  stop(): void {
    this.live.clear();
    this.cookies.clear();
    for (const c of this.connections) c.destroy();
    this.connections.clear();
  }

  /** The cookie XFR SB hands out: it opens one session, for this account only. */
  issueXfrCookie(account: Account): string {
    return this.cookies.issue({ kind: 'xfr', email: account.email });
  }

  /** A new session with its caller in it (USR accepted). */
  create(caller: Participant): SbSession {
    const session = new SbSession(this.ids.next(this.host.quirks.textSessionIds));
    session.participants.push(caller);
    this.live.set(session.id, session);
    this.host.events.fire('sbSession', { sessionId: session.id, participants: session.emails() });
    return session;
  }

  /**
   * CAL: rings `handle` into the session on behalf of `caller`. A malformed handle is 208 and an unknown
   * one 205. Someone already in the session or already rung (the caller included) is 215, as the CAL
   * page documents for "already invited". Offline, hidden, not yet past the first CHG, or not letting the
   * caller reach them (blocked, or BLP BL without the caller on AL) are all 217: the CAL page records
   * that the service replaced 216 with 217 in every case, so a block looks exactly like being away.
   */
  call(session: SbSession, caller: Participant, handle: string): CallResult {
    if (!isValidHandle(handle)) return { ok: false, error: 208 };
    const callee = this.host.store.get(handle);
    if (!callee) return { ok: false, error: this.host.quirks.unknownAs207 ? 207 : 205 };
    if (session.find(callee.key)) return { ok: false, error: 215 };
    const pending = session.ringing.get(callee.key);
    if (pending !== undefined && this.cookies.live(pending)) return { ok: false, error: 215 };
    const line = this.host.sessionOf(callee);
    const reachable = line !== undefined && line.open && line.presenceReady && line.status !== 'HDN' && line.status !== 'FLN';
    if (!reachable || !allows(callee, caller.account)) return { ok: false, error: 217 };

    const cookie = this.cookies.issue({ kind: 'rng', email: callee.email, sessionId: session.id });
    session.ringing.set(callee.key, cookie);
    this.host.events.fire('sbCall', { sessionId: session.id, from: caller.account.email, to: callee.email });
    if (line instanceof BotLine) {
      line.ring(this, session, cookie, caller.account);
    } else {
      const name = writeName(caller.account.nickname, this.host.quirks.unencodedNames);
      line.write(serializeCommand('RNG', null, [session.id, this.address, 'CKI', cookie, caller.account.email, name]));
    }
    return { ok: true };
  }

  /** ANS: the session the ring cookie admits `email` to, using the cookie up; null if it admits nobody. */
  answer(email: string, cookie: string, sessionId: string): SbSession | null {
    const session = this.live.get(sessionId);
    if (!session || !this.cookies.redeem(cookie, 'rng', email, sessionId)) return null;
    const account = this.host.store.get(email);
    if (!account || session.find(account.key)) return null;
    session.ringing.delete(account.key);
    return session;
  }

  /** Puts `p` in the session; everyone already there gets a JOI. */
  join(session: SbSession, p: Participant): void {
    for (const other of session.participants) other.joined(p.account);
    session.participants.push(p);
    this.host.events.fire('sbJoin', { sessionId: session.id, email: p.account.email, participants: session.emails() });
  }

  /** Hands a message to everyone else in the session. */
  relay(session: SbSession, from: Participant, payload: Buffer): Delivery {
    let recipients = 0;
    let delivered = 0;
    // No copy: delivering only writes to a socket or schedules a bot's turn, so nobody leaves mid-loop.
    for (const p of session.participants) {
      if (p === from || (from.bot && p.bot)) continue;
      recipients += 1;
      if (p.deliver(from.account, payload)) delivered += 1;
    }
    return { recipients, delivered };
  }

  /** A bot's message: relayed like a client's U message. True when everyone else got it. */
  say(session: SbSession, from: Participant, payload: Buffer): boolean {
    if (this.live.get(session.id) !== session || !session.participants.includes(from)) return false;
    this.host.events.fire('sbMessage', { sessionId: session.id, from: from.account.email, trId: null, ackMode: 'U', payload });
    const { recipients, delivered } = this.relay(session, from, payload);
    return recipients > 0 && delivered === recipients;
  }

  /**
   * Takes `p` out of the session; the others get a BYE. When no client is left (bots do not keep a
   * session alive) the session ends: unanswered rings are void and the id is forgotten.
   */
  leave(session: SbSession, p: Participant, reason: SbLeaveReason): void {
    if (this.live.get(session.id) !== session) return;
    const at = session.participants.indexOf(p);
    if (at < 0) return;
    session.participants.splice(at, 1);
    for (const other of session.participants) other.left(p.account, reason === 'idle');
    this.host.events.fire('sbLeave', { sessionId: session.id, email: p.account.email, reason, participants: session.emails() });
    if (session.participants.some((other) => !other.bot)) return;
    this.live.delete(session.id);
    for (const cookie of session.ringing.values()) this.cookies.revoke(cookie);
    session.ringing.clear();
    session.participants.length = 0;
    this.host.events.fire('sbEnd', { sessionId: session.id });
  }

  /** Takes a bot out of every session it is in (it was removed from the server). */
  removeBot(line: BotLine): void {
    for (const session of [...this.live.values()]) {
      const p = session.find(line.account.key);
      if (p?.bot) this.leave(session, p, 'removed');
    }
  }
}
