// The pure parts of the member services: FND's fields both ways, the PAG payload, and IPG documents.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findArgs, parseFindLine } from '../../main/msnp/memberServices';
import { encodePage, encodePageText, pageDigits } from '../../main/msnp/pager';
import { parseIncomingPage } from '../../main/msnp/alerts';
import { InvalidInputError } from '../../main/msnp/errors';

const noWarn = (): void => {
  throw new Error('no warning expected');
};

describe('FND fields', () => {
  it('URL-encodes names, uses * for empty fields, and keeps city and state for the US only', () => {
    assert.deepEqual(findArgs({ firstName: ' Zoë ', lastName: '100% Real' }), [
      'fname=Zo%C3%AB',
      'lname=100%25%20Real',
      'city=*',
      'state=*',
      'country=*',
    ]);
    assert.deepEqual(
      findArgs({ firstName: 'A', lastName: 'B', city: 'New York', state: 'ny', country: 'us' }).slice(2),
      ['city=New%20York', 'state=NY', 'country=US'],
    );
    assert.deepEqual(
      findArgs({ firstName: 'A', lastName: 'B', city: 'Paris', state: 'XX', country: 'fr' }).slice(2),
      ['city=*', 'state=*', 'country=FR'],
    );
  });

  it('refuses what the directory cannot take, in sentences', () => {
    assert.throws(() => findArgs({ firstName: '', lastName: 'B' }), InvalidInputError);
    assert.throws(
      () => findArgs({ firstName: 'A', lastName: 'B', country: 'USA' }),
      /country is two letters/,
    );
    assert.throws(
      () => findArgs({ firstName: 'A', lastName: 'B', state: 'W1', country: 'US' }),
      /state is two letters/,
    );
  });

  it('reads result lines, no match, and rejects what is not one', () => {
    assert.deepEqual(
      parseFindLine(
        ['2', '3', 'fname=Ann', 'lname=O%27Neil', 'city=New%20York', 'state=NY', 'country=US'],
        '',
        noWarn,
      ),
      {
        index: 2,
        total: 3,
        result: {
          index: 2,
          firstName: 'Ann',
          lastName: "O'Neil",
          city: 'New York',
          state: 'NY',
          country: 'US',
        },
      },
    );
    assert.deepEqual(parseFindLine(['0', '0'], '', noWarn), { index: 0, total: 0 });
    assert.equal(parseFindLine(['4', '3', 'fname=A', 'lname=B'], '', noWarn), null);
    assert.equal(parseFindLine(['x', '3'], '', noWarn), null);
    const warnings: string[] = [];
    const bad = parseFindLine(
      ['1', '1', 'fname=%E0%A4%A', 'lname=B', 'city=*'],
      'line',
      (code) => void warnings.push(code),
    );
    assert.equal(bad?.result?.firstName, '%E0%A4%A');
    assert.equal(bad?.result?.city, '');
    assert.deepEqual(warnings, ['fnd-bad-encoding']);
  });
});

describe('the PAG payload', () => {
  it('is the documented example byte for byte', () => {
    const payload = encodePage('This is an example message with a home callback number.', {
      key: 'PHH',
      number: '1 (555) 111-4444',
    });
    assert.equal(
      payload,
      '<PHONE pri="1"><LOC>HOME</LOC><NUM>15551114444</NUM></PHONE><TEXT xml:space="preserve">This is an example message with a home callback number.</TEXT>',
    );
    assert.equal(Buffer.byteLength(payload), 149);
    assert.equal(Buffer.byteLength(encodePage('This is an example message.')), 61);
  });

  it('escapes & ; < > ^ once each, and nothing else', () => {
    assert.equal(
      encodePageText('a&b;c<d>e^f "g" \'h\' ☕'),
      'a&#x26;b&#x3B;c&#x3C;d&#x3E;e&#x5E;f "g" \'h\' ☕',
    );
    assert.equal(encodePageText('&#x26;'), '&#x26;#x26&#x3B;');
    assert.equal(encodePageText('two\r\nlines\nhere'), 'two lines here');
  });

  it('sends only the digits of a call-back number, and refuses one without any', () => {
    assert.equal(pageDigits('+44 (20) 7946-0000'), '442079460000');
    assert.throws(() => encodePage('hi', { key: 'PHW', number: 'ext. ——' }), /no digits/);
    assert.match(encodePage('hi', { key: 'PHM', number: '555' }), /<LOC>MOBILE<\/LOC>/);
  });
});

describe('IPG documents', () => {
  it('reads a page and the report of a failed one', () => {
    const page = (msgId: string, text: string): string =>
      `<NOTIFICATION id="7" siteid="111100400" siteurl="http://mobile.msn.com/"><TO name="me@x.com" pid="0x1:0x2" email="me@x.com"><VIA agent="mobile"/></TO><FROM pid="0x1:0x3" name="you@x.com"/><MSG pri="1" id="${msgId}"><ACTION url="2wayIM.asp"/><BODY lang="1033"><TEXT>${text}</TEXT></BODY></MSG></NOTIFICATION>`;
    assert.deepEqual(parseIncomingPage(page('0', 'Hi &amp; bye &lt;3')), {
      page: { from: 'you@x.com', text: 'Hi & bye <3', failed: false },
    });
    assert.deepEqual(parseIncomingPage(page('407', '')), {
      page: { from: 'you@x.com', text: '', failed: true, pageTrId: 7 },
    });
  });

  it('refuses what is not a page, in a sentence', () => {
    assert.match((parseIncomingPage('<nope/>') as { error: string }).error, /NOTIFICATION/);
    assert.match((parseIncomingPage('<!DOCTYPE x><NOTIFICATION/>') as { error: string }).error, /DOCTYPE/);
    assert.match(
      (parseIncomingPage(`<NOTIFICATION>${'x'.repeat(20_000)}</NOTIFICATION>`) as { error: string }).error,
      /larger than/,
    );
  });
});
