// The rules between conversation windows and the account service (main/shell/conversationWindows.ts).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MessengerEvent, WindowRoute } from '../../app/contract';
import { DEFAULT_FONT, type ConversationLine, type MessageLine } from '../../app/conversation';
import { conversationToLeave, windowWantingAttention } from '../../main/shell/conversationWindows';

const { size: _size, ...style } = DEFAULT_FONT;

const message = (direction: 'in' | 'out', fields: Partial<MessageLine> = {}): MessageLine => ({
  seq: 1,
  at: 0,
  kind: 'message',
  direction,
  from: direction === 'in' ? 'bob@example.com' : 'you@example.com',
  nickname: 'Bob',
  text: 'hi',
  style,
  delivery: direction === 'in' ? null : 'sending',
  error: '',
  ...fields,
});

const line = (l: ConversationLine): MessengerEvent => ({ type: 'line', conversationId: 'c7', line: l });

describe('which conversation window wants attention', () => {
  it("flashes the conversation's window for a message from someone else", () => {
    assert.deepEqual(windowWantingAttention(line(message('in'))), { kind: 'conversation', id: 'c7' });
  });

  it('flashes it for a file invitation', () => {
    assert.deepEqual(
      windowWantingAttention(line({ seq: 2, at: 0, kind: 'invitation', invitationId: 'i1' })),
      {
        kind: 'conversation',
        id: 'c7',
      },
    );
  });

  it("leaves it alone for your own messages, their delivery and Butterfly's notes", () => {
    assert.equal(windowWantingAttention(line(message('out'))), null);
    assert.equal(windowWantingAttention(line(message('out', { delivery: 'delivered' }))), null);
    assert.equal(
      windowWantingAttention(line(message('out', { delivery: 'failed', error: 'Not delivered.' }))),
      null,
    );
    assert.equal(
      windowWantingAttention(line({ seq: 3, at: 0, kind: 'system', tone: 'info', text: 'Bob has left.' })),
      null,
    );
  });

  it('ignores every event that is not a line', () => {
    assert.equal(windowWantingAttention({ type: 'notice', message: 'x' }), null);
    assert.equal(windowWantingAttention({ type: 'sound', sound: 'message' }), null);
    assert.equal(windowWantingAttention({ type: 'window', route: { kind: 'conversation', id: 'c7' } }), null);
  });
});

describe('leaving a conversation when its window closes', () => {
  it('leaves the conversation whose window closed', () => {
    assert.equal(conversationToLeave({ kind: 'conversation', id: 'c7' }), 'c7');
  });

  it('leaves nothing when any other window closes', () => {
    for (const route of [
      { kind: 'contactList' },
      { kind: 'toast', id: 'c7' },
      { kind: 'dialog', dialog: 'page', email: 'bob@example.com' },
    ] satisfies WindowRoute[]) {
      assert.equal(conversationToLeave(route), null, route.kind);
    }
  });
});
