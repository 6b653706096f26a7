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
}

export function initialConversations(): ConversationsStore {
  return { byId: {}, lines: {}, invitations: {}, olderThan: {} };
}

export const useConversations = create<ConversationsStore>()(() => initialConversations());

/** Merges lines into a sorted list by seq: new seqs are inserted, known ones replaced. */
export function mergeLines(
  existing: readonly ConversationLine[],
  incoming: readonly ConversationLine[],
): ConversationLine[] {
  if (incoming.length === 0) return existing as ConversationLine[];
  const last = existing.at(-1)?.seq ?? 0;
  // The common case: one new line after the rest.
  if (incoming.length === 1 && incoming[0]!.seq > last) return [...existing, incoming[0]!];
  const bySeq = new Map<number, ConversationLine>();
  for (const line of existing) bySeq.set(line.seq, line);
  for (const line of incoming) bySeq.set(line.seq, line);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

export function applyConversationSnapshot(
  conversations: ConversationInfo[],
  invitations: InvitationInfo[],
): void {
  const byId: Record<string, ConversationInfo> = {};
  for (const c of conversations) byId[c.id] = c;
  const inv: Record<string, InvitationInfo> = {};
  for (const i of invitations) inv[i.id] = i;
  useConversations.setState((s) => ({
    byId,
    invitations: inv,
    // Lines already here stay (a reconnect replays the snapshot); those of conversations gone are dropped.
    lines: Object.fromEntries(Object.entries(s.lines).filter(([id]) => id in byId)),
  }));
}

export function clearConversations(): void {
  useConversations.setState(initialConversations());
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
  useConversations.setState((s) => ({ invitations: { ...s.invitations, [invitation.id]: invitation } }));
}

/** After a page was fetched: whether main holds anything older than what this window now has. */
export function setOlderThan(conversationId: string, seq: number): void {
  useConversations.setState((s) => ({ olderThan: { ...s.olderThan, [conversationId]: seq } }));
}

const NO_LINES: ConversationLine[] = [];
export const selectLines = (id: string) => (s: ConversationsStore) => s.lines[id] ?? NO_LINES;
export const selectConversation = (id: string) => (s: ConversationsStore) => s.byId[id];
