// The switchboard's socket-free parts: cookies, session ids, the acknowledgement rules and the echo bot.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ackFor, CookieJar, isAckMode, isWellFormedData, SessionIds } from '../../main/sandbox/switchboardRules';
import { echoBot, typingNotice } from '../../main/sandbox/bots';
import type { BotChat } from '../../main/sandbox/botRuntime';

describe('switchboard cookies', () => {
  it('look like the classic ones and work once, for their owner only', () => {
    const jar = new CookieJar();
    const cookie = jar.issue({ kind: 'xfr', email: 'alice@example.com' });
    assert.match(cookie, /^\d{9}\.\d{9}\.\d{9}$/);
    assert.equal(jar.redeem(cookie, 'xfr', 'bob@example.com'), false, 'someone else');
    assert.equal(jar.redeem(cookie, 'rng', 'alice@example.com', '1'), false, 'the wrong purpose');
    assert.equal(jar.live(cookie), true, 'a refused attempt does not burn it');
    assert.equal(jar.redeem(cookie, 'xfr', 'ALICE@example.com'), true, 'handles compare without case');
    assert.equal(jar.redeem(cookie, 'xfr', 'alice@example.com'), false, 'single use');
    assert.equal(jar.redeem('123.456.789', 'xfr', 'alice@example.com'), false, 'made up');
  });

  it('bind a ring to its session', () => {
    const jar = new CookieJar();
    const cookie = jar.issue({ kind: 'rng', email: 'bob@example.com', sessionId: '42' });
    assert.equal(jar.redeem(cookie, 'rng', 'bob@example.com', '43'), false);
    assert.equal(jar.redeem(cookie, 'rng', 'bob@example.com'), false);
    assert.equal(jar.redeem(cookie, 'rng', 'bob@example.com', '42'), true);
  });

  it('expire after their time, and expired ones are swept when new ones are issued', () => {
    let now = 1_000;
    const jar = new CookieJar(60_000, () => now);
    const old = jar.issue({ kind: 'xfr', email: 'alice@example.com' });
    const kept = jar.issue({ kind: 'xfr', email: 'alice@example.com' });
    now += 59_999;
    assert.equal(jar.live(old), true);
    now += 1;
    assert.equal(jar.live(old), false);
    assert.equal(jar.redeem(kept, 'xfr', 'alice@example.com'), false, 'expired at exactly the time to live');
    jar.issue({ kind: 'xfr', email: 'carol@example.com' });
    assert.equal(jar.size, 1);
  });

  it('can be revoked, one or all', () => {
    const jar = new CookieJar();
    const a = jar.issue({ kind: 'xfr', email: 'alice@example.com' });
    const b = jar.issue({ kind: 'xfr', email: 'bob@example.com' });
    jar.revoke(a);
    assert.equal(jar.redeem(a, 'xfr', 'alice@example.com'), false);
    jar.clear();
    assert.equal(jar.redeem(b, 'xfr', 'bob@example.com'), false);
  });
});

describe('switchboard session ids', () => {
  it('are unique decimal numbers, or s- text with textSessionIds', () => {
    const ids = new SessionIds();
    const seen = new Set<string>();
    for (let i = 0; i < 2_000; i += 1) {
      const text = i % 2 === 1;
      const id = ids.next(text);
      assert.match(id, text ? /^s-[0-9a-f]{5,}$/ : /^[1-9]\d*$/);
      assert.equal(seen.has(id), false, id);
      seen.add(id);
    }
  });
});

describe('MSG acknowledgements', () => {
  it('accepts exactly U, N, A and D as modes', () => {
    for (const mode of ['U', 'N', 'A', 'D']) assert.equal(isAckMode(mode), true, mode);
    for (const mode of ['u', 'a', 'X', 'AA', '', undefined]) assert.equal(isAckMode(mode), false, String(mode));
  });

  it('answers by mode, by who got the message, and by nakEverything', () => {
    const table: [Parameters<typeof ackFor>, ReturnType<typeof ackFor>][] = [
      [['U', 2, 2, false], null],
      [['U', 0, 0, false], null],
      [['A', 2, 2, false], 'ACK'],
      [['A', 2, 1, false], 'NAK'],
      [['A', 0, 0, false], 'NAK'],
      [['N', 1, 1, false], null],
      [['N', 0, 0, false], 'NAK'],
      [['D', 1, 1, false], 'ACK'],
      [['D', 0, 0, false], 'NAK'],
      [['A', 1, 1, true], 'NAK'],
      [['N', 1, 1, true], 'NAK'],
      [['U', 1, 1, true], null],
    ];
    for (const [args, expected] of table) assert.equal(ackFor(...args), expected, args.join(' '));
  });

  it('relays a D message only with MIME-Version and Content-Type headers', () => {
    const ok = (s: string): boolean => isWellFormedData(Buffer.from(s));
    assert.equal(ok('MIME-Version: 1.0\r\nContent-Type: application/octet-stream\r\n\r\ndata'), true);
    assert.equal(ok('mime-version: 1.0\r\ncontent-type: text/plain\r\n\r\n'), true);
    assert.equal(ok('MIME-Version: 1.0\r\n\r\ndata'), false);
    assert.equal(ok('Content-Type: text/plain\r\n\r\ndata'), false);
    assert.equal(ok('just some bytes'), false);
    assert.equal(ok(''), false);
  });
});

/** A BotChat that records what the bot sends and runs `later` at once. */
function fakeChat(): { chat: BotChat; sent: string[]; delays: number[] } {
  const sent: string[] = [];
  const delays: number[] = [];
  const chat: BotChat = {
    sessionId: '1',
    self: 'echo@example.com',
    participants: ['alice@example.com'],
    active: true,
    send: (payload) => (sent.push(payload.toString()), true),
    later: (ms, fn) => (delays.push(ms), fn()),
    leave: () => {},
  };
  return { chat, sent, delays };
}

describe('the echo bot', () => {
  const say = (headers: string, body: string): Buffer => Buffer.from(`MIME-Version: 1.0\r\n${headers}\r\n\r\n${body}`, 'utf8');

  it('sends a typing notice, then "You said: ..." in the sender\'s font, after its delay', () => {
    const { chat, sent, delays } = fakeChat();
    const format = 'X-MMS-IM-Format: FN=Comic%20Sans%20MS; EF=I; CO=ff00; CS=0; PF=0';
    echoBot({ replyDelayMs: 250 }).message(chat, 'alice@example.com', say(`Content-Type: text/plain; charset=UTF-8\r\n${format}`, 'hi ☃\r\nthere'));
    assert.deepEqual(sent, [
      typingNotice('echo@example.com'),
      `MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n${format}\r\n\r\nYou said: hi ☃\r\nthere`,
    ]);
    assert.deepEqual(delays, [250]);
  });

  it('leaves out the format header when the message had none', () => {
    const { chat, sent } = fakeChat();
    echoBot().message(chat, 'alice@example.com', say('Content-Type: text/plain;charset="utf-8"', 'plain'));
    assert.equal(sent[1], 'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nYou said: plain');
  });

  it('ignores typing notices, invitations, unknown types and header-less payloads', () => {
    const { chat, sent } = fakeChat();
    const bot = echoBot({ replyDelayMs: 0 });
    bot.message(chat, 'alice@example.com', Buffer.from(typingNotice('alice@example.com')));
    bot.message(chat, 'alice@example.com', say('Content-Type: text/x-msmsgsinvite; charset=UTF-8', 'Invitation-Command: INVITE\r\n'));
    bot.message(chat, 'alice@example.com', say('Content-Type: text/x-clientcaps', 'Client-Name: Other\r\n'));
    bot.message(chat, 'alice@example.com', Buffer.from('no headers at all'));
    assert.deepEqual(sent, []);
  });

  it('writes the typing notice as EXTRA-NOTES describes it: one TypingUser header and a body of one CRLF', () => {
    assert.equal(typingNotice('echo@example.com'), 'MIME-Version: 1.0\r\nContent-Type: text/x-msmsgscontrol\r\nTypingUser: echo@example.com\r\n\r\n\r\n');
  });
});
