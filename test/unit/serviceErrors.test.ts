import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConnectionError,
  deliveryFailure,
  MsnpError,
  NameTooLongError,
  PlainPasswordRefusedError,
  ProtocolError,
  SignedOutError,
  switchboardFailure,
  TimeoutError,
} from '../../main/msnp/errors';
import { ActionRefused, describeActionError, NotSignedInError } from '../../main/service/actionErrors';
import { describeSessionEnd, describeSignInError, progressFor } from '../../main/service/signInErrors';
import { HANDLER_FAILED } from '../../main/msnp/connection';
import { NoCommonVersionError, SignInClosedError } from '../../main/msnp/nsLogin';

const SENTENCE = /^[A-Z][^\n]*\.$/;
const WHERE = 'the server at example.com:1863';

describe('sign-in failures in words', () => {
  const cases: [string, unknown, RegExp, boolean?][] = [
    ['a wrong password (911)', new MsnpError(911, 3), /did not accept your e-mail address or password/],
    ['an unverified account (924)', new MsnpError(924, 3), /not been verified/, true],
    ['an unknown address (205)', new MsnpError(205, 3), /does not know that e-mail address/],
    ['a busy server (600)', new MsnpError(600, 3), /too busy or unavailable/],
    ['an odd code', new MsnpError(999, 3), /refused the sign-in \(error 999\)/],
    [
      'a refused connection',
      new ConnectionError('x', 'refused'),
      /could not reach the server at example\.com:1863/,
    ],
    [
      'a name that does not resolve',
      new ConnectionError('x', 'dns'),
      /could not find the server at example\.com:1863; the name is unknown/,
    ],
    [
      'a connect timeout',
      new ConnectionError('x', 'timeout'),
      /no answer from the server at example\.com:1863 in time/,
    ],
    [
      'a closed connection',
      new ConnectionError('x', 'closed'),
      /connection to the server at example\.com:1863 was closed during sign-in/,
    ],
    [
      'another socket failure after connecting',
      new ConnectionError('the connection to example.com:1863 failed: write EHOSTUNREACH', 'other'),
      /connection to the server at example\.com:1863 was closed during sign-in/,
    ],
    [
      'another socket failure while connecting',
      new ConnectionError('could not connect to example.com:1863: EHOSTUNREACH', 'other'),
      /could not connect to the server at example\.com:1863/,
    ],
    [
      'a request timeout',
      new TimeoutError('USR', 5000),
      /no answer from the server at example\.com:1863 during sign-in/,
    ],
    [
      'no common protocol, everything offered',
      new NoCommonVersionError(['MSNP5', 'MSNP4', 'MSNP3', 'MSNP2', 'CVR0']),
      /^The server does not speak MSNP2-5 \(it answered no version we offered\)\.$/,
    ],
    [
      'no common protocol, some offered',
      new NoCommonVersionError(['MSNP5', 'CVR0']),
      /^The server does not speak MSNP5 \(it answered no version we offered\)\. Choose other versions in the options/,
    ],
    [
      'a close while getting the contact list',
      new SignInClosedError('lists'),
      /^The server at example\.com:1863 closed the connection while getting your contact list\. Try again later/,
    ],
    [
      'a reset while checking the password',
      new SignInClosedError('password', 'reset', 'the connection to example.com:1863 was reset'),
      /^The connection to the server at example\.com:1863 was lost while checking your password\./,
    ],
    [
      'garbage',
      new ProtocolError('the server answered the sign-in with something unexpected'),
      /could not be understood/,
    ],
    [
      'a server that wants the password in plain text',
      new PlainPasswordRefusedError('example.com'),
      /^The server at example\.com:1863 asked for your password in plain text, which Butterfly does not send over the network\.$/,
    ],
    ['anything else', new Error('boom'), /unexpected reason/],
  ];
  for (const [what, err, pattern, verify] of cases) {
    it(`says ${what} in one sentence`, () => {
      const failure = describeSignInError(err, WHERE);
      assert.match(failure.message, pattern);
      assert.match(failure.message, SENTENCE);
      assert.equal(failure.needsVerification, verify ?? false);
      assert.ok(!/boom|USR|ERR_/.test(failure.message), 'no codes or engine words');
    });
  }

  it('describes progress in words', () => {
    assert.equal(progressFor('connecting'), 'Connecting to the server…');
    assert.equal(progressFor('authenticating'), 'Checking your password…');
    assert.equal(progressFor('online'), null);
  });
});

describe('a session that ends on its own', () => {
  it('names the reason', () => {
    assert.equal(
      describeSessionEnd(new SignedOutError('OTH'), 'OTH'),
      'You signed in somewhere else, so you were signed out here.',
    );
    assert.match(describeSessionEnd(undefined, 'SSD'), /server is shutting down/);
    assert.match(
      describeSessionEnd(new ConnectionError('gone', 'closed'), undefined),
      /connection to the server was lost/,
    );
    assert.match(
      describeSessionEnd(new ConnectionError('no PNG', 'timeout'), undefined),
      /stopped answering/,
    );
    assert.match(describeSessionEnd(undefined, undefined), /connection to the server was lost/);
    assert.equal(
      describeSessionEnd(new ProtocolError(HANDLER_FAILED), undefined),
      'The server sent something Butterfly could not handle, so the connection was closed. Sign in again to continue.',
    );
  });
});

describe('failed actions in words', () => {
  it('turns server refusals into sentences about the person concerned', () => {
    assert.equal(
      describeActionError(new MsnpError(205, 1), 'add x@example.com', 'x@example.com'),
      'x@example.com is not a member of this service. Check the address and try again.',
    );
    assert.equal(
      describeActionError(new MsnpError(215, 1), 'add x@example.com', 'x@example.com'),
      'x@example.com is already on that list.',
    );
    assert.equal(
      describeActionError(new MsnpError(219, 1), 'block someone'),
      'That person cannot be on both your allow list and your block list.',
    );
    assert.match(describeActionError(new MsnpError(209, 1), 'change your name'), /does not allow that name/);
    assert.equal(
      describeActionError(new NameTooLongError(), 'change your name'),
      'That name is too long. Choose a shorter one.',
    );
    assert.match(describeActionError(new TimeoutError('ADD', 1000), 'add x'), /did not answer in time/);
    assert.match(
      describeActionError(new Error('weird'), 'add x'),
      /^Butterfly could not add x\. Try again\.$/,
    );
  });

  it('passes its own refusals through as written', () => {
    assert.equal(
      describeActionError(new ActionRefused('You cannot add yourself to your contact list.'), 'add'),
      'You cannot add yourself to your contact list.',
    );
    assert.equal(
      describeActionError(new NotSignedInError('change your status'), 'change your status'),
      'You need to be signed in to change your status.',
    );
  });
});

describe('an undelivered message in words', () => {
  it('says why without protocol names or addresses: no confirmation, a lost connection, a refusal', () => {
    const cases: [unknown, string][] = [
      [new TimeoutError('MSG', 2000), 'The server did not confirm the message within 2 seconds.'],
      [
        new ConnectionError('the connection to 127.0.0.1:41545 was closed', 'closed'),
        'The connection to the conversation was lost before the message was confirmed.',
      ],
      [new MsnpError(282, 7), 'The server refused the message (error 282).'],
      [new Error('nobody answered'), 'The message was not delivered: nobody answered.'],
    ];
    for (const [err, words] of cases) {
      assert.equal(deliveryFailure(err), words);
      assert.match(deliveryFailure(err), SENTENCE);
      assert.doesNotMatch(deliveryFailure(err), /MSG|127\.0\.0\.1/);
    }
  });
});

describe('a message no conversation could be opened for, in words', () => {
  const APPEAR_OFFLINE =
    'You cannot send messages while you appear offline. Change your status and try again.';
  const NO_TIME = 'The server did not open the conversation in time, so the message was not sent.';

  it('says why without protocol words, codes or addresses', () => {
    const cases: [string, unknown, string][] = [
      ['XFR refused while appearing offline (913)', new MsnpError(913, 4, 'XFR'), APPEAR_OFFLINE],
      [
        'a call refused while appearing offline',
        new Error('You cannot start a conversation while appearing offline.', {
          cause: new MsnpError(913, 5, 'CAL'),
        }),
        APPEAR_OFFLINE,
      ],
      ['no answer to XFR', new TimeoutError('XFR', 30_000), NO_TIME],
      ['no answer from the switchboard', new TimeoutError('USR', 3_000), NO_TIME],
      [
        'a lost connection',
        new ConnectionError('the connection to 127.0.0.1:1864 was closed', 'closed'),
        'The connection to the server was lost, so the message was not sent.',
      ],
      [
        'a switchboard that cannot be reached',
        new ConnectionError('could not connect to 127.0.0.1:1865: connection refused', 'refused'),
        'Butterfly could not connect to the conversation, so the message was not sent.',
      ],
      [
        'another refusal',
        new MsnpError(500, 6, 'XFR'),
        'The server could not open the conversation (error 500), so the message was not sent.',
      ],
      [
        'an address that cannot be read',
        new ProtocolError('the server sent a switchboard address that could not be read', 'XFR 7 SB x'),
        'The answer from the server could not be understood, so the message was not sent.',
      ],
    ];
    for (const [what, err, words] of cases) {
      const said = switchboardFailure(err);
      assert.equal(said, words, what);
      assert.match(said, SENTENCE, what);
      assert.doesNotMatch(said, /XFR|USR|CAL|913|server answered|127\.0\.0\.1|switchboard/, what);
    }
  });

  it("keeps the call's own sentence, and makes a sentence of the engine's words", () => {
    const notOnline = 'Friend is not online, so your message could not be delivered.';
    assert.equal(
      switchboardFailure(new Error(notOnline, { cause: new MsnpError(217, 5, 'CAL') })),
      notOnline,
    );
    assert.equal(switchboardFailure(new Error('Friend did not answer')), 'Friend did not answer.');
  });
});
