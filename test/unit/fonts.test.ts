import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_FONT, FONT_SIZES } from '../../app/conversation';
import { readFont, readStyle } from '../../main/service/fonts';

const STYLE = {
  font: 'Comic Sans MS',
  bold: true,
  italic: false,
  underline: true,
  strikeout: false,
  color: '#FF00aa',
};
const SENTENCE = /^[A-Z].*\.$/;

describe('readStyle', () => {
  it('takes a good style, trimming the face and lower-casing the colour', () => {
    assert.deepEqual(readStyle({ ...STYLE, font: '  Comic Sans MS ' }), { ...STYLE, color: '#ff00aa' });
    assert.deepEqual(
      readStyle({ ...STYLE, font: 'Ｍｓ Ｐゴシック' }),
      { ...STYLE, font: 'Ｍｓ Ｐゴシック', color: '#ff00aa' },
      'any script',
    );
  });

  it('ignores a size (the font dialog sends one) and never hands it on', () => {
    const style = readStyle({ ...STYLE, size: 12 });
    assert.equal(typeof style, 'object');
    assert.equal('size' in (style as object), false);
  });

  it('refuses anything else with one sentence', () => {
    const bad: [unknown, RegExp][] = [
      [null, /missing/],
      ['Arial', /missing/],
      [[STYLE], /missing/],
      [{ ...STYLE, weight: 700 }, /unexpected field "weight"/],
      [JSON.parse('{"__proto__": {}, "font": "Arial"}'), /unexpected field "__proto__"/],
      [{ ...STYLE, font: '' }, /font name/],
      [{ ...STYLE, font: '   ' }, /font name/],
      [{ ...STYLE, font: 'Arial; EF=B' }, /font name/],
      [{ ...STYLE, font: 'Arial\r\nX-Header: y' }, /font name/],
      [{ ...STYLE, font: 'A'.repeat(65) }, /font name/],
      [{ ...STYLE, font: 7 }, /font name/],
      [{ ...STYLE, bold: 'yes' }, /true or false/],
      [{ ...STYLE, strikeout: undefined }, /true or false/],
      [{ ...STYLE, color: 'red' }, /#rrggbb/],
      [{ ...STYLE, color: '#fff' }, /#rrggbb/],
      [{ ...STYLE, color: '#ff00gg' }, /#rrggbb/],
      [{ ...STYLE, color: ' #ff0000' }, /#rrggbb/],
    ];
    for (const [value, reason] of bad) {
      const result = readStyle(value);
      assert.equal(typeof result, 'string', JSON.stringify(value));
      assert.match(result as string, reason);
      assert.match(result as string, SENTENCE);
    }
    assert.equal(typeof readStyle({ ...STYLE, font: 'A'.repeat(64) }), 'object', '64 characters is the most');
  });
});

describe('readFont', () => {
  it('takes a style with one of the offered sizes', () => {
    for (const size of FONT_SIZES)
      assert.deepEqual(readFont({ ...STYLE, size }), { ...STYLE, color: '#ff00aa', size });
    assert.deepEqual(readFont({ ...DEFAULT_FONT }), { ...DEFAULT_FONT });
  });

  it('refuses a missing or unoffered size, and passes on what is wrong with the style', () => {
    for (const size of [undefined, 7, 10.5, '10', Number.NaN, 72]) {
      const result = readFont({ ...STYLE, size });
      assert.match(String(result), /^The font size must be one of 8, 9, 10/);
    }
    assert.equal(readFont({ ...STYLE, color: 'blue', size: 10 }), 'The colour must look like #rrggbb.');
  });
});
