// One client connection to the switchboard port: framing in, a dispatcher over the switchboard's
// commands, and the participant side of a session (JOI, BYE and MSG written out to the socket).
import type { Socket } from 'node:net';
import { type Command, encodeCommand } from '../msnp/command';
import { wireText } from '../msnp/errors';
import type { Account } from './accounts';
import type { SbLeaveReason, ServerRole } from './events';
import { writeName } from './fields';
import { type ConnectionContext, FramedConnection } from './framedConnection';
import { SB_HANDLERS } from './sbCommands';
import type { Participant, SbSession, Switchboard } from './switchboard';

const flushRelayed = (c: SbConnection): void => c.flushRelayed();

/** auth: nothing accepted yet but USR or ANS; joined: in a session; closing: nothing more is read. */
export type SbPhase = 'auth' | 'joined' | 'closing';

/** Commands only a server sends; a client sending one is disconnected, as on the notification port. */
const SERVER_ONLY = new Set(['RNG', 'JOI', 'BYE', 'IRO', 'ACK', 'NAK']);

// The framing caps a payload at 64 KB; sbMaxPayload (far smaller by default) is checked once a MSG is read.
export class SbConnection extends FramedConnection<SbPhase> implements Participant {
  readonly bot = false;
  phase: SbPhase = 'auth';
  session: SbSession | null = null;
  /** MSGs relayed for this connection, for sbDropAfterMessages. */
  relayed = 0;
  private who: Account | null = null;
  private cancelIdle: (() => void) | null = null;
  /** Messages relayed to this connection in this turn, not yet written (see deliver). */
  private relaying: { from: Account; payload: Buffer }[] | null = null;

  constructor(
    readonly board: Switchboard,
    socket: Socket,
  ) {
    super(socket);
  }

  protected override errorsWithoutTrId(): boolean {
    return this.board.host.quirks.errorsWithoutTrId;
  }

  protected get server(): ServerRole {
    return 'sb';
  }

  protected get context(): ConnectionContext {
    return this.board.host;
  }

  protected socketClosed(): void {
    this.cancelIdle?.();
    this.leaveSession('closed');
    this.phase = 'closing';
    if (this.board.forget(this)) this.board.host.events.fire('disconnect', { connectionId: this.id, server: 'sb', email: this.email });
  }

  protected framingFailed(message: string): void {
    this.refuse(message);
  }

  protected hangUp(): void {
    this.close('dropped');
  }

  /** Only read once the connection is in a session, which needs an account. */
  get account(): Account {
    if (!this.who) throw new Error('a switchboard connection has no account before USR or ANS');
    return this.who;
  }

  get email(): string | null {
    return this.who?.email ?? null;
  }

  get open(): boolean {
    return this.phase !== 'closing' && !this.socket.destroyed && !this.socket.writableEnded;
  }

  /** USR or ANS accepted: from now on the connection is this account. */
  identify(account: Account): void {
    this.who = account;
  }

  /** In a session (after identify): MSG and CAL are accepted from now on. */
  enter(session: SbSession): void {
    this.session = session;
    this.phase = 'joined';
    this.armIdle();
  }

  nameOf(account: Account): string {
    return writeName(account.nickname, this.board.host.quirks.unencodedNames);
  }

  // ---- Participant -------------------------------------------------------------

  joined(who: Account): void {
    this.send('JOI', null, [who.email, this.nameOf(who)]);
  }

  left(who: Account, timedOut: boolean): void {
    this.send('BYE', null, timedOut ? [who.email, '1'] : [who.email]);
  }

  deliver(from: Account, payload: Buffer): boolean {
    if (!this.open) return false;
    // Encoded and written when this turn ends, so that the sender's ACK leaves first; whatever else is
    // written here before then goes after them (write flushes them first), so nothing is reordered.
    if (this.relaying === null) {
      this.relaying = [];
      process.nextTick(flushRelayed, this);
    }
    this.relaying.push({ from, payload });
    return true;
  }

  override write(data: string | Buffer): void {
    if (this.relaying !== null) this.flushRelayed();
    super.write(data);
  }

  /** Writes the messages relayed to this connection in the turn, in one write when there are several. */
  flushRelayed(): void {
    const queued = this.relaying;
    if (queued === null) return;
    this.relaying = null;
    const several = queued.length > 1;
    if (several) this.socket.cork();
    for (const { from, payload } of queued) super.write(encodeCommand('MSG', null, [from.email, this.nameOf(from)], payload));
    if (several) this.socket.uncork();
  }

  // ---- closing -----------------------------------------------------------------

  /**
   * Leaves the session at once (so the others get their BYE now, not when the socket finally goes),
   * then sends the last bytes if any and closes.
   */
  close(reason: SbLeaveReason, last?: string | Buffer): void {
    this.leaveSession(reason);
    this.flushRelayed();
    this.endSocket(last);
  }

  /** Drops the socket without a goodbye: how the server "goes away" (sbDropAfterMessages, stop). */
  destroy(reason: SbLeaveReason = 'dropped'): void {
    this.leaveSession(reason);
    this.destroySocket();
  }

  /** A broken rule of the protocol: reported as a protocolError event, then the connection is closed (after `last`, if given). */
  refuse(message: string, last?: string | Buffer): void {
    this.reportProtocolError(message);
    this.close('dropped', last);
  }

  private leaveSession(reason: SbLeaveReason): void {
    const session = this.session;
    if (!session) return;
    this.session = null;
    this.cancelIdle?.();
    this.board.leave(session, this, reason);
  }

  private armIdle(): void {
    this.cancelIdle?.();
    this.cancelIdle = null;
    const ms = this.board.host.quirks.sbIdleTimeoutMs;
    if (ms === null || !this.session) return;
    this.cancelIdle = this.board.host.timers.timeout(() => this.close('idle'), ms);
  }

  // ---- dispatch ----------------------------------------------------------------

  protected dispatch(cmd: Command): void {
    const { quirks } = this.board.host;
    this.armIdle();
    if (quirks.sbSilent) return;
    if (SERVER_ONLY.has(cmd.name)) return this.refuse(`the client sent ${cmd.name}, which only a server sends`);
    const handler = SB_HANDLERS.get(cmd.name);
    // Before USR or ANS there is no session to act in: the real switchboards simply hung up.
    if (this.phase === 'auth' && handler?.when !== 'auth' && handler?.when !== 'any') {
      return this.refuse(`${cmd.name ? wireText(cmd.name) : 'an empty line'} before USR or ANS`);
    }
    if (!handler) return this.sendError(200, cmd.trId);
    if (handler.trId && cmd.trId === null) return this.sendError(200, 0);
    if (cmd.args.length < handler.minArgs) return this.sendError(200, cmd.trId);
    // USR may only be sent once (the USR page calls a second one undefined); 715 is "not expected now".
    if (handler.when === 'auth' && this.phase !== 'auth') return this.sendError(715, cmd.trId);
    this.runHandler(cmd, () => handler.run(this, cmd));
  }
}
