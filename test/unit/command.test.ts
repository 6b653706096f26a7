import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  encodeCommand,
  isErrorReply,
  parseCommand,
  payloadLengthOf,
  serializeCommand,
  type Direction,
} from '../../main/msnp/command';

interface Case {
  line: string;
  from?: Direction;
  name: string;
  trId: number | null;
  args: string[];
  why: string;
}

const CASES: Case[] = [
  {
    line: 'VER 1 MSNP5 MSNP4 CVR0',
    name: 'VER',
    trId: 1,
    args: ['MSNP5', 'MSNP4', 'CVR0'],
    why: 'an ordinary reply',
  },
  {
    line: 'NLN NLN anotheruser@hotmail.com another%20user',
    name: 'NLN',
    trId: null,
    args: ['NLN', 'anotheruser@hotmail.com', 'another%20user'],
    why: 'NLN has no TrID',
  },
  {
    line: 'FLN anotheruser@hotmail.com',
    name: 'FLN',
    trId: null,
    args: ['anotheruser@hotmail.com'],
    why: 'FLN has no TrID',
  },
  {
    line: 'BPR 6 anotheruser@hotmail.com PHH 1%20(222)%203333',
    name: 'BPR',
    trId: null,
    args: ['6', 'anotheruser@hotmail.com', 'PHH', '1%20(222)%203333'],
    why: "BPR's number is a list version, not a TrID",
  },
  {
    line: 'BPR 6 anotheruser@hotmail.com PHW',
    name: 'BPR',
    trId: null,
    args: ['6', 'anotheruser@hotmail.com', 'PHW'],
    why: 'BPR with no value',
  },
  {
    line: 'RNG 11752013 10.0.0.5:1863 CKI 849102291.520491932 anotheruser@hotmail.com another%20user',
    name: 'RNG',
    trId: null,
    args: [
      '11752013',
      '10.0.0.5:1863',
      'CKI',
      '849102291.520491932',
      'anotheruser@hotmail.com',
      'another%20user',
    ],
    why: "RNG's number is a session id",
  },
  { line: 'NOT 367', name: 'NOT', trId: null, args: ['367'], why: "NOT's number is its payload length" },
  { line: 'QNG', name: 'QNG', trId: null, args: [], why: 'QNG alone' },
  { line: 'QNG 50', name: 'QNG', trId: null, args: ['50'], why: "QNG with a later dialect's interval" },
  {
    line: 'MSG Hotmail Hotmail 95',
    name: 'MSG',
    trId: null,
    args: ['Hotmail', 'Hotmail', '95'],
    why: 'a server MSG',
  },
  {
    line: 'MSG 5 5 95',
    name: 'MSG',
    trId: null,
    args: ['5', '5', '95'],
    why: 'a server MSG whose sender looks like a number',
  },
  {
    line: 'JOI anotheruser@hotmail.com another%20user',
    name: 'JOI',
    trId: null,
    args: ['anotheruser@hotmail.com', 'another%20user'],
    why: 'JOI has no TrID',
  },
  {
    line: 'BYE anotheruser@hotmail.com',
    name: 'BYE',
    trId: null,
    args: ['anotheruser@hotmail.com'],
    why: 'BYE has no TrID',
  },
  { line: 'OUT OTH', name: 'OUT', trId: null, args: ['OTH'], why: 'OUT with a reason' },
  { line: 'OUT', name: 'OUT', trId: null, args: [], why: 'OUT alone' },
  {
    line: 'ADD 0 RL 7 anotheruser@hotmail.com another%20user',
    name: 'ADD',
    trId: 0,
    args: ['RL', '7', 'anotheruser@hotmail.com', 'another%20user'],
    why: 'TrID 0 for a server-initiated change',
  },
  { line: '911 7', name: '911', trId: 7, args: [], why: 'a numeric error' },
  {
    line: '215 12 trailing fields here',
    name: '215',
    trId: 12,
    args: ['trailing', 'fields', 'here'],
    why: 'a numeric error with trailing fields',
  },
  { line: '500', name: '500', trId: null, args: [], why: 'a numeric error without a TrID' },
  { line: 'LST 8 BL 6 0 0', name: 'LST', trId: 8, args: ['BL', '6', '0', '0'], why: 'an empty list' },
  { line: 'CHG  9   NLN ', name: 'CHG', trId: 9, args: ['NLN'], why: 'doubled and trailing spaces' },
  { line: '  CHG 9 NLN', name: 'CHG', trId: 9, args: ['NLN'], why: 'leading spaces' },
  { line: 'SYN 8', name: 'SYN', trId: 8, args: [], why: 'a TrID and nothing after it' },
  {
    line: 'XFR NS 10.0.0.5:1863',
    name: 'XFR',
    trId: null,
    args: ['NS', '10.0.0.5:1863'],
    why: 'a TrID missing where one belongs',
  },
  {
    line: 'CHG 12345678901 NLN',
    name: 'CHG',
    trId: null,
    args: ['12345678901', 'NLN'],
    why: 'an eleven-digit number is not a TrID',
  },
  {
    line: 'CHG 4294967295 NLN',
    name: 'CHG',
    trId: 4294967295,
    args: ['NLN'],
    why: 'the largest 32-bit TrID',
  },
  {
    line: 'CHG -1 NLN',
    name: 'CHG',
    trId: null,
    args: ['-1', 'NLN'],
    why: 'a negative number is not a TrID',
  },
  {
    line: 'REA 3 a@b.c caf\u00e9',
    name: 'REA',
    trId: 3,
    args: ['a@b.c', 'caf\u00e9'],
    why: 'raw non-ASCII in a field',
  },
  {
    line: 'MSG 1 U 76',
    from: 'client',
    name: 'MSG',
    trId: 1,
    args: ['U', '76'],
    why: 'a client MSG has a TrID',
  },
  { line: 'PNG', from: 'client', name: 'PNG', trId: null, args: [], why: "a client's PNG" },
  { line: 'OUT', from: 'client', name: 'OUT', trId: null, args: [], why: "a client's OUT" },
  {
    line: 'QRY 10 msmsgs@msnmsgr.com 32',
    from: 'client',
    name: 'QRY',
    trId: 10,
    args: ['msmsgs@msnmsgr.com', '32'],
    why: "a client's QRY has a TrID",
  },
  { line: '', name: '', trId: null, args: [], why: 'an empty line' },
  { line: '   ', name: '', trId: null, args: [], why: 'a line of spaces' },
];

describe('parseCommand', () => {
  for (const c of CASES) {
    it(`reads ${JSON.stringify(c.line)} (${c.why})`, () => {
      const cmd = parseCommand(c.line, c.from);
      assert.equal(cmd.name, c.name);
      assert.equal(cmd.trId, c.trId);
      assert.deepEqual(cmd.args, c.args);
      assert.equal(cmd.raw, c.line);
    });
  }

  it('reads a command the same from either side when its name is not special to that side', () => {
    for (const line of ['CHG 3 NLN', 'USR 6 MD5 S prefix', '911 2']) {
      const server = parseCommand(line, 'server');
      const client = parseCommand(line, 'client');
      assert.deepEqual([client.name, client.trId, client.args], [server.name, server.trId, server.args]);
    }
  });

  it('tells numeric errors from other replies', () => {
    assert.equal(isErrorReply(parseCommand('911 7')), true);
    assert.equal(isErrorReply(parseCommand('200 1')), true);
    assert.equal(isErrorReply(parseCommand('CHG 1 NLN')), false);
    assert.equal(isErrorReply(parseCommand('9110 1')), false);
    assert.equal(isErrorReply(parseCommand('')), false);
  });
});

describe('payloadLengthOf', () => {
  it('finds the payload length of the commands that carry one, on each side', () => {
    assert.equal(payloadLengthOf(parseCommand('MSG Hotmail Hotmail 95'), 'server'), 95);
    assert.equal(payloadLengthOf(parseCommand('NOT 367'), 'server'), 367);
    assert.equal(payloadLengthOf(parseCommand('MSG 1 U 76', 'client'), 'client'), 76);
    assert.equal(payloadLengthOf(parseCommand('PAG 2 a@b.c 10', 'client'), 'client'), 10);
    assert.equal(payloadLengthOf(parseCommand('QRY 10 msmsgs@msnmsgr.com 32', 'client'), 'client'), 32);
    assert.equal(payloadLengthOf(parseCommand('MSG Hotmail Hotmail 0'), 'server'), 0);
  });

  it('says no payload for everything else, including a PAG from the server', () => {
    assert.equal(payloadLengthOf(parseCommand('CHG 1 NLN'), 'server'), null);
    assert.equal(payloadLengthOf(parseCommand('PAG 2 a@b.c 10'), 'server'), null);
    assert.equal(payloadLengthOf(parseCommand('NOT 5', 'client'), 'client'), null);
  });

  it('gives NaN for a missing or garbage length', () => {
    for (const line of [
      'MSG Hotmail Hotmail abc',
      'MSG',
      'NOT',
      'NOT -5',
      'NOT 1.5',
      'NOT 12345678901',
      'NOT 0x10',
    ]) {
      assert.ok(Number.isNaN(payloadLengthOf(parseCommand(line), 'server')), line);
    }
  });
});

describe('serializeCommand', () => {
  it('writes name, TrID and fields with CRLF, and no TrID when it is null', () => {
    assert.equal(serializeCommand('CHG', 9, ['NLN']), 'CHG 9 NLN\r\n');
    assert.equal(serializeCommand('OUT', null), 'OUT\r\n');
    assert.equal(serializeCommand('SYN', 0, ['5']), 'SYN 0 5\r\n');
  });

  it('refuses a field with a space, CR, LF, tab or NUL, and an empty field', () => {
    for (const bad of ['a b', 'a\r', 'a\nOUT', 'a\tb', 'a\0b', '', ' ']) {
      assert.throws(() => serializeCommand('REA', 1, ['a@b.c', bad]), TypeError, JSON.stringify(bad));
    }
  });

  it('refuses a name that is not three capitals or digits', () => {
    for (const bad of ['chg', 'CH', 'CHGX', 'C G', '', 'CH\r'])
      assert.throws(() => serializeCommand(bad, 1), TypeError, bad);
  });

  it('refuses a TrID that is not a whole number from 0 to 2^32-1', () => {
    for (const bad of [Number.NaN, -1, 1.5, Infinity, 2 ** 32])
      assert.throws(() => serializeCommand('CHG', bad, ['NLN']), TypeError, String(bad));
  });

  it('writes what parseCommand reads back', () => {
    const line = serializeCommand('ADD', 10, ['AL', 'a@b.c', 'a%20b']).slice(0, -2);
    const cmd = parseCommand(line);
    assert.deepEqual([cmd.name, cmd.trId, cmd.args], ['ADD', 10, ['AL', 'a@b.c', 'a%20b']]);
  });
});

describe('encodeCommand', () => {
  it('appends the UTF-8 byte length of the payload, not its character count', () => {
    const payload =
      'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nh\u00e9llo \u{1F600}';
    const bytes = encodeCommand('MSG', 1, ['U'], payload);
    const length = Buffer.byteLength(payload, 'utf8');
    assert.notEqual(length, payload.length);
    assert.equal(bytes.toString('utf8'), `MSG 1 U ${length}\r\n${payload}`);
  });

  it('sends a Buffer payload byte for byte and an empty one as length 0', () => {
    const raw = Buffer.from([0xff, 0x00, 0x0d, 0x0a]);
    assert.deepEqual(encodeCommand('MSG', 2, ['N'], raw), Buffer.concat([Buffer.from('MSG 2 N 4\r\n'), raw]));
    assert.equal(encodeCommand('MSG', 3, ['U'], '').toString(), 'MSG 3 U 0\r\n');
  });

  it('encodes a command without a payload as its line alone', () => {
    assert.equal(encodeCommand('CHG', 4, ['NLN']).toString(), 'CHG 4 NLN\r\n');
  });

  it('checks the fields before any bytes are made', () => {
    assert.throws(() => encodeCommand('MSG', 1, ['U x'], 'payload'), TypeError);
  });
});
