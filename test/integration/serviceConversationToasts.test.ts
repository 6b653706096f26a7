// With message toasts chosen, a message still never goes unseen: a "… says:" toast that leaves without the
// person clicking or closing it (it expired, or newer toasts pushed it out) opens its window after all.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FRIEND, PAL, useHarness, type Harness } from './serviceConversationHelpers';

describe('service conversations: message toasts that go unseen', () => {
  const { start } = useHarness();

  /** A message toast for this conversation, once it shows. */
  async function toastFor(h: Harness, conversationId: string) {
    const e = await h.seen('toasts', (x) =>
      x.toasts.some((t) => t.action.type === 'showConversation' && t.action.id === conversationId),
    );
    return e.toasts.find((t) => t.action.type === 'showConversation' && t.action.id === conversationId)!;
  }

  it('opens the window without focus when the toast expires', async () => {
    const h = await start({ service: { toastLifetimeMs: 150 } });
    await h.t.service.updateSettings({ messageToasts: true });
    const friend = await h.peer(FRIEND);
    await h.signIn();
    friend.talk().sendText('did you see this?');
    const line = await h.received('did you see this?');
    const toast = await toastFor(h, line.conversationId);
    assert.equal(toast.title, 'Friend says:');
    assert.deepEqual(h.windows, [], 'the toast shows it first');

    await h.seen(
      'conversation',
      (e) => e.conversation.id === line.conversationId && e.conversation.windowOpen,
    );
    assert.deepEqual(h.windows, [{ route: { kind: 'conversation', id: line.conversationId }, focus: false }]);
    assert.ok(!(await h.t.service.getSnapshot()).toasts.some((t) => t.id === toast.id));
  });

  it('opens the window without focus when newer toasts push the toast out', async () => {
    const h = await start({ service: { maxToasts: 1 } });
    await h.t.service.updateSettings({ messageToasts: true });
    const friend = await h.peer(FRIEND);
    await h.signIn();
    friend.talk().sendText('first in line');
    const line = await h.received('first in line');
    await toastFor(h, line.conversationId);
    const opened = h.t.next(
      'conversation',
      (e) => e.conversation.id === line.conversationId && e.conversation.windowOpen,
    );
    // "Pal has just signed in." takes the only place.
    await h.peer(PAL);
    await opened;
    assert.deepEqual(h.windows, [{ route: { kind: 'conversation', id: line.conversationId }, focus: false }]);
  });

  it('opens nothing for a toast the person closed', async () => {
    // Long enough for the toast to be closed before it would expire, even on a busy machine.
    const h = await start({ service: { toastLifetimeMs: 1_000 } });
    await h.t.service.updateSettings({ messageToasts: true });
    const friend = await h.peer(FRIEND);
    const pal = await h.peer(PAL);
    await h.signIn();
    friend.talk().sendText('close me');
    const closed = await h.received('close me');
    await h.t.service.dismissToast((await toastFor(h, closed.conversationId)).id);
    // Pal's toast, shown later with the same lifetime, expires after Friend's would have.
    pal.talk().sendText('let me expire');
    const expired = await h.received('let me expire');
    await h.seen(
      'conversation',
      (e) => e.conversation.id === expired.conversationId && e.conversation.windowOpen,
    );
    assert.deepEqual(h.windows, [
      { route: { kind: 'conversation', id: expired.conversationId }, focus: false },
    ]);
    assert.equal(
      (await h.t.service.getSnapshot()).conversations.find((c) => c.id === closed.conversationId)?.windowOpen,
      false,
    );
  });
});
