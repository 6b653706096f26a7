// Turns a seed into one fuzz input: the transcript's server lines dropped, duplicated, moved, cut,
// byte-flipped, with lying payload lengths, swapped fields, Object.prototype names, garbage, huge lines and
// stray commands; each connection refused, slow, closed, reset or silent at a random point; and a person who
// cancels, clicks around while signed in, or signs out mid-request.
import { prng } from '../unit/prng';
import {
  ACTIONS,
  type ConnectionPlan,
  type FuzzInput,
  type ServerStep,
  type Step,
  splitStep,
} from './fuzzSessionInput';

export class Gen {
  constructor(readonly rnd: () => number) {}
  int(n: number): number {
    return Math.floor(this.rnd() * n);
  }
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  chance(p: number): boolean {
    return this.rnd() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

export const PROTO_NAMES = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupSetter__',
] as const;

// prettier-ignore
const COMMAND_NAMES = [
  'VER', 'INF', 'USR', 'XFR', 'SYN', 'GTC', 'BLP', 'PRP', 'LST', 'BPR', 'CHG', 'ILN', 'NLN', 'FLN', 'NOT',
  'MSG', 'ADD', 'REM', 'REA', 'RNG', 'OUT', 'QNG', 'URL', 'PNG', 'usr', '', '911', '500', '715', '201',
] as const;

// prettier-ignore
const ERROR_CODES = ['911', '500', '715', '601', '200', '201', '205', '208', '280', '540', '000', '999'] as const;

/** Stray server lines; {tr} becomes a TrID the client may be waiting on. */
const EXTRA_LINES = [
  'OUT OTH',
  'OUT SSD',
  'OUT',
  'QNG',
  'QNG 50',
  'ADD 0 RL 13 white.rabbit@example.com White%20Rabbit',
  'ADD 0 FL 13 cat@example.com Cheshire%20Cat',
  'REM 0 RL 14 alice@example.com',
  'REM 0 FL 14 march.hare@example.com',
  'NLN NLN march.hare@example.com March%20Hare',
  'NLN IDL dormouse@example.com Dormouse',
  'ILN {tr} BSY alice@example.com Alice',
  'FLN nobody@example.com',
  'RNG 11752013 127.0.0.1:1864 CKI 849102291.520491113 march.hare@example.com March%20Hare',
  'RNG 1 127.0.0.1:99999 CKI x',
  'CHG {tr} AWY',
  'CHG {tr} NLN 0',
  'BLP {tr} 13 BL',
  'GTC {tr} 13 N',
  'REA {tr} 13 mad.hatter@example.com New%20Name',
  'SYN {tr} 12',
  'LST {tr} FL 12 3 2 cat@example.com Cheshire',
  'LST {tr} XL 12 1 1 cat@example.com Cheshire',
  'BPR 12 PHH 020',
  'BPR PHH',
  'PRP {tr} 13 XYZ 1',
  'XFR {tr} SB 127.0.0.1:1864 CKI 17262740.1050826919.32308',
  'XFR {tr} NS 127.0.0.1:1863 0',
  'XFR {tr} NS 10.0.0.9:70000 0',
  'URL {tr} /cgi-bin/HoTMaiL https://login.example.com/ppsecure/md5auth.srf?lc=1033 2',
  'VER {tr} MSNP5 MSNP4',
  'VER {tr} 0',
  'INF {tr} CTP',
  'USR {tr} OK mad.hatter@example.com Name 1',
  'USR {tr} MD5 S',
  '{code} {tr}',
  '{code}',
] as const;

const PAYLOADS = [
  'MIME-Version: 1.0\r\nContent-Type: application/x-msmsgssystemmessage\r\n\r\nType: 1\r\nArg1: 5\r\n',
  'MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsemailnotification; charset=UTF-8\r\n\r\nFrom: Tweedle Dum\r\nFrom-Addr: dum@example.com\r\nSubject: =?"us-ascii"?Q?Contrariwise?=\r\nDest-Folder: ACTIVE\r\n\r\n',
  'MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsactivemailnotification; charset=UTF-8\r\n\r\nSrc-Folder: ACTIVE\r\nDest-Folder: trAsH\r\nMessage-Delta: 1\r\n\r\n',
  'MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsinitialemailnotification\r\n\r\nInbox-Unread: -4\r\nFolders-Unread: 1e309\r\n',
  'MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nhello',
  '<NOTIFICATION id="9"><MSG id="1"><ACTION url="javascript:alert(1)"/><BODY><TEXT>&lt;b&gt;&#0;</TEXT></BODY></MSG></NOTIFICATION>',
  '<NOTIFICATION><__proto__ a="1"/><MSG><BODY><TEXT constructor="x">x</TEXT></BODY></MSG>',
  '',
] as const;

// prettier-ignore
const TEXT_ATOMS = [
  'a', ' ', '  ', '%', '%2', '%zz', '%00', '%0D%0A', '%C3', '%C3%A9', '%F0%9F', ':', '@', '=', '<', '&',
  '\r', '\n', '\r\n', '\t', '\0', '\x1b', '\x7f', 'é', '日本', '😀', '\uD800', '\uFFFD',
] as const;

/** A string whose UTF-8 bytes are its latin1 characters: heads are edited as latin1 so bytes survive. */
const latin = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

function text(g: Gen, n: number): string {
  let out = '';
  for (let i = 0; i < n; i += 1) out += g.pick(TEXT_ATOMS);
  return latin(out);
}

function serverIndexes(steps: Step[]): number[] {
  const out: number[] = [];
  steps.forEach((s, i) => s.kind === 'S' && out.push(i));
  return out;
}

/** A TrID the client may be waiting on: one the transcript's client lines used, or something odd. */
function trIdFor(g: Gen, steps: Step[]): string {
  const ids = steps.flatMap((s) => (s.kind === 'C' && s.trId ? [s.trId] : []));
  if (ids.length > 0 && g.chance(0.8)) return g.pick(ids);
  return g.pick(['0', '1', '4294967295', '4294967296', '-1', '99', 'x', '01']);
}

function build(head: string, payload: Buffer | null, eol = '\r\n', length?: string): Buffer {
  if (payload === null) return Buffer.from(head + eol, 'latin1');
  const line = `${head.replace(/ \S*$/, '')} ${length ?? payload.length}`;
  return Buffer.concat([Buffer.from(line + eol, 'latin1'), payload]);
}

function extraLine(g: Gen, steps: Step[]): ServerStep {
  if (g.chance(0.25)) {
    const body = Buffer.from(g.pick(PAYLOADS), 'utf8');
    const head = g.pick(['MSG Hotmail Hotmail', 'NOT', 'MSG dum@example.com Dum', 'MSG Hotmail']);
    return { kind: 'S', bytes: build(`${head} 0`, body), owner: null };
  }
  const line = g.pick(EXTRA_LINES).replace('{tr}', trIdFor(g, steps)).replace('{code}', g.pick(ERROR_CODES));
  return { kind: 'S', bytes: Buffer.from(line + '\r\n', 'latin1'), owner: null };
}

function mutateBytes(g: Gen, bytes: Buffer): Buffer {
  const b = Buffer.from(bytes);
  if (b.length === 0) return Buffer.from(text(g, 2), 'latin1');
  const at = g.int(b.length);
  switch (g.int(5)) {
    case 0:
      b[at] = b[at]! ^ (1 << g.int(8));
      return b;
    case 1:
      b[at] = g.pick([0x00, 0x0d, 0x0a, 0x1b, 0x7f, 0x80, 0xc3, 0xff, 0x20]);
      return b;
    case 2:
      return Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + g.int(8))]);
    case 3:
      return Buffer.concat([b.subarray(0, at), Buffer.from(text(g, 1 + g.int(4)), 'latin1'), b.subarray(at)]);
    default:
      return b.subarray(0, at);
  }
}

function editFields(g: Gen, head: string): string {
  const fields = head.split(' ');
  const i = g.int(fields.length);
  switch (g.int(8)) {
    case 0: {
      const j = g.int(fields.length);
      [fields[i], fields[j]] = [fields[j]!, fields[i]!];
      break;
    }
    case 1:
      if (fields.length > 1) fields.splice(i, 1);
      break;
    case 2:
      fields.splice(i + 1, 0, g.pick([...PROTO_NAMES, 'x', '0', '@', '%', 'FL', 'NLN', '12', '']));
      break;
    case 3:
      fields[i] = g.pick(PROTO_NAMES);
      break;
    case 4:
      fields[0] = g.pick([...COMMAND_NAMES, ...PROTO_NAMES]);
      break;
    case 5:
      if (fields.length > 1)
        fields[1] = g.pick(['0', '4294967295', '4294967296', '-1', 'x', '01', '7', '99']);
      break;
    case 6:
      fields[i] = g.pick([
        '%',
        '%zz',
        '%C3',
        '%00',
        'a%20b%0D%0AOUT',
        text(g, 1 + g.int(5)),
        'x'.repeat(400),
      ]);
      break;
    default:
      fields[i] = `${g.pick(PROTO_NAMES)}@example.com`;
  }
  return fields.join(' ');
}

function editPayload(g: Gen, payload: Buffer): Buffer {
  const lines = payload.toString('latin1').split('\r\n');
  const i = g.int(lines.length);
  switch (g.int(7)) {
    case 0:
      lines.splice(i, 1);
      break;
    case 1:
      lines[i] = lines[i]!.replace(/^[^:]*/, g.pick(PROTO_NAMES));
      break;
    case 2: {
      const j = g.int(lines.length);
      const [a, b] = [lines[i]!.split(': '), lines[j]!.split(': ')];
      if (a.length > 1 && b.length > 1) [lines[i], lines[j]] = [`${a[0]}: ${b[1]}`, `${b[0]}: ${a[1]}`];
      break;
    }
    case 3:
      lines[i] =
        `Content-Type: ${g.pick(['text/x-msmsgsprofile', 'application/x-msmsgssystemmessage', 'text/x-msmsgsemailnotification', 'text/x-msmsgsactivemailnotification', '', '; charset'])}`;
      break;
    case 4:
      lines.splice(i, 0, `${g.pick(PROTO_NAMES)}: ${g.pick(PROTO_NAMES)}`);
      break;
    case 5:
      lines[i] = lines[i]! + 'y'.repeat(g.pick([100, 5000, 70000]));
      break;
    default:
      lines[i] = text(g, 1 + g.int(8));
  }
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

/** A payload length that is off by a few bytes, zero, negative, not a number, missing or huge. */
function lyingLength(g: Gen, length: number): string {
  const over = String(length + g.range(1, 6));
  const under = String(Math.max(0, length - g.range(1, 6)));
  return g.pick([over, under, '0', '-1', 'x', '', '99999999999', '1048577', String(length * 2)]);
}

/** One mutation of a connection's script. */
function mutate(g: Gen, steps: Step[]): void {
  const servers = serverIndexes(steps);
  if (servers.length === 0) {
    steps.push(extraLine(g, steps));
    return;
  }
  const i = g.pick(servers);
  const step = steps[i] as ServerStep;
  const { head, eol, payload } = splitStep(step.bytes);
  const replace = (bytes: Buffer): void => void (steps[i] = { ...step, bytes });
  switch (g.int(16)) {
    case 0:
      steps.splice(i, 1);
      return;
    case 1:
      steps.splice(g.chance(0.5) ? i + 1 : g.range(i + 1, steps.length), 0, { ...step });
      return;
    case 2: {
      steps.splice(i, 1);
      steps.splice(g.chance(0.6) ? g.pick(serverIndexes(steps).concat(i)) : g.int(steps.length + 1), 0, step);
      return;
    }
    case 3: {
      const j = g.pick(servers);
      [steps[i], steps[j]] = [steps[j]!, steps[i]!];
      return;
    }
    case 4:
    case 5:
      return replace(build(editFields(g, head), payload, eol));
    case 6:
      if (!payload) return replace(build(editFields(g, head), null, eol));
      return replace(build(head, payload, eol, lyingLength(g, payload.length)));
    case 7:
      if (payload) return replace(build(head, editPayload(g, payload), eol));
      return replace(build(head + ' ' + text(g, 1 + g.int(6)), null, eol));
    case 8:
      return replace(mutateBytes(g, step.bytes));
    case 9:
      return replace(build(head, payload, g.pick(['\n', '', '\r\r\n', '\r', '\n\r\n'])));
    case 10:
      steps.splice(i, 0, {
        kind: 'S',
        bytes: Buffer.from(text(g, 1 + g.int(30)) + '\r\n', 'latin1'),
        owner: null,
      });
      return;
    case 11: {
      const size = g.pick([16_383, 16_384, 16_385, 20_000, 100_000]);
      steps.splice(i, 0, { kind: 'S', bytes: Buffer.from(`${'A'.repeat(size)}\r\n`, 'latin1'), owner: null });
      return;
    }
    case 12:
    case 13:
      steps.splice(g.chance(0.5) ? i : g.int(steps.length + 1), 0, extraLine(g, steps));
      return;
    case 14: {
      // The reply becomes a numeric error for the same request.
      const tr = head.split(' ')[1] ?? '';
      return replace(Buffer.from(`${g.pick(ERROR_CODES)} ${tr}\r\n`, 'latin1'));
    }
    default:
      return replace(step.bytes.subarray(0, g.int(step.bytes.length)));
  }
}

function planConnection(g: Gen, steps: Step[]): ConnectionPlan {
  const bytes = steps.reduce((n, s) => n + (s.kind === 'S' ? s.bytes.length : 0), 0);
  const end = g.chance(0.12)
    ? ({ kind: g.pick(['fin', 'rst', 'silent'] as const), afterBytes: g.int(bytes + 1) } as const)
    : ({ kind: 'none' } as const);
  return {
    steps,
    connect: g.chance(0.02) ? g.pick(['refused', 'never'] as const) : 'ok',
    connectDelay: g.chance(0.85) ? 0 : g.pick([1, 5, 50, 150, 199, 200, 201, 250]),
    end,
    ignoreFin: g.chance(0.08),
    pingReply: g.chance(0.85),
    echoClientLine: g.chance(0.05) ? g.int(8) : -1,
    remoteAddress: g.chance(0.85) ? '127.0.0.1' : g.pick(['203.0.113.7', '::ffff:127.0.0.1', '::1', '']),
  };
}

export function generate(seed: number, base: Step[][]): FuzzInput {
  const g = new Gen(prng(seed));
  const scripts = base.map((steps) => steps.map((s) => ({ ...s })));
  const roll = g.rnd();
  const edits =
    roll < 0.12 ? 0 : roll < 0.5 ? 1 : roll < 0.68 ? 2 : roll < 0.85 ? g.range(3, 5) : g.range(6, 25);
  // The dispatch connection has three replies, each fatal to lose: it gets a share, not its proportion.
  for (let k = 0; k < edits; k += 1) mutate(g, scripts[g.chance(0.08) ? 0 : scripts.length - 1]!);
  const actions = Array.from({ length: g.pick([0, 1, 1, 1, 2, 3]) }, (_, k) =>
    k === 0 && g.chance(0.6) ? 'setPhone' : g.pick(ACTIONS),
  );
  return {
    seed,
    connections: scripts.map((steps) => planConnection(g, steps)),
    beyond: g.pick(['first', 'last', 'refuse'] as const),
    session: {
      keepAliveMs: g.pick([0, 0, 150, 250, 1000, 60_000]),
      maxRedirects: g.pick([0, 1, 2, 3, 3, 3, 3, 3, 3, 3]),
      maxPayload: g.chance(0.9) ? undefined : g.pick([64, 512, 2048]),
      cache: g.chance(0.8) ? 'none' : g.pick(['current', 'stale'] as const),
      raw: g.chance(0.3),
    },
    signIn: {
      host: g.chance(0.9) ? '127.0.0.1' : g.pick(['messenger.example.net', 'localhost', '[::1]']),
      status: g.chance(0.8) ? undefined : g.pick(['NLN', 'BSY', 'HDN'] as const),
      allowPlainPassword: g.chance(0.1),
    },
    driver: {
      cancelAt: g.chance(0.08) ? g.int(600) : null,
      actions,
      signOutDuringAction: g.chance(0.12),
      signOutTwice: g.chance(0.05),
      dwellMs: g.pick([0, 0, g.int(500), g.int(3000)]),
    },
    play: {
      seed: g.int(0x7fffffff),
      splitChance: g.pick([0, 0, 0.3, 0.7, 1]),
      delays: g.pick(['none', 'none', 'none', 'small', 'timeouts'] as const),
    },
  };
}
