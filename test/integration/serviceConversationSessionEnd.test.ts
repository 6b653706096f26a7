// A session that ends without the person choosing it (signed in elsewhere, the server gone) must not leave
// messages 'sending' for ever: the windows hear that they failed, and why the conversation ended, before
// the session is reported signed out. The windows of that session may stay open, so a new session never
// reuses their ids.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MessengerEvent } from '../../app/contract';
import type { ConversationLine } from '../../app/conversation';
import { FRIEND, ME, PLAIN, SENTENCE, useHarness, type Harness } from './serviceConversationHelpers';

type LineEvent = Extract<MessengerEvent, { type: 'line' }>;

describe('service conversations: a session that ends on its own', () => {
  const { start } = useHarness();

  /** ME and FRIEND talking, then a message the switchboard takes but never acknowledges. */
  async function unacknowledged(h: Harness): Promise<{ id: string; sending: ConversationLine }> {
    await h.peer(FRIEND);
    await h.signIn();
    const id = await h.t.service.openConversation([FRIEND.email]);
    await h.t.service.sendMessage(id, 'warm up', PLAIN);
    await h.line(id, (l) => l.kind === 'message' && l.delivery === 'delivered');
    h.server.quirks.sbSilent = true;
    const relayed = h.server.waitFor('clientCommand', (e) => e.server === 'sb' && e.line.startsWith('MSG'));
    await h.t.service.sendMessage(id, 'never acknowledged', PLAIN);
    const sending = await h.line(id, (l) => l.kind === 'message' && l.text === 'never acknowledged');
    await relayed;
    return { id, sending };
  }

  /** The events before the session was reported signed out, and that report. */
  async function untilSignedOut(h: Harness, end: () => Promise<unknown>) {
    const ended = h.t.next('session', (e) => e.session.phase === 'signedOut');
    await end();
    const report = await ended;
    return { before: h.t.events.slice(0, h.t.events.indexOf(report)), report };
  }

  const linesOf = (events: MessengerEvent[], id: string, seq?: number) =>
    events
      .filter((e): e is LineEvent => e.type === 'line' && e.conversationId === id)
      .map((e) => e.line)
      .filter((l) => seq === undefined || l.seq === seq);

  it('fails the message in flight and says why in the conversation when you sign in elsewhere', async () => {
    const h = await start({ conversations: { callTimeoutMs: 30_000, requestTimeoutMs: 30_000 } });
    const { id, sending } = await unacknowledged(h);
    const { before, report } = await untilSignedOut(h, () => h.peer(ME));
    const reason = 'You signed in somewhere else, so you were signed out here.';
    assert.equal(report.session.error, reason);

    const fates = linesOf(before, id, sending.seq).slice(1);
    assert.deepEqual(
      fates.map((l) => l.kind === 'message' && [l.delivery, l.error]),
      [['failed', 'You were signed out before this message was delivered.']],
      'one fate, said before the sign-out, and no other',
    );
    assert.deepEqual(
      linesOf(before, id)
        .filter((l) => l.kind === 'system')
        .map((l) => l.kind === 'system' && [l.tone, l.text]),
      [['error', reason]],
    );
  });

  it('fails the message in flight and says the connection was lost when the server goes away', async () => {
    const h = await start({ conversations: { callTimeoutMs: 30_000, requestTimeoutMs: 30_000 } });
    const { id, sending } = await unacknowledged(h);
    // The service reconnects by itself after a lost connection: the conversation ends all the same.
    const dropped = h.t.next('session', (e) => e.session.phase === 'reconnecting');
    await h.server.stop();
    const report = await dropped;
    const before = h.t.events.slice(0, h.t.events.indexOf(report));
    assert.match(report.session.error, /connection to the server was lost/);

    // Whichever socket closes first, the line has failed, with a sentence, before the drop is reported.
    const fate = linesOf(before, id, sending.seq).at(-1)!;
    assert.equal(fate.kind === 'message' && fate.delivery, 'failed');
    assert.match(fate.kind === 'message' ? fate.error : '', SENTENCE);
    assert.ok(
      linesOf(before, id).some(
        (l) => l.kind === 'system' && l.text.startsWith(report.session.error) && /has ended/.test(l.text),
      ),
      'the conversation says why it ended, and that it stays ended',
    );
    await h.t.service.cancelSignIn();
  });

  it('never gives a new session the id of an earlier session’s conversation', async () => {
    const h = await start();
    await h.peer(FRIEND);
    await h.signIn();
    const first = await h.t.service.openConversation([FRIEND.email]);
    await h.t.service.signOut();
    await h.signIn();
    const second = await h.t.service.openConversation([FRIEND.email]);
    assert.notEqual(second, first);
  });
});
