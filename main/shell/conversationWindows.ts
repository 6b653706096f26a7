// What a conversation window means to the account service, both ways. Pure, so the rules are unit-tested:
// a new line from someone else asks for the window's attention, and closing the window leaves the
// conversation, as in Messenger 3.0.
import type { MessengerEvent, WindowRoute } from '../../app/contract';

/**
 * The window that should get the person's attention for this event: a conversation's, for a message
 * someone else sent or a file invitation. Your own messages and Butterfly's notes about the
 * conversation ("… has left") do not; neither does a line that only changed (a delivery), which is never
 * an incoming message or an invitation.
 */
export function windowWantingAttention(event: MessengerEvent): WindowRoute | null {
  if (event.type !== 'line') return null;
  const { line } = event;
  const wanted = (line.kind === 'message' && line.direction === 'in') || line.kind === 'invitation';
  return wanted ? { kind: 'conversation', id: event.conversationId } : null;
}

/** The conversation to leave when this window has closed; null for every other kind of window. */
export function conversationToLeave(route: WindowRoute): string | null {
  return route.kind === 'conversation' ? route.id : null;
}
