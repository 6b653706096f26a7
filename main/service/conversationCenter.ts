// The conversations of one signed-in session as the windows see them: threads of lines that outlive
// switchboards, incoming messages that always reach a window (or a "… says:" toast that opens it if it
// goes unseen), outgoing messages that always end delivered or visibly not, and file invitations with
// their progress. The engine's ConversationManager does the protocol; engineLink.ts turns each engine
// conversation's events into lines, and this file keeps the threads and which engine each talks through.
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
import { Timers } from '../msnp/timers';
import { ActionRefused } from './actionErrors';
import { FileDesk, type FileHost } from './conversationTransfers';
import { ConversationThread } from './conversationThread';
import { EngineLink, type LinkHost } from './engineLink';
import { logRecord, MessageLog } from './messageLog';
import { conversationToast, type ToastContent } from './toasts';
import { TransferTracker } from './transferTracker';

export type { FileHost } from './conversationTransfers';

const ONE_OTHER = 'Files can only be sent in a conversation with one other person.';
/** A message still sending when the session ended on its own. */
const SIGNED_OUT_UNDELIVERED = 'You were signed out before this message was delivered.';

/**
 * Counted for the whole process, not per session: the windows of a session that ended on its own may stay
 * open, and must never take a new session's "c1" for theirs.
 */
let threadCount = 0;

export interface ConversationSettings {
  messageToasts: boolean;
  messageLog: boolean;
  downloadsFolder: string;
  askWhereToSave: boolean;
  /** Bytes: offers larger than this are flagged overLimit and take a second yes (FileDesk reads it). */
  maxFileSize: number;
}

export interface ConversationCenterDeps {
  manager: ConversationManager;
  self(): { email: string; nickname: string };
  nicknameOf(email: string): string;
  emit(event: MessengerEvent): void;
  /** Shows a conversation's window without taking focus (a message arrived). */
  openWindow(route: WindowRoute): void;
  /** `unseen` runs if the toast leaves without the person clicking or closing it. */
  toast(content: ToastContent, unseen?: () => void): void;
  sound(name: SoundName): void;
  settings(): ConversationSettings;
  files: FileHost;
  /** The message log's file for this account (known once signed in). */
  logFile(): string;
  environment: 'desktop' | 'browser';
  warn(message: string): void;
  now?: () => number;
}

export class ConversationCenter {
  private readonly threads = new Map<string, ConversationThread>();
  /** Every engine conversation wired to a thread, until it is closed and has nothing sending. */
  private readonly links = new Map<Conversation, EngineLink>();
  /** The engine conversation each thread talks through now (null after leaving). */
  private readonly engines = new Map<ConversationThread, Conversation | null>();
  private readonly tracker: TransferTracker;
  private readonly desk: FileDesk;
  private readonly log: MessageLog;
  /** Set while engineFor() asks the manager for an engine conversation, so its event links it to that thread. */
  private attaching: ConversationThread | null = null;
  private readonly offs: (() => void)[] = [];
  private readonly now: () => number;
  /** The bounds on leaving: cleared when the session ends. */
  private readonly timers = new Timers();
  /** The session ended (or this center was closed): nothing more opens a window. */
  private ended = false;
  private readonly linkHost: LinkHost;

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
    this.linkHost = {
      place: (link) => this.placeRing(link),
      isCurrent: (link) => link.current !== null && this.engines.get(link.current) === link.conversation,
      appendLine: (thread, line) => this.appendLine(thread, line),
      updated: (thread, line) => deps.emit({ type: 'line', conversationId: thread.id, line }),
      arrived: (thread, preview) => this.arrived(thread, preview),
      changed: (thread) => this.changed(thread),
      logMessage: (thread, line) => this.logMessage(thread, line),
      failed: (thread) => this.reveal(thread),
      close: (link) => deps.manager.close(link.conversation.id),
      forget: (link) => this.links.delete(link.conversation),
      now: this.now,
    };
    this.offs.push(
      deps.manager.on('conversation', ({ conversation, incoming }) => {
        // A ring is placed once the switchboard has said who is in it (or at its first message).
        const thread = incoming ? null : (this.attaching ?? this.newThread(conversation));
        this.link(conversation, thread);
      }),
      deps.manager.on('answered', ({ conversation }) => this.answered(conversation)),
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
    let thread = this.withExactly(unique);
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

  /**
   * The window closed: its switchboards are left (open invitations are cancelled there) once the messages
   * still on their way have their answer, or after the engine's own bound; the lines stay.
   */
  leave(id: string): void {
    const thread = this.threads.get(id);
    if (!thread) return;
    thread.windowOpen = false;
    this.engines.set(thread, null);
    for (const link of [...this.links.values()]) if (link.current === thread) link.leave(this.timers);
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
    const conversation = this.engineFor(thread);
    await this.desk.offer(conversation, file, this.links.get(conversation)!);
  }

  // The answers to file invitations are the desk's; these are the names the methods know them by.
  readonly accept = (invitationId: string): Promise<void> => this.desk.accept(invitationId);
  readonly decline = (invitationId: string): Promise<void> => this.desk.decline(invitationId);
  readonly cancel = (invitationId: string): Promise<void> => this.desk.cancel(invitationId);
  /** A received file's path, once it has arrived; null otherwise. */
  readonly receivedFile = (invitationId: string): string | null => this.desk.receivedFile(invitationId);

  /**
   * The session ended without the person choosing it. Called before the engine closes its conversations
   * and while events still reach the windows: every message still sending fails with a sentence (what the
   * engine reports for them later is ignored), and every conversation says in a line why it ended.
   */
  endSession(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.timers.clearAll();
    for (const link of this.links.values()) link.failSending(SIGNED_OUT_UNDELIVERED);
    for (const thread of this.threads.values()) {
      this.appendLine(thread, { kind: 'system', at: this.now(), tone: 'error', text: reason });
      thread.markAllAbsent();
      this.changed(thread);
    }
  }

  /** The person is signing out: what the engine fails from now on opens no window and waits for nothing. */
  stop(): void {
    this.ended = true;
    this.timers.clearAll();
  }

  /** Ends with the session: uploads are let go and the log finishes its writes. */
  async close(): Promise<void> {
    this.stop();
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

  private withExactly(emails: readonly string[]): ConversationThread | undefined {
    const keys = new Set(emails.map((e) => e.toLowerCase()));
    return [...this.threads.values()].find((t) => t.hasExactly(keys));
  }

  private addThread(members: { email: string; nickname: string }[]): ConversationThread {
    const thread = new ConversationThread(`c${++threadCount}`, members);
    this.threads.set(thread.id, thread);
    this.engines.set(thread, null);
    thread.fileBlocked = this.fileRule(thread);
    return thread;
  }

  private newThread(conversation: Conversation): ConversationThread {
    return this.addThread(conversation.memberList.map((m) => ({ email: m.email, nickname: m.nickname })));
  }

  /**
   * Someone rang and the roster is known: the thread with exactly these people, whether or not it has a
   * switchboard of its own now (the other side opened a second one), else a new thread. The ring's
   * conversation becomes the one the thread talks through; the old one's messages still land there.
   */
  private placeRing(link: EngineLink): ConversationThread {
    const { conversation } = link;
    const thread =
      this.withExactly(conversation.memberList.map((m) => m.email)) ?? this.newThread(conversation);
    this.engines.set(thread, conversation);
    thread.setMembers(conversation.memberList);
    this.changed(thread);
    return thread;
  }

  /** We are in a switchboard we were rung into: a new ring is placed; a reused conversation is the live one again. */
  private answered(conversation: Conversation): void {
    const link = this.links.get(conversation);
    if (!link || link.left) return;
    const thread = link.thread();
    if (this.engines.get(thread) === conversation) return;
    // The manager answered in a conversation it already had (even one being left): it is the one to use now.
    link.keep();
    this.engines.set(thread, conversation);
    thread.setMembers(conversation.memberList);
    this.changed(thread);
  }

  /** The thread's engine conversation; a new one from the manager when it has none (never another thread's). */
  private engineFor(thread: ConversationThread): Conversation {
    const current = this.engines.get(thread);
    if (current) return current;
    this.attaching = thread;
    try {
      const conversation = this.deps.manager.openNew(thread.info().members.map((m) => m.email));
      if (!this.links.has(conversation)) this.link(conversation, thread);
      return conversation;
    } finally {
      this.attaching = null;
    }
  }

  /** Wires an engine conversation to its thread (null: a ring, placed later); a thread's becomes current. */
  private link(conversation: Conversation, thread: ConversationThread | null): void {
    const link = new EngineLink(conversation, thread, this.linkHost);
    this.links.set(conversation, link);
    this.desk.bind(conversation, link);
    if (!thread) return;
    this.engines.set(thread, conversation);
    thread.setMembers(conversation.memberList);
    this.changed(thread);
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

  // ---- lines ---------------------------------------------------------------------------------

  private appendLine(
    thread: ConversationThread,
    line: Parameters<ConversationThread['append']>[0],
  ): ConversationLine {
    const full = thread.append(line);
    this.deps.emit({ type: 'line', conversationId: thread.id, line: full });
    return full;
  }

  /**
   * Something from someone else arrived: it must reach the person. The message sound, and the window
   * opens (without taking focus) unless it is open; with message toasts chosen, a toast instead, which
   * opens the window after all if it leaves unseen.
   */
  private arrived(thread: ConversationThread, preview: { title: string; body: string } | null): void {
    thread.lastReceivedAt = this.now();
    this.deps.sound('message');
    if (!thread.windowOpen && preview !== null && this.deps.settings().messageToasts) {
      this.deps.toast(conversationToast(preview, thread.id), () => this.reveal(thread));
      this.changed(thread);
    } else if (!this.reveal(thread)) {
      this.changed(thread);
    }
  }

  /** Opens a closed window without taking focus; false when it was open (or the session is over). */
  private reveal(thread: ConversationThread): boolean {
    if (thread.windowOpen || this.ended) return false;
    // Marked open first, so the window finds itself open when it asks.
    thread.windowOpen = true;
    this.changed(thread);
    this.deps.openWindow({ kind: 'conversation', id: thread.id });
    return true;
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
