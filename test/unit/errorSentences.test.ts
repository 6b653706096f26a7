// Issue 9, "error sentences that tell the truth": an address the server does not know is said to be no
// member (205, and 207 as some servers send it), a call refused for that reason says so, times read as
// people say them ("1 second"), and text from the wire goes into a sentence quoted (controls escaped,
// length capped), never as it came.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  callFailure,
  deliveryFailure,
  describeOutReason,
  MsnpError,
  OwnAddressError,
  ProtocolError,
  seconds,
  ServiceNotOfferedError,
  TimeoutError,
} from '../../main/msnp/errors';
import { describeActionError } from '../../main/service/actionErrors';
import { handshake } from '../../main/msnp/nsLogin';
import { describeBye } from '../../main/msnp/msnftp';
import type { Command } from '../../main/msnp/command';
import type { Connection } from '../../main/msnp/connection';
import { canEarn } from '../../main/msnp/transactions';

const SENTENCE = /^[A-Za-z][^\n]*[.]$/;
const ESC = '\x1b[2J\x1b]0;owned\x07';

describe('an address the server does not know', () => {
  it('is not a member of this service, for ADD answered 205 or 207, not "try again later"', () => {
    for (const code of [205, 207]) {
      const said = describeActionError(
        new MsnpError(code, 4, 'ADD'),
        'add ghost@example.com to your contact list',
        'ghost@example.com',
      );
      assert.equal(
        said,
        'ghost@example.com is not a member of this service. Check the address and try again.',
      );
      assert.doesNotMatch(said, /later|error \d/);
    }
  });

  it('lets a 207 without a TrID settle the list command it answers, as 205 does', () => {
    for (const name of ['ADD', 'REM', 'REA']) assert.equal(canEarn(name, 207), true, name);
  });

  it('keeps 207 about yourself when the action was about nobody else (it means "already signed in")', () => {
    assert.doesNotMatch(describeActionError(new MsnpError(207, 4, 'CHG'), 'change your status'), /member/);
  });

  it('says a call refused with 205, 207 or 208 could not reach the person, and why', () => {
    const refused = (code: number) => new Error('x', { cause: new MsnpError(code, 3, 'CAL') });
    assert.equal(
      callFailure('ghost@example.com', refused(205)),
      'ghost@example.com is not a member of this service, so your message could not be delivered.',
    );
    assert.equal(
      callFailure('ghost@example.com', refused(207)),
      'ghost@example.com is not signed in or is not a member of this service, so your message could not be delivered.',
    );
    assert.equal(
      callFailure('a@b', refused(208)),
      'a@b is not a valid e-mail address, so your message could not be delivered.',
    );
    for (const code of [205, 207, 208]) assert.match(callFailure('x@example.com', refused(code)), SENTENCE);
  });
});

describe('a service the server does not offer', () => {
  it('is one sentence, in the engine and in the app', () => {
    const words = 'This server does not offer Hotmail.';
    assert.equal(new ServiceNotOfferedError('INBOX', 'URL 4 about:blank').message, words);
    assert.equal(describeActionError(new ServiceNotOfferedError('INBOX'), 'open your Hotmail inbox'), words);
    assert.equal(new ServiceNotOfferedError('CHGMOB').message, 'This server does not offer MSN Mobile.');
    assert.equal(new ServiceNotOfferedError('PASSWORD').message, 'This server does not offer that service.');
  });
});

describe('messaging yourself', () => {
  it('is refused in a sentence of its own', () => {
    assert.equal(new OwnAddressError().message, 'You cannot send messages to yourself.');
  });
});

describe('times in sentences', () => {
  it('says "1 second", not "1 seconds", and keeps tenths', () => {
    assert.equal(seconds(1000), '1 second');
    assert.equal(seconds(1500), '1.5 seconds');
    assert.equal(seconds(100), '0.1 seconds');
    assert.equal(seconds(30_000), '30 seconds');
    assert.equal(new TimeoutError('CHG', 1000).message, 'the server did not answer CHG within 1 second');
    assert.equal(new TimeoutError('CHG', 2000).message, 'the server did not answer CHG within 2 seconds');
    assert.equal(
      deliveryFailure(new TimeoutError('MSG', 1000)),
      'The server did not confirm the message within 1 second.',
    );
  });
});

describe('wire text in sentences', () => {
  it('quotes an unknown OUT reason: controls escaped, length capped', () => {
    const said = describeOutReason(`${ESC}${'x'.repeat(200)}`);
    assert.ok(!said.includes('\x1b') && !said.includes('\x07'), said);
    assert.match(said, /\\x1b\[2J/);
    assert.ok(said.length < 120, `capped: ${said.length}`);
    assert.equal(describeOutReason('OTH'), 'you were signed out because you signed in at another location');
  });

  it('quotes a BYE code from the other program in MSNFTP', () => {
    const bye = describeBye(ESC);
    assert.ok(!bye.ok);
    assert.ok(!bye.message.includes('\x1b'), bye.message);
    assert.match(bye.message, /\\x1b/);
  });

  it('quotes the sign-in methods and the redirect address a server sent', async () => {
    const fake = (inf: string[], usr: Command) =>
      ({
        remoteHost: '127.0.0.1',
        remoteAddress: '127.0.0.1',
        remotePort: 1863,
        request: async (name: string) =>
          name === 'VER'
            ? ({ name: 'VER', trId: 1, args: ['MSNP5'], raw: 'VER 1 MSNP5' } as Command)
            : name === 'INF'
              ? ({ name: 'INF', trId: 2, args: inf, raw: 'INF 2' } as Command)
              : usr,
      }) as unknown as Connection;
    const options = { email: 'a@example.com', password: 'pw', protocols: ['MSNP5', 'CVR0'] };
    const quoted = (e: unknown) =>
      e instanceof ProtocolError && !e.message.includes('\x1b') && /\\x1b/.test(e.message);
    await assert.rejects(
      handshake(fake([ESC], {} as Command), options, () => {}),
      quoted,
    );
    const xfr = { name: 'XFR', trId: 3, args: ['NS', `${ESC}:99999`], raw: 'XFR 3 NS x' } as Command;
    await assert.rejects(
      handshake(fake(['MD5'], xfr), options, () => {}),
      quoted,
    );
  });
});
