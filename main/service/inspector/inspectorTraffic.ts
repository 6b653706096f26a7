// Feeds the protocol inspector's ring from the engine: every line of the notification session and of each
// switchboard, masked as it is kept, with the engine's warnings attached to the lines that caused them and a
// flag on each request left unanswered past the timeout. It tells the windows that lines arrived at most
// every batchMs (a count, never the lines), and sends what the inspector's console types. File transfers'
// MSNFTP control lines come through inspectorFtp, each transfer a connection of its own.
import type { MessengerEvent } from '../../../app/contract';
import type { InspectorConnectionKind, InspectorFlag, InspectorSendRequest } from '../../../app/inspector';
import type { Conversation } from '../../msnp/conversation';
import type { ConversationManager } from '../../msnp/conversations';
import { parseInspectorCommand } from '../../msnp/consoleLine';
import { errorMessage, seconds, sentence } from '../../msnp/errors';
import type { NotificationSession } from '../../msnp/notificationSession';
import { maskFtpTraffic, maskPayload, maskTraffic } from '../../msnp/trafficMask';
import { followTransfers } from './inspectorFtp';
import { TrafficRing, type ConnectionRecord, type TrafficEntry } from './trafficRing';

export interface InspectorTrafficOptions {
  emit(event: MessengerEvent): void;
  ring?: TrafficRing;
  /** The windows hear about new lines at most this often. */
  batchMs?: number;
  /** A request with no reply after this long is flagged (the engine's request timeout). */
  replyTimeoutMs?: number;
}

type Sender = (name: string, args: readonly string[], payload?: string) => number | null;

interface RawLine {
  direction: 'in' | 'out';
  line: string;
  payload?: string;
  at: number;
}

interface Pending {
  entry: TrafficEntry;
  deadline: number;
}

export class InspectorTraffic {
  readonly ring: TrafficRing;
  private readonly counters = { ns: 0, sb: 0, ftp: 0 };
  private readonly senders = new Map<string, Sender>();
  /** Requests awaiting a line with their TrID, by "connection trId". */
  private readonly pending = new Map<string, Pending>();
  private replyTimer: ReturnType<typeof setTimeout> | null = null;
  private batchTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly batchMs: number;
  private readonly replyTimeoutMs: number;

  constructor(private readonly options: InspectorTrafficOptions) {
    this.ring = options.ring ?? new TrafficRing();
    this.batchMs = options.batchMs ?? 150;
    this.replyTimeoutMs = options.replyTimeoutMs ?? 30_000;
  }

  /**
   * Nothing is kept until a window first asks for the traffic (the inspector opened): while the engine's raw
   * traffic is read, the list sync leaves its fast path, and recording a 50,000-contact sign-in costs more
   * than a second that nobody who never opens the inspector should pay. From then on, for the rest of the run.
   */
  private recording = false;
  /** The signed-in (or signing-in) session, so recording can start in the middle of it. */
  private live: {
    session: NotificationSession;
    manager: ConversationManager;
    stop: (() => void) | null;
  } | null = null;

  get isRecording(): boolean {
    return this.recording;
  }

  startRecording(): void {
    if (this.recording) return;
    this.recording = true;
    if (this.live) this.live.stop = this.record(this.live.session, this.live.manager);
  }

  /** The session whose traffic is kept once recording; returns the function that lets it go. */
  attach(session: NotificationSession, manager: ConversationManager): () => void {
    const live = { session, manager, stop: this.recording ? this.record(session, manager) : null };
    this.live = live;
    return () => {
      live.stop?.();
      live.stop = null;
      if (this.live === live) this.live = null;
    };
  }

  /** Records one session and its conversations from now on; returns the function that stops it. */
  private record(session: NotificationSession, manager: ConversationManager): () => void {
    const ours = new Set<ConnectionRecord>();
    let current: ConnectionRecord | null = null;
    let server = '';
    const offs: (() => void)[] = [];
    const close = (record: ConnectionRecord | null): void => {
      if (!record) return;
      this.senders.delete(record.id);
      this.forgetPending(record);
      this.ring.closeConnection(record);
    };
    offs.push(
      session.on('raw', (r) => {
        // A redirect opens a second connection: the dispatch server's ends, the notification server's begins.
        if (!current || r.server !== server) {
          close(current);
          server = r.server;
          current = this.open('ns', `NS ${r.server}`);
          ours.add(current);
          this.senders.set(current.id, (name, args, payload) => session.sendCommand(name, args, payload));
        }
        this.keep(current, r);
      }),
      session.on('warning', (w) => {
        if (current)
          this.ring.flag(current, { code: w.code, message: w.message }, w.line, (c) => ours.has(c));
        this.changed();
      }),
      session.on('closed', () => {
        close(current);
        current = null;
      }),
      manager.on('conversation', ({ conversation }) => offs.push(this.follow(conversation))),
    );
    // Started mid-session: the conversations already open are followed from here.
    for (const conversation of manager.all) offs.push(this.follow(conversation));
    return () => {
      for (const off of offs.splice(0)) off();
      // Let go of the connections too: the console must not offer them, nor late lines find their requests.
      close(current);
      current = null;
    };
  }

  /** Records a conversation's switchboards, each its own connection. */
  private follow(conversation: Conversation): () => void {
    const ours = new Set<ConnectionRecord>();
    let current: ConnectionRecord | null = null;
    let serial = 0;
    const close = (): void => {
      if (!current) return;
      this.senders.delete(current.id);
      this.forgetPending(current);
      this.ring.closeConnection(current);
    };
    const offs = [
      conversation.on('raw', (r) => {
        if (!current || r.switchboard !== serial) {
          close();
          serial = r.switchboard;
          current = this.open('sb', `SB ${r.server}`);
          ours.add(current);
          const mine = serial;
          this.senders.set(current.id, (name, args, payload) => {
            if (conversation.switchboardSerial !== mine) throw new Error('this switchboard has closed');
            return conversation.sendCommand(name, args, payload);
          });
        }
        this.keep(current, r);
      }),
      conversation.on('warning', (w) => {
        if (current)
          this.ring.flag(current, { code: w.code, message: w.message }, w.line, (c) => ours.has(c));
        this.changed();
      }),
      conversation.on('disconnected', () => {
        close();
        current = null;
      }),
      followTransfers(conversation.invitations, {
        open: (label) => this.open('ftp', label),
        keep: (record, r) => this.keep(record, r),
        close: (record) => this.ring.closeConnection(record),
      }),
    ];
    return () => {
      for (const off of offs) off();
      close();
      current = null;
    };
  }

  private open(kind: InspectorConnectionKind, label: string): ConnectionRecord {
    this.counters[kind] += 1;
    const n = this.counters[kind];
    const numbered =
      kind === 'sb' ? label.replace('SB ', `SB ${n} `) : kind === 'ftp' ? `ftp ${n} ${label}` : label;
    return this.ring.addConnection(`${kind}${n}`, kind, numbered);
  }

  private keep(record: ConnectionRecord, r: RawLine): void {
    const line =
      record.kind === 'ftp' ? maskFtpTraffic(r.line) : maskTraffic(r.direction, r.line, { hash: true });
    const entry = this.ring.push(
      record,
      r.direction,
      line,
      r.payload === undefined ? undefined : maskPayload(r.payload),
      r.at,
    );
    if (entry.trId !== null && entry.trId !== 0) {
      const key = `${record.id} ${entry.trId}`;
      if (r.direction === 'in') this.pending.delete(key);
      else if (expectsReply(entry)) this.expect(key, entry);
    }
    this.changed();
  }

  private expect(key: string, entry: TrafficEntry): void {
    this.pending.set(key, { entry, deadline: entry.at + this.replyTimeoutMs });
    this.replyTimer ??= this.arm(this.replyTimeoutMs);
  }

  private arm(delay: number): ReturnType<typeof setTimeout> {
    const timer = setTimeout(() => this.sweep(), Math.max(1, delay));
    timer.unref?.();
    return timer;
  }

  private sweep(): void {
    this.replyTimer = null;
    const now = Date.now();
    let next = Infinity;
    for (const [key, p] of this.pending) {
      if (p.deadline <= now) {
        this.pending.delete(key);
        const flag: InspectorFlag = {
          code: 'no-reply',
          message: `no reply came within ${seconds(this.replyTimeoutMs)}`,
        };
        this.ring.addFlag(p.entry, flag);
        this.changed();
      } else next = Math.min(next, p.deadline);
    }
    if (next !== Infinity) this.replyTimer = this.arm(next - now);
  }

  private forgetPending(record: ConnectionRecord): void {
    // A closed connection's requests failed with it; that is not a missing reply.
    const prefix = `${record.id} `;
    for (const key of this.pending.keys()) if (key.startsWith(prefix)) this.pending.delete(key);
  }

  /** Sends a command typed in the console; resolves its TrID (null for PNG and OUT). */
  send(request: InspectorSendRequest): { trId: number | null } {
    const sender = this.senders.get(request.connection);
    if (!sender) throw new Error('That connection is closed. Choose an open one.');
    const parsed = parseInspectorCommand(request.line, request.payload);
    if ('error' in parsed) throw new Error(sentence(parsed.error));
    try {
      return { trId: sender(parsed.name, parsed.args, parsed.payload) };
    } catch (err) {
      throw new Error(sentence(`The command could not be sent: ${errorMessage(err)}`), {
        cause: err,
      });
    }
  }

  clear(): void {
    this.ring.clear();
    this.pending.clear();
    this.emitNow();
  }

  private changed(): void {
    this.batchTimer ??= setTimeout(() => this.emitNow(), this.batchMs);
  }

  private emitNow(): void {
    if (this.batchTimer) clearTimeout(this.batchTimer);
    this.batchTimer = null;
    this.options.emit({ type: 'inspector', lastId: this.ring.lastId, total: this.ring.size });
  }

  dispose(): void {
    if (this.batchTimer) clearTimeout(this.batchTimer);
    if (this.replyTimer) clearTimeout(this.replyTimer);
    this.batchTimer = null;
    this.replyTimer = null;
    this.pending.clear();
  }
}

/** Whether a command we sent is answered with its TrID: a MSG is only when it asked for an acknowledgement. */
function expectsReply(entry: TrafficEntry): boolean {
  if (entry.command === 'MSG') return / A \d+$/.test(entry.line);
  return entry.command !== 'OUT';
}
