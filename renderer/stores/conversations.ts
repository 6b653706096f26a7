// The conversations domain, minimal for now: who each conversation this window opened is with.
import { create } from 'zustand';

export interface ConversationsStore {
  /** Conversation id -> the addresses of its members. */
  members: Record<string, string[]>;
}

export const useConversations = create<ConversationsStore>()(() => ({ members: {} }));

export function rememberConversation(id: string, emails: string[]): void {
  useConversations.setState((s) => ({ members: { ...s.members, [id]: emails } }));
}
