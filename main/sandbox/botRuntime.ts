// Sandbox bots: accounts that live inside the server with no TCP client. A bot is signed in with a
// status (others see it like anyone), answers a ring by joining, hears every message in its sessions,
// and can send its own. It is told things on the server's timers, never from inside a relay loop, so a
// bot that answers at once cannot reorder what the others receive.
import type { Status } from '../../app/types';
import type { Account } from './accounts';
import { newConnectionId, type SignedIn } from './nsSession';
import type { Participant, SbSession, Switchboard } from './switchboard';

/** A bot's view of one conversation. */
export interface BotChat {
  readonly sessionId: string;
  /** The bot's own address. */
  readonly self: string;
  /** Everyone else in the session now. */
  readonly participants: readonly string[];
  /** Whether the bot is still in the session. */
  readonly active: boolean;
  /** Sends a message (MIME headers and body) to everyone else; false unless every one of them got it. */
  send(payload: string | Buffer): boolean;
  /** Runs fn after ms on the server's timers (cleared when it stops), unless the bot has left by then. */
  later(ms: number, fn: () => void): void;
  /** Leaves the session; the others get BYE. */
  leave(): void;
}

/** What a bot does. Only message is required; a bot without ring answers every ring. */
export interface SandboxBot {
  /** Someone rang; false leaves the ring unanswered (the cookie expires like any other). */
  ring?(from: string, sessionId: string): boolean;
  /** Another participant's message, payload byte for byte. */
  message(chat: BotChat, from: string, payload: Buffer): void;
  /** The bot answered a ring and is in the session; chat.participants are those already there. */
  entered?(chat: BotChat): void;
  joined?(chat: BotChat, email: string): void;
  left?(chat: BotChat, email: string): void;
}

export interface BotOptions {
  /** The status others see; HDN makes the bot unreachable (CAL gets 217). Defaults to NLN. */
  status?: Status;
}

/** A bot's presence: what the notification side sees of it, someone signed in with nowhere to write. */
export class BotLine implements SignedIn {
  readonly id = newConnectionId();
  readonly protocol = 'MSNP5';
  readonly presenceReady = true;
  open = true;

  constructor(
    readonly account: Account,
    public status: Status,
    readonly bot: SandboxBot,
  ) {}

  get email(): string {
    return this.account.email;
  }

  // A bot reads none of the notification server's traffic (presence, list notices, mail).
  write(): void {}
  send(): void {}

  /** A client signing in as the bot's account takes it over: the bot stays offline until it is added again. */
  close(): void {
    this.open = false;
  }

  /** CAL reached the bot: it answers (or not) on a later turn, after the caller has its RINGING. */
  ring(board: Switchboard, session: SbSession, cookie: string, from: Account): void {
    runForBot(board, this, 0, () => {
      if (this.bot.ring && !this.bot.ring(from.email, session.id)) return;
      const joined = board.answer(this.account.email, cookie, session.id);
      if (!joined) return;
      const me = new BotParticipant(this, board, joined);
      board.join(joined, me);
      this.bot.entered?.(me);
    });
  }
}

class BotParticipant implements Participant, BotChat {
  readonly bot = true;

  constructor(
    private readonly line: BotLine,
    private readonly board: Switchboard,
    private readonly session: SbSession,
  ) {}

  get id(): number {
    return this.line.id;
  }

  get account(): Account {
    return this.line.account;
  }

  get sessionId(): string {
    return this.session.id;
  }

  get self(): string {
    return this.line.email;
  }

  get participants(): string[] {
    return this.session.participants.filter((p) => p !== this).map((p) => p.account.email);
  }

  get active(): boolean {
    return this.session.participants.includes(this);
  }

  joined(who: Account): void {
    runForBot(this.board, this.line, 0, () => this.line.bot.joined?.(this, who.email));
  }

  left(who: Account): void {
    runForBot(this.board, this.line, 0, () => this.line.bot.left?.(this, who.email));
  }

  deliver(from: Account, payload: Buffer): boolean {
    if (!this.active) return false;
    runForBot(this.board, this.line, 0, () => this.line.bot.message(this, from.email, payload));
    return true;
  }

  send(payload: string | Buffer): boolean {
    return this.board.say(this.session, this, typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload);
  }

  later(ms: number, fn: () => void): void {
    runForBot(this.board, this.line, ms, () => {
      if (this.active) fn();
    });
  }

  leave(): void {
    this.board.leave(this.session, this, 'OUT');
  }
}

/** Runs bot code on the server's timers; a bot that throws is reported, and must not take the server down. */
function runForBot(board: Switchboard, line: BotLine, ms: number, fn: () => void): void {
  board.host.timers.timeout(() => {
    try {
      fn();
    } catch (error) {
      board.host.events.fire('internalError', { connectionId: line.id, line: `bot ${line.email}`, error: error as Error });
    }
  }, ms);
}
