// Closing a conversation's window while a message is still on its way: the switchboard is left only once
// the message has its answer (or the engine's bound has passed), and a message that fails after the window
// closed opens it again, so the person learns it did not go.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MessageLine } from '../../app/conversation';
import { ENGINE, FRIEND, ME, PLAIN, SENTENCE, useHarness } from './serviceConversationHelpers';

describe('service conversations: closing the window with a message on its way', () => {
  const { start } = useHarness();

  it('delivers a message sent just before the window closed, then leaves the switchboard', async () => {
    const h = await start();
    const friend = await h.peer(FRIEND);
    await h.signIn();
    const id = await h.t.service.openConversation([FRIEND.email]);
    const out = h.server.waitFor('sbLeave', (e) => e.email === ME.email && e.reason === 'OUT');
    await h.t.service.sendMessage(id, 'sent as I closed', PLAIN);
    await h.t.service.leaveConversation(id);
    assert.equal(
      (await h.t.service.getSnapshot()).conversations.find((c) => c.id === id)?.windowOpen,
      false,
      'the window is closed at once',
    );

    await friend.message((m) => m.text === 'sent as I closed');
    await h.line(
      id,
      (l) => l.kind === 'message' && l.text === 'sent as I closed' && l.delivery === 'delivered',
    );
    await out;
    assert.ok(
      !h.t.events.some((e) => e.type === 'line' && e.line.kind === 'message' && e.line.delivery === 'failed'),
      'nothing failed',
    );
    assert.deepEqual(
      h.windows,
      [{ route: { kind: 'conversation', id }, focus: true }],
      'only the window the person opened',
    );
  });

  it('opens the closed window again, without focus, when that message fails', async () => {
    const h = await start({ quirks: { nakEverything: true } });
    await h.peer(FRIEND);
    await h.signIn();
    const id = await h.t.service.openConversation([FRIEND.email]);
    await h.t.service.sendMessage(id, 'refused after closing', PLAIN);
    await h.t.service.leaveConversation(id);
    const reopened = h.t.next('conversation', (e) => e.conversation.id === id && e.conversation.windowOpen);

    const failed = (await h.line(
      id,
      (l) => l.kind === 'message' && l.text === 'refused after closing' && l.delivery === 'failed',
    )) as MessageLine;
    assert.match(failed.error, SENTENCE);
    await reopened;
    assert.deepEqual(h.windows, [
      { route: { kind: 'conversation', id }, focus: true },
      { route: { kind: 'conversation', id }, focus: false },
    ]);
    assert.ok(
      !h.t.events.some((e) => e.type === 'sound' && e.sound === 'message'),
      'a failure is no message arriving',
    );
  });

  it('gives up on a message still waiting for a switchboard once the bound passes, and opens the window', async () => {
    // The server never answers XFR: the message waits longer than the engine's call and request timeouts.
    const h = await start({
      quirks: { silentOn: ['XFR'] },
      conversations: { ...ENGINE, callTimeoutMs: 200, requestTimeoutMs: 200 },
    });
    await h.peer(FRIEND);
    await h.signIn();
    const id = await h.t.service.openConversation([FRIEND.email]);
    await h.t.service.sendMessage(id, 'never left the queue', PLAIN);
    await h.line(id, (l) => l.kind === 'message' && l.delivery === 'sending');
    await h.t.service.leaveConversation(id);
    const reopened = h.t.next('conversation', (e) => e.conversation.id === id && e.conversation.windowOpen);

    const failed = (await h.line(id, (l) => l.kind === 'message' && l.delivery === 'failed')) as MessageLine;
    assert.equal(failed.error, 'The conversation was closed before the message could be sent.');
    await reopened;
    assert.deepEqual(h.windows.at(-1), { route: { kind: 'conversation', id }, focus: false });
  });

  it('opens no window for a message that fails because you signed out', async () => {
    const h = await start({ quirks: { sbSilent: true } });
    await h.peer(FRIEND);
    await h.signIn();
    const id = await h.t.service.openConversation([FRIEND.email]);
    await h.t.service.sendMessage(id, 'still waiting at sign-out', PLAIN);
    await h.t.service.leaveConversation(id);
    await h.t.service.signOut();
    assert.deepEqual(h.windows, [{ route: { kind: 'conversation', id }, focus: true }]);
  });
});
