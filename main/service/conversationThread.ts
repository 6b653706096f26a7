// One conversation as the windows see it: its lines, members, who is typing and whether its window is
// open. A thread outlives its switchboards (and the engine's Conversation objects): closing the window
// leaves the switchboard but keeps the lines, so a message that arrives later reopens the window with them.
// Plain data and bookkeeping only; engineLink.ts wires it to the engine.
import type {
  ConversationInfo,
  ConversationLine,
  ConversationMember,
  MessageLine,
  SystemLine,
} from '../../app/conversation';

/** Lines kept per conversation; older ones drop off the front (the message log, if on, keeps them all). */
export const MAX_LINES_KEPT = 50_000;

type NewLine =
  | Omit<MessageLine, 'seq'>
  | Omit<SystemLine, 'seq'>
  | { kind: 'invitation'; at: number; invitationId: string };

export class ConversationThread {
  private lines: ConversationLine[] = [];
  private nextSeq = 1;
  private readonly typing = new Set<string>();
  /** Lower-cased address -> member, in the order they came. */
  private readonly members = new Map<string, ConversationMember>();
  windowOpen = false;
  lastReceivedAt: number | null = null;
  fileBlocked = '';

  constructor(
    readonly id: string,
    members: readonly { email: string; nickname: string }[],
    private readonly maxLines = MAX_LINES_KEPT,
  ) {
    for (const m of members) this.members.set(m.email.toLowerCase(), { ...m, present: false });
  }

  /** Everyone in it, lower-cased: what identifies "the conversation with these people". */
  memberKeys(): string[] {
    return [...this.members.keys()];
  }

  hasExactly(keys: ReadonlySet<string>): boolean {
    return this.members.size === keys.size && [...this.members.keys()].every((k) => keys.has(k));
  }

  /**
   * Takes the engine's member list as it is (who is present). The engine lists everyone who was ever in the
   * conversation and drops only someone invited who could not be reached, so nobody real is lost.
   */
  setMembers(list: readonly ConversationMember[]): void {
    if (list.length === 0) return;
    const before = new Map(this.members);
    this.members.clear();
    for (const m of list) {
      const key = m.email.toLowerCase();
      this.members.set(key, {
        email: m.email,
        nickname: m.nickname || before.get(key)?.nickname || m.email,
        present: m.present,
      });
    }
    for (const key of this.typing) if (!this.members.has(key)) this.typing.delete(key);
  }

  /** Nobody is present any more (the switchboard went away); members stay listed. */
  markAllAbsent(): void {
    for (const [key, m] of this.members) if (m.present) this.members.set(key, { ...m, present: false });
    this.typing.clear();
  }

  nicknameOf(email: string): string {
    return this.members.get(email.toLowerCase())?.nickname ?? email;
  }

  /** Returns whether anything changed. */
  setTyping(email: string, active: boolean): boolean {
    const key = email.toLowerCase();
    if (active === this.typing.has(key)) return false;
    if (active) this.typing.add(key);
    else this.typing.delete(key);
    return true;
  }

  append(line: NewLine): ConversationLine {
    const full = { ...line, seq: this.nextSeq++ } as ConversationLine;
    this.lines.push(full);
    if (this.lines.length > this.maxLines) this.lines.splice(0, this.lines.length - this.maxLines);
    return full;
  }

  /** Changes a line in place (a delivery); null when it has dropped off the front. */
  update(seq: number, change: (line: ConversationLine) => ConversationLine): ConversationLine | null {
    const first = this.lines[0]?.seq ?? 0;
    const at = seq - first;
    const line = this.lines[at];
    if (!line || line.seq !== seq) return null;
    const next = change(line);
    this.lines[at] = next;
    return next;
  }

  /** At most `limit` lines before `beforeSeq` (null: the newest), oldest first. */
  page(beforeSeq: number | null, limit: number): ConversationLine[] {
    const first = this.lines[0]?.seq ?? 0;
    const end =
      beforeSeq === null ? this.lines.length : Math.max(0, Math.min(this.lines.length, beforeSeq - first));
    return this.lines.slice(Math.max(0, end - limit), end);
  }

  allLines(): readonly ConversationLine[] {
    return this.lines;
  }

  info(): ConversationInfo {
    return {
      id: this.id,
      members: [...this.members.values()].map((m) => ({ ...m })),
      typing: [...this.typing].map((key) => this.members.get(key)?.email ?? key),
      windowOpen: this.windowOpen,
      fileBlocked: this.fileBlocked,
      lastReceivedAt: this.lastReceivedAt,
      firstSeq: this.lines[0]?.seq ?? 0,
      lastSeq: this.lines.at(-1)?.seq ?? 0,
    };
  }
}
