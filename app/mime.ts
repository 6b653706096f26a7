// The MIME-style message format of MSG payloads, shared by the engine and the renderer.
// Pure string code: the renderer runs sandboxed, so no Node modules and no Buffer here.
import { wireText } from './wireText';

/** A longer header value is cut here: a hostile peer must not make us hold or render megabytes of one field. */
export const MAX_HEADER_VALUE = 8 * 1024;

export interface ParsedMime {
  /** Keyed by lower-cased name; the first occurrence of a name wins. */
  headers: Map<string, string>;
  /** Header names as first written, in order, without duplicates. */
  headerOrder: string[];
  body: string;
  /** Deviations that were tolerated, in words a server developer can act on. */
  warnings: string[];
}

export interface HeaderBlock {
  headers: Map<string, string>;
  headerOrder: string[];
  warnings: string[];
}

export interface ContentType {
  /** `type/subtype`, lower-cased; empty when the value had none. */
  type: string;
  /**
   * Parameter names lower-cased, values unquoted and kept as sent; the first of a repeated name wins. An
   * object without a prototype: a name from the wire (`constructor`, `__proto__`) is only ever a parameter.
   */
  params: Record<string, string>;
}

// RFC 5322 field names: printable ASCII without the colon. Anything else is not a header line.
const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;

/** FIELD_NAME without a regex: this runs for every header of every message received. */
function isFieldName(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 0x21 || c > 0x7e || c === 0x3a) return false;
  }
  return true;
}

/** Cuts a value to the cap without leaving half a surrogate pair behind. */
function capValue(value: string): string {
  let cut = MAX_HEADER_VALUE;
  const before = value.charCodeAt(cut - 1);
  if (before >= 0xd800 && before <= 0xdbff) cut -= 1;
  return value.slice(0, cut);
}

interface Reader {
  block: HeaderBlock;
  /** The name (as first written) of the header a continuation line would extend; '' after a dropped duplicate. */
  last: string | null;
  /** Keys whose value was cut (one warning each); made only when a value is that long. */
  capped: Set<string> | null;
}

function newReader(): Reader {
  return { block: { headers: new Map(), headerOrder: [], warnings: [] }, last: null, capped: null };
}

// A hostile message could repeat a bad line thousands of times; its warnings must not flood the inspector.
const MAX_WARNINGS = 20;

function warn(r: Reader, message: string): void {
  const { warnings } = r.block;
  if (warnings.length < MAX_WARNINGS) warnings.push(message);
  else if (warnings.length === MAX_WARNINGS)
    warnings.push('further warnings about this message were dropped');
}

function setValue(r: Reader, key: string, name: string, value: string): void {
  // A bare CR is not a line end here, but a value must stay one line: it reads as a space.
  if (value.includes('\r')) value = value.replace(/\r/g, ' ');
  if (value.length > MAX_HEADER_VALUE) {
    value = capValue(value);
    r.capped ??= new Set();
    if (!r.capped.has(key)) {
      r.capped.add(key);
      warn(r, `the ${wireText(name)} header was longer than ${MAX_HEADER_VALUE} characters and was cut`);
    }
  }
  r.block.headers.set(key, value);
}

/**
 * Feeds one line of a header block. Returns false when the line is not a header at all,
 * which is where a block without its blank line must end.
 */
function readHeaderLine(r: Reader, line: string): boolean {
  const first = line.charCodeAt(0);
  if (first === 0x20 || first === 0x09) {
    if (r.last === null) {
      warn(r, 'a header continuation line had no header before it and was ignored');
      return true;
    }
    if (r.last === '') return true;
    const key = r.last.toLowerCase();
    const current = r.block.headers.get(key) ?? '';
    // A value already at the cap stays there; appending would only be cut again (and cost time).
    if (current.length < MAX_HEADER_VALUE) setValue(r, key, r.last, `${current} ${line.trim()}`.trim());
    return true;
  }
  const colon = line.indexOf(':');
  if (colon === -1) return false;
  const name = line.slice(0, colon).trim();
  if (!isFieldName(name)) return false;
  const key = name.toLowerCase();
  if (r.block.headers.has(key)) {
    warn(r, `the ${wireText(name)} header appeared more than once; the first was kept`);
    r.last = '';
    return true;
  }
  r.block.headerOrder.push(name);
  setValue(r, key, name, line.slice(colon + 1).trim());
  r.last = name;
  return true;
}

/**
 * Splits a message into headers and body. Never throws. Tolerates LF-only line ends,
 * folded headers, repeated headers and a missing blank line after the headers.
 */
export function parseMime(text: string): ParsedMime {
  const r = newReader();
  let bodyStart = text.length;
  let ended = false;
  // Line by line with indexOf: a line ends at LF, and one CR before it (or before the end of the text) is dropped.
  let offset = 0;
  while (offset < text.length) {
    const lf = text.indexOf('\n', offset);
    const end = lf === -1 ? text.length : lf;
    const next = lf === -1 ? text.length : lf + 1;
    const cut = end > offset && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (cut === offset) {
      bodyStart = next;
      ended = true;
      break;
    }
    if (!readHeaderLine(r, text.slice(offset, cut))) {
      warn(
        r,
        'the headers were not followed by a blank line; the body starts at the first line that is not a header',
      );
      bodyStart = offset;
      ended = true;
      break;
    }
    offset = next;
  }
  if (!ended && text.length > 0) warn(r, 'the headers were not followed by a blank line');
  const { headers, headerOrder, warnings } = r.block;
  return { headers, headerOrder, body: text.slice(bodyStart), warnings };
}

/**
 * Reads a whole text as `Name: value` lines, the way Hotmail puts its fields in a message body.
 * Blank lines are skipped; a line that is not a header is ignored with a warning.
 */
export function parseHeaderBlock(text: string): HeaderBlock {
  const r = newReader();
  let ignored = 0;
  let offset = 0;
  while (offset < text.length) {
    const lf = text.indexOf('\n', offset);
    const end = lf === -1 ? text.length : lf;
    const cut = end > offset && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    const line = text.slice(offset, cut);
    offset = lf === -1 ? text.length : lf + 1;
    if (line.trim() === '') {
      r.last = null;
      continue;
    }
    if (!readHeaderLine(r, line)) ignored += 1;
  }
  if (ignored > 0) warn(r, `${ignored} line(s) that were not "Name: value" fields were ignored`);
  return r.block;
}

/** The `type/subtype` of a Content-Type value, lower-cased, without reading its parameters. */
export function mediaType(value: string): string {
  const semi = value.indexOf(';');
  return (semi === -1 ? value : value.slice(0, semi)).trim().toLowerCase();
}

/** Reads a Content-Type value such as `text/plain; charset=UTF-8` or `text/plain;charset="UTF-8"`. */
export function parseContentType(value: string): ContentType {
  const params = Object.create(null) as Record<string, string>;
  const semi = value.indexOf(';');
  const type = mediaType(value);
  let i = semi === -1 ? value.length : semi + 1;
  while (i < value.length) {
    const eq = value.indexOf('=', i);
    const nextSemi = value.indexOf(';', i);
    if (eq === -1 || (nextSemi !== -1 && nextSemi < eq)) {
      // A parameter without a value (or a stray semicolon): nothing to keep.
      i = nextSemi === -1 ? value.length : nextSemi + 1;
      continue;
    }
    const name = value.slice(i, eq).trim().toLowerCase();
    let j = eq + 1;
    while (value[j] === ' ' || value[j] === '\t') j += 1;
    let paramValue = '';
    if (value[j] === '"') {
      j += 1;
      while (j < value.length && value[j] !== '"') {
        if (value[j] === '\\' && j + 1 < value.length) j += 1;
        paramValue += value[j];
        j += 1;
      }
      const end = value.indexOf(';', j);
      i = end === -1 ? value.length : end + 1;
    } else {
      const end = value.indexOf(';', j);
      paramValue = value.slice(j, end === -1 ? value.length : end).trim();
      i = end === -1 ? value.length : end + 1;
    }
    if (name !== '' && !Object.hasOwn(params, name)) params[name] = paramValue;
  }
  return { type, params };
}

/**
 * Writes headers and body with CRLF line ends. Strict: a header that could not be read back
 * the same way (a bad name, a line break in a value) is a programming error.
 */
export function serializeMime(headers: readonly (readonly [string, string])[], body: string): string {
  let out = '';
  for (const [name, value] of headers) {
    if (!FIELD_NAME.test(name)) throw new TypeError(`${JSON.stringify(name)} cannot be a header name`);
    if (/[\r\n]/.test(value)) throw new TypeError(`the ${name} header cannot hold a line break`);
    out += `${name}: ${value}\r\n`;
  }
  return `${out}\r\n${body}`;
}
