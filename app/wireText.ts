// Text from the wire on its way into a sentence or a warning: quoted so that it cannot act on whoever
// reads it (a terminal, a log, an inspector), and with secrets masked. Pure string code.
import { INVISIBLE_FORMAT } from './displayText';

/** How much of a wire value a sentence quotes, escapes included. */
export const WIRE_TEXT_MAX = 60;

const SHORT_ESCAPES: ReadonlyMap<string, string> = new Map([
  ['\t', '\\t'],
  ['\n', '\\n'],
  ['\r', '\\r'],
  ['\\', '\\\\'],
]);

function hex(code: number, digits: number): string {
  return code.toString(16).padStart(digits, '0');
}

/** One character as a sentence may show it: itself, or a visible escape. */
function escaped(ch: string): string {
  const short = SHORT_ESCAPES.get(ch);
  if (short !== undefined) return short;
  const code = ch.codePointAt(0)!;
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `\\x${hex(code, 2)}`;
  // Lone surrogates (a code point iterator yields them one by one) and the invisible format characters.
  if ((code >= 0xd800 && code <= 0xdfff) || code === 0x2028 || code === 0x2029 || INVISIBLE_FORMAT.test(ch))
    return `\\u${hex(code, 4)}`;
  return ch;
}

/**
 * Wire text quoted for a sentence: control characters (C0, C1, DEL), line separators, lone surrogates and
 * the invisible format characters (bidi overrides and the like) become visible escapes (`\x1b`, `\r`,
 * `\u202e`), a backslash is doubled so an escape is never ambiguous, and the result is cut to `max`
 * characters with an ellipsis. Never splits a character or an escape.
 */
export function wireText(text: string, max: number = WIRE_TEXT_MAX): string {
  let out = '';
  for (const ch of text) {
    const piece = escaped(ch);
    if (out.length + piece.length > max) return `${out}…`;
    out += piece;
  }
  return out;
}

/**
 * Profile fields that hold a secret: MSPAuth is the Passport ticket that signs the account in to Hotmail and
 * the other sites. (sid is Hotmail's site number and kv a key version: public.) Compared case-insensitively,
 * as servers differ in their casing.
 */
// MSPAuth is the Passport ticket; AuthCookie lets whoever holds it take a file offered over MSNFTP.
export const SECRET_FIELDS: readonly string[] = ['mspauth', 'authcookie'];

export function isSecretField(name: string): boolean {
  return SECRET_FIELDS.includes(name.toLowerCase());
}

export const MASK = '********';

// A field's value: one token (tickets hold no spaces) that does not start with punctuation, so that a
// sentence naming the field ("the server sent MSPAuth:, which...") keeps its words.
const VALUE = `[^\\s,;:'"()<>]\\S*`;
// "MSPAuth: value" anywhere in a text.
const SECRET_FIELD = new RegExp(`\\b(${SECRET_FIELDS.join('|')})([ \\t]*:[ \\t]*)${VALUE}`, 'gi');
/**
 * A line that begins with the end of a secret field's name: what is left when a payload that declared too
 * few bytes was cut inside "MSPAuth:" and the rest is read as commands ("uth: 7B...$$").
 */
const CUT_SECRET_FIELD = new RegExp(
  `^(${SECRET_FIELDS.map((f) => [...f].map((_, i) => f.slice(i + 1)).join('|')).join('|')})([ \\t]*:[ \\t]*)${VALUE}`,
  'i',
);

/**
 * A text from the wire with the value of every secret field masked, the way the account snapshot leaves
 * the field out: "MSPAuth: 7B...$$" becomes "MSPAuth: ********". A line that starts with the cut-off end of
 * such a field is masked too.
 */
export function maskSecrets(text: string): string {
  if (!text.includes(':')) return text;
  return text
    .replace(SECRET_FIELD, (_m, name: string, sep: string) => `${name}${sep}${MASK}`)
    .replace(CUT_SECRET_FIELD, (_m, tail: string, sep: string) => `${tail}${sep}${MASK}`);
}

/** A deviation of the server's, as warnings carry it: a code, a sentence, and the line it was about. */
export interface WireWarning {
  code: string;
  message: string;
  line?: string;
}

/**
 * Every warning is made here before anyone sees it (the notification session and each switchboard emit
 * only what this returns), so no path can forget: secrets are masked in the sentence and in the line.
 */
export function wireWarning(code: string, message: string, line?: string): WireWarning {
  const warning: WireWarning = { code, message: maskSecrets(message) };
  if (line !== undefined) warning.line = maskSecrets(line);
  return warning;
}
