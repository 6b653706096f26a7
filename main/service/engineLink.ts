// One engine Conversation wired to the thread it speaks for: its events become lines, member and typing
// changes, and the deliveries of the lines it sent. Several may speak for one thread over its life (the
// switchboard reopened, a second ring); all of them land there, but only the thread's current one says
// who is present. A conversation we were rung into gets its thread once the switchboard has listed who
// is in it (or at its first message), so a ring from a group never takes a one-to-one thread. The lines
// still 'sending' are kept here: leaving waits for them, and a session that ends fails them.
import type { ConversationLine, MessageLine } from '../../app/conversation';
import type { Conversation } from '../msnp/conversation';
import { sentence } from '../msnp/errors';
import type { Timers } from '../msnp/timers';
import type { ThreadHooks } from './conversationTransfers';
import type { ConversationThread } from './conversationThread';

/** What a link needs of the conversation center. */
export interface LinkHost {
  /** The thread with exactly the people of a conversation we were rung into (made if none); it becomes current there. */
  place(link: EngineLink): ConversationThread;
  isCurrent(link: EngineLink): boolean;
  appendLine(thread: ConversationThread, line: Parameters<ConversationThread['append']>[0]): ConversationLine;
  /** A line changed in place (a delivery). */
  updated(thread: ConversationThread, line: ConversationLine): void;
  arrived(thread: ConversationThread, preview: { title: string; body: string } | null): void;
  changed(thread: ConversationThread): void;
  logMessage(thread: ConversationThread, line: MessageLine): void;
  /** A message of this thread failed: if its window is closed, the person must still see it. */
  failed(thread: ConversationThread): void;
  /** Leave the engine conversation (the manager closes it; what is still queued fails through the link). */
  close(link: EngineLink): void;
  /** The link is closed and nothing of it is sending: it can be let go of. */
  forget(link: EngineLink): void;
  now(): number;
}

/** Why someone could not be brought into a group conversation, by the server's code. */
function inviteFailure(name: string, email: string, code: number | undefined): string {
  switch (code) {
    case 216:
    case 217:
      return `${name} is not online, so they could not be invited.`;
    case 215:
      return `${name} is already in this conversation.`;
    case 205:
      return `${email} is not a member of this service, so they could not be invited.`;
    case 207:
      // Some servers refuse a call to someone unknown or not signed in with 207.
      return `${name} is not signed in or is not a member of this service, so they could not be invited.`;
    case 208:
      return `${email} is not a valid e-mail address, so it could not be invited.`;
    case 913:
      return 'You cannot invite anyone while you appear offline.';
    default:
      return `${name} could not be invited; try again later.`;
  }
}

export class EngineLink implements ThreadHooks {
  private placed: ConversationThread | null;
  /** Engine message id -> the seq of its line, while the line is 'sending'. */
  private readonly sending = new Map<string, number>();
  /** The window closed: the conversation is left once nothing is sending (or at the bound). */
  private leaving = false;
  private closed = false;
  private cancelBound: () => void = () => {};

  constructor(
    readonly conversation: Conversation,
    thread: ConversationThread | null,
    private readonly host: LinkHost,
  ) {
    this.placed = thread;
    this.wire();
  }

  /** The thread it speaks for; null for a ring still being answered. */
  get current(): ConversationThread | null {
    return this.placed;
  }

  /** Its engine conversation has been closed. */
  get left(): boolean {
    return this.closed;
  }

  /**
   * The window closed: leave now if nothing is sending, else once every message has its answer or the
   * engine's own bound (a call that rings out, then an ACK that never comes) has passed.
   */
  leave(timers: Timers): void {
    if (this.leaving || this.closed) return;
    this.leaving = true;
    if (this.sending.size === 0) return this.close();
    this.cancelBound = timers.timeout(() => this.close(), this.conversation.settleMs);
  }

  /** In use again (the manager answered a ring in it): it is not left after all. */
  keep(): void {
    this.leaving = false;
    this.cancelBound();
  }

  /** The thread, placing a conversation we were rung into now if it has none yet. */
  thread(): ConversationThread {
    return (this.placed ??= this.host.place(this));
  }

  appendLine(line: { kind: 'invitation'; at: number; invitationId: string }): ConversationLine {
    return this.host.appendLine(this.thread(), line);
  }

  system(tone: 'info' | 'error', text: string): void {
    this.host.appendLine(this.thread(), { kind: 'system', at: this.host.now(), tone, text });
  }

  arrived(preview: { title: string; body: string } | null): void {
    this.host.arrived(this.thread(), preview);
  }

  /** Ends every line still sending as failed with `error`; their deliveries, if any come later, are ignored. */
  failSending(error: string): void {
    const seqs = [...this.sending.values()];
    this.sending.clear();
    const thread = this.placed;
    if (!thread) return;
    for (const seq of seqs) this.finish(thread, seq, 'failed', error);
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.cancelBound();
    this.host.close(this);
    if (this.sending.size === 0) this.host.forget(this);
  }

  private finish(
    thread: ConversationThread,
    seq: number,
    status: 'delivered' | 'failed',
    error: string,
  ): void {
    const updated = thread.update(seq, (l) => (l.kind === 'message' ? { ...l, delivery: status, error } : l));
    if (!updated || updated.kind !== 'message') return;
    this.host.updated(thread, updated);
    this.host.logMessage(thread, updated);
  }

  private wire(): void {
    const c = this.conversation;
    const { host } = this;
    const group = () => this.thread().memberKeys().length > 1;

    c.on('members', (list) => {
      const thread = this.placed;
      if (!thread || !host.isCurrent(this)) return;
      thread.setMembers(list);
      host.changed(thread);
    });
    c.on('joined', (e) => {
      // Those already there when we were rung in are no news, and place nothing: the roster is still coming.
      // A one-to-one switchboard reopens often (idle, reconnect): only a group is worth a line.
      if (!e.initial && group()) this.system('info', `${e.nickname || e.email} has joined the conversation.`);
    });
    c.on('left', (e) => {
      if (group()) this.system('info', `${e.nickname || e.email} has left the conversation.`);
    });
    c.on('callFailed', (e) => {
      // In a one-to-one conversation the undelivered message says why; in a group the person is named.
      if (group()) this.system('error', inviteFailure(this.thread().nicknameOf(e.email), e.email, e.code));
    });
    c.on('typing', (e) => {
      const thread = this.thread();
      if (thread.setTyping(e.email, e.active)) host.changed(thread);
    });
    c.on('disconnected', () => {
      const thread = this.placed;
      if (!thread || !host.isCurrent(this)) return;
      thread.markAllAbsent();
      host.changed(thread);
    });
    c.on('message', (m) => {
      const thread = this.thread();
      const { font, bold, italic, underline, strikeout, color } = m.format;
      const line = host.appendLine(thread, {
        kind: 'message',
        at: m.at,
        direction: m.direction,
        from: m.from,
        nickname: m.nickname || m.from,
        text: m.text,
        style: { font, bold, italic, underline, strikeout, color },
        delivery: m.direction === 'out' ? 'sending' : null,
        error: '',
      }) as MessageLine;
      if (m.direction === 'out') {
        this.sending.set(m.id, line.seq);
        return;
      }
      if (thread.setTyping(m.from, false)) host.changed(thread);
      host.logMessage(thread, line);
      host.arrived(thread, { title: `${line.nickname} says:`, body: line.text });
    });
    c.on('delivery', (d) => {
      const seq = this.sending.get(d.id);
      const thread = this.placed;
      if (seq === undefined || !thread) return;
      this.sending.delete(d.id);
      // The engine's reasons are sentences; sentence() keeps a line's one even if a new reason is not.
      const failed = d.status === 'failed';
      this.finish(
        thread,
        seq,
        d.status,
        failed ? sentence(d.error || 'The message could not be delivered.') : '',
      );
      if (failed) host.failed(thread);
      if (this.sending.size > 0) return;
      if (this.leaving) this.close();
      if (this.closed) host.forget(this);
    });
  }
}
