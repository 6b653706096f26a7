// A conversation as the user sees it: people, messages, typing. Underneath it opens, reuses and replaces
// switchboards: messages typed before anyone joined are queued, a conversation everyone left is
// reopened transparently on the next message, and every message ends delivered or failed, never silent.
import { Emitter } from './emitter';
import { MsnpError, OwnAddressError, callFailure, deliveryFailure, switchboardFailure } from './errors';
import { Timers } from './timers';
import { Switchboard, type SwitchboardTarget } from './switchboard';
import type { RawTraffic } from './connection';
import type { ProxyConfig } from './proxy';
import { InvitationManager, type FileToSend, type InvitationManagerOptions, type OutgoingTransfer } from './invitations';
import {
  DEFAULT_FORMAT,
  MAX_SB_PAYLOAD,
  buildTextMessage,
  buildTypingMessage,
  parseSwitchboardMessage,
  splitText,
  type TextFormat,
} from '../../app/messageFormat';

export interface ConversationHost {
  readonly email: string;
  requestSwitchboard(): Promise<{ host: string; port: number; cookie: string }>;
  nicknameOf(email: string): string;
  /** The proxy server the notification session goes through: each switchboard goes through it too. */
  readonly proxy?: ProxyConfig;
}

export interface Member {
  email: string;
  nickname: string;
  present: boolean;
}

export type DeliveryStatus = 'delivered' | 'failed';

export interface ConversationEvents {
  members: Member[];
  /** `initial`: already there when we answered a ring (IRO), not someone arriving. */
  joined: { email: string; nickname: string; initial: boolean };
  left: { email: string; nickname: string };
  message: { id: string; direction: 'in' | 'out'; from: string; nickname: string; text: string; format: TextFormat; at: number };
  delivery: { id: string; status: DeliveryStatus; error?: string };
  typing: { email: string; nickname: string; active: boolean };
  /** `code` is the server's error number when it refused the call (217: not online). */
  callFailed: { email: string; message: string; code?: number };
  /** Any payload that is not text or typing (invitations, unknown types), for the layers above. */
  payload: { from: string; nickname: string; contentType: string; body: string; raw: Buffer };
  warning: { code: string; message: string; line?: string };
  raw: RawTraffic & { server: string; switchboard: number };
  /** The switchboard went away (idle, everyone left, dropped); the conversation stays usable. */
  disconnected: { error?: Error };
}

export interface ConversationOptions {
  /** Send at most one typing notice this often while the user types. */
  typingIntervalMs?: number;
  /** A received typing notice counts this long. */
  typingExpiryMs?: number;
  /** Leave the switchboard after this long without messages. */
  idleMs?: number;
  /** How long a call may ring before queued messages are given up (requestTimeoutMs by default). */
  callTimeoutMs?: number;
  /** How long to wait for each reply of the switchboard (and for its connection to open). */
  requestTimeoutMs?: number;
  invitations?: InvitationManagerOptions;
}

interface Outgoing {
  id: string;
  text: string;
  format: TextFormat;
  /** The MSG payload, when sendText already built it. */
  payload?: string;
}

let nextId = 1;

/** Refusals of a call that callFailure puts in words of their own: not online, no member, not valid, appearing offline. */
const CALL_SAYS_WHY: ReadonlySet<number> = new Set([205, 207, 208, 216, 217, 913]);

export class Conversation extends Emitter<ConversationEvents> {
  readonly id = `c${nextId++}`;
  /** Everyone invited or joined, by lower-cased address; who is present is the switchboard's participants. */
  private readonly members = new Map<string, { email: string; nickname: string }>();
  private sb: Switchboard | null = null;
  /** Every switchboard not yet closed, the current one and any still saying goodbye, for timerCount. */
  private readonly live = new Set<Switchboard>();
  private opening: Promise<void> | null = null;
  private readonly queue: Outgoing[] = [];
  private readonly timers = new Timers();
  private readonly typingTimers = new Map<string, () => void>();
  private lastTypingSent = 0;
  /** The idle timer is armed once and re-armed lazily from this, not cleared and set again per message. */
  private lastActivity = 0;
  private cancelIdle: (() => void) | null = null;
  private closed = false;
  private readonly opts: Required<Omit<ConversationOptions, 'invitations'>>;
  /** File transfers and other invitations in this conversation. */
  readonly invitations: InvitationManager;
  private lastLocalAddress = '';
  /** The switchboard's host as XFR or RNG named it (an IP address in practice): where the peer is reached. */
  private boardHost = '';

  constructor(
    private readonly host: ConversationHost,
    emails: string[],
    options: ConversationOptions = {},
  ) {
    super();
    const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.opts = {
      typingIntervalMs: options.typingIntervalMs ?? 5_000,
      typingExpiryMs: options.typingExpiryMs ?? 6_000,
      idleMs: options.idleMs ?? 5 * 60_000,
      callTimeoutMs: options.callTimeoutMs ?? requestTimeoutMs,
      requestTimeoutMs,
    };
    for (const email of emails) this.members.set(email.toLowerCase(), { email, nickname: host.nicknameOf(email) });
    this.invitations = new InvitationManager(
      {
        get selfEmail() {
          return host.email;
        },
        send: (payload) => this.sendPayload(payload),
        // The address our switchboard socket left from is the one a peer on the same route can reach.
        localAddress: () => (this.sb?.open ? this.sb.localAddress : '') || this.lastLocalAddress,
        remoteAddress: () => this.boardHost,
      },
      options.invitations,
    );
  }

  /** Offers a file; like the classic client, only in a conversation with one other person. */
  sendFile(file: FileToSend): Promise<OutgoingTransfer> {
    if (this.closed) return Promise.reject(new Error('This conversation has been closed, so no file can be sent.'));
    // While connected, those present decide (someone who left no longer counts); otherwise everyone invited.
    const others = this.connected ? this.sb!.participants.size : this.members.size;
    if (others !== 1) return Promise.reject(new Error('Files can only be sent in a conversation with one other person.'));
    return this.invitations.sendFile(file);
  }

  get memberList(): Member[] {
    return [...this.members].map(([key, m]) => ({ ...m, present: this.sb?.participants.has(key) ?? false }));
  }

  get connected(): boolean {
    return this.sb !== null && this.sb.open && this.sb.participants.size > 0;
  }

  /** Timers still running here and on this conversation's switchboards: 0 once it is closed and they are gone. */
  get timerCount(): number {
    let count = this.timers.count;
    for (const sb of this.live) count += sb.timerCount;
    return count;
  }

  /** The longest a message sent now can wait for its fate: a call that rings out, then its ACK. */
  get settleMs(): number {
    return this.opts.callTimeoutMs + this.opts.requestTimeoutMs;
  }

  /** Joins a switchboard we were rung into (RNG). */
  async answer(target: Extract<SwitchboardTarget, { mode: 'answer' }>): Promise<void> {
    const sb = this.attach();
    this.boardHost = target.host;
    await sb.start(target);
    this.lastLocalAddress = sb.localAddress;
    this.touch();
  }

  /** Sends text; long text becomes several messages. Returns the ids, whose fate arrives as `delivery` events. */
  sendText(text: string, format: TextFormat = DEFAULT_FORMAT): string[] {
    if (this.closed) throw new Error('This conversation has been closed, so no message can be sent.');
    if (text.trim() === '') return [];
    const ids: string[] = [];
    const whole = wholeMessage(text, format);
    for (const piece of whole === null ? splitText(text, format) : [text]) {
      const msg: Outgoing = { id: `${this.id}-m${nextId++}`, text: piece, format, payload: whole ?? undefined };
      ids.push(msg.id);
      this.emit('message', { id: msg.id, direction: 'out', from: this.host.email, nickname: this.host.nicknameOf(this.host.email), text: piece, format, at: Date.now() });
      this.queue.push(msg);
    }
    this.pump();
    return ids;
  }

  /** Call while the user types: sends a typing notice at most every typingIntervalMs, only into a live session. */
  typing(): void {
    const now = Date.now();
    if (!this.connected || now - this.lastTypingSent < this.opts.typingIntervalMs) return;
    this.lastTypingSent = now;
    this.sb!.send(buildTypingMessage(this.host.email), 'U').catch(() => {});
  }

  /** Brings someone else into the conversation (CAL into the same switchboard). */
  async invite(email: string): Promise<void> {
    const key = email.toLowerCase();
    // Before anything is sent: calling yourself is answered 215 at best.
    if (key === this.host.email.toLowerCase()) throw new OwnAddressError();
    const added = !this.members.has(key);
    if (added) this.members.set(key, { email, nickname: this.host.nicknameOf(email) });
    this.emitMembers();
    try {
      if (this.sb?.open) await this.callOne(this.sb, email);
      else await this.ensureSession();
    } catch (err) {
      // Kept, someone unreachable would be called again by every new switchboard and make a one-to-one a group.
      if (added && !this.sb?.participants.has(key) && this.members.delete(key)) this.emitMembers();
      throw err;
    }
  }

  /** Sends a command by hand into the switchboard open now (the protocol inspector's console); its TrID or null. */
  sendCommand(name: string, args: readonly string[], payload?: string): number | null {
    if (!this.sb?.open) throw new Error('this conversation has no switchboard open');
    return this.sb.sendCommand(name, args, payload);
  }

  /** The serial of the switchboard open now, or null: which connection sendCommand writes to. */
  get switchboardSerial(): number | null {
    return this.sb?.open ? this.sb.serial : null;
  }

  /** Sends a raw payload (invitations) into the live session, opening one if needed. */
  async sendPayload(payload: string): Promise<void> {
    // A closed conversation may still say goodbye on a live switchboard, but never opens a new one.
    if (this.closed && !this.connected) throw new Error('the conversation is closed');
    await this.ensureSession();
    if (!this.sb || !this.connected) throw new Error('nobody is in the conversation to receive it');
    const ok = await this.sb.send(payload, 'A');
    if (!ok) throw new Error('the message could not be delivered');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.failQueued('The conversation was closed before the message could be sent.');
    // Peers hear OUTBANDCANCEL for open invitations before we leave the switchboard.
    if (this.invitations.active === 0) {
      void this.invitations.close();
      this.sb?.leave();
    } else {
      void this.invitations.close().finally(() => this.sb?.leave());
    }
    this.timers.clearAll();
  }

  // ---- switchboard management ------------------------------------------------

  private attach(): Switchboard {
    const sb = new Switchboard({ email: this.host.email, requestTimeoutMs: this.opts.requestTimeoutMs, proxy: this.host.proxy });
    this.sb = sb;
    this.live.add(sb);
    sb.on('closed', () => this.live.delete(sb));
    sb.on('raw', (r) => this.emit('raw', r));
    sb.wantsRaw = () => this.hasListeners('raw');
    sb.on('warning', (w) => this.emit('warning', w));
    sb.on('joined', (e) => {
      const key = e.email.toLowerCase();
      this.members.set(key, { email: e.email, nickname: e.nickname });
      this.emit('joined', { email: e.email, nickname: e.nickname, initial: e.initial });
      this.emitMembers();
      this.pump();
    });
    sb.on('left', (e) => {
      const m = this.members.get(e.email.toLowerCase());
      this.clearTyping(e.email);
      this.emit('left', { email: e.email, nickname: m?.nickname ?? e.email });
      this.emitMembers();
      // With nobody left the switchboard is useless; the next message opens a new one.
      if (sb.participants.size === 0) sb.leave();
    });
    sb.on('message', (e) => this.onMessage(e.from, e.nickname, e.payload));
    sb.on('closed', (e) => {
      if (this.sb !== sb) return;
      this.sb = null;
      this.cancelIdle?.();
      this.cancelIdle = null;
      this.emitMembers();
      this.emit('disconnected', { error: e.error });
    });
    return sb;
  }

  private ensureSession(): Promise<void> {
    if (this.connected) return Promise.resolve();
    if (!this.opening) {
      this.opening = this.openSession().finally(() => {
        this.opening = null;
      });
    }
    return this.opening;
  }

  private async openSession(): Promise<void> {
    this.sb?.leave();
    const xfr = await this.host.requestSwitchboard();
    const sb = this.attach();
    this.boardHost = xfr.host;
    await sb.start({ mode: 'call', ...xfr });
    this.lastLocalAddress = sb.localAddress;
    let failure: Error | undefined;
    const calls = [...this.members.values()].map((m) => this.callOne(sb, m.email).then(() => true, (err: Error) => ((failure ??= err), false)));
    const results = await Promise.all(calls);
    if (!results.some(Boolean)) {
      sb.leave();
      // One person not online, unknown or refused (or we appear offline): the call's own sentence tells the queued messages why.
      const said = failure?.cause instanceof MsnpError && CALL_SAYS_WHY.has(failure.cause.code);
      if (this.members.size === 1 && said) throw failure;
      throw new Error(this.members.size === 1 ? `${this.firstName()} could not be reached` : 'nobody in the conversation could be reached');
    }
    await this.waitForJoin(sb);
  }

  private async callOne(sb: Switchboard, email: string): Promise<void> {
    try {
      await sb.call(email);
    } catch (err) {
      const message = callFailure(this.members.get(email.toLowerCase())?.nickname ?? email, err);
      this.emit('callFailed', { email, message, code: err instanceof MsnpError ? err.code : undefined });
      throw new Error(message, { cause: err });
    }
  }

  private waitForJoin(sb: Switchboard): Promise<void> {
    if (sb.participants.size > 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const cancel = this.timers.timeout(() => {
        off();
        offClosed();
        sb.leave();
        reject(new Error(`${this.firstName()} did not answer`));
      }, this.opts.callTimeoutMs);
      const off = sb.on('joined', () => {
        cancel();
        off();
        offClosed();
        resolve();
      });
      const offClosed = sb.on('closed', () => {
        cancel();
        off();
        offClosed();
        reject(new Error('the conversation ended before anyone joined'));
      });
    });
  }

  /** Sends whatever is queued once someone is there; opens a session first if needed. */
  private pump(): void {
    if (this.queue.length === 0) return;
    // With a live session the queue goes out now, without a detour through a promise.
    if (this.connected) return this.flush();
    this.ensureSession().then(() => this.flush(), (err: unknown) => this.failQueued(switchboardFailure(err)));
  }

  private flush(): void {
    const sb = this.sb;
    if (!sb || !this.connected) return;
    while (this.queue.length > 0) {
      const msg = this.queue.shift()!;
      this.touch();
      // Each fate is reported straight from the ACK (or NAK), not through a chain of promises.
      sb.sendAcked(msg.payload ?? buildTextMessage(msg.text, msg.format), (delivered, error) => {
        if (error) this.emit('delivery', { id: msg.id, status: 'failed', error: deliveryFailure(error) });
        else if (delivered) this.emit('delivery', { id: msg.id, status: 'delivered' });
        else this.emit('delivery', { id: msg.id, status: 'failed', error: 'The message could not be delivered to everyone in the conversation.' });
      });
    }
  }

  private failQueued(reason: string): void {
    for (const msg of this.queue.splice(0)) this.emit('delivery', { id: msg.id, status: 'failed', error: reason });
  }

  // ---- incoming -----------------------------------------------------------

  private onMessage(from: string, nickname: string, payload: Buffer): void {
    this.touch();
    const parsed = parseSwitchboardMessage(payload.toString('utf8'));
    switch (parsed.kind) {
      case 'text':
        for (const w of parsed.warnings) this.emit('warning', { code: 'message-format', message: w });
        this.clearTyping(from);
        this.emit('message', { id: `${this.id}-r${nextId++}`, direction: 'in', from, nickname, text: parsed.text, format: parsed.format, at: Date.now() });
        return;
      case 'typing': {
        const key = from.toLowerCase();
        this.typingTimers.get(key)?.();
        if (!this.typingTimers.has(key)) this.emit('typing', { email: from, nickname, active: true });
        this.typingTimers.set(key, this.timers.timeout(() => this.clearTyping(from), this.opts.typingExpiryMs));
        return;
      }
      case 'invitation':
        this.emit('payload', { from, nickname, contentType: 'text/x-msmsgsinvite', body: parsed.body, raw: payload });
        this.invitations.handleMessage(from, parsed.body);
        return;
      case 'unknown':
        // Unknown content types are ignored without error (emoticons, ink and such from newer clients).
        this.emit('payload', { from, nickname, contentType: parsed.contentType, body: '', raw: payload });
        return;
    }
  }

  private clearTyping(email: string): void {
    const key = email.toLowerCase();
    const cancel = this.typingTimers.get(key);
    if (!cancel) return;
    cancel();
    this.typingTimers.delete(key);
    this.emit('typing', { email, nickname: this.members.get(key)?.nickname ?? email, active: false });
  }

  /** Activity: only a timestamp. The one idle timer, when it fires early, re-arms itself for the time left. */
  private touch(): void {
    this.lastActivity = performance.now();
    if (this.cancelIdle === null) this.armIdle(this.opts.idleMs);
  }

  private armIdle(ms: number): void {
    this.cancelIdle = this.timers.timeout(() => {
      this.cancelIdle = null;
      const left = this.lastActivity + this.opts.idleMs - performance.now();
      if (left > 0) this.armIdle(Math.ceil(left));
      else this.sb?.leave();
    }, ms);
  }

  private emitMembers(): void {
    this.emit('members', this.memberList);
  }

  private firstName(): string {
    return [...this.members.values()][0]?.nickname ?? 'The contact';
  }
}

/**
 * The payload of text that fits one message, built once for both the size check and the send; null when
 * splitText has to cut it. Text with CR is left to splitText, which normalizes line ends.
 */
function wholeMessage(text: string, format: TextFormat): string | null {
  if (text.includes('\r')) return null;
  const payload = buildTextMessage(text, format);
  // The 16 bytes are splitText's least room for text: whatever fits with them, splitText would not cut.
  // A UTF-16 unit is at most 3 UTF-8 bytes, so a short payload fits without counting them.
  if (payload.length * 3 + 16 <= MAX_SB_PAYLOAD) return payload;
  return Buffer.byteLength(payload, 'utf8') + 16 <= MAX_SB_PAYLOAD ? payload : null;
}
