import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { METHOD_NAMES, type MethodName } from '../../app/contract';
import { InvalidCallError, isMethodName, validateCall } from '../../main/service/validate';

const SENTENCE = /^[A-Z"].*\.$/;

/** Good arguments for every method, and what the check hands on. */
const GOOD: { [M in MethodName]: { args: unknown[]; out?: unknown[] } } = {
  getSnapshot: { args: [] },
  signIn: {
    args: [
      {
        email: ' me@example.com ',
        password: 'pw',
        server: ' sandbox ',
        protocols: ['MSNP5', 'MSNP4'],
        status: 'NLN',
        remember: true,
      },
    ],
    out: [
      {
        email: 'me@example.com',
        password: 'pw',
        server: 'sandbox',
        protocols: ['MSNP5', 'MSNP4'],
        status: 'NLN',
        remember: true,
      },
    ],
  },
  cancelSignIn: { args: [] },
  signOut: { args: [] },
  forgetPassword: { args: ['me@example.com'] },
  updateSettings: { args: [{ sounds: false, toasts: true, protocols: ['MSNP5'] }] },
  addServer: { args: [' example.com:1863 '], out: ['example.com:1863'] },
  setStatus: { args: ['BRB'] },
  setNickname: { args: ['  Me  '], out: ['Me'] },
  addContact: { args: ['friend@example.com'] },
  removeContact: { args: ['friend@example.com'] },
  block: { args: ['friend@example.com'] },
  unblock: { args: ['friend@example.com'] },
  answerAdded: { args: [{ email: 'fan@example.com', allow: true, addToList: false }] },
  setAllOthers: { args: ['BL'] },
  setAlertOnAdd: { args: [false] },
  openInbox: { args: [] },
  openExternal: { args: ['https://example.com/a?b=c'] },
  openWindow: { args: [{ kind: 'dialog', dialog: 'added', email: 'fan@example.com' }] },
  openConversation: { args: [['a@example.com', 'b@example.com']] },
  toastClicked: { args: ['t12'] },
  dismissToast: { args: ['t12'] },
};

/** Argument lists every method must refuse. */
const BAD: { [M in MethodName]: unknown[][] } = {
  getSnapshot: [['extra']],
  signIn: [
    [],
    [null],
    [
      {
        email: 'me@example.com',
        password: 'pw',
        server: 'sandbox',
        protocols: [],
        status: 'NLN',
        remember: true,
        extra: 1,
      },
    ],
    [
      {
        email: 'not-an-address',
        password: 'pw',
        server: 'sandbox',
        protocols: [],
        status: 'NLN',
        remember: true,
      },
    ],
    [
      {
        email: 'me@example.com',
        password: 'pw',
        server: 'sandbox',
        protocols: [],
        status: 'FLN',
        remember: true,
      },
    ],
    [
      {
        email: 'me@example.com',
        password: 'pw',
        server: 'sandbox',
        protocols: ['HTTP'],
        status: 'NLN',
        remember: true,
      },
    ],
    [
      {
        email: 'me@example.com',
        password: 'pw',
        server: 'sandbox',
        protocols: [],
        status: 'NLN',
        remember: 'yes',
      },
    ],
    [
      {
        email: 'me@example.com',
        password: 'x'.repeat(300),
        server: 'sandbox',
        protocols: [],
        status: 'NLN',
        remember: true,
      },
    ],
  ],
  cancelSignIn: [[1]],
  signOut: [[{}]],
  forgetPassword: [[], ['nobody'], [42]],
  updateSettings: [[null], [{ sounds: 'on' }], [{ theme: 'dark' }], [{ protocols: 'MSNP5' }]],
  addServer: [[], [12], ['x'.repeat(400)]],
  setStatus: [['FLN'], ['IDL'], ['online'], []],
  setNickname: [[''], ['   '], [5], ['x'.repeat(500)]],
  addContact: [['no at sign'], [null], ['a@b', 'c@d']],
  removeContact: [[{}]],
  block: [[['a@example.com']]],
  unblock: [['']],
  answerAdded: [
    [{ email: 'fan@example.com', allow: true }],
    [{ email: 'fan@example.com', allow: 1, addToList: false }],
    [{ email: 'fan@example.com', allow: true, addToList: false, list: 'FL' }],
  ],
  setAllOthers: [['FL'], [true]],
  setAlertOnAdd: [['A'], [1]],
  openInbox: [['now']],
  openExternal: [
    ['javascript:alert(1)'],
    ['file:///etc/passwd'],
    ['not a url'],
    ['ftp://example.com/'],
    [{ href: 'https://example.com' }],
  ],
  openWindow: [
    [{ kind: 'settings' }],
    [{ kind: 'dialog', dialog: 'format-disk' }],
    [{ kind: 'conversation', id: '../../x' }],
    [{ kind: 'contactList', extra: true }],
    ['contactList'],
  ],
  openConversation: [
    [[]],
    [['me@example.com', 'oops']],
    ['me@example.com'],
    [Array.from({ length: 17 }, (_, i) => `p${i}@example.com`)],
  ],
  toastClicked: [['t 1'], [1], ['x'.repeat(65)]],
  dismissToast: [[null]],
};

describe('validateCall', () => {
  for (const method of METHOD_NAMES) {
    it(`lets good arguments of ${method} through`, () => {
      const good = GOOD[method];
      assert.deepEqual(validateCall(method, good.args), good.out ?? good.args);
    });

    it(`refuses malformed arguments of ${method} with one sentence`, () => {
      for (const args of BAD[method]) {
        assert.throws(
          () => validateCall(method, args),
          (err: unknown) => err instanceof InvalidCallError && SENTENCE.test(err.message),
          `${method}(${JSON.stringify(args).slice(0, 80)}) should be refused`,
        );
      }
    });
  }

  it('refuses methods outside the contract, including subscribe and prototype names', () => {
    for (const name of ['subscribe', 'constructor', '__proto__', 'toString', 'deleteEverything', 42, null]) {
      assert.equal(isMethodName(name), false);
      assert.throws(() => validateCall(name, []), /There is no such action\./);
    }
  });

  it('refuses arguments that are not a list', () => {
    assert.throws(() => validateCall('getSnapshot', { 0: 'x' }), /The call is malformed\./);
    assert.throws(() => validateCall('setStatus', 'NLN'), /The call is malformed\./);
  });

  it('hands on the canonical form of a web link', () => {
    assert.deepEqual(validateCall('openExternal', ['HTTP://Example.com']), ['http://example.com/']);
  });
});
