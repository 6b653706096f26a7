// How the inspector shows a payload: its MIME headers, then its body with XML indented so it can be read.
// Text only: the result is put in a <pre> as React text, never parsed as HTML.

export interface PayloadView {
  headers: string[];
  body: string;
}

/** Splits at the blank line that ends the headers (CRLF or LF); a payload without one is all body. */
export function splitPayload(payload: string): PayloadView {
  const match = /\r?\n\r?\n/.exec(payload);
  const head = match ? payload.slice(0, match.index) : '';
  const body = match ? payload.slice(match.index + match[0].length) : payload;
  const headers = head === '' ? [] : head.split(/\r?\n/);
  // A payload that is not MIME (no "Name: value" first line) is all body.
  if (headers.length > 0 && !/^[\w-]+:/.test(headers[0]!)) return { headers: [], body: payload };
  return { headers, body: looksLikeXml(body) ? indentXml(body) : body.replace(/\r\n/g, '\n') };
}

function looksLikeXml(text: string): boolean {
  const t = text.trimStart();
  return t.startsWith('<') && t.trimEnd().endsWith('>');
}

/** Puts each tag on its own line, two spaces deeper per open element; text stays beside its tag. */
export function indentXml(xml: string): string {
  const tokens = xml.split(/(<[^>]*>)/).filter((t) => t.trim() !== '');
  const out: string[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!.trim();
    if (!token.startsWith('<')) {
      out.push(`${'  '.repeat(depth)}${token}`);
      continue;
    }
    if (token.startsWith('</')) {
      depth = Math.max(0, depth - 1);
      out.push(`${'  '.repeat(depth)}${token}`);
      continue;
    }
    const opens = !token.startsWith('<?') && !token.startsWith('<!') && !token.endsWith('/>');
    // <a>text</a> stays on one line.
    const text = tokens[i + 1];
    const close = tokens[i + 2];
    if (opens && text !== undefined && !text.trim().startsWith('<') && close?.trim().startsWith('</')) {
      out.push(`${'  '.repeat(depth)}${token}${text.trim()}${close.trim()}`);
      i += 2;
      continue;
    }
    out.push(`${'  '.repeat(depth)}${token}`);
    if (opens) depth += 1;
  }
  return out.join('\n');
}

/** The payload's length on the wire: UTF-8 bytes, with line breaks sent as CRLF. */
export function payloadBytes(text: string): number {
  return new TextEncoder().encode(text.replace(/\r?\n/g, '\r\n')).length;
}

/** "17:05:09.123" in local time. */
export function clockOf(at: number): string {
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}
