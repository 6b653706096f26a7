// The Content-Disposition of a download: the browser saves the file under its own name, whatever characters
// it holds. Pure, so every odd name is unit-tested.

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
/** RFC 5987 attr-char less what encodeURIComponent already leaves alone. */
const NOT_ATTR_CHAR = /['()*]/g;

/** The name for browsers that ignore filename*: printable ASCII without quotes or backslashes. */
export function asciiFileName(name: string): string {
  const ascii = name
    .replace(CONTROL, '')
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_')
    .trim();
  return ascii === '' || /^[._\s]*$/.test(ascii) ? 'file' : ascii;
}

/** RFC 5987 ext-value text: UTF-8, percent-encoded outside attr-char. */
export function rfc5987(text: string): string {
  return encodeURIComponent(text.replace(LONE_SURROGATE, '\ufffd')).replace(
    NOT_ATTR_CHAR,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<the name>` (RFC 6266). */
export function contentDisposition(name: string): string {
  const clean = name.replace(CONTROL, '');
  return `attachment; filename="${asciiFileName(clean)}"; filename*=UTF-8''${rfc5987(clean || 'file')}`;
}
