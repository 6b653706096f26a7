import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { METHOD_NAMES, type MethodName } from '../../app/contract';
import { InvalidCallError, isMethodName, validateCall } from '../../main/service/validate';

const SENTENCE = /^[A-Z"].*\.$/;
const STYLE = {
  font: 'Arial',
  bold: true,
  italic: false,
  underline: false,
  strikeout: false,
  color: '#000080',
};

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
  updateSettings: {
    args: [
      {
        sounds: false,
        toasts: true,
        protocols: ['MSNP5'],
        emoticons: false,
        font: { ...STYLE, size: 12 },
        strictMode: true,
        keepAliveSeconds: 0,
        signInToasts: false,
        idleAway: true,
        idleMinutes: 15,
        runInBackground: false,
        downloadsFolder: '/home/me/Received',
      },
    ],
  },
  addServer: { args: [' example.com:1863 '], out: ['example.com:1863'] },
  removeServer: { args: [' example.com:1863 '], out: ['example.com:1863'] },
  setStatus: { args: ['BRB'] },
  reportActivity: { args: [90_000.5], out: [90_000] },
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
  sendMessage: {
    args: ['c1', 'hi :)', { ...STYLE, font: ' Comic Sans MS ', color: '#FF0000' }],
    out: ['c1', 'hi :)', { ...STYLE, font: 'Comic Sans MS', color: '#ff0000' }],
  },
  sendTyping: { args: ['c1'] },
  inviteToConversation: { args: ['c1', 'carol@example.com'] },
  leaveConversation: { args: ['c1'] },
  getConversationLines: { args: ['c1', null, 200] },
  saveConversation: { args: ['c1'] },
  offerFile: { args: ['c1', { kind: 'upload', uploadId: 'u3' }] },
  acceptInvitation: { args: ['i1'] },
  declineInvitation: { args: ['i1'] },
  cancelInvitation: { args: ['i1'] },
  chooseDownloadFolder: { args: [] },
  showReceivedFile: { args: ['i1'] },
  openReceivedFolder: { args: [] },
  quit: { args: [] },
  sendEmail: { args: ['friend@example.com'] },
  openService: { args: ['COMPOSE', 'friend@example.com'] },
  findMembers: {
    args: [{ firstName: 'Anna', lastName: 'Smith' }],
    out: [{ firstName: 'Anna', lastName: 'Smith', city: '', state: '', country: '' }],
  },
  sendInvitation: { args: [{ to: 2, message: 'Hi', lcid: '0x0409' }] },
  sendPage: { args: [{ email: 'friend@example.com', text: 'Call me', callback: 'PHH' }] },
  setPhones: { args: [{ PHH: '1 (555) 123', MOB: true }] },
  inspectorQuery: {
    args: [{ command: 'chg', deviationsOnly: true, search: '', offset: 0, limit: 100 }],
    out: [{ command: 'CHG', deviationsOnly: true, offset: 0, limit: 100 }],
  },
  inspectorClear: { args: [] },
  inspectorExport: { args: ['transcript', { connection: 'ns1' }] },
  inspectorSend: { args: [{ connection: 'sb2', line: 'MSG N', payload: 'MIME-Version: 1.0' }] },
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
  updateSettings: [
    [null],
    [{ sounds: 'on' }],
    [{ theme: 'dark' }],
    [{ protocols: 'MSNP5' }],
    [{ emoticons: 1 }],
    [{ strictMode: 'yes' }],
    [{ keepAliveSeconds: 5 }],
    [{ keepAliveSeconds: 30.5 }],
    [{ keepAliveSeconds: 601 }],
    [{ idleMinutes: 0 }],
    [{ downloadsFolder: 'Received' }],
    [{ downloadsFolder: 42 }],
    [{ downloadsFolder: '' }],
    [{ downloadsFolder: `/${'x'.repeat(1000)}` }],
    [{ downloadsFolder: '/home/me/Re\0ceived' }],
    [{ idleMinutes: 100 }],
    [{ idleMinutes: 2.5 }],
    [{ idleAway: 'yes' }],
    [{ font: { ...STYLE, size: 7 } }],
    [{ font: STYLE }],
  ],
  addServer: [[], [12], ['x'.repeat(400)]],
  removeServer: [[], [12], ['x'.repeat(400)], ['a', 'b']],
  setStatus: [['FLN'], ['IDL'], ['online'], []],
  reportActivity: [[-1], [Number.NaN], ['5'], [Infinity], []],
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
  sendMessage: [
    ['c1', 'hi'],
    ['c1', '   ', STYLE],
    ['c1', 'x'.repeat(8001), STYLE],
    ['c1', 'hi', { ...STYLE, color: 'red' }],
    ['c1', 'hi', { ...STYLE, font: 'Evil; EF=B' }],
    ['c1', 'hi', { ...STYLE, bold: 'yes' }],
    ['c1', 'hi', { ...STYLE, script: '<b>' }],
    ['../c1', 'hi', STYLE],
  ],
  sendTyping: [[], ['c 1']],
  inviteToConversation: [['c1'], ['c1', 'nobody']],
  leaveConversation: [[{ id: 'c1' }]],
  getConversationLines: [
    ['c1', 0, 10],
    ['c1', null, 0],
    ['c1', null, 501],
    ['c1', '5', 10],
    ['c1', 1.5, 10],
  ],
  saveConversation: [[]],
  offerFile: [
    ['c1', { kind: 'dropped', file: {} }],
    ['c1', { kind: 'path', path: '' }],
    ['c1', { kind: 'upload', uploadId: '../x' }],
    ['c1', { kind: 'choose', path: '/etc/passwd' }],
    ['c1', '/etc/passwd'],
  ],
  acceptInvitation: [['i 1'], []],
  declineInvitation: [[7]],
  cancelInvitation: [[null]],
  chooseDownloadFolder: [['/tmp']],
  showReceivedFile: [['']],
  openReceivedFolder: [['/tmp']],
  quit: [[true]],
  sendEmail: [['not an address']],
  openService: [['valueOf'], ['COMPOSE', 'not an address'], []],
  findMembers: [
    [{ firstName: 'A' }],
    [{ firstName: 'A', lastName: 'B', country: 'USA' }],
    [{ firstName: 'A', lastName: 'B', x: 1 }],
  ],
  sendInvitation: [
    [{ to: 0, message: '', lcid: '0x0409' }],
    [{ to: 'x@y.z', message: '', lcid: 'en' }],
    [{ to: 'x@y.z', message: 'x'.repeat(1025), lcid: '0x0409' }],
  ],
  sendPage: [[{ email: 'a@b.c', text: 'x', callback: 'MOB' }], [{ email: 'a@b.c', text: 'x' }]],
  setPhones: [[{ PHX: '1' }], [{ MOB: 'Y' }], [{ PHH: 'x'.repeat(96) }]],
  inspectorQuery: [
    [{ offset: -1, limit: 10 }],
    [{ offset: 0, limit: 100_000 }],
    [{ offset: 0, limit: 1, command: 'TOOLONG' }],
    [{ offset: 0, limit: 1, x: 1 }],
  ],
  inspectorClear: [[1]],
  inspectorExport: [['html', {}], ['jsonl'], ['jsonl', { connection: '../x' }]],
  inspectorSend: [
    [{ connection: 'ns1', line: 'PNG\r\nOUT' }],
    [{ connection: 'ns1' }],
    [{ connection: 'ns1', line: 'PNG', extra: 1 }],
  ],
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
