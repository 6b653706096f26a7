// One client connection to the sandbox, on the dispatch or the notification port: framing in, the
// sign-in state machine, and a dispatcher over a handler table keyed by command name, so the
// switchboard (XFR SB) plugs in its handler without touching this file.
import type { Socket } from 'node:net';
import type { Command } from '../msnp/command';
import type { Timers } from '../msnp/timers';
import type { Status } from '../../app/types';
import type { Account, AccountStore } from './accounts';
import type { SandboxEmitter, ServerRole, SignOutReason } from './events';
import type { Quirks } from './quirks';
import { dialectNumber } from './syncReply';
import { type ConnectionContext, FramedConnection } from './framedConnection';

export { newConnectionId } from './framedConnection';
import type { DirectoryEntry } from './directory';

/**
 * ver: nothing negotiated yet; auth: VER done, waiting for USR I; challenge: salt sent, waiting for
 * USR S; online: signed in; cvr0: only a CVQ is expected; closing: nothing more is read.
 */
export type Phase = 'ver' | 'auth' | 'challenge' | 'online' | 'cvr0' | 'closing';

export interface CommandHandler {
  /** Whether the command carries a TrID; a missing or non-numeric one is a syntax error (200). */
  trId: boolean;
  /** Fewest fields after the TrID; fewer is a syntax error (200). */
  minArgs: number;
  /** online: only once signed in (302 before); any: at any stage after VER. */
  when: 'online' | 'any';
  /** Answered on the dispatch port too (which otherwise closes on anything but the sign-in commands). */
  dispatch?: boolean;
  /** The first dialect that has the command; older ones treat it as unknown. */
  since?: number;
  run(s: NsSession, cmd: Command): void;
}

/**
 * Someone signed in, as the rest of the server sees them: a client's notification connection, or a
 * sandbox bot that lives inside the server (botRuntime.ts). Presence and list notices go through this.
 */
export interface SignedIn {
  readonly id: number;
  readonly account: Account | null;
  readonly email: string | null;
  readonly status: Status;
  readonly presenceReady: boolean;
  readonly protocol: string;
  readonly open: boolean;
  write(data: string | Buffer): void;
  send(name: string, trId: number | null, args?: readonly string[], payload?: string | Buffer): void;
  close(last?: string | Buffer): void;
}

/** What a session needs from the server it belongs to. */
export interface SessionHost {
  readonly store: AccountStore;
  readonly quirks: Quirks;
  readonly host: string;
  readonly nsPort: number;
  /** MSNP dialects offered, highest first. */
  readonly protocols: readonly string[];
  readonly timers: Timers;
  readonly events: SandboxEmitter;
  readonly handlers: ReadonlyMap<string, CommandHandler>;
  /** The member directory FND searches, and how many results it answers before 301. */
  readonly directory: readonly DirectoryEntry[];
  readonly maxFindResults: number;
  /** Makes this session the account's one signed-in session, signing out any older one with OUT OTH. */
  signIn(s: NsSession): void;
  /** Called when a session's socket has closed. */
  closed(s: NsSession, reason: SignOutReason): void;
  sessionOf(account: Account): SignedIn | undefined;
  sessions(): Iterable<SignedIn>;
  readonly onlineCount: number;
  nextMailSequence(): number;
}

/** What servicesSilent leaves unanswered: the member directory, e-mail invitations and pages. */
const SERVICE_COMMANDS = new Set(['FND', 'SDC', 'PAG']);

/** Commands only a server sends; a client sending one is disconnected, as the real servers did. */
const SERVER_ONLY = new Set(['ILN', 'NLN', 'FLN', 'BPR', 'QNG', 'NOT', 'RNG', 'JOI', 'BYE', 'IRO', 'ACK', 'NAK', 'IPG', 'LSG', 'MSG']);

export class NsSession extends FramedConnection<Phase> implements SignedIn {
  phase: Phase = 'ver';
  protocol = '';
  /** Set once signed in. */
  account: Account | null = null;
  /** Between USR I and USR S. */
  pendingHandle: string | null = null;
  salt = '';
  /** perConnectionSynVersion: the account's list version at sign-in, less one (this connection counts from 1). */
  versionBase = 0;
  authPackage: 'MD5' | 'CTP' = 'MD5';
  /** FLN until the first CHG: before it, nobody sees you and you get no presence. */
  status: Status = 'FLN';
  presenceReady = false;
  /** Why the socket is closing, for the signedOut event: OUT when the client said goodbye. */
  closeReason: SignOutReason = 'closed';

  constructor(
    readonly host: SessionHost,
    readonly role: ServerRole,
    socket: Socket,
  ) {
    super(socket);
  }

  protected get server(): ServerRole {
    return this.role;
  }

  protected get context(): ConnectionContext {
    return this.host;
  }

  /** Sends a last line and reads nothing more, but leaves the socket open (outOthWithoutClosing). */
  leaveOpen(last: string): void {
    this.write(last);
    this.phase = 'closing';
  }

  protected override errorsWithoutTrId(): boolean {
    return this.host.quirks.errorsWithoutTrId;
  }

  protected socketClosed(): void {
    this.phase = 'closing';
    this.host.closed(this, this.closeReason);
  }

  protected framingFailed(message: string): void {
    this.reportProtocolError(message);
    this.close();
  }

  protected hangUp(): void {
    this.close();
  }

  get email(): string | null {
    return this.account?.email ?? null;
  }

  get dialect(): number {
    return dialectNumber(this.protocol);
  }

  get open(): boolean {
    return this.phase !== 'closing' && !this.socket.destroyed;
  }

  /** Sends the last bytes (if any) and closes; whatever the client sends after is not read. */
  close(last?: string | Buffer): void {
    this.endSocket(last);
  }

  destroy(): void {
    this.destroySocket();
  }

  protected dispatch(cmd: Command): void {
    const { quirks } = this.host;
    if (quirks.silentOn.includes(cmd.name)) return;
    if (quirks.servicesSilent && SERVICE_COMMANDS.has(cmd.name)) return;
    if (quirks.silent && this.phase === 'online') return;
    if (SERVER_ONLY.has(cmd.name)) return this.close();

    const handler = this.host.handlers.get(cmd.name);
    // Before VER nothing is negotiated; after VER CVR0 only CVQ is expected.
    if (this.phase === 'ver' && cmd.name !== 'VER') return this.close();
    if (this.phase === 'cvr0' && cmd.name !== 'CVQ' && cmd.name !== 'OUT') return this.close();
    const redirecting = this.role === 'dispatch' && !quirks.directSignIn;
    if (redirecting && !handler?.dispatch) return this.close();
    if (!handler || (handler.since !== undefined && this.dialect < handler.since)) return this.sendError(200, cmd.trId);
    if (handler.trId && cmd.trId === null) return this.sendError(200, 0);
    if (cmd.args.length < handler.minArgs) return this.sendError(200, cmd.trId);
    if (handler.when === 'online' && this.phase !== 'online') return this.sendError(302, cmd.trId);
    this.runHandler(cmd, () => handler.run(this, cmd));
  }
}
