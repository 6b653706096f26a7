// The conversation window, a placeholder until the conversation UI arrives: it says who it is with.
import { useShallow } from 'zustand/react/shallow';
import { keyOf, useContacts } from '../stores/contacts';
import { useConversations } from '../stores/conversations';

const NO_NAMES: string[] = [];

/** "Alice, Bob" for a conversation's members, or '' when this window does not know them. */
export function useMemberNames(id: string): string {
  const members = useConversations((s) => (id ? s.members[id] : undefined));
  // Only the members' names, so other people's changes do not re-render this window.
  const names = useContacts(
    useShallow((s) => (members ? members.map((m) => s.byEmail[keyOf(m)]?.nickname || m) : NO_NAMES)),
  );
  return names.join(', ');
}

export function Conversation({ id }: { id: string }) {
  const names = useMemberNames(id);
  return (
    <div className="conversation">
      <div className="to-line">
        <span className="to-label">To:</span> <span>{names || 'Your contact'}</span>
      </div>
      <div className="history" role="log" aria-label="Messages">
        <p className="hint">
          {names ? `You are in a conversation with ${names}.` : 'You are in a conversation.'}
        </p>
        <p className="hint">Writing and reading messages arrives in the next version of Butterfly.</p>
      </div>
      <div className="conversation-status status-bar">
        <span className="panel">
          Never give out your password or credit card number in an instant message conversation.
        </span>
      </div>
    </div>
  );
}
