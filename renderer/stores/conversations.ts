// The conversations domain: each conversation's members and typing (from main's events), the lines this
// window has (events plus pages fetched on demand), and the file invitations. Lines are kept sorted by
// seq; a line that arrives twice (an event and a fetched page) is stored once, the later copy winning.
// Keys are main's own ids ("c3", "i7"), never text from the wire.
import { create } from 'zustand';
import type { ConversationInfo, ConversationLine, InvitationInfo } from '../../app/conversation';

export interface ConversationsStore {
  byId: Record<string, ConversationInfo>;
  lines: Record<string, ConversationLine[]>;
  invitations: Record<string, InvitationInfo>;
  /** The oldest seq main had not sent yet when this window last paged back: 0 once it has everything. */
  olderThan: Record<string, number>;
  /**
   * Conversations of a session that ended on its own (the connection was lost): their windows stay open
   * with their lines, the undelivered ones marked, but nothing more can be sent in them.
   */
  ended: Record<string, true>;
  /**
   * Offers over the person's limit whose Accept was chosen (the button or Alt+C): they show the second
   * question until it is answered.
   */
  confirming: Record<string, true>;
}

export function initialConversations(): ConversationsStore {
  return { byId: {}, lines: {}, invitations: {}, olderThan: {}, ended: {}, confirming: {} };
}

export const useConversations = create<ConversationsStore>()(() => initialConversations());

/** Merges lines into a sorted list by seq: new seqs are inserted, known ones replaced. */
export function mergeLines(
  existing: readonly ConversationLine[],
  incoming: readonly ConversationLine[],
): ConversationLine[] {
  if (incoming.length === 0) return existing as ConversationLine[];
  const last = existing.at(-1)?.seq ?? 0;
  // The common cases, without touching the rest: one new line after the others, or one line that changed
  // (a delivery), found by its seq.
  if (incoming.length === 1) {
    const line = incoming[0]!;
    if (line.seq > last) return [...existing, line];
    const at = indexOfSeq(existing, line.seq);
    if (at >= 0) {
      const next = existing.slice();
      next[at] = line;
      return next;
    }
  }
  const bySeq = new Map<number, ConversationLine>();
  for (const line of existing) bySeq.set(line.seq, line);
  for (const line of incoming) bySeq.set(line.seq, line);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** Where the line with this seq is in a list sorted by seq, or -1. */
function indexOfSeq(lines: readonly ConversationLine[], seq: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = lines[mid]!.seq;
    if (at === seq) return mid;
    if (at < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export function applyConversationSnapshot(
  conversations: ConversationInfo[],
  invitations: InvitationInfo[],
): void {
  const byId: Record<string, ConversationInfo> = {};
  for (const c of conversations) byId[c.id] = c;
  const inv: Record<string, InvitationInfo> = {};
  for (const i of invitations) inv[i.id] = i;
  useConversations.setState((s) => {
    // Ended conversations stay for the windows still showing them (their ids never come back).
    for (const id of Object.keys(s.ended)) {
      const old = s.byId[id];
      if (old && !(id in byId)) byId[id] = old;
    }
    for (const old of Object.values(s.invitations)) if (s.ended[old.conversationId]) inv[old.id] ??= old;
    return {
      byId,
      invitations: inv,
      // Lines already here stay (a reconnect replays the snapshot); those of conversations gone are dropped.
      lines: Object.fromEntries(Object.entries(s.lines).filter(([id]) => id in byId)),
    };
  });
}

/** A chosen sign-out: every conversation goes with its windows. */
export function clearConversations(): void {
  useConversations.setState(initialConversations());
}

/** The session ended on its own: the conversations stay readable in their windows, closed for sending. */
export function endConversations(): void {
  useConversations.setState((s) => ({
    ended: { ...s.ended, ...Object.fromEntries(Object.keys(s.byId).map((id) => [id, true as const])) },
  }));
}

/** A window of an ended conversation closed: nothing will show it again. */
export function forgetConversation(id: string): void {
  useConversations.setState((s) => {
    if (!s.ended[id]) return s;
    const drop = <T>(r: Record<string, T>) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== id));
    return {
      byId: drop(s.byId),
      lines: drop(s.lines),
      olderThan: drop(s.olderThan),
      ended: drop(s.ended),
      invitations: Object.fromEntries(
        Object.entries(s.invitations).filter(([, i]) => i.conversationId !== id),
      ),
    };
  });
}

export function applyConversation(info: ConversationInfo): void {
  useConversations.setState((s) => ({ byId: { ...s.byId, [info.id]: info } }));
}

export function applyLines(conversationId: string, lines: readonly ConversationLine[]): void {
  useConversations.setState((s) => ({
    lines: { ...s.lines, [conversationId]: mergeLines(s.lines[conversationId] ?? [], lines) },
  }));
}

export function applyInvitation(invitation: InvitationInfo): void {
  useConversations.setState((s) => {
    const invitations = { ...s.invitations, [invitation.id]: invitation };
    // The second question lives only as long as the offer: accepted, declined or gone, it is forgotten.
    if (invitation.state === 'offered' || !s.confirming[invitation.id]) return { invitations };
    const { [invitation.id]: _settled, ...confirming } = s.confirming;
    return { invitations, confirming };
  });
}

/** Accept was chosen on an offer over the limit: its line asks the second question. */
export function askToConfirm(invitationId: string): void {
  useConversations.setState((s) =>
    s.confirming[invitationId] ? s : { confirming: { ...s.confirming, [invitationId]: true } },
  );
}

/** After a page was fetched: whether main holds anything older than what this window now has. */
export function setOlderThan(conversationId: string, seq: number): void {
  useConversations.setState((s) => ({ olderThan: { ...s.olderThan, [conversationId]: seq } }));
}

const NO_LINES: ConversationLine[] = [];
export const selectLines = (id: string) => (s: ConversationsStore) => s.lines[id] ?? NO_LINES;
