// The service's conversations as a window sees them: messages each way, where an incoming one shows up,
// and every way an outgoing one can end. The other person is an engine session of its own.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_FORMAT } from '../../app/messageFormat';
import type { MessageLine } from '../../app/conversation';
import {
  FRIEND,
  ENGINE,
  GHOST,
  ME,
  PLAIN,
  SENTENCE,
  SHY,
  messages,
  useHarness,
} from './serviceConversationHelpers';

describe('service conversations: messages', () => {
  const { start } = useHarness();

  it('sends a message that goes sending -> delivered and arrives in the sender style', async () => {
    const h = await start();
    const friend = await h.peer(FRIEND);
    await h.signIn();
    const id = await h.t.service.openConversation([FRIEND.email]);
    assert.deepEqual(
      h.windows.at(-1),
      { route: { kind: 'conversation', id }, focus: true },
      'the window the person asked for takes focus',
    );

    const style = { ...PLAIN, font: 'Comic Sans MS', bold: true, color: '#ff0000' };
    await h.t.service.sendMessage(id, 'Hello there ☃', style);
    const sending = await h.line(id, (l) => l.kind === 'message' && l.text === 'Hello there ☃');
    assert.equal((sending as MessageLine).delivery, 'sending', 'the first event for the line is sending');
    const delivered = await h.line(
      id,
      (l) => l.seq === sending.seq && l.kind === 'message' && l.delivery === 'delivered',
    );
    assert.deepEqual(
      [
        (delivered as MessageLine).direction,
        (delivered as MessageLine).from,
        (delivered as MessageLine).error,
      ],
      ['out', ME.email, ''],
    );

    const got = await friend.message((m) => m.text === 'Hello there ☃');
    assert.deepEqual(
      [got.format.font, got.format.bold, got.format.color],
      ['Comic Sans MS', true, '#ff0000'],
    );
    assert.deepEqual(messages(await h.t.service.getConversationLines(id, null, 50)), [
      ['out', 'Hello there ☃', 'delivered'],
    ]);
  });

  it('shows an incoming message in the sender style, opening the window without focus and playing the sound', async () => {
    const h = await start();
    const friend = await h.peer(FRIEND);
    await h.signIn();
    const sound = h.t.next('sound', (e) => e.sound === 'message');
    friend
      .talk()
      .sendText('Are you there?', {
        ...DEFAULT_FORMAT,
        font: 'Georgia',
        italic: true,
        underline: true,
        color: '#008000',
      });
    const line = await h.received('Are you there?');
    assert.deepEqual(line.style, {
      font: 'Georgia',
      bold: false,
      italic: true,
      underline: true,
      strikeout: false,
      color: '#008000',
    });
    assert.deepEqual(
      [line.from, line.nickname, line.delivery, line.error],
      [FRIEND.email, 'Friend', null, ''],
    );
    await sound;
    assert.deepEqual(h.windows, [{ route: { kind: 'conversation', id: line.conversationId }, focus: false }]);
    const info = (await h.t.service.getSnapshot()).conversations.find((c) => c.id === line.conversationId)!;
    assert.equal(info.windowOpen, true);
    assert.deepEqual(info.members, [{ email: FRIEND.email, nickname: 'Friend', present: true }]);
    assert.ok(info.lastReceivedAt !== null);

    // A second message into the open window plays the sound but opens nothing more.
    const again = h.t.next('sound', (e) => e.sound === 'message');
    friend.conversation.sendText('Hello?');
    await h.received('Hello?');
    await again;
    assert.equal(h.windows.length, 1);
  });

  it('asks browser mode to show the window with a window event', async () => {
    const h = await start({ service: { environment: 'browser', openWindow: undefined } });
    const friend = await h.peer(FRIEND);
    await h.signIn();
    friend.talk().sendText('Hi browser');
    const line = await h.received('Hi browser');
    const shown = await h.seen('window');
    assert.deepEqual(shown.route, { kind: 'conversation', id: line.conversationId });
  });

  it('with message toasts on, shows "X says:" instead, and its click shows the window with the lines', async () => {
    const h = await start();
    await h.t.service.updateSettings({ messageToasts: true });
    const friend = await h.peer(FRIEND);
    await h.signIn();
    friend.talk().sendText('Psst,\r\na toast');
    const line = await h.received('Psst,\na toast');
    const toast = (await h.seen('toasts', (e) => e.toasts.some((x) => x.kind === 'message'))).toasts.find(
      (x) => x.kind === 'message',
    )!;
    assert.equal(toast.title, 'Friend says:');
    assert.equal(toast.body, 'Psst, a toast', 'one plain paragraph');
    assert.deepEqual(toast.action, { type: 'showConversation', id: line.conversationId });
    assert.deepEqual(h.windows, [], 'no window opened by itself');
    assert.equal((await h.t.service.getSnapshot()).conversations[0]?.windowOpen, false);

    const opened = h.t.next(
      'conversation',
      (e) => e.conversation.id === line.conversationId && e.conversation.windowOpen,
    );
    await h.t.service.toastClicked(toast.id);
    await opened;
    assert.deepEqual(h.windows, [{ route: { kind: 'conversation', id: line.conversationId }, focus: true }]);
    assert.deepEqual(messages(await h.t.service.getConversationLines(line.conversationId, null, 50)), [
      ['in', 'Psst,\na toast', null],
    ]);
  });

  it('ends a message the switchboard refuses (NAK) as failed, with a sentence', async () => {
    const h = await start();
    await h.peer(FRIEND);
    await h.signIn();
    const id = await h.t.service.openConversation([FRIEND.email]);
    await h.t.service.sendMessage(id, 'warm up', PLAIN);
    await h.line(id, (l) => l.kind === 'message' && l.delivery === 'delivered');
    h.server.quirks.nakEverything = true;
    await h.t.service.sendMessage(id, 'refused', PLAIN);
    const failed = (await h.line(
      id,
      (l) => l.kind === 'message' && l.text === 'refused' && l.delivery === 'failed',
    )) as MessageLine;
    assert.match(failed.error, SENTENCE);
    assert.match(failed.error, /could not be delivered/);
  });

  it('ends a message nobody acknowledges as failed once the timeout passes', async () => {
    const h = await start({ conversations: { ...ENGINE, requestTimeoutMs: 400 } });
    await h.peer(FRIEND);
    await h.signIn();
    const id = await h.t.service.openConversation([FRIEND.email]);
    await h.t.service.sendMessage(id, 'warm up', PLAIN);
    await h.line(id, (l) => l.kind === 'message' && l.delivery === 'delivered');
    h.server.quirks.sbSilent = true;
    await h.t.service.sendMessage(id, 'into the void', PLAIN);
    const failed = (await h.line(
      id,
      (l) => l.kind === 'message' && l.text === 'into the void' && l.delivery === 'failed',
    )) as MessageLine;
    assert.match(failed.error, SENTENCE);
  });

  it('ends a message lost with a dropped switchboard as failed, and the next one reopens and is delivered', async () => {
    const h = await start();
    const friend = await h.peer(FRIEND);
    await h.signIn();
    const id = await h.t.service.openConversation([FRIEND.email]);
    h.server.quirks.sbDropAfterMessages = 1;
    await h.t.service.sendMessage(id, 'lost in transit', PLAIN);
    const failed = (await h.line(
      id,
      (l) => l.kind === 'message' && l.text === 'lost in transit' && l.delivery === 'failed',
    )) as MessageLine;
    assert.match(failed.error, SENTENCE);
    h.server.quirks.sbDropAfterMessages = null;
    await h.t.service.sendMessage(id, 'second try', PLAIN);
    await h.line(id, (l) => l.kind === 'message' && l.text === 'second try' && l.delivery === 'delivered');
    await friend.message((m) => m.text === 'second try');
  });

  it('ends a message to someone who went offline (217) as failed, saying they are not online', async () => {
    const h = await start();
    const friend = await h.peer(FRIEND);
    await h.signIn();
    const id = await h.t.service.openConversation([FRIEND.email]);
    const gone = h.t.next('contact', (e) => e.contact.email === FRIEND.email && e.contact.status === 'FLN');
    await friend.ns.signOut();
    await gone;
    await h.t.service.sendMessage(id, 'are you there?', PLAIN);
    const failed = (await h.line(id, (l) => l.kind === 'message' && l.delivery === 'failed')) as MessageLine;
    assert.equal(failed.error, 'Friend is not online, so your message could not be delivered.');
    const lines = await h.t.service.getConversationLines(id, null, 50);
    assert.ok(!lines.some((l) => l.kind === 'system'), 'one-to-one: the failed line says it all');
  });

  it('ends a message sent while appearing offline (913) as failed, saying so in plain words', async () => {
    const h = await start();
    await h.peer(FRIEND);
    await h.signIn();
    const id = await h.t.service.openConversation([FRIEND.email]);
    await h.t.service.setStatus('HDN');
    await h.t.service.sendMessage(id, 'while hidden', PLAIN);
    const failed = (await h.line(id, (l) => l.kind === 'message' && l.delivery === 'failed')) as MessageLine;
    assert.equal(
      failed.error,
      'You cannot send messages while you appear offline. Change your status and try again.',
    );
  });

  it('closing the window leaves the switchboard; a later message reopens the same conversation with its lines', async () => {
    const h = await start();
    const friend = await h.peer(FRIEND);
    await h.signIn();
    const id = await h.t.service.openConversation([FRIEND.email]);
    await h.t.service.sendMessage(id, 'first from me', PLAIN);
    await h.line(id, (l) => l.kind === 'message' && l.delivery === 'delivered');
    const fc = await friend.rung();
    fc.sendText('first from friend');
    await h.received('first from friend');

    const out = h.server.waitFor('sbLeave', (e) => e.email === ME.email && e.reason === 'OUT');
    const closed = h.t.next('conversation', (e) => e.conversation.id === id && !e.conversation.windowOpen);
    await h.t.service.leaveConversation(id);
    await out;
    const info = (await closed).conversation;
    assert.deepEqual(
      info.members.map((m) => m.present),
      [false],
    );
    await h.server.waitFor('sbEnd').catch(() => undefined);

    const before = h.windows.length;
    fc.sendText('are you still there?');
    const line = await h.received('are you still there?', 8_000);
    assert.equal(line.conversationId, id, 'the same conversation');
    assert.deepEqual(h.windows.slice(before), [{ route: { kind: 'conversation', id }, focus: false }]);
    assert.deepEqual(messages(await h.t.service.getConversationLines(id, null, 50)), [
      ['out', 'first from me', 'delivered'],
      ['in', 'first from friend', null],
      ['in', 'are you still there?', null],
    ]);
    assert.equal((await h.t.service.getSnapshot()).conversations.length, 1);
  });

  it('when the other person closes their window, shows them gone, and the next message calls them back', async () => {
    const h = await start();
    const friend = await h.peer(FRIEND);
    await h.signIn();
    const id = await h.t.service.openConversation([FRIEND.email]);
    await h.t.service.sendMessage(id, 'before', PLAIN);
    await h.line(id, (l) => l.kind === 'message' && l.delivery === 'delivered');
    const gone = h.t.next(
      'conversation',
      (e) => e.conversation.id === id && !e.conversation.members[0]!.present,
    );
    friend.manager.close((await friend.rung()).id);
    await gone;
    await h.t.service.sendMessage(id, 'after you left', PLAIN);
    await h.line(
      id,
      (l) => l.kind === 'message' && l.text === 'after you left' && l.delivery === 'delivered',
    );
    await friend.message((m) => m.text === 'after you left');
    assert.equal((await h.t.service.getSnapshot()).conversations.length, 1);
    assert.ok(
      !(await h.t.service.getConversationLines(id, null, 50)).some((l) => l.kind === 'system'),
      'one-to-one: no join or leave lines',
    );
  });

  it('reuses the conversation with someone you already talk to, and refuses offline or hidden contacts', async () => {
    const h = await start();
    const friend = await h.peer(FRIEND);
    await h.peer(SHY, 'HDN');
    await h.signIn();
    friend.talk().sendText('I started it');
    const line = await h.received('I started it');
    assert.equal(await h.t.service.openConversation([FRIEND.email]), line.conversationId);
    assert.equal(
      await h.t.service.openConversation(['Friend@Test.Example']),
      line.conversationId,
      'addresses compare without case',
    );
    assert.equal((await h.t.service.getSnapshot()).conversations.length, 1);

    await assert.rejects(h.t.service.openConversation([GHOST.email]), {
      message: 'Ghost is not online; you can send e-mail instead.',
    });
    await assert.rejects(h.t.service.openConversation([SHY.email]), {
      message: 'Shy is not online; you can send e-mail instead.',
    });
    await assert.rejects(h.t.service.openConversation([ME.email]), {
      message: 'You cannot start a conversation with yourself.',
    });
    assert.equal((await h.t.service.getSnapshot()).conversations.length, 1, 'nothing opened for them');
  });
});
