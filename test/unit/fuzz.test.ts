// Seeded fuzzing of everything that reads network input. Every iteration has its own seed, printed on
// failure; FUZZ_SEED=<n> FUZZ_ITERATIONS=1 reruns exactly that input.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Framer } from '../../main/msnp/framing';
import { ProtocolError } from '../../main/msnp/errors';
import { parseCommand, serializeCommand } from '../../main/msnp/command';
import { decodeName, encodeName } from '../../main/msnp/names';
import { MAX_HEADER_VALUE, parseMime, serializeMime } from '../../app/mime';
import { parseHotmailMessage } from '../../main/msnp/hotmail';
import { parseNotification } from '../../main/msnp/alerts';
import { prng } from './prng';

const BASE_SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_b77f);
const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 0);
const iterations = (n: number): number => (ITERATIONS > 0 ? ITERATIONS : n);


class Gen {
  constructor(readonly rnd: () => number) {}
  int(n: number): number {
    return Math.floor(this.rnd() * n);
  }
  chance(p: number): boolean {
    return this.rnd() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  bytes(n: number): Buffer {
    return Buffer.from(Array.from({ length: n }, () => this.int(256)));
  }
  /** Text mixing ASCII, markup, escapes, multi-byte characters, lone surrogates and control characters. */
  text(n: number): string {
    const atoms = [
      'a',
      'Z',
      '0',
      ' ',
      '  ',
      '%',
      '%2',
      '%zz',
      '%20',
      '%E2%82',
      '%C3%A9',
      ':',
      ';',
      '=',
      '?',
      '"',
      '<',
      '>',
      '&',
      '&amp;',
      '&#x',
      '&#0;',
      '\r',
      '\n',
      '\r\n',
      '\t',
      '\0',
      'é',
      '日本',
      '😀',
      '\uD800',
      '\uDFFF',
      '\uFFFD',
      '=?utf-8?Q?',
      '=?"us-ascii"?B?',
      '?=',
    ];
    let out = '';
    for (let i = 0; i < n; i += 1) out += this.pick(atoms);
    return out;
  }
  /** A mutated copy: truncated, with bytes or text spliced in, or repeated. */
  mutate(text: string): string {
    let out = text;
    const edits = 1 + this.int(3);
    for (let i = 0; i < edits; i += 1) {
      const at = this.int(out.length + 1);
      switch (this.int(5)) {
        case 0:
          out = out.slice(0, at);
          break;
        case 1:
          out = out.slice(0, at) + this.text(1 + this.int(6)) + out.slice(at);
          break;
        case 2:
          out = out.slice(0, at) + out.slice(at + 1 + this.int(20));
          break;
        case 3:
          out = out.slice(0, at) + out.slice(at, at + 40).repeat(2 + this.int(4)) + out.slice(at);
          break;
        default:
          out = out.slice(0, at) + this.pick(['\r\n', '\n', '\r\n\r\n', ' ', '']) + out.slice(at);
      }
    }
    return out;
  }
}

function each(name: string, count: number, body: (g: Gen, seed: number) => void): void {
  for (let i = 0; i < iterations(count); i += 1) {
    const seed = (BASE_SEED + i) >>> 0;
    try {
      body(new Gen(prng(seed)), seed);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      assert.fail(`${name}: FUZZ_SEED=${seed} FUZZ_ITERATIONS=1 fails: ${message}`);
    }
  }
}

// --- Framer -------------------------------------------------------------------------------------

const LINES = [
  'VER 1 MSNP5 MSNP4 CVR0',
  'CHG 9 NLN',
  'NLN BSY a@b.c caf%C3%A9',
  'FLN a@b.c',
  'LST 8 BL 6 0 0',
  '911 7',
  'QNG',
  'OUT OTH',
  'BPR 6 a@b.c PHW',
  'ILN 9 NLN a@b.c Zo%C3%AB',
  'RNG 1 10.0.0.5:1863 CKI 1.2 a@b.c a',
];
const PAYLOADS = [
  'MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsprofile\r\nLoginTime: 1\r\n\r\n',
  '<NOTIFICATION id="1"><MSG><BODY><TEXT>Café ☕</TEXT></BODY></MSG></NOTIFICATION>',
  '',
  '\r\n',
  'NOT 5\r\nQNG\r\n',
  '日本語😀',
];

function randomStream(g: Gen): Buffer {
  const parts: Buffer[] = [];
  const pieces = 1 + g.int(12);
  for (let i = 0; i < pieces; i += 1) {
    const eol = g.chance(0.1) ? '\n' : '\r\n';
    switch (g.int(9)) {
      case 0:
      case 1:
      case 2:
        parts.push(Buffer.from(g.pick(LINES) + eol));
        break;
      case 3:
      case 4: {
        const body = Buffer.from(g.pick(PAYLOADS));
        const head = g.pick(['MSG Hotmail Hotmail', 'NOT', 'MSG a@b.c a%20b', 'IPG']);
        parts.push(Buffer.from(`${head} ${body.length}${eol}`), body);
        break;
      }
      case 5: {
        // A declared length that lies: too short, too long, garbage, huge.
        const body = Buffer.from(g.pick(PAYLOADS));
        const length = g.pick([
          String(Math.max(0, body.length - 1 - g.int(5))),
          String(body.length + 1 + g.int(5)),
          'x',
          '-1',
          '99999999999',
          String(1 << 20),
          '',
        ]);
        parts.push(Buffer.from(`MSG Hotmail Hotmail ${length}${eol}`), body);
        break;
      }
      case 6:
        parts.push(g.bytes(g.int(40)));
        break;
      case 7:
        parts.push(Buffer.from(g.mutate(g.pick(LINES)) + eol));
        break;
      default:
        // Long lines around the cap, multi-byte so bytes and characters differ.
        parts.push(Buffer.from(g.pick(['A', 'é', '😀']).repeat(40 + g.int(60)) + (g.chance(0.8) ? eol : '')));
    }
  }
  return Buffer.concat(parts);
}

type Seen = string;

function frame(bytes: Buffer, cuts: number[]): { events: Seen[]; pending: number } {
  const events: Seen[] = [];
  let fatal = false;
  const f = new Framer(
    { from: 'server', maxLine: 200, maxPayload: 300 },
    {
      command: (cmd) => {
        assert.equal(fatal, false, 'no command after a fatal error');
        const declared = cmd.args[cmd.args.length - 1];
        if (cmd.payload)
          assert.equal(String(cmd.payload.length), declared, 'payload length is the declared length');
        events.push(`C ${cmd.raw} ${cmd.payload?.toString('hex') ?? '-'}`);
      },
      warning: (code) => {
        assert.equal(fatal, false, 'no warning after a fatal error');
        events.push(`W ${code}`);
      },
      fatal: (err) => {
        assert.ok(err instanceof ProtocolError, 'fatal errors are ProtocolErrors');
        assert.equal(fatal, false, 'one fatal error at most');
        fatal = true;
        events.push(`F ${err.message}`);
      },
    },
  );
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    f.push(bytes.subarray(from, cut));
    from = cut;
  }
  if (fatal) assert.equal(f.pendingBytes, 0, 'nothing is kept after a fatal error');
  return { events, pending: f.pendingBytes };
}

function randomCuts(g: Gen, length: number): number[] {
  const cuts = new Set<number>();
  const n = g.int(8);
  for (let i = 0; i < n; i += 1) cuts.add(1 + g.int(Math.max(1, length - 1)));
  return [...cuts].filter((c) => c < length).sort((a, b) => a - b);
}

describe('fuzz: Framer', () => {
  it('never throws, and frames a stream the same however it is cut into chunks', () => {
    each('framer', 3000, (g) => {
      const bytes = randomStream(g);
      const whole = frame(bytes, []);
      assert.deepEqual(frame(bytes, randomCuts(g, bytes.length)), whole);
      if (bytes.length <= 400) {
        assert.deepEqual(
          frame(
            bytes,
            Array.from({ length: Math.max(0, bytes.length - 1) }, (_, i) => i + 1),
          ),
          whole,
        );
      }
    });
  });

  it('never throws on random bytes and ends each stream in commands, warnings or one protocol error', () => {
    each('framer-bytes', 1500, (g) => {
      const bytes = g.bytes(g.int(600));
      const whole = frame(bytes, []);
      assert.deepEqual(frame(bytes, randomCuts(g, bytes.length)), whole);
    });
  });
});

// --- Command codec and names ---------------------------------------------------------------------

describe('fuzz: parseCommand', () => {
  it('never throws, yields no empty or spaced fields, and reads back what it would write', () => {
    each('parseCommand', 5000, (g) => {
      const line = g.chance(0.5) ? g.mutate(g.pick(LINES)) : g.text(g.int(30));
      const from = g.chance(0.5) ? 'server' : 'client';
      const cmd = parseCommand(line, from);
      assert.equal(typeof cmd.name, 'string');
      assert.ok(cmd.trId === null || (Number.isInteger(cmd.trId) && cmd.trId >= 0));
      for (const arg of [cmd.name, ...cmd.args]) assert.ok(!arg.includes(' '));
      assert.ok(cmd.args.every((a) => a !== ''));
      let written: string;
      try {
        written = serializeCommand(cmd.name, cmd.trId, cmd.args);
      } catch (err) {
        assert.ok(err instanceof TypeError, 'serializeCommand refuses with a TypeError');
        return;
      }
      const again = parseCommand(written.slice(0, -2), from);
      assert.deepEqual([again.name, again.trId, again.args], [cmd.name, cmd.trId, cmd.args]);
    });
  });
});

const WELL_FORMED = /^(?:[^\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/;

describe('fuzz: names', () => {
  it('never throws decoding, and what it decodes survives an encode and decode unchanged', () => {
    each('decodeName', 5000, (g) => {
      const field = g.chance(0.3)
        ? encodeName(g.text(g.int(12)))
        : g.text(g.int(16)).replace(/[ \r\n\t]/g, '');
      const decoded = decodeName(field);
      assert.equal(typeof decoded.value, 'string');
      if (!decoded.warning) assert.ok(WELL_FORMED.test(decoded.value) || !WELL_FORMED.test(field));
      if (WELL_FORMED.test(decoded.value)) {
        const encoded = encodeName(decoded.value);
        assert.ok(!/[\s]/.test(encoded), 'an encoded name has no whitespace');
        assert.equal(decodeName(encoded).value, decoded.value.replace(/[\r\n\t]+/g, ' '));
      }
    });
  });
});

// --- Message parsers ----------------------------------------------------------------------------

const MIME_SAMPLES = [
  'MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsinitialemailnotification; charset=UTF-8\r\n\r\nInbox-Unread: 1\r\nFolders-Unread: 0\r\nInbox-URL: /cgi-bin/HoTMaiL\r\n\r\n',
  'MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsemailnotification; charset=UTF-8\r\n\r\nFrom: Example User\r\nSubject: =?"us-ascii"?Q?Just saying hello.?=\r\nDest-Folder: ACTIVE\r\nFrom-Addr: example@hotmail.com\r\n\r\n',
  'MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsprofile; charset=UTF-8\r\nLoginTime: 1726321960\r\n\r\n',
  'MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsactivemailnotification; charset=UTF-8\r\n\r\nSrc-Folder: ACTIVE\r\nDest-Folder: ACTIVE\r\nMessage-Delta: 1\r\n\r\n',
  'MIME-Version: 1.0\r\nContent-Type: application/x-msmsgssystemmessage\r\n\r\nType: 1\r\nArg1: 5\r\n\r\n',
  'Content-Type: application/x-msmsgsemailnotification\r\n\r\nFrom: =?utf-8?B?w6k=?= =?iso-8859-1?Q?caf=E9?=\r\n\r\n',
];

describe('fuzz: parseMime', () => {
  it('never throws, caps every value, and keeps its header lists consistent', () => {
    each('parseMime', 4000, (g) => {
      const text = g.chance(0.8) ? g.mutate(g.pick(MIME_SAMPLES)) : g.text(g.int(80));
      const long = g.chance(0.05) ? `Subject: ${'x'.repeat(MAX_HEADER_VALUE + g.int(100))}\r\n` : '';
      const m = parseMime(long + text);
      assert.equal(m.headerOrder.length, m.headers.size);
      for (const [key, value] of m.headers) {
        assert.equal(key, key.toLowerCase());
        assert.ok(value.length <= MAX_HEADER_VALUE);
      }
      assert.ok(m.warnings.every((w) => typeof w === 'string' && w.length > 0));
      const entries = m.headerOrder.map(
        (name) => [name, m.headers.get(name.toLowerCase())!] as [string, string],
      );
      const back = parseMime(serializeMime(entries, m.body));
      assert.deepEqual([...back.headers], [...m.headers]);
    });
  });
});

describe('fuzz: parseHotmailMessage', () => {
  it('never throws on mutated or random payloads, and its numbers are never garbage', () => {
    each('parseHotmailMessage', 4000, (g) => {
      const payload = g.chance(0.85) ? Buffer.from(g.mutate(g.pick(MIME_SAMPLES))) : g.bytes(g.int(200));
      const { message, warnings } = parseHotmailMessage(payload, 0);
      assert.ok(
        ['profile', 'initialMail', 'newMail', 'mailActivity', 'system', 'unknown'].includes(message.kind),
      );
      const numbers =
        message.kind === 'initialMail'
          ? [message.inboxUnread, message.foldersUnread]
          : message.kind === 'mailActivity'
            ? [message.delta]
            : message.kind === 'system'
              ? [message.type]
              : [];
      for (const n of numbers) assert.ok(Number.isSafeInteger(n) && n >= 0);
      if (message.kind === 'newMail')
        assert.ok(!/[\r\n\0]/.test(message.notice.subject), 'a subject is one line');
      assert.ok(warnings.every((w) => typeof w === 'string'));
    });
  });
});

const XML_SAMPLES = [
  '<NOTIFICATION ver="1" id="2" siteid="0" siteurl="http://example.com/"><TO pid="0x00000001:0x00000002" name="example@hotmail.com" /><MSG id="0"><ACTION url="alert?command=action" /><SUBSCR url="alert?command=change" /><BODY lang="1033" icon="alerticon_32x32.png"><TEXT>This is an example notification.</TEXT></BODY></MSG></NOTIFICATION>',
  '<NOTIFICATION id="2" siteid="45705" siteurl="http://contacts.msn.com/"><TO pid="0x1:0x2"><VIA agent="messenger"/></TO><MSG id="0"><ACTION url="a.htm" /><SUBSCR url="s.htm" /><BODY>&lt;NotificationData&gt;&lt;CID&gt;4294967298&lt;/CID&gt;&lt;/NotificationData&gt;</BODY></MSG></NOTIFICATION>',
  '<NOTIFICATION id="7" siteurl="http://127.0.0.1/"><MSG id="3"><ACTION url="go?x=1&amp;y=2" /><BODY><TEXT>Stocks &amp; shares &#x1F600; <![CDATA[<b>]]></TEXT><TEXTX>&lt;P&gt;x&lt;/P&gt;</TEXTX></BODY></MSG></NOTIFICATION>',
];

describe('fuzz: parseNotification', () => {
  it('never throws, and gives either an alert with only http(s) links or a one-sentence error', () => {
    each('parseNotification', 2500, (g) => {
      let xml = g.chance(0.9) ? g.mutate(g.pick(XML_SAMPLES)) : g.text(g.int(100));
      if (g.chance(0.03)) xml = '<a>'.repeat(200 + g.int(2000)) + xml;
      const result = parseNotification(xml, { now: 0, maxBytes: g.chance(0.1) ? 64 : undefined });
      if ('alert' in result) {
        const a = result.alert;
        assert.ok(a.text.length > 0);
        for (const url of [a.actionUrl, a.subscriptionUrl, a.siteUrl, a.icon ?? ''])
          assert.ok(url === '' || /^https?:\/\//.test(url), url);
      } else {
        assert.match(result.error, /^The alert [^\n]*\.$/);
      }
    });
  });
});
