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
} from '../../app/messageFormat';

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
