// What may differ between a recorded line and a live one without the session being any different: the
// values a server or client picks afresh each time (TrIDs, list versions, salts, hashes, addresses,
// cookies, session ids, login times). Everything else must match field for field.

/** Why a field may differ; a field without a kind must be equal. */
import { MASK } from '../../app/wireText';

export type FieldKind = 'trid' | 'version' | 'salt' | 'hash' | 'address' | 'cookie' | 'session';

/** Lines whose second field is no TrID even when it is a number (NOT's is its length). */
const NO_TRID = new Set(['NLN', 'FLN', 'BPR', 'RNG', 'NOT', 'QNG', 'MSG', 'JOI', 'BYE', 'OUT', 'IPG', 'PNG']);
/** Where the list version sits (0 is the name, 1 the TrID): it grows with every list change. */
const VERSION_AT: Record<string, number> = {
  SYN: 2,
  GTC: 2,
  BLP: 2,
  PRP: 2,
  LST: 3,
  BPR: 1,
  ADD: 3,
  REM: 3,
  REA: 2,
};

export function fieldsOf(line: string): string[] {
  return line.split(' ').filter((f) => f !== '');
}

const DIGITS = /^\d+$/;

/** The kind of each field of a command line, sent by the client (C) or the server (S). */
export function fieldKinds(fields: readonly string[]): (FieldKind | undefined)[] {
  const kinds: (FieldKind | undefined)[] = fields.map(() => undefined);
  const name = fields[0] ?? '';
  if (!NO_TRID.has(name) && DIGITS.test(fields[1] ?? '')) kinds[1] = 'trid';
  const v = VERSION_AT[name];
  if (v !== undefined && DIGITS.test(fields[v] ?? '')) kinds[v] = 'version';
  if (name === 'USR' && fields[2] === 'MD5' && fields[3] === 'S' && fields[4] !== undefined) {
    // The server's S carries the salt, the client's the MD5 of salt and password: both kinds fit both readings.
    kinds[4] = /^[0-9a-f]{32}$/i.test(fields[4]) ? 'hash' : 'salt';
  }
  if (name === 'USR' && fields[2]?.includes('@') && fields.length === 4) kinds[3] = 'cookie';
  if (name === 'XFR' && fields.length >= 4) {
    kinds[3] = 'address';
    if (fields[4] === 'CKI' && fields[5] !== undefined) kinds[5] = 'cookie';
  }
  if (name === 'RNG' && fields.length >= 5) {
    kinds[1] = 'session';
    kinds[2] = 'address';
    if (fields[3] === 'CKI') kinds[4] = 'cookie';
  }
  if (name === 'ANS' && fields.length >= 5) {
    kinds[3] = 'cookie';
    kinds[4] = 'session';
  }
  return kinds;
}

/**
 * A field with the escapes of characters that need none undone: "%28" and "(" are the same name to a
 * client. Spaces, '%', controls and non-ASCII stay escaped, so a server that sends those raw still differs.
 */
export function canonicalField(field: string): string {
  return field.replace(/%([0-9a-f]{2})/gi, (m, hex: string) => {
    const code = parseInt(hex, 16);
    return code > 0x20 && code < 0x7f && code !== 0x25 ? String.fromCharCode(code) : m.toUpperCase();
  });
}

export interface LineComparison {
  equal: boolean;
  /** Recorded value to live value, for the fields that may differ (the TrID, the cookie handed out...). */
  learned: [FieldKind, string, string][];
}

/**
 * Compares a recorded line with a live one under the rules above. `exactHash` when the recorded hash was
 * computed from the transcript's own password (a {md5:} placeholder), so a wrong one is a difference.
 */
export function compareLines(expected: string, actual: string, exactHash = false): LineComparison {
  const e = fieldsOf(expected);
  const a = fieldsOf(actual);
  const learned: [FieldKind, string, string][] = [];
  if (e.length !== a.length || e[0] !== a[0]) return { equal: false, learned };
  const kinds = fieldKinds(e);
  const liveKinds = fieldKinds(a);
  let equal = true;
  e.forEach((field, i) => {
    const kind = kinds[i];
    if (field === a[i] || canonicalField(field) === canonicalField(a[i]!)) return;
    // A secret the inspector masked on export (an MD5 answer, a CTP password) stands for whatever is sent.
    if (field === MASK && !exactHash) return;
    if (kind === undefined || liveKinds[i] !== kind || (kind === 'hash' && exactHash)) equal = false;
    else learned.push([kind, field, a[i]!]);
  });
  return { equal, learned };
}

/** Payload header lines whose values are picked afresh at each sign-in. */
const VOLATILE_HEADERS = /^(LoginTime|MSPAuth|ClientIP|ClientPort): /i;

export function normalizePayload(payload: string): string[] {
  return payload.split('\r\n').map((l) => (VOLATILE_HEADERS.test(l) ? l.replace(/: .*$/, ': *') : l));
}

/** The lines of two payloads that differ, after normalization: "- recorded" and "+ live" lines, in order. */
export function payloadDifference(expected: string, actual: string): string[] {
  const e = normalizePayload(expected);
  const a = normalizePayload(actual);
  if (e.length === a.length && e.every((l, i) => l === a[i])) return [];
  if (e.length * a.length > 250_000) return ['- (the recorded payload)', '+ (a different one)'];
  // A longest-common-subsequence table, so one added header reads as one line, not a shifted block.
  const n = e.length;
  const m = a.length;
  const lcs = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] = e[i] === a[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && e[i] === a[j]) {
      i++;
      j++;
    } else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) out.push(`- ${e[i++]}`);
    else out.push(`+ ${a[j++]}`);
  }
  return out;
}
