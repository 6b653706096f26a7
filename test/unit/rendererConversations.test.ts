import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ConversationInfo, ConversationLine } from '../../app/conversation';
import {
  applyConversation,
  applyConversationSnapshot,
  applyLines,
  clearConversations,
  endConversations,
  forgetConversation,
  initialConversations,
  mergeLines,
  useConversations,
} from '../../renderer/stores/conversations';

const system = (seq: number, text = `line ${seq}`): ConversationLine => ({
  kind: 'system',
  seq,
  at: seq,
  tone: 'info',
  text,
});
const info = (id: string): ConversationInfo => ({
  id,
  members: [{ email: 'ben@example.com', nickname: 'Ben', present: true }],
  typing: [],
  windowOpen: true,
  fileBlocked: '',
  lastReceivedAt: null,
  firstSeq: 1,
  lastSeq: 3,
});

describe('merging lines', () => {
  it('appends a new line, replaces a changed one in place, and keeps every other line object', () => {
    const lines = [system(1), system(2), system(3)];
    const appended = mergeLines(lines, [system(4)]);
    assert.deepEqual(
      appended.map((l) => l.seq),
      [1, 2, 3, 4],
    );
    const changed = system(2, 'delivered now');
    const replaced = mergeLines(appended, [changed]);
    assert.equal(replaced[1], changed);
    assert.equal(replaced[0], appended[0]);
    assert.equal(replaced[3], appended[3]);
    assert.equal(
      appended[1]!.kind === 'system' && appended[1]!.text,
      'line 2',
      'the old list is left as it was',
    );
  });

  it('merges a fetched page with lines already here, once each, in order', () => {
    const here = [system(5), system(6)];
    const page = [system(3), system(4), system(5, 'fetched copy')];
    const merged = mergeLines(here, page);
    assert.deepEqual(
      merged.map((l) => l.seq),
      [3, 4, 5, 6],
    );
    assert.equal(merged[2]!.kind === 'system' && merged[2]!.text, 'fetched copy');
    assert.equal(mergeLines(here, []), here);
  });
});

describe('conversations after the session ends', () => {
  beforeEach(() => useConversations.setState(initialConversations()));

  it('drops everything on a chosen sign-out', () => {
    applyConversation(info('c1'));
    applyLines('c1', [system(1)]);
    clearConversations();
    assert.deepEqual(useConversations.getState(), initialConversations());
  });

  it("keeps an ended session's conversations through the next session's snapshot, until their window closes", () => {
    applyConversation(info('c1'));
    applyLines('c1', [system(1), system(2)]);
    endConversations();
    assert.equal(useConversations.getState().ended['c1'], true);
    // Signed in again: the new session knows only its own conversations.
    applyConversationSnapshot([info('c7')], []);
    const s = useConversations.getState();
    assert.deepEqual(Object.keys(s.byId).sort(), ['c1', 'c7']);
    assert.equal(s.lines['c1']?.length, 2);
    forgetConversation('c1');
    assert.deepEqual(Object.keys(useConversations.getState().byId), ['c7']);
    assert.equal(useConversations.getState().lines['c1'], undefined);
    // A live conversation is not forgotten by closing a window: main still holds it.
    forgetConversation('c7');
    assert.deepEqual(Object.keys(useConversations.getState().byId), ['c7']);
  });
});
