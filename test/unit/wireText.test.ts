// Wire text on its way to people: quoted for sentences, secrets masked in warnings, invisible characters
// taken out of names, and made safe for a terminal and for JSON lines.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { maskSecrets, WIRE_TEXT_MAX, wireText, wireWarning } from '../../app/wireText';
import { displayText } from '../../app/displayText';
import { wireText as wireTextFromErrors } from '../../main/msnp/errors';
import { parseHotmailMessage } from '../../main/msnp/hotmail';
import { parseMime } from '../../app/mime';
import { forTerminal, humanReporter, jsonReporter, who } from '../../main/cli/output';
import { conversationToast, signInToast } from '../../main/service/toasts';
import { displayName } from '../../renderer/status';

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('wireText', () => {
  it('escapes terminal sequences, line breaks and NUL visibly', () => {
    assert.equal(wireText('\u001b[2J\u001b]0;owned\u0007'), '\\x1b[2J\\x1b]0;owned\\x07');
    assert.equal(wireText('a\r\nb\tc\u0000d'), 'a\\r\\nb\\tc\\x00d');
    assert.equal(wireText('\u009b31m\u007f'), '\\x9b31m\\x7f');
    assert.equal(wireText('C:\\x1b'), 'C:\\\\x1b', 'a backslash is doubled so an escape is never ambiguous');
  });

  it('escapes bidi overrides and other invisible characters as \\u escapes', () => {
    assert.equal(wireText('photo\u202Egpj.exe'), 'photo\\u202egpj.exe');
    assert.equal(
      wireText('\u2066\u2067\u2068\u2069\u200e\u200f\u061c\ufeff\u00ad\u200b\u2028', 200),
      '\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061c\\ufeff\\u00ad\\u200b\\u2028',
    );
    assert.equal(wireText('lone \ud800 half'), 'lone \\ud800 half');
  });

  it('keeps ordinary text, accents and emoji as they are', () => {
    assert.equal(wireText('Bob Ünïcode ☃ 👨‍👩‍👧'), 'Bob Ünïcode ☃ 👨‍👩‍👧');
    assert.equal(wireText(''), '');
  });

  it('caps a 10 kB value with an ellipsis, counting escapes and never splitting one or a character', () => {
    const capped = wireText('x'.repeat(10_000));
    assert.equal(capped, `${'x'.repeat(WIRE_TEXT_MAX)}…`);
    assert.equal(wireText('abcdef', 6), 'abcdef');
    assert.equal(wireText('abcdefg', 6), 'abcdef…');
    assert.equal(
      wireText('abcd\u001b', 6),
      'abcd…',
      'the four-character escape does not fit, and is not cut',
    );
    assert.equal(wireText('abcde😀', 6), 'abcde…', 'the emoji (two code units) does not fit, and is not cut');
    const escapes = wireText('\u001b'.repeat(10_000));
    assert.ok(escapes.length <= WIRE_TEXT_MAX + 1 && escapes.endsWith('…'));
    assert.doesNotMatch(escapes, RAW_CONTROL);
  });

  it('is the helper the engine exports for its sentences', () => {
    assert.equal(wireTextFromErrors, wireText);
  });
});

describe('maskSecrets and wireWarning', () => {
  it('masks the MSPAuth value of a line, in any casing', () => {
    assert.equal(maskSecrets('MSPAuth: 7B1C2D3E4F$$'), 'MSPAuth: ********');
    assert.equal(maskSecrets('mspauth:abc$$'), 'mspauth:********');
    assert.equal(maskSecrets('X: 1\r\nMSPAuth: secret$$\r\nY: 2'), 'X: 1\r\nMSPAuth: ********\r\nY: 2');
  });

  it('masks a line that starts with the cut-off end of the field name', () => {
    for (const tail of ['SPAuth', 'PAuth', 'Auth', 'uth', 'th', 'h', ''])
      assert.equal(maskSecrets(`${tail}: 7B1C2D3E4F$$`), `${tail}: ********`, tail);
  });

  it('leaves other lines and a sentence naming the field as they are', () => {
    for (const text of [
      'USR 5 OK a@b.c Alice',
      'XFR 10 NS 1.2.3.4:1863 0',
      'Path: /x',
      'kv: 11',
      'the server sent MSPAuth:, which this client does not know',
    ])
      assert.equal(maskSecrets(text), text);
  });

  it('builds every warning with the secret masked in its sentence and its line', () => {
    assert.deepEqual(
      wireWarning(
        'unknown-command',
        'the server sent MSPAuth:, which this client does not know',
        'MSPAuth: 7B$$',
      ),
      {
        code: 'unknown-command',
        message: 'the server sent MSPAuth:, which this client does not know',
        line: 'MSPAuth: ********',
      },
    );
    assert.deepEqual(wireWarning('x', 'it said MSPAuth: 7B$$ twice'), {
      code: 'x',
      message: 'it said MSPAuth: ******** twice',
    });
    assert.ok(!('line' in wireWarning('x', 'y')));
  });
});

describe('sentences about wire values quote them', () => {
  it('a count that is not one, in a Hotmail message', () => {
    const { warnings } = parseHotmailMessage(
      Buffer.from(
        `Content-Type: text/x-msmsgsinitialemailnotification\r\n\r\nInbox-Unread: \u001b[31m${'9'.repeat(10_000)}\r\nFolders-Unread: 0\r\n`,
      ),
    );
    const w = warnings.find((x) => x.includes('not a count'))!;
    assert.match(w, /^the Inbox-Unread field was not a count \("\\x1b\[31m9+…"\); 0 was assumed$/);
    assert.ok(w.length < 200);
  });

  it('a header name of 10 kB, repeated', () => {
    const name = 'X'.repeat(10_000);
    const { warnings } = parseMime(`${name}: 1\r\n${name}: 2\r\n\r\n`);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^the X+… header appeared more than once; the first was kept$/);
    assert.ok(warnings[0]!.length < 200);
  });
});

describe('displayText', () => {
  it('removes bidi controls and other invisible format characters', () => {
    assert.equal(displayText('Bob\u202Eevil\u202C'), 'Bobevil');
    assert.equal(displayText('\u202A\u202B\u202D\u2066\u2067\u2068\u2069Alice'), 'Alice');
    assert.equal(displayText('A\u200Eb\u200Fc\u061Cd\uFEFFe\u00ADf\u200Bg\u2060h'), 'Abcdefgh');
  });

  it('removes control characters and turns line breaks and tabs into spaces', () => {
    assert.equal(displayText('A\u0000B\u001b[31mC\u0085D\u007fE'), 'AB[31mCDE');
    assert.equal(displayText('one\r\ntwo\tthree\u2028four'), 'one  two three four');
  });

  it('keeps everything visible: accents, scripts, emoji sequences with their joiners', () => {
    for (const name of ['Bob Ünïcode ☃', 'שלום', 'مرحبا', '👨‍👩‍👧', 'می‌خواهم', 'Alice Liddell'])
      assert.equal(displayText(name), name);
  });

  it('returns the same string when there is nothing to remove', () => {
    const name = 'Alice';
    assert.equal(displayText(name), name);
    assert.equal(displayText(''), '');
  });
});

describe('names where they are shown', () => {
  it('the windows show a name without its bidi override, or the address when nothing visible is left', () => {
    assert.equal(displayName({ email: 'm@example.com', nickname: 'Mallory\u202Etxt.exe' }), 'Mallorytxt.exe');
    assert.equal(displayName({ email: 'm@example.com', nickname: '\u202E\u2066\u200B' }), 'm@example.com');
    assert.equal(displayName({ email: 'm@example.com', nickname: '' }), 'm@example.com');
  });

  it('toasts show names and previews without invisible or control characters', () => {
    const contact = {
      email: 'm@example.com',
      nickname: 'Mal\u202Elory\u0085',
      lists: ['FL' as const],
      status: 'NLN' as const,
      phones: {},
    };
    assert.equal(
      signInToast({ contact, previous: 'FLN', initial: false })?.title,
      'Mallory has just signed in.',
    );
    const hidden = signInToast({
      contact: { ...contact, nickname: '\u202E\u200F' },
      previous: 'FLN',
      initial: false,
    });
    assert.equal(hidden?.title, 'm@example.com has just signed in.');
    const says = conversationToast({ title: 'Eve\u2067 says:', body: 'hi\u001b[2J\u202E' }, 'c1');
    assert.deepEqual([says.title, says.body], ['Eve says:', 'hi[2J']);
  });
});

describe('the command line output', () => {
  it('shows names without invisible characters, and the address when nothing is left', () => {
    assert.equal(
      who({ email: 'bob@example.com', nickname: 'Bob\u202Eexe.txt' }),
      'Bobexe.txt <bob@example.com>',
    );
    assert.equal(who({ email: 'bob@example.com', nickname: '\u202E\u200B' }), 'bob@example.com');
  });

  it('never prints a control or bidi character to the terminal, but keeps line breaks', () => {
    assert.equal(
      forTerminal('Bob says: hi\u001b[2J\r\nthere\u202E'),
      'Bob says: hi\\x1b[2J\\r\nthere\\u202e',
    );
    const printed: string[] = [];
    humanReporter((l) => printed.push(l)).event('message', {}, 'Mallory\u001b]0;owned\u0007 says: \u009b2J');
    assert.deepEqual(printed, ['Mallory\\x1b]0;owned\\x07 says: \\x9b2J']);
  });

  it('writes JSON lines in which no C1 or bidi character appears raw, and that read back the same', () => {
    const printed: string[] = [];
    const data = { nickname: 'A\u202Eb\u009b\u007f\u2028c\u001b', text: 'tab\there' };
    jsonReporter((l) => printed.push(l)).event('x', data, null);
    assert.doesNotMatch(printed[0]!, RAW_CONTROL);
    assert.deepEqual(JSON.parse(printed[0]!), { type: 'x', ...data });
  });
});
