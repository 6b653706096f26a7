// One switchboard connection: USR (we call) or ANS (we were rung), CAL, JOI/IRO/BYE, MSG with ACK/NAK.
// It knows nothing of conversations; Conversation decides when to open, reuse or replace one.
import { clientTakesTrId, encodeCommand, type Command } from './command';
import { Connection, type RawTraffic } from './connection';
import { Emitter } from './emitter';
import { ProtocolError, wireText } from './errors';
import { decodeField } from './fields';
import type { ReplyWaiter } from './transactions';
import { wireWarning } from '../../app/wireText';
import type { ProxyConfig } from './proxy';

/** A sign-in name as the switchboard must give it: one @, no spaces, within the protocol's lengths. */
const HANDLE = /^[^\s@]{1,64}@[^\s@]{1,255}$/;

export interface SwitchboardEvents {
  joined: { email: string; nickname: string; initial: boolean };
  left: { email: string; idle: boolean };
  message: { from: string; nickname: string; payload: Buffer };
  /** `switchboard` is the serial of this switchboard, so a reader can tell one connection from the next. */
  raw: RawTraffic & { server: string; switchboard: number };
  warning: { code: string; message: string; line?: string };
  closed: { error?: Error };
}

let nextSerial = 1;

/** The acknowledgement modes this client sends: U (none asked) and A (ACK or NAK). */
export type AckMode = 'U' | 'A';

const EXPECT_A: readonly string[] = ['ACK', 'NAK'];

/** The fate of a message sent with A: delivered (ACK), not delivered (NAK), or an error (timeout, closed). */
export type DeliveryReport = (delivered: boolean, error?: Error) => void;

/** Turns the reply to a MSG sent with A into its report (a class: one small object per message, no closures). */
class AckWaiter implements ReplyWaiter {
  constructor(private readonly report: DeliveryReport) {}
  resolve(reply: Command): void {
    this.report(reply.name === 'ACK');
  }
  reject(err: Error): void {
    queueMicrotask(() => this.report(false, err));
  }
}

export type SwitchboardTarget =
  | { mode: 'call'; host: string; port: number; cookie: string }
  | { mode: 'answer'; host: string; port: number; cookie: string; sessionId: string };

export interface SwitchboardOptions {
  email: string;
  requestTimeoutMs?: number;
  /** requestTimeoutMs, or 15 s, whichever is shorter, by default. */
  connectTimeoutMs?: number;
  maxPayload?: number;
  /** The proxy server to connect through, as the notification session does. */
  proxy?: ProxyConfig;
}

export class Switchboard extends Emitter<SwitchboardEvents> {
  readonly serial = nextSerial++;
  private readonly conn = new Connection();
  /** Everyone else in the session, by lower-cased address. */
  readonly participants = new Map<string, { email: string; nickname: string }>();
  private closedEmitted = false;
  private readonly requestTimeoutMs: number;
  private lastNameField = '';
  private lastName = '';

  constructor(private readonly options: SwitchboardOptions) {
    super();
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.conn.setRequestTimeout(this.requestTimeoutMs);
    this.conn.on('raw', (r) => this.emit('raw', { ...r, server: this.conn.remote, switchboard: this.serial }));
    this.conn.wantsRaw = () => this.wantsRaw();
    this.conn.on('warning', (w) => this.warn(w.code, w.message, w.line));
    this.conn.on('command', (cmd) => this.onCommand(cmd));
    this.conn.on('close', (info) => {
      if (this.closedEmitted) return;
      this.closedEmitted = true;
      this.emit('closed', { error: info.cause === 'local' ? undefined : info.error });
    });
  }

  /** Set by an owner that forwards raw traffic, so the per-command event is built only when someone reads it. */
  wantsRaw: () => boolean = () => this.hasListeners('raw');

  get open(): boolean {
    return this.conn.status === 'connected';
  }

  get localAddress(): string {
    return this.conn.localAddress;
  }

  /** Timers still running on the connection: 0 once it has closed. */
  get timerCount(): number {
    return this.conn.timers.count;
  }

  /** Every warning of the switchboard and its connection, made by wireWarning so that no secret gets through. */
  private warn = (code: string, message: string, line?: string): void => {
    this.emit('warning', wireWarning(code, message, line));
  };

  /** Connects and authenticates; resolves once we are in (after IRO/ANS OK when answering). */
  async start(target: SwitchboardTarget): Promise<void> {
    const timeoutMs = this.options.connectTimeoutMs ?? Math.min(15_000, this.options.requestTimeoutMs ?? 30_000);
    await this.conn.connect({
      host: target.host,
      port: target.port,
      timeoutMs,
      maxPayload: this.options.maxPayload ?? 64 * 1024,
      proxy: this.options.proxy,
    });
    if (target.mode === 'call') {
      const reply = await this.conn.request('USR', [this.options.email, target.cookie]);
      if (reply.args[0] !== 'OK') throw new ProtocolError('the switchboard answered USR with something unexpected', reply.raw);
    } else {
      const reply = await this.conn.request('ANS', [this.options.email, target.cookie, target.sessionId]);
      if (reply.args[0] !== 'OK') throw new ProtocolError('the switchboard answered ANS with something unexpected', reply.raw);
    }
  }

  /** Asks the switchboard to ring someone; resolves on RINGING (they join later with JOI). */
  async call(email: string): Promise<void> {
    const reply = await this.conn.request('CAL', [email]);
    if (reply.args[0] !== 'RINGING') this.warn('cal-unexpected', 'CAL was answered without RINGING', reply.raw);
  }

  /**
   * Sends a payload. With A the promise tells whether it was delivered (ACK) or not (NAK);
   * a NAK resolves to false, a timeout or a closed switchboard rejects.
   */
  send(payload: string | Buffer, ack: AckMode): Promise<boolean> {
    if (ack === 'U') {
      try {
        this.conn.send('MSG', [ack], { payload });
      } catch (err) {
        return Promise.reject(err as Error);
      }
      return Promise.resolve(true);
    }
    return new Promise((resolve, reject) => this.sendAcked(payload, (delivered, error) => (error ? reject(error) : resolve(delivered))));
  }

  /**
   * Sends a payload with A and reports its fate to `report`: from the turn that read the ACK or NAK, with no
   * promise in between. An error is reported a microtask later, as a rejection would be, so that a closing
   * connection has finished closing by then.
   */
  sendAcked(payload: string | Buffer, report: DeliveryReport): void {
    const { transactions } = this.conn;
    const trId = transactions.allocate();
    transactions.expect(trId, 'MSG', EXPECT_A, this.requestTimeoutMs, new AckWaiter(report));
    try {
      this.conn.send('MSG', ['A'], { trId, payload });
    } catch (err) {
      transactions.fail(trId, err as Error);
    }
  }

  /**
   * Sends a command by hand (the protocol inspector's console): its TrID filled in when it takes one, a
   * payload's length added. Returns the TrID (null for OUT); the reply is read from the traffic.
   */
  sendCommand(name: string, args: readonly string[], payload?: string): number | null {
    if (!this.open) throw new ProtocolError('the switchboard is not open');
    if (!clientTakesTrId(name)) return this.conn.send(name, args, { trId: null, payload });
    // Throws here, with its reason, for a line that cannot go on the wire.
    encodeCommand(name, 0, args, payload);
    let trId = 0;
    // A request, so its reply settles it instead of being reported as stray (MSG is answered by ACK or NAK).
    const expect = name === 'MSG' ? EXPECT_A : [name];
    this.conn.request(name, args, { payload, expect, onTrId: (id) => (trId = id) }).catch(() => {});
    return trId;
  }

  /** Leaves politely (OUT) and closes. */
  leave(): void {
    if (this.open) {
      try {
        this.conn.send('OUT', [], { trId: null });
      } catch {
        // already closing
      }
    }
    this.conn.close();
  }

  private onCommand(cmd: Command): void {
    switch (cmd.name) {
      case 'IRO': {
        // IRO tr index total email nick
        const [, , email, nick] = cmd.args;
        if (!email) return this.warn('bad-iro', 'IRO could not be read', cmd.raw);
        this.addParticipant(email, nick, cmd, true);
        return;
      }
      case 'JOI': {
        const [email, nick] = cmd.args;
        if (!email) return this.warn('bad-joi', 'JOI could not be read', cmd.raw);
        if (email.toLowerCase() === this.options.email.toLowerCase()) {
          // Some servers announce our own arrival; it is not someone joining.
          return this.warn('joi-self', 'the switchboard sent a JOI for yourself', cmd.raw);
        }
        this.addParticipant(email, nick, cmd, false);
        return;
      }
      case 'BYE': {
        const [email, reason] = cmd.args;
        if (!email) return this.warn('bad-bye', 'BYE could not be read', cmd.raw);
        const key = email.toLowerCase();
        const p = this.participants.get(key);
        this.participants.delete(key);
        this.emit('left', { email: p?.email ?? email, idle: reason === '1' });
        return;
      }
      case 'MSG': {
        const [from, nick] = cmd.args;
        if (!from || !cmd.payload) return this.warn('bad-msg', 'MSG could not be read', cmd.raw);
        const nickname = nick === undefined ? from : this.senderName(nick, cmd.raw);
        this.emit('message', { from, nickname, payload: cmd.payload });
        return;
      }
      case 'ACK':
      case 'NAK':
        return this.warn('stray-ack', `${cmd.name} arrived for no message we are waiting on`, cmd.raw);
      case 'OUT':
        this.conn.close();
        return;
      default:
        if (/^\d{3}$/.test(cmd.name)) this.warn('unexpected-error', `the switchboard sent error ${cmd.name} for no pending request`, cmd.raw);
        else this.warn('unknown-command', `the switchboard sent ${cmd.name ? wireText(cmd.name) : 'an empty command'}, which this client does not know`, cmd.raw);
    }
  }

  /** A name field of a MSG: a peer sends the same one every time, so the last one read cleanly is kept. */
  private senderName(field: string, line: string): string {
    if (field === this.lastNameField) return this.lastName;
    let clean = true;
    const name = decodeField(field, line, (code, message, at) => {
      clean = false;
      this.warn(code, message, at);
    });
    if (clean) {
      this.lastNameField = field;
      this.lastName = name;
    }
    return name;
  }

  private addParticipant(email: string, nick: string | undefined, cmd: Command, initial: boolean): void {
    // Everyone in a conversation has a sign-in name; anything else (a server bug or worse) is no person.
    if (!HANDLE.test(email)) return this.warn('bad-handle', `the switchboard named a participant that is not an address`, cmd.raw);
    const nickname = nick === undefined ? email : decodeField(nick, cmd.raw, this.warn);
    this.participants.set(email.toLowerCase(), { email, nickname });
    this.emit('joined', { email, nickname, initial });
  }
}

