// Friendly names and other URL-encoded fields. Strict on the way out, lenient on the way in.

/** The classic limit on an encoded friendly name. */
export const MAX_ENCODED_NAME = 387;

/** Encodes a friendly name the way the classic clients did: UTF-8, percent-escaped, never a space. */
export { encodeField as encodeName } from '../../app/fieldEncoding';

export interface DecodedName {
  value: string;
  /** Set when the server sent something that was not properly encoded. */
  warning?: 'malformed-escape' | 'not-encoded' | 'invalid-utf8';
}

const decoder = new TextDecoder('utf-8', { fatal: false });
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a URL-encoded field. Never throws: a raw '%' or a stray escape is kept as written,
 * invalid UTF-8 becomes U+FFFD, and raw non-ASCII (a server that did not encode) passes through.
 */
export function decodeName(field: string): DecodedName {
  // eslint-disable-next-line no-control-regex
  const rawNonAscii = /[^\x00-\x7f]/.test(field);
  if (!field.includes('%')) {
    return rawNonAscii ? { value: field, warning: 'not-encoded' } : { value: field };
  }
  try {
    // Escapes mixed with raw non-ASCII decode fine, but the server still failed to encode part of it.
    const value = decodeURIComponent(field);
    return rawNonAscii ? { value, warning: 'not-encoded' } : { value };
  } catch {
    // fall through to the byte-wise decoder
  }
  const bytes: number[] = [];
  let malformed = false;
  for (let i = 0; i < field.length; ) {
    const ch = field[i]!;
    if (ch === '%') {
      const hex = field.slice(i + 1, i + 3);
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 3;
        continue;
      }
      malformed = true;
      bytes.push(0x25);
      i += 1;
      continue;
    }
    const cp = field.codePointAt(i)!;
    const encoded = Buffer.from(String.fromCodePoint(cp), 'utf8');
    for (const b of encoded) bytes.push(b);
    i += cp > 0xffff ? 2 : 1;
  }
  const buf = Uint8Array.from(bytes);
  let value: string;
  let badUtf8 = false;
  try {
    value = strictDecoder.decode(buf);
  } catch {
    value = decoder.decode(buf);
    badUtf8 = true;
  }
  return { value, warning: malformed ? 'malformed-escape' : badUtf8 ? 'invalid-utf8' : undefined };
}
