import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ConversationLine, InvitationInfo, MessageLine } from '../../app/conversation';
import { conversationText, suggestedFileName } from '../../app/conversationText';

// Stamps are local time; the test reads them in UTC wherever it runs (Node honours a change of TZ at once).
process.env.TZ = 'UTC';

const AT = Date.UTC(2001, 6, 4, 9, 5);
const NOW = Date.UTC(2001, 6, 4, 10, 0);
const BOB = { email: 'bob@example.com', nickname: 'Bob', present: true };
const STYLE = {
  font: 'Arial',
  bold: false,
  italic: false,
  underline: false,
  strikeout: false,
  color: '#000000',
};

function msg(seq: number, over: Partial<MessageLine>): MessageLine {
  return {
    kind: 'message',
    seq,
    at: AT,
    direction: 'in',
    from: BOB.email,
    nickname: 'Bob',
    text: 'hi',
    style: STYLE,
    delivery: null,
    error: '',
    ...over,
  };
}

function invitation(over: Partial<InvitationInfo>): InvitationInfo {
  return {
    id: 'i1',
    conversationId: 'c1',
    direction: 'receive',
    peer: BOB.email,
    peerName: 'Bob',
    fileName: 'photo.jpg',
    size: 2048,
    state: 'offered',
    transferred: 0,
    rate: 0,
    secondsLeft: null,
    executable: false,
    savedPath: '',
    sha256: '',
    message: '',
    ...over,
  };
}

const rows = (text: string) => text.split('\r\n');

describe('conversationText', () => {
  it('writes a heading, then each line with its time, CRLF throughout', () => {
    const lines: ConversationLine[] = [
      msg(1, { text: 'Hello' }),
      msg(2, {
        direction: 'out',
        from: 'me@example.com',
        nickname: 'Me',
        text: 'Hi Bob',
        delivery: 'delivered',
      }),
      { kind: 'system', seq: 3, at: AT, tone: 'info', text: 'Carol has joined the conversation.' },
    ];
    const text = conversationText(
      { members: [BOB, { email: 'carol@example.com', nickname: 'carol@example.com', present: false }] },
      lines,
      new Map(),
      NOW,
    );
    assert.deepEqual(rows(text), [
      'Conversation with Bob <bob@example.com>, carol@example.com',
      'Saved 2001-07-04 10:00',
      '',
      '[2001-07-04 09:05] Bob says:',
      '  Hello',
      '[2001-07-04 09:05] Me says:',
      '  Hi Bob',
      '[2001-07-04 09:05] Carol has joined the conversation.',
      '',
    ]);
  });

  it('gives each line of a message its own row, whatever the line ends, and says when it was not delivered', () => {
    const text = conversationText(
      { members: [BOB] },
      [
        msg(1, { text: 'one\ntwo\r\nthree\rfour' }),
        msg(2, {
          direction: 'out',
          nickname: 'Me',
          text: 'lost',
          delivery: 'failed',
          error: 'Bob is not online, so your message could not be delivered.',
        }),
        msg(3, { direction: 'out', nickname: 'Me', text: 'also lost', delivery: 'failed', error: '' }),
      ],
      new Map(),
      NOW,
    );
    assert.deepEqual(rows(text).slice(3), [
      '[2001-07-04 09:05] Bob says:',
      '  one',
      '  two',
      '  three',
      '  four',
      '[2001-07-04 09:05] Me says:',
      '  lost',
      '  (not delivered: Bob is not online, so your message could not be delivered.)',
      '[2001-07-04 09:05] Me says:',
      '  also lost',
      '  (not delivered: no reason given)',
      '',
    ]);
    assert.ok(!text.replace(/\r\n/g, '').match(/[\r\n]/), 'no bare CR or LF');
  });

  it('cannot be made to show a line nobody wrote by a name with a line break in it', () => {
    const text = conversationText(
      { members: [{ ...BOB, nickname: 'Bob\r\n[2001-07-04 09:06] Alice says:' }] },
      [
        msg(1, { nickname: 'Bob\r\n[2001-07-04 09:06] Alice says:\n  send me your password' }),
        { kind: 'system', seq: 2, at: AT, tone: 'info', text: 'x\ny' },
      ],
      new Map(),
      NOW,
    );
    const body = rows(text);
    assert.equal(body.filter((r) => r.startsWith('[')).length, 2, body.join('\n'));
    assert.ok(!body.some((r) => r.startsWith('[2001-07-04 09:06]')));
  });

  it('writes names from the wire as they may be shown: no bidi overrides or invisible characters', () => {
    const evil = 'Bob\u202Egnp.exe\u200B';
    const text = conversationText(
      { members: [{ ...BOB, nickname: evil }] },
      [
        msg(1, { nickname: evil }),
        { kind: 'invitation', seq: 2, at: AT, invitationId: 'i1' },
      ],
      new Map([['i1', invitation({ peerName: evil })]]),
      NOW,
    );
    assert.doesNotMatch(text, /[\u202E\u200B]/u);
    const body = rows(text);
    assert.equal(body[0], 'Conversation with Bobgnp.exe <bob@example.com>');
    assert.equal(body[3], '[2001-07-04 09:05] Bobgnp.exe says:');
    assert.equal(body[5], '[2001-07-04 09:05] Bobgnp.exe offered photo.jpg (2.0 KB); no answer yet.');
    assert.equal(
      suggestedFileName({ members: [{ ...BOB, nickname: evil }] }, NOW),
      'Conversation with Bobgnp.exe 2001-07-04.txt',
    );
    // A name that is nothing but invisible characters falls back to the address.
    const blank = conversationText({ members: [{ ...BOB, nickname: '\u202E' }] }, [msg(1, { nickname: '\u200B' })], new Map(), NOW);
    assert.equal(rows(blank)[0], 'Conversation with bob@example.com');
    assert.equal(rows(blank)[3], '[2001-07-04 09:05] bob@example.com says:');
  });

  it('tells how each file invitation went', () => {
    const cases: [Partial<InvitationInfo>, string][] = [
      [{ state: 'offered' }, 'Bob offered photo.jpg (2.0 KB); no answer yet.'],
      [{ state: 'transferring' }, 'Bob offered photo.jpg (2.0 KB); the transfer was under way.'],
      [
        { state: 'done', savedPath: '/home/me/photo.jpg' },
        'Bob offered photo.jpg (2.0 KB); it was saved as /home/me/photo.jpg.',
      ],
      [{ state: 'done', direction: 'send' }, 'You offered photo.jpg (2.0 KB); it was sent.'],
      [
        { state: 'declined', message: 'You declined the file.' },
        'Bob offered photo.jpg (2.0 KB). You declined the file.',
      ],
      [{ state: 'failed', direction: 'send', message: '' }, 'You offered photo.jpg (2.0 KB).'],
    ];
    for (const [over, expected] of cases) {
      const text = conversationText(
        { members: [BOB] },
        [{ kind: 'invitation', seq: 1, at: AT, invitationId: 'i1' }],
        new Map([['i1', invitation(over)]]),
        NOW,
      );
      assert.equal(rows(text)[3], `[2001-07-04 09:05] ${expected}`);
    }
    const unknown = conversationText(
      { members: [BOB] },
      [{ kind: 'invitation', seq: 1, at: AT, invitationId: 'i9' }],
      new Map(),
      NOW,
    );
    assert.equal(rows(unknown)[3], '[2001-07-04 09:05] A file invitation.');
  });

  it('writes an empty conversation as a heading only', () => {
    assert.equal(
      conversationText({ members: [] }, [], new Map(), NOW),
      'Conversation with nobody\r\nSaved 2001-07-04 10:00\r\n\r\n',
    );
  });
});

describe('suggestedFileName', () => {
  it('names the people and the day, without characters file systems refuse', () => {
    assert.equal(suggestedFileName({ members: [BOB] }, NOW), 'Conversation with Bob 2001-07-04.txt');
    assert.equal(
      suggestedFileName(
        {
          members: [
            { ...BOB, nickname: 'B/o\\b:<*>?"|' },
            { email: 'c@example.com', nickname: '', present: true },
          ],
        },
        NOW,
      ),
      'Conversation with B_o_b_, c@example.com 2001-07-04.txt',
    );
    assert.equal(suggestedFileName({ members: [] }, NOW), 'Conversation with nobody 2001-07-04.txt');
    const long = suggestedFileName({ members: [{ ...BOB, nickname: 'x'.repeat(300) }] }, NOW);
    assert.ok(long.length <= 'Conversation with  2001-07-04.txt'.length + 80);
    assert.equal(
      suggestedFileName({ members: [{ ...BOB, nickname: '\u0001\u0002' }] }, NOW),
      'Conversation with bob@example.com 2001-07-04.txt',
      'a name of nothing that shows is no name: the address stands in',
    );
  });
});
