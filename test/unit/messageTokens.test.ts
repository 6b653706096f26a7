import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EMOTICONS, emoticonById } from '../../app/emoticons';
import { tokenizeMessage, type MessageToken } from '../../app/messageTokens';
import { prng } from './prng';

const joined = (tokens: MessageToken[]): string => tokens.map((t) => t.text).join('');

/** A compact picture of the tokens: text as-is, links as <text|href>, emoticons as [id]. */
const sketch = (text: string, emoticons = true): string =>
  tokenizeMessage(text, { emoticons })
    .map((t) => {
      if (t.type === 'text') return t.text;
      if (t.type === 'link') return `<${t.text}|${t.href}>`;
      return `[${t.id}]`;
    })
    .join('');

const linksOf = (tokens: MessageToken[]): MessageToken[] => tokens.filter((t) => t.type === 'link');

describe('tokenizeMessage', () => {
  it('returns nothing for empty text and one text token for plain text', () => {
    assert.deepEqual(tokenizeMessage('', { emoticons: true }), []);
    assert.deepEqual(tokenizeMessage('hello there', { emoticons: true }), [
      { type: 'text', text: 'hello there' },
    ]);
  });

  it('makes a link of http, https and www addresses, in any case', () => {
    assert.deepEqual(tokenizeMessage('see http://example.com/a?b=1#c now', { emoticons: true }), [
      { type: 'text', text: 'see ' },
      { type: 'link', text: 'http://example.com/a?b=1#c', href: 'http://example.com/a?b=1#c' },
      { type: 'text', text: ' now' },
    ]);
    for (const [input, expected] of [
      ['https://x.org', '<https://x.org|https://x.org>'],
      ['www.example.com', '<www.example.com|http://www.example.com>'],
      ['WWW.Example.COM/Path', '<WWW.Example.COM/Path|http://WWW.Example.COM/Path>'],
      ['HTTPS://X.ORG/', '<HTTPS://X.ORG/|HTTPS://X.ORG/>'],
      ['HtTp://x.org', '<HtTp://x.org|HtTp://x.org>'],
      ['a\nwww.b.c\tx', 'a\n<www.b.c|http://www.b.c>\tx'],
      ['go:www.x.com', 'go:<www.x.com|http://www.x.com>'],
      ['http://x.com\u00a0next', '<http://x.com|http://x.com>\u00a0next'],
    ]) {
      assert.equal(sketch(input!), expected, input);
    }
  });

  it('leaves trailing punctuation out of a link', () => {
    for (const [input, expected] of [
      ['http://x.com.', '<http://x.com|http://x.com>.'],
      ['see www.x.com, then', 'see <www.x.com|http://www.x.com>, then'],
      ['http://x.com/a?!', '<http://x.com/a|http://x.com/a>?!'],
      ['"http://x.com/q";', '"<http://x.com/q|http://x.com/q>";'],
      ["'www.x.com'.", "'<www.x.com|http://www.x.com>'."],
      ['http://x.com/path/...', '<http://x.com/path/|http://x.com/path/>...'],
      ['http://x.com/a.b:8/c', '<http://x.com/a.b:8/c|http://x.com/a.b:8/c>'],
    ]) {
      assert.equal(sketch(input!), expected, input);
    }
  });

  it('keeps a closing bracket only when it balances an opening one inside the link', () => {
    for (const [input, expected] of [
      ['(see http://x.com/a)', '(see <http://x.com/a|http://x.com/a>)'],
      ['(www.x.com).', '(<www.x.com|http://www.x.com>).'],
      ['http://w.org/wiki/A_(b)', '<http://w.org/wiki/A_(b)|http://w.org/wiki/A_(b)>'],
      ['(http://w.org/wiki/A_(b))', '(<http://w.org/wiki/A_(b)|http://w.org/wiki/A_(b)>)'],
      ['http://w.org/wiki/A_(b)).', '<http://w.org/wiki/A_(b)|http://w.org/wiki/A_(b)>).'],
      ['[http://x.com/a]', '[<http://x.com/a|http://x.com/a>]'],
      ['http://x.com/[1]', '<http://x.com/[1]|http://x.com/[1]>'],
      ['{http://x.com/}', '{<http://x.com/|http://x.com/>}'],
      ['<http://x.com>', '<<http://x.com|http://x.com>>'],
    ]) {
      assert.equal(sketch(input!), expected, input);
    }
  });

  it('makes nothing else a link', () => {
    for (const text of [
      'javascript:alert(1)',
      'JavaScript:alert(document.cookie)',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'mailto:bob@example.com',
      'ftp://example.com',
      'example.com',
      'http:/x.com',
      'http//x.com',
      'ww.x.com',
      'xhttp://x.com',
      'awww.so cute',
      'http://',
      'https://...',
      'www.',
      'www.!?',
    ]) {
      assert.deepEqual(linksOf(tokenizeMessage(text, { emoticons: true })), [], text);
      assert.equal(joined(tokenizeMessage(text, { emoticons: true })), text);
    }
  });

  it('keeps markup as text', () => {
    for (const text of [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '<b>bold</b> &amp; &lt;',
    ]) {
      assert.deepEqual(tokenizeMessage(text, { emoticons: false }), [{ type: 'text', text }], text);
    }
    // Angle brackets cannot be in a host name, so this address is refused as a whole.
    assert.deepEqual(linksOf(tokenizeMessage('https://<script>alert(1)</script>', { emoticons: true })), []);
    // In a path they are only characters: the link stops at the space and the rest stays text.
    assert.equal(
      sketch('http://x.com/<img src=x onerror=alert(1)>'),
      '<http://x.com/<img|http://x.com/<img> src=x onerror=alert(1)>',
    );
  });

  it('refuses addresses with a user name or password, as main does', () => {
    assert.deepEqual(linksOf(tokenizeMessage('http://bank.com@evil.example/', { emoticons: true })), []);
    assert.deepEqual(linksOf(tokenizeMessage('https://u:p@x.com', { emoticons: true })), []);
    assert.deepEqual(linksOf(tokenizeMessage('http://[::1', { emoticons: true })), []);
  });

  it('finds emoticons beside links but never inside them', () => {
    for (const [input, expected] of [
      ['http://x.com :)', '<http://x.com|http://x.com> [smile]'],
      [':)http://x.com', '[smile]<http://x.com|http://x.com>'],
      ['(Y)www.x.com(Y)', '[thumbsup]<www.x.com(Y)|http://www.x.com(Y)>'],
      ['http://x.com/:P', '<http://x.com/:P|http://x.com/:P>'],
      ['http://x.com/(S)(H)', '<http://x.com/(S)(H)|http://x.com/(S)(H)>'],
      ['http://x.com/:)', '<http://x.com/|http://x.com/>[smile]'],
      ['www.x.com;)', '<www.x.com|http://www.x.com>[wink]'],
      ['(see www.x.com :D)', '(see <www.x.com|http://www.x.com> [grin])'],
      ['http://:)', 'http://[smile]'],
    ]) {
      assert.equal(sketch(input!), expected, input);
    }
  });

  it('finds emoticons only when asked', () => {
    assert.equal(
      sketch(':) (H) :$ www.x.com (Y)', true),
      '[smile] [hot] [embarrassed] <www.x.com|http://www.x.com> [thumbsup]',
    );
    assert.equal(sketch(':) (H) :$ www.x.com (Y)', false), ':) (H) :$ <www.x.com|http://www.x.com> (Y)');
    assert.deepEqual(tokenizeMessage(':):(', { emoticons: false }), [{ type: 'text', text: ':):(' }]);
  });

  it('gives emoticons as tokenizeEmoticons does: longest first, text as typed, any letter case', () => {
    assert.deepEqual(tokenizeMessage('a :-d b', { emoticons: true }), [
      { type: 'text', text: 'a ' },
      { type: 'emoticon', id: 'grin', text: ':-d', label: 'Open-mouthed smile' },
      { type: 'text', text: ' b' },
    ]);
    for (const e of EMOTICONS) {
      for (const s of e.shortcuts) {
        assert.deepEqual(tokenizeMessage(s.toLowerCase(), { emoticons: true }), [
          { type: 'emoticon', id: e.id, text: s.toLowerCase(), label: e.label },
        ]);
      }
    }
  });

  it('rebuilds generated messages exactly, with valid links and merged text', () => {
    const random = prng(0x7e55a6e);
    const pieces = [
      'http://',
      'https://',
      'HTTP://',
      'www.',
      'WwW.',
      'javascript:',
      'x.com',
      'a',
      'Z',
      '7',
      '/',
      '?',
      '=',
      '#',
      '@',
      ':',
      ';',
      '.',
      ',',
      '!',
      "'",
      '"',
      '(',
      ')',
      '[',
      ']',
      '{',
      '}',
      '<',
      '>',
      '-',
      '$',
      '~',
      '&',
      '*',
      '^',
      '|',
      ' ',
      ' ',
      '\n',
      '\u00a0',
      '\u00e9',
      '\u{1F600}',
      ':)',
      '(Y)',
      '(S)',
      ':-[',
      '<script>',
      ' onerror=',
    ];
    let links = 0;
    let emoticons = 0;
    for (let n = 0; n < 3000; n++) {
      let text = '';
      const length = Math.floor(random() * 40);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(random() * pieces.length)];
      const on = tokenizeMessage(text, { emoticons: true });
      const off = tokenizeMessage(text, { emoticons: false });
      assert.equal(joined(on), text, JSON.stringify(text));
      assert.equal(joined(off), text, JSON.stringify(text));
      assert.deepEqual(
        linksOf(on),
        linksOf(off),
        `links do not depend on emoticons: ${JSON.stringify(text)}`,
      );
      assert.ok(off.every((t) => t.type !== 'emoticon'));
      for (let i = 0; i < on.length; i++) {
        const t = on[i]!;
        assert.ok(t.text.length > 0);
        if (t.type === 'text') {
          assert.notEqual(on[i + 1]?.type, 'text', 'text runs are merged');
        } else if (t.type === 'link') {
          links++;
          const url = new URL(t.href);
          assert.ok(url.protocol === 'http:' || url.protocol === 'https:', t.href);
          assert.ok(t.href === t.text || t.href === `http://${t.text}`, t.href);
          assert.match(t.text, /^(https?:\/\/|www\.)\S+$/i);
          assert.doesNotMatch(t.text, /[.,;:!?'"]$/);
        } else {
          emoticons++;
          const def = emoticonById(t.id);
          assert.ok(def?.shortcuts.some((s) => s.toLowerCase() === t.text.toLowerCase()));
        }
      }
    }
    assert.ok(links > 200, `expected many links, got ${links}`);
    assert.ok(emoticons > 200, `expected many emoticons, got ${emoticons}`);
  });
});

describe('tokenizeMessage on hostile input', () => {
  /**
   * The least CPU time of a few runs of `fn`, in microseconds. CPU time rather than wall time, so a run the
   * machine set aside for other work is not counted as slow; the least, as the run noise disturbed least.
   */
  function fastest(fn: () => void): number {
    let best = Infinity;
    for (let i = 0; i < 7; i++) {
      const started = process.cpuUsage();
      fn();
      const used = process.cpuUsage(started);
      best = Math.min(best, used.user + used.system);
    }
    return best;
  }

  // Each builds a string of about n characters out of what a naive scanner would revisit: shortcut and URL
  // prefixes that never complete, long URLs, long runs of trailing punctuation and unbalanced brackets.
  const adversaries: Record<string, (n: number) => string> = {
    colons: (n) => ':'.repeat(n),
    brackets: (n) => '('.repeat(n),
    'unfinished shortcuts': (n) => ':-'.repeat(n / 2),
    'unfinished letter shortcuts': (n) => '(Y'.repeat(n / 2),
    smiles: (n) => ':)'.repeat(n / 2),
    'one long URL': (n) => 'http://'.repeat(n / 7),
    'many links': (n) => 'www.x.y '.repeat(n / 8),
    'prefix then punctuation': (n) => 'www.' + '.'.repeat(n),
    'URL then closing brackets': (n) => 'http://x/' + ')'.repeat(n),
    'URL then smiles': (n) => 'http://x/' + ':)'.repeat(n / 2),
    'URL with nested brackets': (n) => 'http://x/' + '('.repeat(n / 2) + ')'.repeat(n / 2) + '.',
  };

  for (const [name, make] of Object.entries(adversaries)) {
    it(`takes time linear in the length of ${name}`, () => {
      const small = make(50_000);
      const large = make(200_000);
      for (const text of [small, large]) {
        assert.equal(joined(tokenizeMessage(text, { emoticons: true })), text);
      }
      // The large input in one piece against the small one four times, with every result kept alive in both, so
      // both make the same garbage and the collector costs them alike. Linear work makes the ratio about 1 and
      // quadratic work about 4; the bound leaves room for noise.
      let kept: MessageToken[][] = [];
      const once = fastest(() => {
        kept = [tokenizeMessage(large, { emoticons: true })];
      });
      const fourTimes = fastest(() => {
        kept = [0, 1, 2, 3].map(() => tokenizeMessage(small, { emoticons: true }));
      });
      assert.ok(kept.length > 0);
      const ratio = once / fourTimes;
      assert.ok(ratio < 2.5, `4x the input took ${(4 * ratio).toFixed(1)}x the time`);
    });
  }
});
