import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ConversationLine, MessageLine } from '../../app/conversation';
import { ConversationThread } from '../../main/service/conversationThread';

const BOB = { email: 'bob@example.com', nickname: 'Bob' };
const CAROL = { email: 'carol@example.com', nickname: 'Carol' };

function say(text: string, at = 0): Omit<MessageLine, 'seq'> {
  return {
    kind: 'message',
    at,
    direction: 'in',
    from: BOB.email,
    nickname: 'Bob',
    text,
    style: {
      font: 'Arial',
      bold: false,
      italic: false,
      underline: false,
      strikeout: false,
      color: '#000000',
    },
    delivery: null,
    error: '',
  };
}

const texts = (lines: readonly ConversationLine[]) =>
  lines.map((l) => (l.kind === 'message' ? l.text : l.kind));

function threadWith(count: number, maxLines?: number): ConversationThread {
  const thread = new ConversationThread('c1', [BOB], maxLines);
  for (let i = 1; i <= count; i += 1) thread.append(say(`m${i}`));
  return thread;
}

describe('ConversationThread', () => {
  it('numbers lines from 1 in the order they come, and reports the range it holds', () => {
    const thread = new ConversationThread('c1', [BOB]);
    assert.deepEqual(
      [thread.info().firstSeq, thread.info().lastSeq],
      [0, 0],
      'an empty thread holds nothing',
    );
    assert.equal(thread.append(say('first')).seq, 1);
    assert.equal(thread.append({ kind: 'system', at: 0, tone: 'info', text: 'note' }).seq, 2);
    assert.equal(thread.append({ kind: 'invitation', at: 0, invitationId: 'i1' }).seq, 3);
    assert.deepEqual([thread.info().firstSeq, thread.info().lastSeq], [1, 3]);
    assert.deepEqual(texts(thread.allLines()), ['first', 'system', 'invitation']);
  });

  it('updates a line in place by its seq (a delivery), and only that line', () => {
    const thread = threadWith(3);
    const updated = thread.update(2, (l) => (l.kind === 'message' ? { ...l, text: 'changed' } : l));
    assert.equal(updated?.seq, 2);
    assert.deepEqual(texts(thread.allLines()), ['m1', 'changed', 'm3']);
    assert.equal(
      thread.update(9, (l) => l),
      null,
      'no such line',
    );
    assert.equal(
      thread.update(0, (l) => l),
      null,
      'seqs start at 1',
    );
  });

  it('pages: the newest lines, then the ones before a seq, oldest first', () => {
    const thread = threadWith(10);
    assert.deepEqual(texts(thread.page(null, 3)), ['m8', 'm9', 'm10']);
    assert.deepEqual(texts(thread.page(8, 3)), ['m5', 'm6', 'm7']);
    assert.deepEqual(texts(thread.page(3, 5)), ['m1', 'm2']);
    assert.deepEqual(texts(thread.page(1, 5)), []);
    assert.deepEqual(texts(thread.page(0, 5)), []);
    assert.deepEqual(texts(thread.page(99, 2)), ['m9', 'm10'], 'a seq past the end reads the newest');
    assert.deepEqual(texts(thread.page(null, 0)), []);
    assert.deepEqual(texts(new ConversationThread('c2', [BOB]).page(null, 10)), []);
  });

  it('keeps at most its cap of lines, dropping the oldest, and pages and updates still find the rest', () => {
    const thread = threadWith(7, 3);
    assert.deepEqual(texts(thread.allLines()), ['m5', 'm6', 'm7']);
    assert.deepEqual([thread.info().firstSeq, thread.info().lastSeq], [5, 7]);
    assert.equal(
      thread.update(2, (l) => l),
      null,
      'a dropped line cannot be updated',
    );
    assert.equal(thread.update(6, (l) => (l.kind === 'message' ? { ...l, text: 'six' } : l))?.seq, 6);
    assert.deepEqual(texts(thread.page(7, 10)), ['m5', 'six']);
    assert.deepEqual(texts(thread.page(4, 10)), [], 'nothing before what is kept');
    assert.equal(thread.append(say('m8')).seq, 8, 'numbers go on after the cap');
  });

  it('takes the engine member list as it is: presence, a dropped invitee, nicknames kept', () => {
    const thread = new ConversationThread('c1', [BOB]);
    assert.deepEqual(
      thread.info().members,
      [{ ...BOB, present: false }],
      'nobody is present before a switchboard',
    );
    thread.setMembers([
      { ...BOB, present: true },
      { ...CAROL, present: false },
    ]);
    assert.deepEqual(thread.memberKeys(), ['bob@example.com', 'carol@example.com']);
    assert.equal(thread.nicknameOf('CAROL@example.com'), 'Carol');
    thread.setTyping(CAROL.email, true);
    // Carol could not be reached: the engine lists only Bob again.
    thread.setMembers([{ email: BOB.email, nickname: '', present: true }]);
    assert.deepEqual(
      thread.info().members,
      [{ ...BOB, present: true }],
      'an empty nickname keeps the one known',
    );
    assert.deepEqual(thread.info().typing, [], 'someone gone is not typing');
    assert.equal(thread.nicknameOf(CAROL.email), CAROL.email, 'an unknown address names itself');
    thread.setMembers([]);
    assert.equal(thread.info().members.length, 1, 'an empty list is not taken as everyone leaving');
  });

  it('matches exactly these people whatever the case, and reports typing only when it changes', () => {
    const thread = new ConversationThread('c1', [{ email: 'Bob@Example.com', nickname: 'Bob' }]);
    assert.equal(thread.hasExactly(new Set(['bob@example.com'])), true);
    assert.equal(thread.hasExactly(new Set(['bob@example.com', 'carol@example.com'])), false);
    assert.equal(thread.setTyping('BOB@example.com', true), true);
    assert.equal(thread.setTyping('bob@example.com', true), false);
    assert.deepEqual(thread.info().typing, ['Bob@Example.com'], 'typing names the member as listed');
    thread.setMembers([{ email: 'Bob@Example.com', nickname: 'Bob', present: true }]);
    thread.markAllAbsent();
    assert.deepEqual(thread.info().typing, []);
    assert.deepEqual(
      thread.info().members.map((m) => m.present),
      [false],
    );
    assert.equal(thread.setTyping('bob@example.com', false), false);
  });
});
