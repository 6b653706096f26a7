// What every client connection to the sandbox shares, notification or switchboard: the socket and its
// framing in, commands written out, a graceful close with a grace period, the per-command events, and
// the faults a test sets (closing or falling silent at one step).
import type { Socket } from 'node:net';
import { type Command, encodeCommand, serializeCommand } from '../msnp/command';
import { Framer } from '../msnp/framing';
import type { Timers } from '../msnp/timers';
import type { SandboxEmitter, ServerRole } from './events';
import { type Fault, faultMatches, type Quirks } from './quirks';

/** How long a closing socket may linger before it is destroyed. */
const CLOSE_GRACE_MS = 2_000;
/** The framing's own cap on a payload; narrower limits are checked by the commands themselves. */
const MAX_FRAMED_PAYLOAD = 64 * 1024;

let lastConnectionId = 0;

/** Ids shared by every kind of connection (notification, switchboard, bot), so events never mix two up. */
export function newConnectionId(): number {
  lastConnectionId += 1;
  return lastConnectionId;
}

/** The parts of the server a connection reports to and schedules on. */
export interface ConnectionContext {
  readonly events: SandboxEmitter;
  readonly timers: Timers;
  readonly quirks: Quirks;
}

/** What waits behind an answer going out in pieces: later writes, and a close asked for meanwhile. */
interface Behind {
  writes: (string | Buffer)[];
  end: { last: string | Buffer | undefined } | null;
}

/** `P` is the connection's phases; 'closing' is the last of every kind: nothing more is read. */
export abstract class FramedConnection<P extends string> {
  readonly id = newConnectionId();
  abstract phase: P | 'closing';
  abstract readonly email: string | null;
  private readonly framer: Framer;
  private cancelGrace: (() => void) | null = null;
  /** A fault made this connection silent: nothing more is answered, and it stays open. */
  private silenced = false;
  /** While a fault lets part of an answer out: what the handler wrote, held back to be cut. */
  private held: Buffer[] | null = null;
  /** While an answer goes out in pieces: what was written meanwhile, and the close asked for, in order behind it. */
  private behind: Behind | null = null;

  protected constructor(protected readonly socket: Socket) {
    socket.setNoDelay(true);
    this.framer = new Framer(
      { from: 'client', maxPayload: MAX_FRAMED_PAYLOAD },
      {
        command: (cmd) => this.onCommand(cmd),
        warning: () => {},
        fatal: (err) => this.framingFailed(err.message),
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
      this.socketClosed();
    });
  }

  /** Which port this connection came in on, for events. */
  protected abstract get server(): ServerRole;
  protected abstract get context(): ConnectionContext;
  /** Called once the socket has closed, whoever closed it. */
  protected abstract socketClosed(): void;
  /** The client's bytes broke the framing (protocolError already fired). */
  protected abstract framingFailed(message: string): void;
  /** One command read while not closing (clientCommand already fired). */
  protected abstract dispatch(cmd: Command): void;
  /** Closes the connection the way this kind of connection closes (leaving its session first, for the switchboard). */
  protected abstract hangUp(): void;

  get remote(): string {
    return `${this.socket.remoteAddress ?? '?'}:${this.socket.remotePort ?? 0}`;
  }

  write(data: string | Buffer): void {
    if (this.held) {
      this.held.push(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      return;
    }
    if (this.behind) {
      this.behind.writes.push(data);
      return;
    }
    if (this.socket.destroyed || this.socket.writableEnded) return;
    this.socket.write(data);
  }

  /**
   * Writes a long answer (the SYN reply) piece by piece as the socket takes them, so the first bytes leave
   * at once and a big answer never waits whole in memory. Whatever is written meanwhile goes out after it.
   */
  writePieces(pieces: Iterable<string>): void {
    if (this.held || this.behind) {
      for (const piece of pieces) this.write(piece);
      return;
    }
    const next = pieces[Symbol.iterator]();
    const behind: Behind = { writes: [], end: null };
    this.behind = behind;
    const pump = (): void => {
      for (;;) {
        if (this.socket.destroyed) return;
        const piece = next.next();
        if (piece.done) break;
        if (!this.socket.write(piece.value)) {
          this.socket.once('drain', pump);
          return;
        }
      }
      this.behind = null;
      for (const data of behind.writes) this.write(data);
      if (behind.end) this.endSocket(behind.end.last);
    };
    pump();
  }

  send(name: string, trId: number | null, args: readonly string[] = [], payload?: string | Buffer): void {
    this.write(payload === undefined ? serializeCommand(name, trId, args) : encodeCommand(name, trId, args, payload));
  }

  sendError(code: number, trId: number | null): void {
    this.send(String(code), this.errorsWithoutTrId() ? null : (trId ?? 0));
  }

  /** The errorsWithoutTrId quirk, read from whichever server this connection belongs to. */
  protected errorsWithoutTrId(): boolean {
    return false;
  }

  /** A broken rule of the protocol, reported as a protocolError event. */
  protected reportProtocolError(message: string): void {
    this.context.events.fire('protocolError', { connectionId: this.id, server: this.server, email: this.email, message });
  }

  /** Sends the last bytes (if any) and ends the socket, destroying it if the client lingers; nothing more is read. */
  protected endSocket(last?: string | Buffer): void {
    if (this.held) {
      // The fault decides whether the connection closes; the last bytes are part of the answer held back.
      if (last !== undefined) this.write(last);
      return;
    }
    if (this.behind) {
      // Nothing more is read, but the answer going out is finished first.
      this.phase = 'closing';
      this.behind.end ??= { last };
      return;
    }
    if (this.socket.destroyed) return;
    this.phase = 'closing';
    if (this.socket.writableEnded) return;
    if (last === undefined) this.socket.end();
    else this.socket.end(last);
    const socket = this.socket;
    this.cancelGrace = this.context.timers.timeout(() => socket.destroy(), CLOSE_GRACE_MS);
  }

  protected destroySocket(): void {
    this.phase = 'closing';
    this.socket.destroy();
  }

  /** Runs a command's handler; a throw is an internalError event and a 500 to the client. */
  protected runHandler(cmd: Command, run: () => void): void {
    try {
      run();
    } catch (err) {
      this.context.events.fire('internalError', { connectionId: this.id, line: cmd.raw, error: err as Error });
      this.sendError(500, cmd.trId);
    }
  }

  private onCommand(cmd: Command): void {
    if (this.phase === 'closing') return;
    const { events } = this.context;
    // Per command: the event object is built only when someone listens.
    if (events.hasListeners('clientCommand')) {
      events.fire('clientCommand', { connectionId: this.id, server: this.server, email: this.email, line: cmd.raw, payload: cmd.payload });
    }
    if (this.silenced) return;
    const { faults } = this.context.quirks;
    const fault = faults.length === 0 ? undefined : faults.find((f) => faultMatches(f, this.server, cmd.name, cmd.args));
    if (fault) this.breakOff(fault, cmd);
    else this.dispatch(cmd);
  }

  /** A fault set off by this command: the first lines of its answer (if any) go out, then a close or silence. */
  private breakOff(fault: Fault, cmd: Command): void {
    const lines = fault.afterLines ?? 0;
    if (lines > 0) {
      const held: Buffer[] = [];
      this.held = held;
      try {
        this.dispatch(cmd);
      } finally {
        this.held = null;
      }
      const answer = Buffer.concat(held);
      let cut = 0;
      for (let i = 0; i < lines && cut < answer.length; i += 1) {
        const lf = answer.indexOf(0x0a, cut);
        cut = lf === -1 ? answer.length : lf + 1;
      }
      this.write(answer.subarray(0, cut));
    }
    if (fault.action === 'silent') this.silenced = true;
    else this.hangUp();
  }
}
