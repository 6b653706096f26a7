import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  DEFAULT_FORMAT,
  MAX_SB_PAYLOAD,
  buildTextMessage,
  buildTypingMessage,
  colorFromWire,
  colorToWire,
  parseImFormat,
  parseSwitchboardMessage,
  serializeImFormat,
  splitText,
  type TextFormat,
} from '../../app/messageFormat';
import { MAX_HEADER_VALUE, parseHeaderBlock, parseMime } from '../../app/mime';
import { prng } from './prng';

const bytes = (s: string): number => new TextEncoder().encode(s).length;

describe('message format', () => {
  it('reads X-MMS-IM-Format in any order and decodes the font name', () => {
    const { format, warnings } = parseImFormat('PF=22; CO=ff; EF=BU; FN=Comic%20Sans%20MS; CS=0');
    assert.deepEqual(format, { ...DEFAULT_FORMAT, font: 'Comic Sans MS', bold: true, underline: true, color: '#ff0000', charset: '0', pitchFamily: '22' });
    assert.deepEqual(warnings, []);
  });

  it('writes the header in the classic order with the colour as blue-green-red hex', () => {
    const header = serializeImFormat({ ...DEFAULT_FORMAT, font: 'Times New Roman', italic: true, strikeout: true, color: '#0000ff' });
    assert.equal(header, 'FN=Times%20New%20Roman; EF=IS; CO=ff0000; CS=0; PF=22');
  });

  it('converts colours both ways', () => {
    assert.equal(colorFromWire('ff'), '#ff0000');
    assert.equal(colorFromWire('ff00'), '#00ff00');
    assert.equal(colorFromWire('ff0000'), '#0000ff');
    assert.equal(colorFromWire('zz'), null);
    for (const c of ['#123456', '#ff0000', '#000000', '#abcdef']) assert.equal(colorFromWire(colorToWire(c)), c);
  });

  it('warns about broken parts and keeps defaults', () => {
    const { format, warnings } = parseImFormat('FN=%E2; CO=nothex; XX=1; junk');
    assert.equal(format.font, '%E2');
    assert.equal(format.color, '#000000');
    assert.equal(warnings.length, 3);
  });

  it('builds and reads back a text message with line breaks and non-ASCII', () => {
    const payload = buildTextMessage('Hello ☃\nsecond line', { ...DEFAULT_FORMAT, bold: true });
    assert.match(payload, /^MIME-Version: 1\.0\r\nContent-Type: text\/plain; charset=UTF-8\r\nX-MMS-IM-Format: FN=Microsoft%20Sans%20Serif; EF=B; CO=0; CS=0; PF=22\r\n\r\nHello ☃\r\nsecond line$/);
    const parsed = parseSwitchboardMessage(payload);
    assert.equal(parsed.kind, 'text');
    assert.equal(parsed.kind === 'text' && parsed.text, 'Hello ☃\nsecond line');
    assert.equal(parsed.kind === 'text' && parsed.format.bold, true);
  });

  it('builds a typing notice with an empty CRLF body and reads who is typing', () => {
    const payload = buildTypingMessage('a@b.com');
    assert.equal(payload, 'MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: a@b.com\r\n\r\n\r\n');
    assert.deepEqual(parseSwitchboardMessage(payload), { kind: 'typing', user: 'a@b.com' });
  });

  it('reports invitations and unknown types without throwing', () => {
    assert.equal(parseSwitchboardMessage('MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsinvite; charset=UTF-8\r\n\r\nInvitation-Command: INVITE\r\n').kind, 'invitation');
    assert.deepEqual(parseSwitchboardMessage('MIME-Version: 1.0\r\nContent-Type: text/x-clientcaps\r\n\r\nClient-Name: X\r\n'), { kind: 'unknown', contentType: 'text/x-clientcaps' });
    assert.deepEqual(parseSwitchboardMessage('garbage without headers'), { kind: 'unknown', contentType: '' });
  });

  it('splits long text so that no payload exceeds 1664 bytes, without breaking a character', () => {
    const text = ('Zoë ☃ 🎩 ' + 'word '.repeat(30) + '\n').repeat(40);
    const pieces = splitText(text);
    assert.ok(pieces.length > 1);
    for (const p of pieces) assert.ok(bytes(buildTextMessage(p)) <= MAX_SB_PAYLOAD, `piece of ${bytes(buildTextMessage(p))} bytes`);
    assert.equal(pieces.join(''), text);
    assert.ok(!pieces.some((p) => /[\uD800-\uDBFF]$/.test(p)), 'no piece ends in half a surrogate pair');
  });

  it('keeps short text whole', () => {
    assert.deepEqual(splitText('hi'), ['hi']);
  });
});

// The faster parseMime / parseHeaderBlock / parseImFormat / parseSwitchboardMessage against copies of the
// implementations they replaced, on seeded structured and random payloads: the results must be identical.
// ---- The previous implementation, kept verbatim apart from names ----

const OLD_FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;
interface OldLine {
  text: string;
  start: number;
  next: number;
}
function* oldLinesOf(text: string, from = 0): Generator<OldLine> {
  let offset = from;
  while (offset < text.length) {
    const lf = text.indexOf('\n', offset);
    const end = lf === -1 ? text.length : lf;
    const cut = end > offset && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    yield { text: text.slice(offset, cut), start: offset, next: lf === -1 ? text.length : lf + 1 };
    offset = lf === -1 ? text.length : lf + 1;
  }
}
function oldCapValue(value: string): string {
  let cut = MAX_HEADER_VALUE;
  const before = value.charCodeAt(cut - 1);
  if (before >= 0xd800 && before <= 0xdbff) cut -= 1;
  return value.slice(0, cut);
}
interface OldBlock {
  headers: Map<string, string>;
  headerOrder: string[];
  warnings: string[];
}
interface OldReader {
  block: OldBlock;
  last: string | null;
  capped: Set<string>;
}
const oldNewReader = (): OldReader => ({ block: { headers: new Map(), headerOrder: [], warnings: [] }, last: null, capped: new Set() });
function oldWarn(r: OldReader, message: string): void {
  const { warnings } = r.block;
  if (warnings.length < 20) warnings.push(message);
  else if (warnings.length === 20) warnings.push('further warnings about this message were dropped');
}
function oldSetValue(r: OldReader, key: string, name: string, value: string): void {
  if (value.includes('\r')) value = value.replace(/\r/g, ' ');
  if (value.length > MAX_HEADER_VALUE) {
    value = oldCapValue(value);
    if (!r.capped.has(key)) {
      r.capped.add(key);
      oldWarn(r, `the ${name} header was longer than ${MAX_HEADER_VALUE} characters and was cut`);
    }
  }
  r.block.headers.set(key, value);
}
function oldReadHeaderLine(r: OldReader, line: string): boolean {
  const first = line.charCodeAt(0);
  if (first === 0x20 || first === 0x09) {
    if (r.last === null) {
      oldWarn(r, 'a header continuation line had no header before it and was ignored');
      return true;
    }
    if (r.last === '') return true;
    const key = r.last.toLowerCase();
    const current = r.block.headers.get(key) ?? '';
    if (current.length < MAX_HEADER_VALUE) oldSetValue(r, key, r.last, `${current} ${line.trim()}`.trim());
    return true;
  }
  const colon = line.indexOf(':');
  const name = colon === -1 ? '' : line.slice(0, colon).trim();
  if (!OLD_FIELD_NAME.test(name)) return false;
  const key = name.toLowerCase();
  if (r.block.headers.has(key)) {
    oldWarn(r, `the ${name} header appeared more than once; the first was kept`);
    r.last = '';
    return true;
  }
  r.block.headerOrder.push(name);
  oldSetValue(r, key, name, line.slice(colon + 1).trim());
  r.last = name;
  return true;
}
function oldParseMime(text: string): OldBlock & { body: string } {
  const r = oldNewReader();
  let bodyStart = text.length;
  let ended = false;
  for (const line of oldLinesOf(text)) {
    if (line.text === '') {
      bodyStart = line.next;
      ended = true;
      break;
    }
    if (!oldReadHeaderLine(r, line.text)) {
      oldWarn(r, 'the headers were not followed by a blank line; the body starts at the first line that is not a header');
      bodyStart = line.start;
      ended = true;
      break;
    }
  }
  if (!ended && text.length > 0) oldWarn(r, 'the headers were not followed by a blank line');
  const { headers, headerOrder, warnings } = r.block;
  return { headers, headerOrder, body: text.slice(bodyStart), warnings };
}
function oldParseHeaderBlock(text: string): OldBlock {
  const r = oldNewReader();
  let ignored = 0;
  for (const line of oldLinesOf(text)) {
    if (line.text.trim() === '') {
      r.last = null;
      continue;
    }
    if (!oldReadHeaderLine(r, line.text)) ignored += 1;
  }
  if (ignored > 0) oldWarn(r, `${ignored} line(s) that were not "Name: value" fields were ignored`);
  return r.block;
}
function oldContentType(value: string): string {
  const semi = value.indexOf(';');
  return (semi === -1 ? value : value.slice(0, semi)).trim().toLowerCase();
}
function oldColorFromWire(value: string): string | null {
  const v = value.trim();
  if (!/^[0-9a-fA-F]{1,6}$/.test(v)) return null;
  const n = parseInt(v, 16);
  const r = n & 0xff;
  const g = (n >> 8) & 0xff;
  const b = (n >> 16) & 0xff;
  return '#' + [r, g, b].map((x) => x.toString(16).padStart(2, '0')).join('');
}
function oldDecodeFont(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
function oldParseImFormat(header: string): { format: TextFormat; warnings: string[] } {
  const format: TextFormat = { ...DEFAULT_FORMAT };
  const warnings: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) {
      if (part.trim() !== '') warnings.push(`X-MMS-IM-Format had a part without a value (${part.trim().slice(0, 40)})`);
      continue;
    }
    const key = part.slice(0, eq).trim().toUpperCase();
    const value = part.slice(eq + 1).trim();
    switch (key) {
      case 'FN':
        format.font = oldDecodeFont(value).slice(0, 64);
        break;
      case 'EF':
        format.bold = value.includes('B');
        format.italic = value.includes('I');
        format.underline = value.includes('U');
        format.strikeout = value.includes('S');
        break;
      case 'CO': {
        const color = oldColorFromWire(value);
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
  return { format, warnings };
}
function oldParseSwitchboardMessage(payload: string): unknown {
  const mime = oldParseMime(payload);
  const type = oldContentType(mime.headers.get('content-type') ?? '');
  switch (type) {
    case 'text/plain': {
      const fmt = mime.headers.get('x-mms-im-format');
      const parsed = fmt === undefined ? { format: { ...DEFAULT_FORMAT }, warnings: [] } : oldParseImFormat(fmt);
      return { kind: 'text', text: mime.body.replace(/\r\n/g, '\n'), format: parsed.format, warnings: [...mime.warnings, ...parsed.warnings] };
    }
    case 'text/x-msmsgscontrol':
      return { kind: 'typing', user: mime.headers.get('typinguser') ?? '' };
    case 'text/x-msmsgsinvite':
      return { kind: 'invitation', body: mime.body };
    default:
      return { kind: 'unknown', contentType: type };
  }
}

// ---- Seeded generators ----


class Gen {
  constructor(readonly rnd: () => number) {}
  int(n: number): number {
    return Math.floor(this.rnd() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(p: number): boolean {
    return this.rnd() < p;
  }
  join(atoms: readonly string[], n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += this.pick(atoms);
    return s;
  }
}

const ATOMS = ['a', 'Z', '0', 'f', 'F', 'g', ' ', '\t', '\r', '\n', '\r\n', ':', ';', '=', '%', '%2', '%20', '%41', '%7f', '%80', '%E2%82%AC', '%C3%A9', '%zz', '%%', '\u00a0', '\u2028', '\ufeff', 'é', '☃', '\ud83d\ude00', '\ud800', 'ſ', 'ı', 'ﬁ', '"', '\\', '\0', '\x7f', '\x1f', 'B', 'I', 'U', 'S'];
const NAMES = ['MIME-Version', 'Content-Type', 'content-type', 'X-MMS-IM-Format', 'x-mms-im-format', 'TypingUser', 'Subject', 'X-Odd_Name!', 'Bad Name', 'Naïve', '\u00a0Content-Type', ' Content-Type', 'Content-Type ', '', 'A', 'X\x7f', '\x7fY', 'Tab\tName', '~!#$', '\x20', '\x21'];
const TYPES = ['text/plain; charset=UTF-8', 'TEXT/PLAIN', ' text/plain ;charset="x"', 'text/x-msmsgscontrol', 'text/x-msmsgsinvite; charset=UTF-8', 'text/x-mms-emoticon', '', ';', 'text/plain\r'];
const FORMAT_KEYS = ['FN', 'fn', ' Fn ', 'EF', 'CO', 'co', 'CS', 'PF', 'XX', 'Cſ', 'ﬁ', '', 'FNX'];

function imFormat(g: Gen): string {
  const parts: string[] = [];
  const n = g.int(7);
  for (let i = 0; i < n; i++) {
    const roll = g.rnd();
    if (roll < 0.1) parts.push(g.join(ATOMS, g.int(5)));
    else if (roll < 0.2) parts.push(g.pick(FORMAT_KEYS));
    else {
      const value = g.chance(0.5) ? g.join(['0', '9', 'a', 'F', 'f', 'ff', '12', 'zz', ' ', '%20', '%C3%A9', '%E2', 'B', 'I', 'U', 'S', 'Comic', '%41%42', '%7e', '%8'], g.int(8)) : g.join(ATOMS, g.int(10));
      parts.push(`${g.pick(FORMAT_KEYS)}${g.pick(['=', ' = ', '=='])}${value}`);
    }
  }
  return parts.join(g.pick([';', '; ', ' ;']));
}

function header(g: Gen): string {
  const name = g.pick(NAMES);
  let value: string;
  const lower = name.trim().toLowerCase();
  if (lower === 'content-type') value = g.pick(TYPES);
  else if (lower === 'x-mms-im-format') value = imFormat(g);
  else value = g.chance(0.03) ? 'v'.repeat(MAX_HEADER_VALUE - 2 + g.int(4)) + g.pick(['\ud83d\ude00', 'x', '']) : g.join(ATOMS, g.int(12));
  let line = `${name}${g.pick([':', ': ', ' : ', ':  ', ''])}${value}`;
  if (g.chance(0.1)) line += `${g.pick(['\r\n', '\n'])}${g.pick([' ', '\t'])}${g.join(ATOMS, g.int(6)).replace(/[\r\n]/g, '')}`;
  return line;
}

function payload(g: Gen): string {
  if (g.chance(0.15)) return g.join(ATOMS, g.int(60));
  const lines: string[] = [];
  if (g.chance(0.7)) lines.push('MIME-Version: 1.0');
  if (g.chance(0.9)) lines.push(`Content-Type: ${g.pick(TYPES)}`);
  if (g.chance(0.7)) lines.push(`X-MMS-IM-Format: ${imFormat(g)}`);
  if (g.chance(0.2)) lines.push(`TypingUser: ${g.join(ATOMS, g.int(8))}`);
  const extra = g.int(4);
  for (let i = 0; i < extra; i++) lines.splice(g.int(lines.length + 1), 0, header(g));
  if (g.chance(0.05)) for (let i = 0; i < 30; i++) lines.push('not a header');
  const eol = g.pick(['\r\n', '\n', '\r\n', '\r\n']);
  let text = lines.join(eol);
  if (g.chance(0.85)) text += eol + eol;
  else if (g.chance(0.5)) text += eol;
  text += g.join(ATOMS, g.int(40));
  return text;
}

const plain = (m: { headers: Map<string, string>; headerOrder: string[]; warnings: string[]; body?: string }): unknown => ({
  headers: [...m.headers],
  headerOrder: m.headerOrder,
  warnings: m.warnings,
  body: m.body,
});

const SEED = 0xb077e7f1;
const N = 4000;

describe('parse differential (new vs previous implementation)', () => {
  it('parseMime and parseHeaderBlock give the same headers, order, body and warnings', () => {
    const g = new Gen(prng(SEED));
    for (let i = 0; i < N; i++) {
      const text = payload(g);
      assert.deepEqual(plain(parseMime(text)), plain(oldParseMime(text)), JSON.stringify(text));
      assert.deepEqual(plain(parseHeaderBlock(text)), plain(oldParseHeaderBlock(text)), JSON.stringify(text));
    }
  });

  it('parseImFormat and colorFromWire give the same results, repeated headers included', () => {
    const g = new Gen(prng(SEED + 1));
    for (let i = 0; i < N; i++) {
      const fmt = imFormat(g);
      const first = parseImFormat(fmt);
      assert.deepEqual(first, oldParseImFormat(fmt), JSON.stringify(fmt));
      // A repeat is served from the last result: changing what the caller got must not leak into it.
      first.format.font = 'changed';
      first.warnings.push('changed');
      assert.deepEqual(parseImFormat(fmt), oldParseImFormat(fmt), JSON.stringify(fmt));
      const hex = g.join(['0', '9', 'a', 'F', 'f', 'g', ' ', '\t', '\u00a0', '-', '+', 'x', '0x'], g.int(9));
      assert.equal(colorFromWire(hex), oldColorFromWire(hex), JSON.stringify(hex));
    }
  });

  it('parseSwitchboardMessage gives the same message for structured and random payloads', () => {
    const g = new Gen(prng(SEED + 2));
    for (let i = 0; i < N; i++) {
      const text = payload(g);
      assert.deepEqual(parseSwitchboardMessage(text), oldParseSwitchboardMessage(text), JSON.stringify(text));
    }
  });
});
