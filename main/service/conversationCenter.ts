// The conversations of one signed-in session as the windows see them: threads of lines that outlive
// switchboards, incoming messages that always reach a window (or a "… says:" toast), outgoing messages
// that always end delivered or visibly not, and file invitations with their progress. The engine's
// ConversationManager does the protocol; this file turns its events into MessengerEvents.
import {
  MAX_LINES_PER_PAGE,
  type ConversationInfo,
  type ConversationLine,
  type InvitationInfo,
  type MessageLine,
  type MessageStyle,
} from '../../app/conversation';
import type { MessengerEvent, SoundName, WindowRoute } from '../../app/contract';
import { DEFAULT_FORMAT } from '../../app/messageFormat';
import type { Conversation } from '../msnp/conversation';
import type { ConversationManager } from '../msnp/conversations';
import { sentence } from '../msnp/errors';
import { ActionRefused } from './actionErrors';
import { FileDesk, type FileHost, type ThreadHooks } from './conversationTransfers';
import { ConversationThread } from './conversationThread';
import { logRecord, MessageLog } from './messageLog';
import type { ToastContent } from './toasts';
import { TransferTracker } from './transferTracker';

export type { FileHost } from './conversationTransfers';

const ONE_OTHER = 'Files can only be sent in a conversation with one other person.';
/** A toast shows the start of a message; the window has the rest. */
const PREVIEW_CHARS = 120;
const TITLE_CHARS = 120;

export interface ConversationSettings {
  messageToasts: boolean;
  messageLog: boolean;
  downloadsFolder: string;
  askWhereToSave: boolean;
}

export interface ConversationCenterDeps {
  manager: ConversationManager;
  self(): { email: string; nickname: string };
  nicknameOf(email: string): string;
  emit(event: MessengerEvent): void;
  /** Shows a conversation's window without taking focus (a message arrived). */
  openWindow(route: WindowRoute): void;
  toast(content: ToastContent): void;
  sound(name: SoundName): void;
  settings(): ConversationSettings;
  files: FileHost;
  /** The message log's file for this account (known once signed in). */
  logFile(): string;
  environment: 'desktop' | 'browser';
  warn(message: string): void;
  now?: () => number;
}

/** What a toast line may hold: one paragraph, no control characters, clipped with an ellipsis. */
function oneLine(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex -- a toast is one short plain paragraph
  const flat = text.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
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
    case 208:
      return `There is no account with the address ${email}, so it could not be invited.`;
    case 913:
      return 'You cannot invite anyone while you appear offline.';
    default:
      return `${name} could not be invited; try again later.`;
  }
}

export class ConversationCenter {
  private readonly threads = new Map<string, ConversationThread>();
  /** Engine conversations already wired to a thread (a thread may have had several over its life). */
  private readonly bound = new WeakSet<Conversation>();
  /** The engine conversation each thread talks through now (null after leaving). */
  private readonly engines = new Map<ConversationThread, Conversation | null>();
  readonly tracker: TransferTracker;
  private readonly desk: FileDesk;
  private readonly log: MessageLog;
  private sequence = 0;
  /** Set while open() asks the manager for an engine conversation, so its event attaches to that thread. */
  private attaching: ConversationThread | null = null;
  private readonly offs: (() => void)[] = [];
  private readonly now: () => number;

  constructor(private readonly deps: ConversationCenterDeps) {
    this.now = deps.now ?? Date.now;
    this.tracker = new TransferTracker(this.now);
    this.desk = new FileDesk({
      tracker: this.tracker,
      files: deps.files,
      settings: () => deps.settings(),
      emit: (invitation) => deps.emit({ type: 'invitation', invitation }),
      now: this.now,
    });
    this.log = new MessageLog(deps.logFile, deps.warn);
    this.offs.push(
      deps.manager.on('conversation', ({ conversation, incoming }) => {
        const thread =
          this.attaching ?? (incoming ? this.threadForRing(conversation) : this.newThread(conversation));
        this.attach(thread, conversation);
      }),
    );
  }

  // ---- what the windows read ---------------------------------------------------------

  snapshot(): { conversations: ConversationInfo[]; invitations: InvitationInfo[] } {
    return {
      conversations: [...this.threads.values()].map((t) => t.info()),
      invitations: this.tracker.all(),
    };
  }

  lines(id: string, beforeSeq: number | null, limit: number): ConversationLine[] {
    return this.thread(id).page(beforeSeq, Math.min(limit, MAX_LINES_PER_PAGE));
  }

  /** Everything Save As needs, read at once. */
  transcript(id: string): {
    info: ConversationInfo;
    lines: readonly ConversationLine[];
    invitations: Map<string, InvitationInfo>;
  } {
    const thread = this.thread(id);
    const invitations = new Map(this.tracker.ofConversation(id).map((i) => [i.id, i]));
    return { info: thread.info(), lines: thread.allLines(), invitations };
  }

  // ---- what the person does ----------------------------------------------------------------

  /** The conversation with exactly these people (reused, with its lines), its window marked open. */
  open(emails: readonly string[]): string {
    // One member per address whatever its case, so "the conversation with Bob" is found however he is typed.
    const unique = [...new Map(emails.map((e) => [e.toLowerCase(), e])).values()];
    const keys = new Set(unique.map((e) => e.toLowerCase()));
    let thread = [...this.threads.values()].find((t) => t.hasExactly(keys));
    if (!thread) {
      thread = this.addThread(unique.map((email) => ({ email, nickname: this.deps.nicknameOf(email) })));
      this.engineFor(thread);
    }
    this.show(thread.id);
    return thread.id;
  }

  /** Marks a conversation's window open (the person opened it, or clicked its toast). */
  show(id: string): void {
    const thread = this.thread(id);
    if (thread.windowOpen) return;
    thread.windowOpen = true;
    this.changed(thread);
  }

  sendMessage(id: string, text: string, style: MessageStyle): void {
    const thread = this.thread(id);
    if (text.trim() === '') throw new ActionRefused('Type a message first.');
    const conversation = this.engineFor(thread);
    // The engine reports each piece as an outgoing line at once, then its delivery.
    conversation.sendText(text, { ...DEFAULT_FORMAT, ...style });
  }

  typing(id: string): void {
    this.engines.get(this.thread(id))?.typing();
  }

  async invite(id: string, email: string): Promise<void> {
    const thread = this.thread(id);
    const key = email.toLowerCase();
    if (key === this.deps.self().email.toLowerCase())
      throw new ActionRefused('You are already in this conversation.');
    if (thread.info().members.some((m) => m.present && m.email.toLowerCase() === key))
      throw new ActionRefused(`${this.deps.nicknameOf(email)} is already in this conversation.`);
    const conversation = this.engineFor(thread);
    // A refused call becomes a line through the engine's callFailed event; nothing to add here.
    await conversation.invite(email).catch(() => {});
  }

  /** The window closed: leave the switchboard (open invitations are cancelled there); the lines stay. */
  leave(id: string): void {
    const thread = this.threads.get(id);
    if (!thread) return;
    thread.windowOpen = false;
    const engine = this.engines.get(thread);
    this.engines.set(thread, null);
    if (engine) this.deps.manager.close(engine.id);
    thread.markAllAbsent();
    this.changed(thread);
  }

  async offerFile(id: string, file: { path: string; uploadId?: string }): Promise<void> {
    const thread = this.thread(id);
    const blocked = this.fileRule(thread);
    if (blocked) {
      if (file.uploadId !== undefined) this.deps.files.releaseUpload?.(file.uploadId);
      throw new ActionRefused(blocked);
    }
    await this.desk.offer(thread, this.engineFor(thread), file, this.hooks(thread));
  }

  // The answers to file invitations are the desk's; these are the names the methods know them by.
  readonly accept = (invitationId: string): Promise<void> => this.desk.accept(invitationId);
  readonly decline = (invitationId: string): Promise<void> => this.desk.decline(invitationId);
  readonly cancel = (invitationId: string): Promise<void> => this.desk.cancel(invitationId);
  /** A received file's path, once it has arrived; null otherwise. */
  readonly receivedFile = (invitationId: string): string | null => this.desk.receivedFile(invitationId);

  /** Ends with the session: uploads are let go and the log finishes its writes. */
  async close(): Promise<void> {
    for (const off of this.offs.splice(0)) off();
    this.desk.close();
    await this.log.flush();
  }

  // ---- threads and engines ------------------------------------------------------------------

  private thread(id: string): ConversationThread {
    const thread = this.threads.get(id);
    if (!thread)
      throw new ActionRefused('That conversation has ended. Start a new one from your contact list.');
    return thread;
  }

  private addThread(members: { email: string; nickname: string }[]): ConversationThread {
    const thread = new ConversationThread(`c${++this.sequence}`, members);
    this.threads.set(thread.id, thread);
    this.engines.set(thread, null);
    thread.fileBlocked = this.fileRule(thread);
    return thread;
  }

  private newThread(conversation: Conversation): ConversationThread {
    return this.addThread(conversation.memberList.map((m) => ({ email: m.email, nickname: m.nickname })));
  }

  /** Someone rang: the one-to-one thread with them that has no switchboard now, else a new one. */
  private threadForRing(conversation: Conversation): ConversationThread {
    const keys = new Set(conversation.memberList.map((m) => m.email.toLowerCase()));
    const idle = [...this.threads.values()].find((t) => t.hasExactly(keys) && !this.engines.get(t));
    return idle ?? this.newThread(conversation);
  }

  /** The thread's engine conversation, opening one through the manager when it has none. */
  private engineFor(thread: ConversationThread): Conversation {
    const current = this.engines.get(thread);
    if (current) return current;
    this.attaching = thread;
    try {
      const conversation = this.deps.manager.open(thread.info().members.map((m) => m.email));
      if (!this.bound.has(conversation)) this.attach(thread, conversation);
      this.engines.set(thread, conversation);
      return conversation;
    } finally {
      this.attaching = null;
    }
  }

  /**
   * Files go to exactly one other person, counted as the engine counts them: those present while a
   * switchboard is up (someone who left no longer counts), otherwise everyone in the conversation.
   */
  private fileRule(thread: ConversationThread): string {
    const members = thread.info().members;
    const live = this.engines.get(thread)?.connected ?? false;
    return (live ? members.filter((m) => m.present).length : members.length) === 1 ? '' : ONE_OTHER;
  }

  private attach(thread: ConversationThread, conversation: Conversation): void {
    this.bound.add(conversation);
    this.engines.set(thread, conversation);
    /** Engine message id -> the line's seq, for deliveries. */
    const sent = new Map<string, number>();
    const current = () => this.engines.get(thread) === conversation;
    const group = () => thread.memberKeys().length > 1;

    conversation.on('members', (list) => {
      if (!current()) return;
      thread.setMembers(list);
      this.changed(thread);
    });
    conversation.on('joined', (e) => {
      // A one-to-one switchboard reopens often (idle, reconnect): only a group is worth a line, and only for
      // someone arriving, not for those already there when we were brought in.
      if (group() && !e.initial)
        this.system(thread, 'info', `${e.nickname || e.email} has joined the conversation.`);
    });
    conversation.on('left', (e) => {
      if (group()) this.system(thread, 'info', `${e.nickname || e.email} has left the conversation.`);
    });
    conversation.on('callFailed', (e) => {
      // In a one-to-one conversation the undelivered message says why; in a group the person is named.
      if (group()) this.system(thread, 'error', inviteFailure(thread.nicknameOf(e.email), e.email, e.code));
    });
    conversation.on('typing', (e) => {
      if (thread.setTyping(e.email, e.active)) this.changed(thread);
    });
    conversation.on('disconnected', () => {
      if (!current()) return;
      thread.markAllAbsent();
      this.changed(thread);
    });
    conversation.on('message', (m) => {
      const { font, bold, italic, underline, strikeout, color } = m.format;
      const line = this.appendLine(thread, {
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
        sent.set(m.id, line.seq);
        return;
      }
      if (thread.setTyping(m.from, false)) this.changed(thread);
      this.logMessage(thread, line);
      this.arrived(thread, { title: `${line.nickname} says:`, body: line.text });
    });
    conversation.on('delivery', (d) => {
      const seq = sent.get(d.id);
      if (seq === undefined) return;
      sent.delete(d.id);
      // The engine's reasons are not all sentences ("the conversation was closed"); the line's is.
      const error = d.status === 'failed' ? sentence(d.error || 'The message could not be delivered.') : '';
      const updated = thread.update(seq, (l) =>
        l.kind === 'message' ? { ...l, delivery: d.status, error } : l,
      );
      if (!updated) return;
      this.deps.emit({ type: 'line', conversationId: thread.id, line: updated });
      if (updated.kind === 'message') this.logMessage(thread, updated);
    });
    this.desk.bind(conversation, thread, this.hooks(thread));
    thread.setMembers(conversation.memberList);
    this.changed(thread);
  }

  private hooks(thread: ConversationThread): ThreadHooks {
    return {
      appendLine: (line) => this.appendLine(thread, line),
      system: (tone, text) => this.system(thread, tone, text),
      arrived: (preview) => this.arrived(thread, preview),
    };
  }

  // ---- lines ---------------------------------------------------------------------------------

  private appendLine(
    thread: ConversationThread,
    line: Parameters<ConversationThread['append']>[0],
  ): ConversationLine {
    const full = thread.append(line);
    this.deps.emit({ type: 'line', conversationId: thread.id, line: full });
    return full;
  }

  private system(thread: ConversationThread, tone: 'info' | 'error', text: string): void {
    this.appendLine(thread, { kind: 'system', at: this.now(), tone, text });
  }

  /**
   * Something from someone else arrived: it must reach the person. The message sound, and the window
   * opens (without taking focus) unless it is open; with message toasts chosen, a toast instead.
   */
  private arrived(thread: ConversationThread, preview: { title: string; body: string } | null): void {
    thread.lastReceivedAt = this.now();
    this.deps.sound('message');
    const toast = !thread.windowOpen && preview !== null && this.deps.settings().messageToasts;
    if (!thread.windowOpen && !toast) {
      // Marked open first, so the window finds itself open when it asks.
      thread.windowOpen = true;
      this.changed(thread);
      this.deps.openWindow({ kind: 'conversation', id: thread.id });
      return;
    }
    if (toast) {
      this.deps.toast({
        kind: 'message',
        title: oneLine(preview.title, TITLE_CHARS),
        body: oneLine(preview.body, PREVIEW_CHARS),
        action: { type: 'showConversation', id: thread.id },
      });
    }
    this.changed(thread);
  }

  private changed(thread: ConversationThread): void {
    thread.fileBlocked = this.fileRule(thread);
    this.deps.emit({ type: 'conversation', conversation: thread.info() });
  }

  private logMessage(thread: ConversationThread, line: MessageLine): void {
    if (!this.deps.settings().messageLog) return;
    if (line.direction === 'out' && line.delivery === 'sending') return;
    void this.log.append(
      logRecord(
        line,
        thread.info().members.map((m) => m.email),
      ),
    );
  }
}
