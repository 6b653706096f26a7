// Who is in a service conversation and what they are doing: typing notices each way, a third person
// joining and leaving, an invitation that cannot reach anyone, and reading the lines back page by page.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ENGINE,
  FRIEND,
  GHOST,
  ME,
  PAL,
  PLAIN,
  messages,
  useHarness,
  type Harness,
} from './serviceConversationHelpers';

const TYPING = 'text/x-msmsgscontrol';

describe('service conversations: people', () => {
  const { start } = useHarness();

  /** ME and FRIEND in a live switchboard, with the conversation id and FRIEND's side of it. */
  async function chatting(h: Harness) {
    const friend = await h.peer(FRIEND);
    await h.signIn();
    const id = await h.t.service.openConversation([FRIEND.email]);
    await h.t.service.sendMessage(id, 'hello', PLAIN);
    await h.line(id, (l) => l.kind === 'message' && l.delivery === 'delivered');
    return { friend, id, fc: await friend.rung() };
  }

  it("shows the other's typing until their message arrives", async () => {
    const h = await start();
    const { id, fc } = await chatting(h);
    const typing = h.t.next(
      'conversation',
      (e) => e.conversation.id === id && e.conversation.typing.length > 0,
    );
    fc.typing();
    assert.deepEqual((await typing).conversation.typing, [FRIEND.email]);
    const cleared = h.t.next(
      'conversation',
      (e) => e.conversation.id === id && e.conversation.typing.length === 0,
    );
    fc.sendText('there, typed');
    await h.received('there, typed');
    await cleared;
  });

  it("lets the other's typing notice expire when no message follows", async () => {
    const h = await start({ conversations: { ...ENGINE, typingExpiryMs: 150 } });
    const { id, fc } = await chatting(h);
    const typing = h.t.next(
      'conversation',
      (e) => e.conversation.id === id && e.conversation.typing.length > 0,
    );
    const expired = h.t.next(
      'conversation',
      (e) =>
        e.conversation.id === id && e.conversation.typing.length === 0 && e.conversation.members[0]!.present,
    );
    fc.typing();
    await typing;
    await expired;
    assert.deepEqual((await h.t.service.getSnapshot()).conversations[0]?.typing, []);
  });

  it('sends at most one typing notice per interval however often sendTyping is called', async () => {
    const h = await start();
    const { id, fc } = await chatting(h);
    const fromMe: string[] = [];
    h.server.events.on('sbMessage', (e) => {
      if (e.from === ME.email) fromMe.push(e.payload.toString('utf8').includes(TYPING) ? 'typing' : 'text');
    });
    const theirs = new Promise<void>((resolve) => fc.once('typing', (e) => e.active && resolve()));
    for (let i = 0; i < 5; i += 1) await h.t.service.sendTyping(id);
    await theirs;
    await h.t.service.sendMessage(id, 'done typing', PLAIN);
    await h.line(id, (l) => l.kind === 'message' && l.text === 'done typing' && l.delivery === 'delivered');
    assert.deepEqual(fromMe, ['typing', 'text']);
  });

  it('shows a third person joining and leaving as lines, and who is present', async () => {
    const h = await start();
    const pal = await h.peer(PAL);
    const { id } = await chatting(h);
    await h.t.service.inviteToConversation(id, PAL.email);
    await h.line(id, (l) => l.kind === 'system' && l.text === 'Pal has joined the conversation.');
    let info = (await h.t.service.getSnapshot()).conversations.find((c) => c.id === id)!;
    assert.deepEqual(
      info.members.map((m) => [m.email, m.present]),
      [
        [FRIEND.email, true],
        [PAL.email, true],
      ],
    );
    assert.equal(info.fileBlocked, 'Files can only be sent in a conversation with one other person.');
    await assert.rejects(h.t.service.inviteToConversation(id, PAL.email), {
      message: 'Pal is already in this conversation.',
    });

    const palSide = await pal.rung();
    const left = h.line(id, (l) => l.kind === 'system' && l.text === 'Pal has left the conversation.');
    pal.manager.close(palSide.id);
    await left;
    info = (await h.t.service.getSnapshot()).conversations.find((c) => c.id === id)!;
    assert.deepEqual(
      info.members.map((m) => [m.email, m.present]),
      [
        [FRIEND.email, true],
        [PAL.email, false],
      ],
    );
    assert.equal(info.fileBlocked, '', 'two people again: files may go');
  });

  it('joins a group someone else started without announcing those already there', async () => {
    const h = await start();
    const pal = await h.peer(PAL);
    const friend = await h.peer(FRIEND);
    await h.signIn();
    // Pal starts with Friend; Friend, the second to arrive, brings ME in (the server lists Pal first).
    const pc = pal.manager.open([FRIEND.email]);
    pc.sendText('just us two');
    await friend.message((m) => m.text === 'just us two');
    await friend.conversation.invite(ME.email);
    const joined = await h.seen(
      'conversation',
      (e) => e.conversation.members.length === 2 && e.conversation.members.every((m) => m.present),
    );
    assert.deepEqual(joined.conversation.members.map((m) => m.email).sort(), [FRIEND.email, PAL.email]);
    friend.conversation.sendText('welcome');
    const line = await h.received('welcome');
    assert.equal(line.conversationId, joined.conversation.id);
    const lines = await h.t.service.getConversationLines(line.conversationId, null, 50);
    assert.deepEqual(
      lines.map((l) => l.kind),
      ['message'],
      'no "has joined" for people who were there first',
    );
    assert.equal(
      joined.conversation.fileBlocked,
      'Files can only be sent in a conversation with one other person.',
    );
  });

  it('keeps one conversation when the other person rings again from a second switchboard', async () => {
    const h = await start();
    const { friend, id, fc } = await chatting(h);
    // Friend's side opens a second switchboard to ME while the first one is live.
    const second = friend.manager.openNew([ME.email]);
    second.sendText('from the second switchboard');
    assert.equal((await h.received('from the second switchboard')).conversationId, id);
    fc.sendText('from the first switchboard');
    assert.equal((await h.received('from the first switchboard')).conversationId, id);
    await h.t.service.sendMessage(id, 'one window for both', PLAIN);
    await h.line(
      id,
      (l) => l.kind === 'message' && l.text === 'one window for both' && l.delivery === 'delivered',
    );
    await friend.message((m) => m.text === 'one window for both');

    const withFriend = (await h.t.service.getSnapshot()).conversations.filter((c) =>
      c.members.some((m) => m.email === FRIEND.email),
    );
    assert.deepEqual(
      withFriend.map((c) => c.id),
      [id],
    );
    assert.deepEqual(messages(await h.t.service.getConversationLines(id, null, 50)), [
      ['out', 'hello', 'delivered'],
      ['in', 'from the second switchboard', null],
      ['in', 'from the first switchboard', null],
      ['out', 'one window for both', 'delivered'],
    ]);
  });

  it('puts a group you are rung into in a conversation of its own, beside a live one with the caller', async () => {
    const h = await start();
    const pal = await h.peer(PAL);
    const { friend, id } = await chatting(h);
    pal.manager.open([FRIEND.email]).sendText('just us two');
    await friend.message((m) => m.text === 'just us two');
    // Friend brings ME into the conversation Pal started: the ring comes from Friend.
    const theirs = friend.conversations.find((c) => c.memberList.some((m) => m.email === PAL.email))!;
    const joined = h.server.waitFor('sbJoin', (e) => e.email === ME.email && e.participants.length === 3);
    await theirs.invite(ME.email);
    await joined;
    theirs.sendText('welcome to the group');
    const line = await h.received('welcome to the group');
    assert.notEqual(line.conversationId, id);
    const { conversations } = await h.t.service.getSnapshot();
    const people = (cid: string) =>
      conversations
        .find((c) => c.id === cid)!
        .members.map((m) => m.email)
        .sort();
    assert.deepEqual(people(id), [FRIEND.email], 'the one-to-one conversation stays one-to-one');
    assert.deepEqual(people(line.conversationId), [FRIEND.email, PAL.email]);
  });

  it('says so in a line when the person invited is offline, and the conversation stays as it was', async () => {
    const h = await start();
    const { id, fc } = await chatting(h);
    const line = h.line(id, (l) => l.kind === 'system' && l.tone === 'error');
    await h.t.service.inviteToConversation(id, GHOST.email);
    const error = await line;
    assert.equal(error.kind === 'system' && error.text, 'Ghost is not online, so they could not be invited.');
    const info = (await h.t.service.getSnapshot()).conversations.find((c) => c.id === id)!;
    assert.deepEqual(
      info.members.map((m) => m.email),
      [FRIEND.email],
      'nobody who never joined is kept',
    );
    assert.equal(info.fileBlocked, '');
    assert.equal(
      await h.t.service.openConversation([FRIEND.email]),
      id,
      'still the conversation with Friend',
    );
    fc.sendText('still here');
    await h.received('still here');
  });

  it('pages through the lines: newest first page, then older ones before a seq', async () => {
    const h = await start();
    const friend = await h.peer(FRIEND);
    await h.signIn();
    const fc = friend.talk();
    for (let i = 1; i <= 7; i += 1) fc.sendText(`message ${i}`);
    const last = await h.received('message 7');
    const id = last.conversationId;
    const texts = async (before: number | null, limit: number) =>
      (await h.t.service.getConversationLines(id, before, limit)).map((l) => [
        l.seq,
        l.kind === 'message' ? l.text : l.kind,
      ]);
    assert.deepEqual(await texts(null, 3), [
      [5, 'message 5'],
      [6, 'message 6'],
      [7, 'message 7'],
    ]);
    assert.deepEqual(await texts(5, 3), [
      [2, 'message 2'],
      [3, 'message 3'],
      [4, 'message 4'],
    ]);
    assert.deepEqual(await texts(2, 3), [[1, 'message 1']]);
    assert.deepEqual(await texts(1, 3), []);
    assert.deepEqual(
      await texts(100, 2),
      [
        [6, 'message 6'],
        [7, 'message 7'],
      ],
      'a seq past the end reads the newest',
    );
    const info = (await h.t.service.getSnapshot()).conversations.find((c) => c.id === id)!;
    assert.deepEqual([info.firstSeq, info.lastSeq], [1, 7]);
    await assert.rejects(h.t.service.getConversationLines('c999', null, 3), /That conversation has ended/);
  });
});
