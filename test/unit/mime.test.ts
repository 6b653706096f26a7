import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_HEADER_VALUE,
  parseContentType,
  parseHeaderBlock,
  parseMime,
  serializeMime,
} from '../../app/mime';

const crlf = (text: string): string => text.replace(/\n/g, '\r\n');

describe('parseMime', () => {
  it('splits a CRLF message into headers and body, keeping the body as sent', () => {
    const m = parseMime(crlf('MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n\nhello\nthere'));
    assert.equal(m.headers.get('mime-version'), '1.0');
    assert.equal(m.headers.get('content-type'), 'text/plain; charset=UTF-8');
    assert.deepEqual(m.headerOrder, ['MIME-Version', 'Content-Type']);
    assert.equal(m.body, 'hello\r\nthere');
    assert.deepEqual(m.warnings, []);
  });

  it('reads LF-only line ends the same way', () => {
    const m = parseMime('MIME-Version: 1.0\nContent-Type: text/plain\n\nbody\n');
    assert.equal(m.headers.get('content-type'), 'text/plain');
    assert.equal(m.body, 'body\n');
    assert.deepEqual(m.warnings, []);
  });

  it('looks headers up case-insensitively and keeps the names as written in headerOrder', () => {
    const m = parseMime('content-TYPE: text/plain\r\nX-MMS-IM-Format: FN=Arial\r\n\r\n');
    assert.equal(m.headers.get('content-type'), 'text/plain');
    assert.equal(m.headers.get('x-mms-im-format'), 'FN=Arial');
    assert.deepEqual(m.headerOrder, ['content-TYPE', 'X-MMS-IM-Format']);
  });

  it('keeps an empty header value and a value that holds colons', () => {
    const m = parseMime('PostalCode: \r\nPost-URL: http://www.hotmail.com:80/x\r\n\r\n');
    assert.equal(m.headers.get('postalcode'), '');
    assert.equal(m.headers.get('post-url'), 'http://www.hotmail.com:80/x');
  });

  it('unfolds header continuation lines into one value', () => {
    const m = parseMime('Subject: a long\r\n  subject line\r\n\tacross three\r\nX: y\r\n\r\nbody');
    assert.equal(m.headers.get('subject'), 'a long subject line across three');
    assert.equal(m.headers.get('x'), 'y');
    assert.equal(m.body, 'body');
    assert.deepEqual(m.warnings, []);
  });

  it('keeps the first of a repeated header and warns', () => {
    const m = parseMime('From: first\r\n folded\r\nFROM: second\r\n  folded too\r\n\r\n');
    assert.equal(m.headers.get('from'), 'first folded');
    assert.deepEqual(m.headerOrder, ['From']);
    assert.equal(m.warnings.length, 1);
    assert.match(m.warnings[0]!, /more than once/);
  });

  it('stops collecting warnings after twenty, so a message repeating a bad line cannot flood the inspector', () => {
    const m = parseMime('A: 1\r\n' + 'A: again\r\n'.repeat(5000) + '\r\n');
    assert.equal(m.headers.get('a'), '1');
    assert.equal(m.warnings.length, 21);
    assert.match(m.warnings[20]!, /dropped/);
  });

  it('starts the body at the first line that is not a header when the blank line is missing', () => {
    const m = parseMime('Content-Type: text/plain\r\nhello, this is the body\r\nsecond line');
    assert.equal(m.headers.get('content-type'), 'text/plain');
    assert.equal(m.body, 'hello, this is the body\r\nsecond line');
    assert.equal(m.warnings.length, 1);
    assert.match(m.warnings[0]!, /blank line/);
  });

  it('warns when the text ends inside the headers and gives an empty body', () => {
    const m = parseMime('MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsprofile');
    assert.equal(m.headers.get('content-type'), 'text/x-msmsgsprofile');
    assert.equal(m.body, '');
    assert.match(m.warnings.join(' '), /blank line/);
  });

  it('gives an empty result for empty text, without warnings', () => {
    const m = parseMime('');
    assert.equal(m.headers.size, 0);
    assert.equal(m.body, '');
    assert.deepEqual(m.warnings, []);
  });

  it('reads a message that is only a body after a leading blank line', () => {
    const m = parseMime('\r\njust a body');
    assert.equal(m.headers.size, 0);
    assert.equal(m.body, 'just a body');
  });

  it('ignores a continuation line that has no header before it, with a warning', () => {
    const m = parseMime(' stray\r\nA: b\r\n\r\n');
    assert.equal(m.headers.get('a'), 'b');
    assert.match(m.warnings.join(' '), /continuation/);
  });

  it('cuts a header value longer than the cap and warns once', () => {
    const long = 'x'.repeat(MAX_HEADER_VALUE + 100);
    const m = parseMime(`Subject: ${long}\r\n ${long}\r\n\r\n`);
    assert.equal(m.headers.get('subject')!.length, MAX_HEADER_VALUE);
    assert.equal(m.warnings.length, 1);
    assert.match(m.warnings[0]!, /cut/);
  });

  it('does not split a surrogate pair when cutting a long value', () => {
    const value = 'a' + '😀'.repeat(MAX_HEADER_VALUE);
    const cut = parseMime(`S: ${value}\r\n\r\n`).headers.get('s')!;
    assert.ok(cut.length <= MAX_HEADER_VALUE);
    assert.ok(!/[\uD800-\uDBFF]$/.test(cut));
  });
});

describe('parseHeaderBlock', () => {
  it('reads Name: value lines, skipping blank lines, as Hotmail puts them in a body', () => {
    const b = parseHeaderBlock(
      'Inbox-Unread: 1\r\nFolders-Unread: 0\r\n\r\nPost-URL: http://www.hotmail.com\r\n\r\n',
    );
    assert.equal(b.headers.get('inbox-unread'), '1');
    assert.equal(b.headers.get('post-url'), 'http://www.hotmail.com');
    assert.deepEqual(b.warnings, []);
  });

  it('ignores lines that are not fields and says how many', () => {
    const b = parseHeaderBlock('Type: 1\r\nthis is prose\r\nmore prose\r\nArg1: 5');
    assert.equal(b.headers.get('type'), '1');
    assert.equal(b.headers.get('arg1'), '5');
    assert.match(b.warnings.join(' '), /2 line/);
  });
});

describe('parseContentType', () => {
  // The parameters have no prototype; compared as a plain copy.
  const contentType = (value: string) => {
    const ct = parseContentType(value);
    return { type: ct.type, params: { ...ct.params } };
  };

  it('lower-cases the type and reads a parameter', () => {
    assert.deepEqual(contentType('Text/Plain; charset=UTF-8'), {
      type: 'text/plain',
      params: { charset: 'UTF-8' },
    });
  });

  it('reads parameters without spaces, quoted, repeated and with stray semicolons', () => {
    assert.deepEqual(contentType('text/plain;charset=UTF-8'), {
      type: 'text/plain',
      params: { charset: 'UTF-8' },
    });
    assert.deepEqual(contentType('text/x-a; NAME="a \\"q\\"; b" ; ; flag; name=second;'), {
      type: 'text/x-a',
      params: { name: 'a "q"; b' },
    });
  });

  it('gives an empty type for an empty value and keeps prototype names as plain parameters', () => {
    assert.deepEqual(contentType(''), { type: '', params: {} });
    const ct = parseContentType('a/b; __proto__=x; constructor=y; toString=z; constructor=again');
    assert.equal(Object.getPrototypeOf(ct.params), null);
    assert.deepEqual(Object.entries(ct.params), [
      ['__proto__', 'x'],
      ['constructor', 'y'],
      ['tostring', 'z'],
    ]);
    assert.equal(parseContentType('a/b').params.constructor, undefined);
  });

  it('keeps an unterminated quoted value', () => {
    assert.deepEqual(contentType('a/b; c="open'), { type: 'a/b', params: { c: 'open' } });
  });
});

describe('serializeMime', () => {
  it('writes headers and body with CRLF and reads back the same', () => {
    const text = serializeMime(
      [
        ['MIME-Version', '1.0'],
        ['Content-Type', 'text/plain; charset=UTF-8'],
      ],
      'héllo',
    );
    assert.equal(text, 'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nhéllo');
    const back = parseMime(text);
    assert.equal(back.headers.get('content-type'), 'text/plain; charset=UTF-8');
    assert.equal(back.body, 'héllo');
    assert.deepEqual(back.warnings, []);
  });

  it('refuses a header that could not be read back: a line break in a value or a bad name', () => {
    assert.throws(() => serializeMime([['Subject', 'a\r\nBcc: x']], ''), TypeError);
    assert.throws(() => serializeMime([['Sub ject', 'a']], ''), TypeError);
    assert.throws(() => serializeMime([['Sub:ject', 'a']], ''), TypeError);
    assert.throws(() => serializeMime([['', 'a']], ''), TypeError);
  });
});
