import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EMOTICONS, emoticonById, tokenizeEmoticons, type EmoticonToken } from '../../app/emoticons';
import { prng } from './prng';

const EMOTICON_DIR = fileURLToPath(new URL('../../resources/emoticons/', import.meta.url));

const joined = (tokens: EmoticonToken[]): string => tokens.map((t) => t.text).join('');
/** A compact picture of the tokens: text as-is, emoticons as [id]. */
const sketch = (text: string): string =>
  tokenizeEmoticons(text)
    .map((t) => (t.type === 'text' ? t.text : `[${t.id}]`))
    .join('');

/** Swaps the case of every ASCII letter. */
const swapCase = (s: string): string =>
  s.replace(/[a-z]/gi, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()));

describe('EMOTICONS table', () => {
  it('has the classic set, with unique ids and unique shortcuts (ignoring letter case)', () => {
    assert.ok(EMOTICONS.length >= 45);
    const ids = new Set(EMOTICONS.map((e) => e.id));
    assert.equal(ids.size, EMOTICONS.length);
    const shortcuts = EMOTICONS.flatMap((e) => e.shortcuts.map((s) => s.toLowerCase()));
    assert.equal(new Set(shortcuts).size, shortcuts.length);
  });

  it('includes every classic shortcut', () => {
    const all = new Set(EMOTICONS.flatMap((e) => e.shortcuts));
    for (const s of [
      ':)',
      ':-)',
      ':(',
      ':-(',
      ';)',
      ';-)',
      ':D',
      ':-D',
      ':P',
      ':-P',
      ':O',
      ':-O',
      ':|',
      ':S',
      ":'(",
      ':@',
      '(Y)',
      '(N)',
      '(L)',
      '(U)',
      '(K)',
      '(F)',
      '(*)',
      '(8)',
      '(B)',
      '(C)',
      '(I)',
      '(^)',
      '(H)',
      ':$',
      ':-$',
      '(A)',
      '(6)',
      '(G)',
      '(W)',
      '(P)',
      '(~)',
      '(@)',
      '(&)',
      '(T)',
      '(S)',
      '(E)',
      '(O)',
      '(M)',
      '(D)',
      '(X)',
      '(Z)',
      '({)',
      '(})',
      ':[',
      ':-[',
      '(#)',
      '(R)',
    ]) {
      assert.ok(all.has(s), `missing ${s}`);
    }
  });

  it('gives every id a label and an image at resources/emoticons/<id>.svg', () => {
    for (const e of EMOTICONS) {
      assert.match(e.id, /^[a-z]+$/);
      assert.ok(e.label.length > 0);
      assert.ok(existsSync(`${EMOTICON_DIR}${e.id}.svg`), `no image for ${e.id}`);
      assert.equal(emoticonById(e.id), e);
    }
    assert.equal(emoticonById('nope'), undefined);
  });

  it('maps every shortcut, in either case, to its emoticon as one token', () => {
    for (const e of EMOTICONS) {
      for (const s of e.shortcuts) {
        for (const variant of [s, s.toLowerCase(), swapCase(s)]) {
          assert.deepEqual(tokenizeEmoticons(variant), [
            { type: 'emoticon', id: e.id, text: variant, label: e.label },
          ]);
        }
      }
    }
  });

  it('is frozen', () => {
    assert.ok(Object.isFrozen(EMOTICONS));
    assert.ok(Object.isFrozen(EMOTICONS[0]));
    assert.ok(Object.isFrozen(EMOTICONS[0]!.shortcuts));
  });
});

describe('tokenizeEmoticons', () => {
  it('returns nothing for empty text and one text token for plain text', () => {
    assert.deepEqual(tokenizeEmoticons(''), []);
    assert.deepEqual(tokenizeEmoticons('hello there'), [{ type: 'text', text: 'hello there' }]);
  });

  it('splits text around an emoticon, merging plain runs', () => {
    assert.deepEqual(tokenizeEmoticons('hi :) you'), [
      { type: 'text', text: 'hi ' },
      { type: 'emoticon', id: 'smile', text: ':)', label: 'Smile' },
      { type: 'text', text: ' you' },
    ]);
  });

  it('takes the longest match at each position', () => {
    assert.equal(sketch(':-)'), '[smile]');
    assert.equal(sketch(':-('), '[sad]');
    assert.equal(sketch(';-)'), '[wink]');
    assert.equal(sketch(':-D'), '[grin]');
    assert.equal(sketch(":'("), '[crying]');
  });

  it('leaves partial shortcuts as text', () => {
    for (const s of [':-', ':', '(', '(Y', 'Y)', '(*', ":'", ';-', '( Y)', ': )', '(YY)']) {
      assert.deepEqual(tokenizeEmoticons(s), [{ type: 'text', text: s }], s);
    }
  });

  it('treats letters case-insensitively and keeps the text as typed', () => {
    assert.equal(sketch(':d :p :o :s'), '[grin] [tongue] [surprised] [confused]');
    assert.equal(
      sketch('(y)(n)(l)(u)(k)(f)(b)(c)(i)'),
      '[thumbsup][thumbsdown][heart][brokenheart][kiss][flower][beer][coffee][lightbulb]',
    );
    const [token] = tokenizeEmoticons(':-d');
    assert.deepEqual(token, { type: 'emoticon', id: 'grin', text: ':-d', label: 'Open-mouthed smile' });
  });

  it('finds adjacent emoticons and emoticons touching words', () => {
    assert.equal(sketch(':):('), '[smile][sad]');
    assert.equal(sketch('(Y)(N)(L)'), '[thumbsup][thumbsdown][heart]');
    assert.equal(sketch(':-):-(;-)'), '[smile][sad][wink]');
    assert.equal(sketch('great(Y)thanks:)'), 'great[thumbsup]thanks[smile]');
    assert.equal(sketch('(*)(8)(^)'), '[star][note][cake]');
    assert.equal(sketch('({)(})(#)(~)(&)(@)'), '[hugleft][hugright][sun][film][dog][cat]');
  });

  it('tells the letter shortcuts in brackets from the faces with the same letter', () => {
    assert.equal(sketch(':S (S) :s (s)'), '[confused] [moon] [confused] [moon]');
    assert.equal(sketch(':D(D):P(P):O(O)'), '[grin][martini][tongue][camera][surprised][clock]');
    assert.equal(sketch(':-$:$:-[:['), '[embarrassed][embarrassed][bat][bat]');
  });

  it('resolves overlaps left to right', () => {
    // ":-)" wins at position 0, leaving ")" as text.
    assert.equal(sketch(':-))'), '[smile])');
    // At position 0 "((" matches nothing; at 1 "(Y)" does.
    assert.equal(sketch('((Y)'), '([thumbsup]');
    assert.equal(sketch('::)'), ':[smile]');
  });

  it('never matches inside a URL', () => {
    assert.deepEqual(tokenizeEmoticons('http://x.com/:P'), [{ type: 'text', text: 'http://x.com/:P' }]);
    assert.deepEqual(tokenizeEmoticons('https://x.com/a(B)c:D'), [
      { type: 'text', text: 'https://x.com/a(B)c:D' },
    ]);
    assert.deepEqual(tokenizeEmoticons('www.x.com/(Y)'), [{ type: 'text', text: 'www.x.com/(Y)' }]);
    assert.deepEqual(tokenizeEmoticons('HTTP://X.COM/:D'), [{ type: 'text', text: 'HTTP://X.COM/:D' }]);
    assert.deepEqual(tokenizeEmoticons('WwW.example.org/:-('), [
      { type: 'text', text: 'WwW.example.org/:-(' },
    ]);
    assert.equal(sketch('http://x.com/(S)(H)'), 'http://x.com/(S)(H)');
  });

  it('finds an emoticon in the punctuation after a URL', () => {
    assert.equal(sketch('http://x.com/:)'), 'http://x.com/[smile]');
    assert.equal(sketch('see www.x.com;)'), 'see www.x.com[wink]');
    // A closing bracket with a partner inside the URL belongs to it.
    assert.equal(sketch('http://x.com/a_(b):)'), 'http://x.com/a_(b)[smile]');
  });

  it('resumes matching after the URL ends at whitespace', () => {
    assert.equal(sketch(':) see http://x.com/:P :P'), '[smile] see http://x.com/:P [tongue]');
    assert.equal(sketch('www.a.b/(L)\n(L)'), 'www.a.b/(L)\n[heart]');
    assert.equal(sketch('go to www.a.b/:P\u00a0:)'), 'go to www.a.b/:P\u00a0[smile]');
    assert.equal(sketch('x:)http://y/:P:)'), 'x[smile]http://y/:P[smile]');
  });

  it('does not take URL-ish fragments for URLs', () => {
    assert.equal(sketch('http:/x :)'), 'http:/x [smile]');
    assert.equal(sketch('ww.x :)'), 'ww.x [smile]');
    assert.equal(sketch('http :)'), 'http [smile]');
    // A prefix counts only at the start of a word, and only with something after it.
    assert.equal(sketch('awww.so:)'), 'awww.so[smile]');
    assert.equal(sketch('xhttp://y/:P'), 'xhttp://y/[tongue]');
    assert.equal(sketch('http://:)'), 'http://[smile]');
    assert.equal(sketch('www.:)'), 'www.[smile]');
  });

  it('keeps surrogate pairs intact', () => {
    const text = '\u{1F600}:)\u{1F600}';
    const tokens = tokenizeEmoticons(text);
    assert.deepEqual(tokens, [
      { type: 'text', text: '\u{1F600}' },
      { type: 'emoticon', id: 'smile', text: ':)', label: 'Smile' },
      { type: 'text', text: '\u{1F600}' },
    ]);
  });

  it('rebuilds a 100 kB random text exactly from its tokens', () => {
    const random = prng(0xb17e);
    // Characters that make up shortcuts and URL prefixes, so matches, near misses and URLs are all frequent.
    const alphabet = [
      ':',
      ':',
      ';',
      '-',
      '(',
      ')',
      ')',
      "'",
      '|',
      '$',
      '[',
      '{',
      '}',
      '~',
      '&',
      '#',
      '@',
      '*',
      '^',
      '8',
      'D',
      'd',
      'P',
      'p',
      'O',
      'S',
      'Y',
      'y',
      'N',
      'L',
      'U',
      'K',
      'F',
      'B',
      'C',
      'I',
      'h',
      't',
      'p',
      's',
      '/',
      'w',
      '.',
      ' ',
      '\n',
      'a',
      '\u00e9',
      '\u{1F600}',
      ':)',
      '(Y)',
      'http://',
      'www.',
      ":'(",
    ];
    let text = '';
    while (text.length < 100_000) text += alphabet[Math.floor(random() * alphabet.length)];
    const tokens = tokenizeEmoticons(text);
    assert.equal(joined(tokens), text);
    let emoticons = 0;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      assert.ok(t.text.length > 0);
      if (t.type === 'emoticon') {
        emoticons++;
        const def = emoticonById(t.id);
        assert.ok(def?.shortcuts.some((s) => s.toLowerCase() === t.text.toLowerCase()));
      } else {
        assert.notEqual(tokens[i + 1]?.type, 'text', 'text runs are merged');
      }
    }
    assert.ok(emoticons > 100, `expected many emoticons, got ${emoticons}`);
  });

  it('copes with pathological inputs (linear time, no backtracking)', () => {
    for (const text of [
      ':'.repeat(200_000),
      '('.repeat(200_000),
      ':-'.repeat(100_000),
      '(Y'.repeat(100_000),
      'http://'.repeat(30_000),
      'www.'.repeat(50_000) + ':)',
      ':)'.repeat(100_000),
      'http://x/' + ')'.repeat(200_000),
      'www.' + '.'.repeat(200_000),
      'www.x/' + '(S)'.repeat(60_000) + ':)'.repeat(10_000),
    ]) {
      assert.equal(joined(tokenizeEmoticons(text)), text);
    }
    assert.equal(tokenizeEmoticons(':)'.repeat(100_000)).length, 100_000);
  });
});
