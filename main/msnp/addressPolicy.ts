// Where a received file may be fetched from. The sender's ACCEPT names an IP address and a port, and the
// receiver connects there: without a check, anyone who can send us a file could make us knock on our own
// router, a printer or a service on this computer. Pure: it looks only at the address text, never the network.
import { isIP } from 'node:net';

/**
 * What an address reaches: `public` is the internet; the rest are this computer (`loopback`, and
 * `unspecified`, which connects here too), a local network (`private`, `link-local`), or nothing a file
 * can come from (`multicast`, `broadcast`, `reserved` for documentation, benchmarking and unassigned space).
 */
export type AddressKind =
  'public' | 'loopback' | 'unspecified' | 'private' | 'link-local' | 'multicast' | 'broadcast' | 'reserved';

type Range = [first: number, prefix: number, kind: AddressKind];

/** IANA's special-purpose IPv4 ranges, as [network, prefix length, kind]; the first match wins. */
const V4_RANGES: readonly Range[] = [
  [v4(0, 0, 0, 0), 8, 'unspecified'],
  [v4(10, 0, 0, 0), 8, 'private'],
  [v4(100, 64, 0, 0), 10, 'private'], // carrier-grade NAT: someone else's private network
  [v4(127, 0, 0, 0), 8, 'loopback'],
  [v4(169, 254, 0, 0), 16, 'link-local'],
  [v4(172, 16, 0, 0), 12, 'private'],
  [v4(192, 0, 0, 0), 24, 'reserved'],
  [v4(192, 0, 2, 0), 24, 'reserved'],
  [v4(192, 168, 0, 0), 16, 'private'],
  [v4(198, 18, 0, 0), 15, 'reserved'],
  [v4(198, 51, 100, 0), 24, 'reserved'],
  [v4(203, 0, 113, 0), 24, 'reserved'],
  [v4(224, 0, 0, 0), 4, 'multicast'],
  [v4(255, 255, 255, 255), 32, 'broadcast'],
  [v4(240, 0, 0, 0), 4, 'reserved'],
];

function v4(a: number, b: number, c: number, d: number): number {
  return ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
}

function v4Kind(address: number): AddressKind {
  for (const [first, prefix, kind] of V4_RANGES) {
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    if ((address & mask) >>> 0 === first) return kind;
  }
  return 'public';
}

/** A dotted IPv4 address node:net accepted, as a 32-bit number. */
function parseV4(text: string): number {
  const [a = 0, b = 0, c = 0, d = 0] = text.split('.').map(Number);
  return v4(a, b, c, d);
}

/** An IPv6 address node:net accepted (zone removed), as its eight 16-bit groups. */
function parseV6(text: string): number[] {
  let body = text;
  const tail: number[] = [];
  // A dotted IPv4 address may end it (::ffff:127.0.0.1); it is two groups.
  const dotted = /(?:^|:)(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (dotted) {
    const n = parseV4(dotted[1]!);
    tail.push(n >>> 16, n & 0xffff);
    body = body.slice(0, body.length - dotted[1]!.length);
    if (body.endsWith(':') && !body.endsWith('::')) body = body.slice(0, -1);
  }
  const groups = (part: string): number[] => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const gap = body.indexOf('::');
  let out: number[];
  if (gap === -1) out = [...groups(body), ...tail];
  else {
    const head = groups(body.slice(0, gap));
    const rest = [...groups(body.slice(gap + 2)), ...tail];
    out = [...head, ...new Array<number>(8 - head.length - rest.length).fill(0), ...rest];
  }
  return out;
}

/** The IPv4 address carried in two groups. */
const embedded = (hi: number, lo: number): number => ((hi << 16) >>> 0) + lo;

function v6Kind(g: number[]): AddressKind {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  const zeroTo = (n: number): boolean => g.slice(0, n).every((x) => x === 0);
  if (zeroTo(7) && g7 === 0) return 'unspecified';
  if (zeroTo(7) && g7 === 1) return 'loopback';
  // IPv4-mapped (::ffff:a.b.c.d) and IPv4-translated (::ffff:0:a.b.c.d): the IPv4 address is what is reached.
  if (zeroTo(5) && g5 === 0xffff) return v4Kind(embedded(g6, g7));
  if (zeroTo(4) && g4 === 0xffff && g5 === 0) return v4Kind(embedded(g6, g7));
  // IPv4-compatible (::a.b.c.d, deprecated): what it would reach, and nothing public.
  if (zeroTo(6)) {
    const kind = v4Kind(embedded(g6, g7));
    return kind === 'public' ? 'reserved' : kind;
  }
  // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) lead to the IPv4 address inside them.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0)
    return v4Kind(embedded(g6, g7));
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return 'private';
  if (g0 === 0x2002) return v4Kind(embedded(g1, g2));
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  if ((g0 & 0xffc0) === 0xfec0) return 'private'; // site-local, deprecated
  if ((g0 & 0xfe00) === 0xfc00) return 'private'; // unique local
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  if (g0 === 0x2001 && g1 === 0x0db8) return 'reserved'; // documentation
  // Everything public is in 2000::/3; the rest is unassigned or special.
  if ((g0 & 0xe000) !== 0x2000) return 'reserved';
  return 'public';
}

/** What a literal IP address (any spelling node:net connects to) reaches; null when it is no such address. */
export function addressKind(address: string): AddressKind | null {
  const family = isIP(address);
  if (family === 4) return v4Kind(parseV4(address));
  if (family !== 6) return null;
  const zone = address.indexOf('%');
  return v6Kind(parseV6(zone === -1 ? address : address.slice(0, zone)));
}

/** What the switchboard's address says of where we are; a host name other than localhost says nothing. */
function boardKind(board: string): AddressKind | null {
  const host = board
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (host === 'localhost') return 'loopback';
  const kind = addressKind(host);
  // A test server listening on every interface hands out 0.0.0.0, which reaches this computer.
  return kind === 'unspecified' ? 'loopback' : kind;
}

/**
 * Whether a file may be fetched from `peer`, the address a sender's ACCEPT names, given `board`, the
 * switchboard server we reached that person through ('' when unknown). A public address is always fine:
 * accepting the file was the person's consent. A private or link-local one only when the switchboard is
 * on this computer or a private network itself (the peer is then plausibly on that network); this
 * computer's own addresses only when the switchboard is here too (tests, the built-in sandbox).
 * Multicast, broadcast and reserved addresses never carry a file.
 */
export function mayFetchFrom(peer: string, board: string): boolean {
  const kind = addressKind(peer);
  if (kind === 'public') return true;
  const where = boardKind(board);
  switch (kind) {
    case 'private':
    case 'link-local':
      return where === 'loopback' || where === 'private';
    case 'loopback':
    case 'unspecified':
      return where === 'loopback';
    default:
      return false;
  }
}
