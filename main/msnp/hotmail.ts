// The notification server's own messages (MSG Hotmail Hotmail): the initial profile, mail counts,
// new-mail notices, mailbox activity and system messages. Pure: payload in, typed message out.
import { parseContentType, parseHeaderBlock, parseMime } from '../../app/mime';
import type { MailNotice } from '../../app/types';
import { wireText } from '../../app/wireText';

export type HotmailMessage =
  | { kind: 'profile'; profile: Record<string, string> }
  | {
      kind: 'initialMail';
      inboxUnread: number;
      foldersUnread: number;
      inboxUrl: string;
      foldersUrl: string;
      postUrl: string;
    }
  | { kind: 'newMail'; notice: MailNotice }
  | { kind: 'mailActivity'; srcFolder: string; destFolder: string; delta: number }
  | { kind: 'system'; type: number; arg: string }
  | { kind: 'unknown'; contentType: string };

export interface ParsedHotmail {
  message: HotmailMessage;
  warnings: string[];
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false });

// Fields are looked up in the body first (where MSNP3+ mail notices put them) and then in the
// headers (where the profile, and some servers, put them).
type Fields = (name: string) => string | undefined;

// Counts are small; more digits than this is garbage, not a big mailbox.
const COUNT = /^\d{1,9}$/;

function count(fields: Fields, name: string, warnings: string[]): number {
  const raw = fields(name);
  if (raw === undefined) {
    warnings.push(`the ${name} field was missing; 0 was assumed`);
    return 0;
  }
  if (!COUNT.test(raw)) {
    warnings.push(`the ${name} field was not a count ("${wireText(raw, 40)}"); 0 was assumed`);
    return 0;
  }
  return Number(raw);
}

function decodeText(payload: Buffer, warnings: string[]): string {
  try {
    return strictUtf8.decode(payload);
  } catch {
    warnings.push('the message was not valid UTF-8');
    return lenientUtf8.decode(payload);
  }
}

/** Reads one `MSG Hotmail Hotmail` payload. Never throws. */
export function parseHotmailMessage(payload: Buffer, now: number = Date.now()): ParsedHotmail {
  const warnings: string[] = [];
  const mime = parseMime(decodeText(payload, warnings));
  warnings.push(...mime.warnings);
  const body = parseHeaderBlock(mime.body);
  warnings.push(...body.warnings);
  const fields: Fields = (name) =>
    body.headers.get(name.toLowerCase()) ?? mime.headers.get(name.toLowerCase());
  const contentType = parseContentType(mime.headers.get('content-type') ?? '').type;
  const text = (name: string): string => oneLine(decodeEncodedWords(fields(name) ?? '', warnings));

  switch (contentType) {
    case 'text/x-msmsgsprofile':
      return {
        message: {
          kind: 'profile',
          profile: profileOf(mime.headerOrder, body.headerOrder, fields, warnings),
        },
        warnings,
      };
    case 'application/x-msmsgsemailnotification':
      // MSNP2 used one type for both; the fields tell them apart.
      if (fields('Inbox-Unread') !== undefined) return { message: initialMail(fields, warnings), warnings };
      if (fields('From') !== undefined || fields('From-Addr') !== undefined) {
        return { message: newMail(fields, text, now), warnings };
      }
      warnings.push('an e-mail notification had neither unread counts nor a sender');
      return { message: { kind: 'unknown', contentType }, warnings };
    case 'text/x-msmsgsinitialemailnotification':
      return { message: initialMail(fields, warnings), warnings };
    case 'text/x-msmsgsemailnotification':
      return { message: newMail(fields, text, now), warnings };
    case 'text/x-msmsgsactivemailnotification':
      return {
        message: {
          kind: 'mailActivity',
          srcFolder: fields('Src-Folder') ?? '',
          destFolder: fields('Dest-Folder') ?? '',
          delta: count(fields, 'Message-Delta', warnings),
        },
        warnings,
      };
    case 'application/x-msmsgssystemmessage':
      return {
        message: { kind: 'system', type: count(fields, 'Type', warnings), arg: fields('Arg1') ?? '' },
        warnings,
      };
    default:
      return { message: { kind: 'unknown', contentType }, warnings };
  }
}

function profileOf(
  headerOrder: string[],
  bodyOrder: string[],
  fields: Fields,
  warnings: string[],
): Record<string, string> {
  // Field names come from the wire: no prototype, so `constructor` or `toString` is only ever a field.
  const profile = Object.create(null) as Record<string, string>;
  const seen = new Set(['mime-version', 'content-type']);
  for (const name of [...headerOrder, ...bodyOrder]) {
    const key = name.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    if (key === '__proto__') {
      warnings.push('a profile field named __proto__ was ignored');
      continue;
    }
    profile[name] = fields(name) ?? '';
  }
  return profile;
}

function initialMail(fields: Fields, warnings: string[]): HotmailMessage {
  return {
    kind: 'initialMail',
    inboxUnread: count(fields, 'Inbox-Unread', warnings),
    foldersUnread: count(fields, 'Folders-Unread', warnings),
    inboxUrl: fields('Inbox-URL') ?? '',
    foldersUrl: fields('Folders-URL') ?? '',
    postUrl: fields('Post-URL') ?? '',
  };
}

function newMail(fields: Fields, text: (name: string) => string, now: number): HotmailMessage {
  return {
    kind: 'newMail',
    notice: {
      from: text('From'),
      fromAddr: fields('From-Addr') ?? '',
      subject: text('Subject'),
      // MSNP2 notices have no Dest-Folder; they were always about the inbox.
      folder: fields('Dest-Folder') ?? 'ACTIVE',
      messageUrl: fields('Message-URL') ?? '',
      postUrl: fields('Post-URL') ?? '',
      receivedAt: now,
    },
  };
}

// =?charset?Q|B?text?=. The charset may be quoted (as in the protocol docs' example) and may carry an
// RFC 2231 language suffix. Real servers put spaces inside Q text, so the text part allows them.
const ENCODED_WORD = /=\?("[^"?]*"|[^?\s"]+)\?([QqBb])\?([^?]*)\?=/g;
const BETWEEN_WORDS = /^[ \t\r\n]+$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes RFC 2047 encoded words in a header value. Never throws: an undecodable word is kept as written. */
export function decodeEncodedWords(value: string, warnings: string[] = []): string {
  if (!value.includes('=?')) return value;
  let out = '';
  let last = 0;
  let previousWasWord = false;
  for (const match of value.matchAll(ENCODED_WORD)) {
    const [word, rawCharset = '', encoding = '', text = ''] = match;
    const start = match.index;
    const gap = value.slice(last, start);
    // Whitespace between two encoded words is not part of the text (RFC 2047, section 6.2).
    if (!(previousWasWord && BETWEEN_WORDS.test(gap))) out += gap;
    const decoded = decodeWord(rawCharset, encoding, text, warnings);
    out += decoded ?? word;
    previousWasWord = decoded !== null;
    last = start + word.length;
  }
  return out + value.slice(last);
}

function decodeWord(rawCharset: string, encoding: string, text: string, warnings: string[]): string | null {
  const charset = rawCharset.replace(/^"|"$/g, '').split('*')[0]!.trim().toLowerCase();
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset === '' ? 'us-ascii' : charset, { fatal: false });
  } catch {
    warnings.push(
      `an encoded word used an unknown character set ("${wireText(charset, 40)}"); it was read as Latin-1`,
    );
    decoder = new TextDecoder('latin1');
  }
  let decoded: string;
  if (encoding === 'B' || encoding === 'b') {
    if (!BASE64.test(text)) {
      warnings.push('an encoded word had invalid base64 and was kept as written');
      return null;
    }
    decoded = decoder.decode(Buffer.from(text, 'base64'));
  } else {
    decoded = decodeQ(text, decoder);
  }
  return oneLine(decoded);
}

/** A subject or a sender is one line of text: control characters (a CR, LF or NUL, encoded or not) become spaces. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\x00-\x1f\x7f]/g, ' ');
}

function decodeQ(text: string, decoder: TextDecoder): string {
  let out = '';
  let bytes: number[] = [];
  const flush = (): void => {
    if (bytes.length > 0) out += decoder.decode(Uint8Array.from(bytes));
    bytes = [];
  };
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === 0x5f) bytes.push(0x20);
    else if (code === 0x3d && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (code < 0x80) {
      bytes.push(code);
    } else {
      // Raw non-ASCII is not allowed in Q text, but a server that sends it meant the character itself.
      flush();
      out += text[i];
    }
  }
  flush();
  return out;
}
