// How a text field goes on the wire URL-encoded (friendly names, phone numbers, search fields): shared so the
// windows can count a field's size exactly as the engine will send it.

/** The server's limit on an encoded phone number; a longer PRP gets the client disconnected. */
export const MAX_PHONE_BYTES = 95;

/** Encodes a field the way the classic clients did: UTF-8, percent-escaped, never a space or a line break. */
export function encodeField(text: string): string {
  // encodeURIComponent leaves !'()*~ alone, which is harmless on the wire; spaces become %20.
  // It throws on a lone surrogate (which a pasted or truncated string can hold), so those become U+FFFD.
  const wellFormed = text.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  );
  return encodeURIComponent(wellFormed.replace(/[\r\n\t]+/g, ' '));
}
