// Ready-made sandbox bots. The echo bot repeats what it is told, so a conversation can be tried with
// nobody else around: a typing notice first, then "You said: ..." in the sender's own font.
import { parseContentType, parseMime, serializeMime } from '../../app/mime';
import type { SandboxBot } from './botRuntime';

export interface EchoBotOptions {
  /** How long the bot "types" before it answers; 0 answers on the next turn. */
  replyDelayMs?: number;
}

export function echoBot(options: EchoBotOptions = {}): SandboxBot {
  const delay = options.replyDelayMs ?? 700;
  return {
    message(chat, _from, payload) {
      const mime = parseMime(payload.toString('utf8'));
      // Typing notices, invitations and unknown types get no answer (EXTRA-NOTES §2: ignore them silently).
      if (parseContentType(mime.headers.get('content-type') ?? '').type !== 'text/plain' || mime.body === '') return;
      const headers: [string, string][] = [
        ['MIME-Version', '1.0'],
        ['Content-Type', 'text/plain; charset=UTF-8'],
      ];
      const format = mime.headers.get('x-mms-im-format');
      if (format !== undefined) headers.push(['X-MMS-IM-Format', format]);
      const reply = serializeMime(headers, `You said: ${mime.body}`);
      chat.send(typingNotice(chat.self));
      chat.later(delay, () => chat.send(reply));
    },
  };
}

/** A text/x-msmsgscontrol typing notice as EXTRA-NOTES §3 describes it: one header, a body of one CRLF. */
export function typingNotice(email: string): string {
  return serializeMime(
    [
      ['MIME-Version', '1.0'],
      ['Content-Type', 'text/x-msmsgscontrol'],
      ['TypingUser', email],
    ],
    '\r\n',
  );
}
