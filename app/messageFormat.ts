// Switchboard message payloads: text with X-MMS-IM-Format, typing notices, and the split of long text.
// Pure string code shared with the renderer (it shows fonts, effects and colours).
import { mediaType, parseMime, serializeMime } from './mime';

export interface TextFormat {
  /** Font face name, decoded. */
  font: string;
  bold: boolean;
  italic: boolean;
  underline: boolean;
  strikeout: boolean;
  /** CSS colour #rrggbb (the wire carries blue-green-red hex). */
  color: string;
  /** Windows character set number, kept as sent. */
  charset: string;
  /** Windows pitch and family, kept as sent. */
  pitchFamily: string;
}

export const DEFAULT_FORMAT: Readonly<TextFormat> = Object.freeze({
  font: 'Microsoft Sans Serif',
  bold: false,
  italic: false,
  underline: false,
  strikeout: false,
  color: '#000000',
  charset: '0',
  pitchFamily: '22',
});

/** The classic limit on a switchboard payload; longer text is split over several messages. */
export const MAX_SB_PAYLOAD = 1664;

export type SwitchboardMessage =
  | { kind: 'text'; text: string; format: TextFormat; warnings: string[] }
  | { kind: 'typing'; user: string }
  | { kind: 'invitation'; body: string }
  | { kind: 'unknown'; contentType: string };

/** The value of one hex digit, or -1. */
function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** "#rrggbb" from the wire's BGR hex ("ff" is red, "ff0000" is blue); black when unreadable. */
export function colorFromWire(value: string): string | null {
  const v = value.trim();
  // 1 to 6 hex digits, read without a regex or parseInt.
  if (v.length < 1 || v.length > 6) return null;
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const d = hexDigit(v.charCodeAt(i));
    if (d === -1) return null;
    n = n * 16 + d;
  }
  return '#' + HEX_BYTE[n & 0xff]! + HEX_BYTE[(n >> 8) & 0xff]! + HEX_BYTE[(n >> 16) & 0xff]!;
}

export function colorToWire(css: string): string {
  const m = /^#?([0-9a-fA-F]{6})$/.exec(css.trim());
  if (!m) return '0';
  const n = parseInt(m[1]!, 16);
  const r = (n >> 16) & 0xff;
  const g = (n >> 8) & 0xff;
  const b = n & 0xff;
  return ((b << 16) | (g << 8) | r).toString(16);
}

function decodeFont(value: string): string {
  // Without a '%' there is nothing to decode (and nothing that could fail to).
  if (!value.includes('%')) return value;
  // Font names are nearly always ASCII with %20 and the like: decode those here, leave anything else to
  // decodeURIComponent (multi-byte sequences, and the broken escapes it rejects).
  let out = '';
  let from = 0;
  for (let pct = value.indexOf('%'); pct !== -1; pct = value.indexOf('%', from)) {
    const hi = pct + 2 < value.length ? hexDigit(value.charCodeAt(pct + 1)) : -1;
    const lo = hi === -1 ? -1 : hexDigit(value.charCodeAt(pct + 2));
    if (lo === -1 || hi >= 8) return decodeSlow(value);
    out += value.slice(from, pct) + String.fromCharCode(hi * 16 + lo);
    from = pct + 3;
  }
  return out + value.slice(from);
}

function decodeSlow(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function defaultFormat(): TextFormat {
  return {
    font: DEFAULT_FORMAT.font,
    bold: DEFAULT_FORMAT.bold,
    italic: DEFAULT_FORMAT.italic,
    underline: DEFAULT_FORMAT.underline,
    strikeout: DEFAULT_FORMAT.strikeout,
    color: DEFAULT_FORMAT.color,
    charset: DEFAULT_FORMAT.charset,
    pitchFamily: DEFAULT_FORMAT.pitchFamily,
  };
}

// A peer sends the same X-MMS-IM-Format on message after message: the last one read is kept, and a repeat
// gets fresh copies of its result (callers may change what they are given).
let lastHeader: string | null = null;
let lastFormat: TextFormat = defaultFormat();
let lastWarnings: string[] = [];

/** Reads `FN=...; EF=...; CO=...; CS=...; PF=...` in any order; unknown or broken parts are warned about. */
export function parseImFormat(header: string): { format: TextFormat; warnings: string[] } {
  if (header !== lastHeader) {
    const parsed = readImFormat(header);
    lastHeader = header;
    lastFormat = parsed.format;
    lastWarnings = parsed.warnings;
  }
  return { format: { ...lastFormat }, warnings: lastWarnings.slice() };
}

function readImFormat(header: string): { format: TextFormat; warnings: string[] } {
  const format = defaultFormat();
  const warnings: string[] = [];
  // One pass over the parts between semicolons, without splitting the header into an array first.
  let start = 0;
  for (;;) {
    const semi = header.indexOf(';', start);
    const end = semi === -1 ? header.length : semi;
    const eq = header.indexOf('=', start);
    if (eq === -1 || eq >= end) {
      const bare = header.slice(start, end).trim();
      if (bare !== '') warnings.push(`X-MMS-IM-Format had a part without a value (${bare.slice(0, 40)})`);
    } else {
      const key = header.slice(start, eq).trim().toUpperCase();
      const value = header.slice(eq + 1, end).trim();
      switch (key) {
        case 'FN':
          format.font = decodeFont(value).slice(0, 64);
          break;
        case 'EF':
          format.bold = value.includes('B');
          format.italic = value.includes('I');
          format.underline = value.includes('U');
          format.strikeout = value.includes('S');
          break;
        case 'CO': {
          const color = colorFromWire(value);
          if (color) format.color = color;
          else warnings.push(`X-MMS-IM-Format had an unreadable colour (${value.slice(0, 20)})`);
          break;
        }
        case 'CS':
          format.charset = value.slice(0, 8);
          break;
        case 'PF':
          format.pitchFamily = value.slice(0, 8);
          break;
        default:
          warnings.push(`X-MMS-IM-Format had an unknown part ${key.slice(0, 10)}`);
      }
    }
    if (semi === -1) break;
    start = semi + 1;
  }
  return { format, warnings };
}

/** Writes the header in the classic client's order: FN, EF, CO, CS, PF. */
export function serializeImFormat(format: TextFormat): string {
  const ef = `${format.bold ? 'B' : ''}${format.italic ? 'I' : ''}${format.underline ? 'U' : ''}${format.strikeout ? 'S' : ''}`;
  return `FN=${encodeURIComponent(format.font)}; EF=${ef}; CO=${colorToWire(format.color)}; CS=${format.charset}; PF=${format.pitchFamily}`;
}

function sameFormat(a: TextFormat, b: TextFormat): boolean {
  return (
    a.font === b.font &&
    a.bold === b.bold &&
    a.italic === b.italic &&
    a.underline === b.underline &&
    a.strikeout === b.strikeout &&
    a.color === b.color &&
    a.charset === b.charset &&
    a.pitchFamily === b.pitchFamily
  );
}

// Someone sends message after message in one format: the header block of the last one is kept (with a
// copy of its format, as callers may change theirs) instead of being written again for each message.
let lastTextFormat: TextFormat | null = null;
let lastTextHead = '';

export function buildTextMessage(text: string, format: TextFormat = DEFAULT_FORMAT): string {
  if (lastTextFormat === null || !sameFormat(lastTextFormat, format)) {
    const head = [
      ['MIME-Version', '1.0'],
      ['Content-Type', 'text/plain; charset=UTF-8'],
      ['X-MMS-IM-Format', serializeImFormat(format)],
    ] as const;
    lastTextHead = serializeMime(head, '');
    lastTextFormat = { ...format };
  }
  return lastTextHead + (text.includes('\n') ? text.replace(/\r?\n/g, '\r\n') : text);
}

let lastTypingUser: string | null = null;
let lastTyping = '';

/** Kept for the last address, like the text header: a typing notice goes out every few seconds, always the same. */
export function buildTypingMessage(email: string): string {
  if (email !== lastTypingUser) {
    lastTyping = serializeMime(
      [
        ['MIME-Version', '1.0'],
        ['Content-Type', 'text/x-msmsgscontrol'],
        ['TypingUser', email],
      ],
      '\r\n',
    );
    lastTypingUser = email;
  }
  return lastTyping;
}

// A peer's text messages share one header block: the last clean one (ended by a blank line, no warnings)
// is kept with its X-MMS-IM-Format, and a payload that starts with it has only its body left to read.
let heardHead = '';
let heardFormat: string | undefined;

function textMessage(body: string, fmt: string | undefined, mimeWarnings: string[]): SwitchboardMessage {
  const parsed = fmt === undefined ? { format: defaultFormat(), warnings: [] } : parseImFormat(fmt);
  const text = body.includes('\r\n') ? body.replace(/\r\n/g, '\n') : body;
  const warnings = parsed.warnings.length === 0 ? mimeWarnings : mimeWarnings.concat(parsed.warnings);
  return { kind: 'text', text, format: parsed.format, warnings };
}

/** Tells what a received switchboard payload is. Unknown types are reported, never thrown. */
export function parseSwitchboardMessage(payload: string): SwitchboardMessage {
  if (heardHead !== '' && payload.startsWith(heardHead)) return textMessage(payload.slice(heardHead.length), heardFormat, []);
  const mime = parseMime(payload);
  const type = mediaType(mime.headers.get('content-type') ?? '');
  switch (type) {
    case 'text/plain': {
      const fmt = mime.headers.get('x-mms-im-format');
      if (mime.warnings.length === 0) {
        heardHead = payload.slice(0, payload.length - mime.body.length);
        heardFormat = fmt;
      }
      return textMessage(mime.body, fmt, mime.warnings);
    }
    case 'text/x-msmsgscontrol':
      return { kind: 'typing', user: mime.headers.get('typinguser') ?? '' };
    case 'text/x-msmsgsinvite':
      return { kind: 'invitation', body: mime.body };
    default:
      return { kind: 'unknown', contentType: type };
  }
}

const encoder = new TextEncoder();

function utf8Length(s: string): number {
  return encoder.encode(s).length;
}

/**
 * Splits text so that each piece, once wrapped in a text message with this format, fits in maxPayload bytes.
 * Cuts prefer a line break or a space in the last part of a piece and never split a character.
 */
export function splitText(
  text: string,
  format: TextFormat = DEFAULT_FORMAT,
  maxPayload = MAX_SB_PAYLOAD,
): string[] {
  const overhead = utf8Length(buildTextMessage('', format));
  const budget = maxPayload - overhead;
  if (budget < 16) throw new RangeError('the message format leaves no room for text');
  const normalized = text.replace(/\r?\n/g, '\r\n');
  const pieces: string[] = [];
  let rest = normalized;
  while (utf8Length(rest) > budget) {
    // Walk whole code points until the budget is used.
    let bytes = 0;
    let cut = 0;
    for (const ch of rest) {
      const size = utf8Length(ch);
      if (bytes + size > budget) break;
      bytes += size;
      cut += ch.length;
    }
    const window = rest.slice(0, cut);
    const soft = Math.max(window.lastIndexOf('\r\n'), window.lastIndexOf(' '));
    if (soft > cut * 0.6) cut = soft + (window.startsWith('\r\n', soft) ? 2 : 1);
    pieces.push(rest.slice(0, cut).replace(/\r\n/g, '\n'));
    rest = rest.slice(cut);
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest.replace(/\r\n/g, '\n'));
  return pieces;
}
