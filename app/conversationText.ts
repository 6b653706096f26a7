// File ▸ Save As: a conversation as plain text, the way a person would read it back. Pure, so the
// desktop (which writes the file) and browser mode (which downloads it) produce the same text.
import type { ConversationInfo, ConversationLine, InvitationInfo } from './conversation';
import { formatBytes } from './conversation';
import { displayText } from './displayText';

// Characters no file system of the three takes in a name, and the control characters.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FILE_NAME_UNSAFE = /[\u0000-\u001f<>:"/\\|?*]+/g;

function stamp(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * Names and other one-line text as one line: a nickname from the wire may carry a line break, which would
 * otherwise start a row that looks like a line somebody wrote. Tabs stay: a text file shows them.
 */
function flat(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f]+/g, ' ');
}

/** A name from the wire as it may be shown (displayText), or the address when nothing of it shows. */
function nameOf(nickname: string, email: string): string {
  return displayText(nickname) || email;
}

function invitationText(inv: InvitationInfo | undefined): string {
  if (!inv) return 'A file invitation.';
  const what = `${inv.fileName} (${formatBytes(inv.size)})`;
  const who =
    inv.direction === 'send' ? `You offered ${what}` : `${nameOf(inv.peerName, inv.peer)} offered ${what}`;
  switch (inv.state) {
    case 'done':
      return inv.direction === 'receive'
        ? `${who}; it was saved as ${inv.savedPath}.`
        : `${who}; it was sent.`;
    case 'offered':
    case 'waiting':
      return `${who}; no answer yet.`;
    case 'connecting':
    case 'transferring':
      return `${who}; the transfer was under way.`;
    default:
      return `${who}. ${inv.message}`.trim();
  }
}

/** The file name Save As suggests: "Conversation with Bob 2026-12-04.txt", without characters file systems refuse. */
export function suggestedFileName(info: Pick<ConversationInfo, 'members'>, now: number): string {
  const names = info.members.map((m) => nameOf(m.nickname, m.email)).join(', ') || 'nobody';
  const safe = names.replace(FILE_NAME_UNSAFE, '_').slice(0, 80).trim();
  return `Conversation with ${safe} ${stamp(now).slice(0, 10)}.txt`;
}

/** The conversation as text with CRLF line ends (Notepad of the era read nothing else). */
export function conversationText(
  info: Pick<ConversationInfo, 'members'>,
  lines: readonly ConversationLine[],
  invitations: ReadonlyMap<string, InvitationInfo>,
  now: number,
): string {
  const names = info.members.map((m) => {
    const name = nameOf(m.nickname, m.email);
    return name !== m.email ? `${name} <${m.email}>` : m.email;
  });
  const out = [flat(`Conversation with ${names.join(', ') || 'nobody'}`), `Saved ${stamp(now)}`, ''];
  for (const line of lines) {
    const when = `[${stamp(line.at)}]`;
    switch (line.kind) {
      case 'message': {
        out.push(flat(`${when} ${nameOf(line.nickname, line.from)} says:`));
        // Every line end the wire may carry (CRLF, LF, a lone CR) starts an indented row of its own.
        for (const text of line.text.split(/\r\n|\r|\n/)) out.push(flat(`  ${text}`));
        if (line.delivery === 'failed')
          out.push(flat(`  (not delivered: ${line.error || 'no reason given'})`));
        break;
      }
      case 'system':
        out.push(flat(`${when} ${line.text}`));
        break;
      case 'invitation':
        out.push(flat(`${when} ${invitationText(invitations.get(line.invitationId))}`));
        break;
    }
  }
  return `${out.join('\r\n')}\r\n`;
}
