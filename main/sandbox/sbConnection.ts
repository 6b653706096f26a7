// One client connection to the switchboard port: framing in, a dispatcher over the switchboard's
// commands, and the participant side of a session (JOI, BYE and MSG written out to the socket).
import type { Socket } from 'node:net';
import { type Command, encodeCommand, serializeCommand } from '../msnp/command';
import { Framer } from '../msnp/framing';
import type { Account } from './accounts';
import type { SbLeaveReason } from './events';
import { writeName } from './fields';
import { newConnectionId } from './nsSession';
import { SB_HANDLERS } from './sbCommands';
import type { Participant, SbSession, Switchboard } from './switchboard';

/** auth: nothing accepted yet but USR or ANS; joined: in a session; closing: nothing more is read. */
export type SbPhase = 'auth' | 'joined' | 'closing';

/** Commands only a server sends; a client sending one is disconnected, as on the notification port. */
const SERVER_ONLY = new Set(['RNG', 'JOI', 'BYE', 'IRO', 'ACK', 'NAK']);

const CLOSE_GRACE_MS = 2_000;
/** The framing's own cap; sbMaxPayload (far smaller by default) is checked once a MSG is read. */
const MAX_FRAMED_PAYLOAD = 64 * 1024;

export class SbConnection implements Participant {
  readonly id = newConnectionId();
  readonly bot = false;
  phase: SbPhase = 'auth';
  session: SbSession | null = null;
  /** MSGs relayed for this connection, for sbDropAfterMessages. */
  relayed = 0;
  private who: Account | null = null;
  private readonly framer: Framer;
  private cancelGrace: (() => void) | null = null;
  private cancelIdle: (() => void) | null = null;

  constructor(
    readonly board: Switchboard,
    private readonly socket: Socket,
  ) {
    socket.setNoDelay(true);
    this.framer = new Framer(
      { from: 'client', maxPayload: MAX_FRAMED_PAYLOAD },
      {
        command: (cmd) => this.onCommand(cmd),
        warning: () => {},
        fatal: (err) => this.refuse(err.message),
      },
    );
    socket.on('data', (chunk: Buffer) => {
      if (this.phase !== 'closing') this.framer.push(chunk);
    });
    socket.on('error', () => {
      // A reset by the client is an ordinary way for a connection to end; 'close' follows.
    });
    socket.on('close', () => {
      this.cancelGrace?.();
      this.cancelIdle?.();
      this.leaveSession('closed');
      this.phase = 'closing';
      if (this.board.forget(this)) this.board.host.events.fire('disconnect', { connectionId: this.id, server: 'sb', email: this.email });
    });
  }

  /** Only read once the connection is in a session, which needs an account. */
  get account(): Account {
    if (!this.who) throw new Error('a switchboard connection has no account before USR or ANS');
    return this.who;
  }

  get email(): string | null {
    return this.who?.email ?? null;
  }

  get remote(): string {
    return `${this.socket.remoteAddress ?? '?'}:${this.socket.remotePort ?? 0}`;
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

  write(data: string | Buffer): void {
    if (this.socket.destroyed || this.socket.writableEnded) return;
    this.socket.write(data);
  }

  send(name: string, trId: number | null, args: readonly string[] = []): void {
    this.write(serializeCommand(name, trId, args));
  }

  sendError(code: number, trId: number | null): void {
    this.send(String(code), trId ?? 0);
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
    this.write(encodeCommand('MSG', null, [from.email, this.nameOf(from)], payload));
    return true;
  }

  // ---- closing -----------------------------------------------------------------

  /**
   * Leaves the session at once (so the others get their BYE now, not when the socket finally goes),
   * then sends the last bytes if any and closes.
   */
  close(reason: SbLeaveReason, last?: string | Buffer): void {
    this.leaveSession(reason);
    if (this.socket.destroyed) return;
    this.phase = 'closing';
    if (this.socket.writableEnded) return;
    if (last === undefined) this.socket.end();
    else this.socket.end(last);
    const socket = this.socket;
    this.cancelGrace = this.board.host.timers.timeout(() => socket.destroy(), CLOSE_GRACE_MS);
  }

  /** Drops the socket without a goodbye: how the server "goes away" (sbDropAfterMessages, stop). */
  destroy(reason: SbLeaveReason = 'dropped'): void {
    this.leaveSession(reason);
    this.phase = 'closing';
    this.socket.destroy();
  }

  /** A broken rule of the protocol: reported as a protocolError event, then the connection is closed. */
  refuse(message: string): void {
    this.board.host.events.fire('protocolError', { connectionId: this.id, server: 'sb', email: this.email, message });
    this.close('dropped');
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

  private onCommand(cmd: Command): void {
    if (this.phase === 'closing') return;
    const { events, quirks } = this.board.host;
    // Per command: the event object is built only when someone listens.
    if (events.hasListeners('clientCommand')) events.fire('clientCommand', { connectionId: this.id, server: 'sb', email: this.email, line: cmd.raw, payload: cmd.payload });
    this.armIdle();
    if (quirks.sbSilent) return;
    if (SERVER_ONLY.has(cmd.name)) return this.refuse(`the client sent ${cmd.name}, which only a server sends`);
    const handler = SB_HANDLERS.get(cmd.name);
    // Before USR or ANS there is no session to act in: the real switchboards simply hung up.
    if (this.phase === 'auth' && handler?.when !== 'auth' && handler?.when !== 'any') {
      return this.refuse(`${cmd.name || 'an empty line'} before USR or ANS`);
    }
    if (!handler) return this.sendError(200, cmd.trId);
    if (handler.trId && cmd.trId === null) return this.sendError(200, 0);
    if (cmd.args.length < handler.minArgs) return this.sendError(200, cmd.trId);
    // USR may only be sent once (the USR page calls a second one undefined); 715 is "not expected now".
    if (handler.when === 'auth' && this.phase !== 'auth') return this.sendError(715, cmd.trId);
    try {
      handler.run(this, cmd);
    } catch (err) {
      events.fire('internalError', { connectionId: this.id, line: cmd.raw, error: err as Error });
      this.sendError(500, cmd.trId);
    }
  }
}
