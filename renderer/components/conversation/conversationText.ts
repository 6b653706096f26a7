// The words and looks of a conversation window that are pure functions of its data: the status line,
// times as 3.0 wrote them, and the CSS of a sender's style.
import type { CSSProperties } from 'react';
import type { ConversationInfo, MessageStyle } from '../../../app/conversation';

export const PASSWORD_WARNING =
  'Never give out your password or credit card number in an instant message conversation.';

/** "7:06 PM", as the 3.0 client wrote times (US English, like the client). */
export function clockTime(at: number): string {
  return new Date(at).toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' });
}

/** "9/26/2000". */
export function shortDate(at: number): string {
  const d = new Date(at);
  return `${d.getMonth() + 1}/${d.getDate()}/${d.getFullYear()}`;
}

/**
 * The status line under the history: who is typing while a notice is fresh; otherwise when the last
 * message arrived; before any, the password warning the 3.0 client showed.
 */
export function statusLine(
  info: Pick<ConversationInfo, 'typing' | 'lastReceivedAt'> | undefined,
  nameOf: (email: string) => string,
): string {
  if (!info) return PASSWORD_WARNING;
  const typing = info.typing.map(nameOf);
  if (typing.length === 1) return `${typing[0]} is typing a message.`;
  if (typing.length > 1) return `${typing.slice(0, -1).join(', ')} and ${typing.at(-1)} are typing messages.`;
  if (info.lastReceivedAt !== null)
    return `Last message received at ${clockTime(info.lastReceivedAt)} on ${shortDate(info.lastReceivedAt)}.`;
  return PASSWORD_WARNING;
}

/** A font name fit for a CSS font-family list: quoted, with nothing that could end the quote. */
function family(font: string): string {
  const clean = font.replace(/["\\]/g, '').trim();
  return clean ? `"${clean}", Tahoma, sans-serif` : 'Tahoma, sans-serif';
}

/** The sender's font, effects and colour, at the reader's own size (3.0 never sent the size). */
export function textStyle(style: MessageStyle, sizePt: number): CSSProperties {
  const lines = [style.underline && 'underline', style.strikeout && 'line-through'].filter(Boolean).join(' ');
  return {
    fontFamily: family(style.font),
    fontWeight: style.bold ? 'bold' : 'normal',
    fontStyle: style.italic ? 'italic' : 'normal',
    textDecoration: lines || 'none',
    color: /^#[0-9a-f]{6}$/i.test(style.color) ? style.color : '#000000',
    fontSize: `${sizePt}pt`,
  };
}
