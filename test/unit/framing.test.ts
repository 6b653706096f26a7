import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Framer, type FramerOptions } from '../../main/msnp/framing';
import { ProtocolError } from '../../main/msnp/errors';

type Event =
  | { type: 'command'; name: string; trId: number | null; args: string[]; payload?: string }
  | { type: 'warning'; code: string }
  | { type: 'fatal'; message: string };

function framer(options: Partial<FramerOptions> = {}): { f: Framer; events: Event[] } {
  const events: Event[] = [];
  const f = new Framer(
    { from: 'server', ...options },
    {
      command: (cmd) => {
        const e: Event = { type: 'command', name: cmd.name, trId: cmd.trId, args: [...cmd.args] };
        if (cmd.payload) e.payload = cmd.payload.toString('hex');
        events.push(e);
      },
      warning: (code) => events.push({ type: 'warning', code }),
      fatal: (err) => {
        assert.ok(err instanceof ProtocolError, 'a fatal error is a ProtocolError');
        events.push({ type: 'fatal', message: err.message });
      },
    },
  );
  return { f, events };
}

function run(bytes: Buffer, cuts: number[], options?: Partial<FramerOptions>): Event[] {
  const { f, events } = framer(options);
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    f.push(bytes.subarray(from, cut));
    from = cut;
  }
  return events;
}

const hex = (text: string): string => Buffer.from(text, 'utf8').toString('hex');

const MAIL =
  'MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsemailnotification; charset=UTF-8\r\n\r\n' +
  'From: Zo\u00eb \u65e5\u672c \u{1F98B}\r\nSubject: =?utf-8?Q?caf=C3=A9?=\r\nNOT 5\r\nFLN x@y.z\r\n\r\n';
const ALERT =
  '<NOTIFICATION id="2" siteurl="http://example.com/"><MSG id="0"><BODY><TEXT>Caf\u00e9 \u2615 \u{1F600}</TEXT></BODY></MSG></NOTIFICATION>';
const TRANSCRIPT = Buffer.from(
  'VER 1 MSNP5 MSNP4 CVR0\r\n' +
    'USR 7 OK example@hotmail.com Zo%C3%AB\r\n' +
    `MSG Hotmail Hotmail ${Buffer.byteLength(MAIL)}\r\n${MAIL}` +
    `NOT ${Buffer.byteLength(ALERT)}\r\n${ALERT}` +
    'NLN NLN a@b.c caf\u00e9\r\n' +
    'MSG Hotmail Hotmail 0\r\n' +
    'QNG\r\n',
  'utf8',
);
const EXPECTED: Event[] = [
  { type: 'command', name: 'VER', trId: 1, args: ['MSNP5', 'MSNP4', 'CVR0'] },
  { type: 'command', name: 'USR', trId: 7, args: ['OK', 'example@hotmail.com', 'Zo%C3%AB'] },
  {
    type: 'command',
    name: 'MSG',
    trId: null,
    args: ['Hotmail', 'Hotmail', String(Buffer.byteLength(MAIL))],
    payload: hex(MAIL),
  },
  { type: 'command', name: 'NOT', trId: null, args: [String(Buffer.byteLength(ALERT))], payload: hex(ALERT) },
  { type: 'command', name: 'NLN', trId: null, args: ['NLN', 'a@b.c', 'caf\u00e9'] },
  { type: 'command', name: 'MSG', trId: null, args: ['Hotmail', 'Hotmail', '0'], payload: '' },
  { type: 'command', name: 'QNG', trId: null, args: [] },
];

describe('Framer', () => {
  it('delivers every command and payload of a transcript, payloads cut by byte length', () => {
    assert.deepEqual(run(TRANSCRIPT, []), EXPECTED);
  });

  it('gives the same commands when the transcript is split at every possible byte boundary', () => {
    for (let cut = 1; cut < TRANSCRIPT.length; cut += 1) {
      assert.deepEqual(run(TRANSCRIPT, [cut]), EXPECTED, `split at byte ${cut}`);
    }
  });

  it('gives the same commands when the transcript arrives one byte at a time', () => {
    const cuts = Array.from({ length: TRANSCRIPT.length - 1 }, (_, i) => i + 1);
    assert.deepEqual(run(TRANSCRIPT, cuts), EXPECTED);
  });

  it('gives the same commands when split at both ends of every multi-byte character', () => {
    for (let i = 0; i < TRANSCRIPT.length; i += 1) {
      if (TRANSCRIPT[i]! < 0x80) continue;
      assert.deepEqual(run(TRANSCRIPT, [i, i + 1]), EXPECTED, `split around byte ${i}`);
    }
  });

  it('reads a payload followed by the next command in the same chunk', () => {
    const events = run(Buffer.from('MSG Hotmail Hotmail 3\r\nabcCHG 4 NLN\r\n'), []);
    assert.deepEqual(events, [
      { type: 'command', name: 'MSG', trId: null, args: ['Hotmail', 'Hotmail', '3'], payload: hex('abc') },
      { type: 'command', name: 'CHG', trId: 4, args: ['NLN'] },
    ]);
  });

  it('warns once about LF-only line ends and still reads every line', () => {
    const events = run(Buffer.from('VER 1 MSNP5\nCHG 2 NLN\nSYN 3 5\r\nQNG\n'), [5, 14]);
    assert.deepEqual(
      events.filter((e) => e.type === 'warning'),
      [{ type: 'warning', code: 'lf-line-ending' }],
    );
    assert.deepEqual(
      events.filter((e) => e.type === 'command').map((e) => e.type === 'command' && e.name),
      ['VER', 'CHG', 'SYN', 'QNG'],
    );
  });

  it('warns about an empty line and about a line that is not UTF-8, and goes on', () => {
    const bytes = Buffer.concat([
      Buffer.from('\r\nNLN NLN a@b.c '),
      Buffer.from([0xff, 0xc3]),
      Buffer.from('\r\nQNG\r\n'),
    ]);
    const events = run(bytes, []);
    assert.deepEqual(
      events.map((e) => (e.type === 'command' ? e.name : e.type === 'warning' ? e.code : 'fatal')),
      ['empty-line', 'invalid-utf8', 'NLN', 'QNG'],
    );
  });

  it('cuts a payload by bytes even when an earlier line in the same chunk was not valid UTF-8', () => {
    for (const bad of [[0xff], [0xe2, 0x82], [0xc3], [0xf0, 0x9f, 0x98]]) {
      const bytes = Buffer.concat([
        Buffer.from('NLN NLN a@b.c '),
        Buffer.from(bad),
        Buffer.from('\r\nMSG Hotmail Hotmail 4\r\nab\u00e9QNG\r\nNOT 2\r\n\r\nCHG 1 NLN\r\n'),
      ]);
      const expected = [
        { type: 'warning', code: 'invalid-utf8' },
        {
          type: 'command',
          name: 'NLN',
          trId: null,
          args: ['NLN', 'a@b.c', Buffer.from(bad).toString('utf8')],
        },
        {
          type: 'command',
          name: 'MSG',
          trId: null,
          args: ['Hotmail', 'Hotmail', '4'],
          payload: hex('ab\u00e9'),
        },
        { type: 'command', name: 'QNG', trId: null, args: [] },
        { type: 'command', name: 'NOT', trId: null, args: ['2'], payload: hex('\r\n') },
        { type: 'command', name: 'CHG', trId: 1, args: ['NLN'] },
      ];
      assert.deepEqual(run(bytes, []), expected, Buffer.from(bad).toString('hex'));
      for (let cut = 1; cut < bytes.length; cut += 1)
        assert.deepEqual(run(bytes, [cut]), expected, `split at ${cut}`);
    }
  });

  it('cuts a payload that ends inside a four-byte character at its declared length, not at the character', () => {
    // The length is one byte short of the emoji; the stray last byte starts the next line.
    const bytes = Buffer.from('MSG Hotmail Hotmail 9\r\n\u65e5\u672c\u{1F600}9 x\r\nQNG\r\n');
    const expected: Event[] = [
      {
        type: 'command',
        name: 'MSG',
        trId: null,
        args: ['Hotmail', 'Hotmail', '9'],
        payload: 'e697a5e69cacf09f98',
      },
      { type: 'warning', code: 'invalid-utf8' },
      { type: 'command', name: '\uFFFD9', trId: null, args: ['x'] },
      { type: 'command', name: 'QNG', trId: null, args: [] },
    ];
    assert.deepEqual(run(bytes, []), expected);
    for (let cut = 1; cut < bytes.length; cut += 1)
      assert.deepEqual(run(bytes, [cut]), expected, `split at ${cut}`);
  });

  it('reads what a client sends when framing for the server side, MSG with its TrID', () => {
    const body = 'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nunacknowledged';
    const events = run(Buffer.from(`MSG 1 U ${Buffer.byteLength(body)}\r\n${body}PNG\r\n`), [10], {
      from: 'client',
    });
    assert.deepEqual(events, [
      {
        type: 'command',
        name: 'MSG',
        trId: 1,
        args: ['U', String(Buffer.byteLength(body))],
        payload: hex(body),
      },
      { type: 'command', name: 'PNG', trId: null, args: [] },
    ]);
  });

  it('reports a command waiting for its payload as pending bytes', () => {
    const { f, events } = framer();
    f.push(Buffer.from('MSG Hotmail Hotmail 10\r\nabc'));
    assert.equal(events.length, 0);
    assert.equal(f.waitingForPayload, true);
    assert.ok(f.pendingBytes > 0);
    f.push(Buffer.from('defghij'));
    assert.equal(events.length, 1);
    assert.equal(f.waitingForPayload, false);
    assert.equal(f.pendingBytes, 0);
  });

  it('drops a payload longer than the cap with a protocol error and allocates nothing for it', () => {
    const { f, events } = framer({ maxPayload: 1024 });
    const sizes: number[] = [];
    const originals = {
      alloc: Buffer.alloc,
      allocUnsafe: Buffer.allocUnsafe,
      allocUnsafeSlow: Buffer.allocUnsafeSlow,
    };
    Buffer.alloc = ((size: number, ...rest: never[]) => (
      sizes.push(size),
      originals.alloc(size, ...rest)
    )) as typeof Buffer.alloc;
    Buffer.allocUnsafe = ((size: number) => (
      sizes.push(size),
      originals.allocUnsafe(size)
    )) as typeof Buffer.allocUnsafe;
    Buffer.allocUnsafeSlow = ((size: number) => (
      sizes.push(size),
      originals.allocUnsafeSlow(size)
    )) as typeof Buffer.allocUnsafeSlow;
    try {
      f.push(Buffer.from('MSG Hotmail Hotmail 4000000000\r\nxyz'));
    } finally {
      Object.assign(Buffer, originals);
    }
    assert.deepEqual(events, [
      { type: 'fatal', message: 'MSG declared a payload of 4000000000 bytes, more than the 1024 allowed' },
    ]);
    assert.ok(
      sizes.every((n) => n < 1024),
      `allocated ${Math.max(...sizes)} bytes`,
    );
    assert.equal(f.waitingForPayload, false);
  });

  it('stops with a protocol error on a payload command whose length is not a number', () => {
    for (const line of [
      'MSG Hotmail Hotmail abc',
      'MSG Hotmail Hotmail',
      'NOT',
      'NOT -1',
      'NOT 12345678901',
    ]) {
      const events = run(Buffer.from(`${line}\r\nQNG\r\n`), []);
      assert.equal(events.length, 1, line);
      assert.equal(events[0]!.type, 'fatal', line);
      assert.match((events[0] as { message: string }).message, /valid payload length/);
    }
  });

  it('stops with a protocol error on a line longer than the cap that never ends', () => {
    const { f, events } = framer({ maxLine: 64 });
    f.push(Buffer.from('CHG 1 '));
    f.push(Buffer.alloc(100, 0x41));
    assert.deepEqual(events, [{ type: 'fatal', message: 'the server sent a line longer than 64 bytes' }]);
  });

  it('treats an over-long line the same whether or not its line end arrives in the same chunk', () => {
    for (const [body, ok] of [
      ['A'.repeat(64), true],
      ['A'.repeat(65), false],
      ['\u00e9'.repeat(32), true],
      ['\u00e9'.repeat(33), false],
      ['\u{1F600}'.repeat(16), true],
      ['\u{1F600}'.repeat(16) + 'A', false],
    ] as const) {
      const bytes = Buffer.from(`${body}\r\nQNG\r\n`);
      const whole = run(bytes, [], { maxLine: 64 });
      for (let cut = 1; cut < bytes.length; cut += 1) {
        assert.deepEqual(
          run(bytes, [cut], { maxLine: 64 }),
          whole,
          `${Buffer.byteLength(body)} bytes split at ${cut}`,
        );
      }
      assert.equal(
        whole.some((e) => e.type === 'fatal'),
        !ok,
        `${Buffer.byteLength(body)} bytes`,
      );
    }
  });

  it('ignores everything after a fatal error and keeps nothing buffered', () => {
    const { f, events } = framer();
    f.push(Buffer.from('MSG a b xyz\r\nQNG\r\nleftover'));
    f.push(Buffer.from('CHG 1 NLN\r\n'));
    assert.equal(events.length, 1);
    assert.equal(events[0]!.type, 'fatal');
    assert.equal(f.pendingBytes, 0);
    assert.equal(f.waitingForPayload, false);
  });

  it('keeps the stream intact when a command handler throws', () => {
    const seen: string[] = [];
    let thrown = false;
    const f = new Framer(
      { from: 'server' },
      {
        command: (cmd) => {
          seen.push(cmd.name);
          if (cmd.name === 'CHG' && !thrown) {
            thrown = true;
            throw new Error('listener bug');
          }
        },
        warning: () => {},
        fatal: () => seen.push('fatal'),
      },
    );
    assert.throws(() => f.push(Buffer.from('CHG 1 NLN\r\nSYN 2 5\r\nQN')), /listener bug/);
    f.push(Buffer.from('G\r\n'));
    assert.deepEqual(seen, ['CHG', 'SYN', 'QNG']);
  });
});
