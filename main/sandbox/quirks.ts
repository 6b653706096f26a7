// Deviations from the documented protocol that real (and revival) servers have been seen to make.
// Each one is off by default; a test turns one on to check that the client tolerates it. They are read
// at the moment they matter, so a test may flip one while clients are connected.

/**
 * A server that breaks off at one step: when `command` arrives on a connection of `server`, that connection
 * is closed, or goes silent (that command and everything after it on the connection go unanswered, and the
 * socket stays open until the client closes it). With `afterLines`, that many lines of the command's own
 * answer go out first: the SYN line, part of the lists, the XFR of a dispatch server, CAL RINGING.
 */
export interface Fault {
  /** Which port: the dispatch server, the notification server or the switchboard. */
  server: 'dispatch' | 'ns' | 'sb';
  /** The command with as many leading fields as tell it apart: 'VER', 'USR MD5 S', 'XFR SB', 'CAL'. */
  command: string;
  action: 'close' | 'silent';
  afterLines?: number;
}

/** Whether a fault is set off by this command (its name, then its fields after the TrID). */
export function faultMatches(
  fault: Fault,
  server: Fault['server'],
  name: string,
  args: readonly string[],
): boolean {
  if (fault.server !== server) return false;
  const [first, ...rest] = fault.command.split(' ');
  return first === name && rest.every((word, i) => args[i] === word);
}

export interface Quirks {
  /** The dispatch port serves the whole notification server itself: USR I is answered with a challenge, not XFR. */
  directSignIn: boolean;
  /**
   * INF offers only CTP, the clear-text package, and not MD5: a server that wants the password as it is.
   * CTP is then taken in every dialect, although it is documented for MSNP2 only.
   */
  ctpOnly: boolean;
  /** GTC and BLP come after the four LST lists in a full SYN instead of before them. */
  gtcBlpAfterLists: boolean;
  /** GTC and BLP are left out of a full SYN altogether. */
  omitGtcBlp: boolean;
  /** LST lines carry the list size where the index belongs and the index where the size belongs. */
  swapLstIndex: boolean;
  /**
   * Friendly names go out raw (UTF-8, not URL-encoded). Whitespace still cannot travel inside a field,
   * so only whitespace is percent-escaped; a literal '%' is sent as is.
   */
  unencodedNames: boolean;
  /** CHG is answered with a trailing field, as later protocols do: `CHG tr NLN 0`. */
  chgTrailingField: boolean;
  /** The SYN reply line is sent twice, as in the MSNP5 seed transcript. */
  duplicateSynReply: boolean;
  /** The asynchronous reverse-list add leaves out the list version: `ADD 0 RL email nick`. */
  rlAddWithoutVersion: boolean;
  /** Once signed in, nothing the client sends is answered (asynchronous notices still go out). */
  silent: boolean;
  /** Commands (by name) that are never answered, at any stage of the session. */
  silentOn: string[];
  /** Right after USR OK, the profile MSG header and half its payload are sent and the socket is closed. */
  closeMidPayload: boolean;
  /** QNG carries a next-ping interval in seconds (an MSNP9 habit); null sends a bare QNG. */
  qngSeconds: number | null;
  /** USR OK carries the MSNP6 verified flag: `USR tr OK email nick 1`. */
  usrVerifiedField: boolean;
  /**
   * The largest switchboard MSG payload, in bytes; a longer one gets the sender disconnected. Not a
   * deviation but the documented limit (1664, observed in 2003), here so a test can move it. Payloads
   * over 64 KiB are refused by the framing whatever this says.
   */
  sbMaxPayload: number;
  /** Someone answering a ring is sent a JOI for themselves before the IRO lines, as some servers do. */
  joiBeforeIro: boolean;
  /** Switchboard session ids look like `s-1a2b3` instead of the classic decimal numbers. */
  textSessionIds: boolean;
  /**
   * A switchboard connection is dropped right after its Nth MSG (typing notices count) has been relayed,
   * before any ACK: "the switchboard went away mid-conversation". null never drops.
   */
  sbDropAfterMessages: number | null;
  /** The switchboard reads every command but acts on none: no answer, no relay (a dropped socket still means BYE). */
  sbSilent: boolean;
  /** Every A, N or D message is answered with NAK, although it was relayed. */
  nakEverything: boolean;
  /** A switchboard participant who sends nothing for this many ms is disconnected (others get `BYE email 1`); null never. */
  sbIdleTimeoutMs: number | null;
  /**
   * An address that is no account is answered 207 instead of the documented 205, as some servers do: by the
   * list commands (ADD, REM, REA) and by CAL.
   */
  unknownAs207: boolean;
  /**
   * URL is answered with these fields (after the TrID) instead of the service's address, as a server without
   * the service does: `['about:blank', 'about:blank', '2']`, `['http://', 'http://']`, or `[]` for a bare
   * `URL tr`. null answers with the sandbox's own addresses.
   */
  urlStandIn: string[] | null;
  /** USR MD5 S hands out the same salt at every sign-in instead of a fresh one. */
  fixedSalt: boolean;
  /**
   * The list version is kept per notification connection, not with the account (commands/syn.md: the account's
   * version, answered alone when the client's is the same, else with the lists). A connection reports 1 at its
   * sign-in, plus one for each change to the account's lists since. So a client signing in again with the
   * version it kept is compared with that count: equal, and it gets a bare `SYN tr v` (no lists) although the
   * lists changed meanwhile; different, and it gets the full lists with a version lower than the one it kept.
   * SYN 0 still gets the full lists.
   */
  perConnectionSynVersion: boolean;
  /** Error replies leave out their TrID: `217` instead of `217 9` (on the notification server and the switchboard). */
  errorsWithoutTrId: boolean;
  /** A session replaced by a sign-in elsewhere gets OUT OTH but its socket stays open (nothing more is answered). */
  outOthWithoutClosing: boolean;
  /** FND, SDC and PAG are never answered, as by a server without the member services. */
  servicesSilent: boolean;
  /** Steps at which the server closes or falls silent (the fault matrix). */
  faults: Fault[];
}

export const DEFAULT_QUIRKS: Readonly<Quirks> = Object.freeze({
  directSignIn: false,
  ctpOnly: false,
  gtcBlpAfterLists: false,
  omitGtcBlp: false,
  swapLstIndex: false,
  unencodedNames: false,
  chgTrailingField: false,
  duplicateSynReply: false,
  rlAddWithoutVersion: false,
  silent: false,
  silentOn: [],
  closeMidPayload: false,
  qngSeconds: null,
  usrVerifiedField: false,
  sbMaxPayload: 1664,
  joiBeforeIro: false,
  textSessionIds: false,
  sbDropAfterMessages: null,
  sbSilent: false,
  nakEverything: false,
  sbIdleTimeoutMs: null,
  unknownAs207: false,
  urlStandIn: null,
  fixedSalt: false,
  perConnectionSynVersion: false,
  errorsWithoutTrId: false,
  outOthWithoutClosing: false,
  servicesSilent: false,
  faults: [],
});

/** The boolean quirks that are deviations a real server can have, as opposed to breakages and limits. */
export const DEVIATION_QUIRKS = [
  'directSignIn',
  'ctpOnly',
  'fixedSalt',
  'usrVerifiedField',
  'gtcBlpAfterLists',
  'omitGtcBlp',
  'swapLstIndex',
  'duplicateSynReply',
  'perConnectionSynVersion',
  'unencodedNames',
  'chgTrailingField',
  'rlAddWithoutVersion',
  'unknownAs207',
  'errorsWithoutTrId',
  'joiBeforeIro',
  'textSessionIds',
  'nakEverything',
  'outOthWithoutClosing',
  'servicesSilent',
] as const satisfies readonly BooleanQuirk[];
export type DeviationQuirk = (typeof DEVIATION_QUIRKS)[number];

/** The quirks that are on or off, which `sandbox --quirk NAME` can turn on. */
export type BooleanQuirk = { [K in keyof Quirks]: Quirks[K] extends boolean ? K : never }[keyof Quirks];

/** Each deviation in a line of plain words, for the conformance report and `sandbox --help`. */
export const QUIRK_SUMMARY: Readonly<Record<DeviationQuirk, string>> = {
  directSignIn: 'the dispatch server signs you in itself, with no XFR',
  ctpOnly: 'only clear-text passwords (CTP) are offered, not MD5',
  fixedSalt: 'the MD5 challenge (salt) is the same at every sign-in',
  usrVerifiedField: 'USR OK carries the MSNP6 verified flag',
  gtcBlpAfterLists: 'GTC and BLP come after the lists in a full SYN',
  omitGtcBlp: 'GTC and BLP are left out of a full SYN',
  swapLstIndex: 'LST lines have the list size and the item index swapped',
  duplicateSynReply: 'the SYN reply line is sent twice',
  perConnectionSynVersion: 'the list version counts from 1 on each connection',
  unencodedNames: 'friendly names are sent as raw UTF-8, not URL-encoded',
  chgTrailingField: 'CHG is answered with an extra trailing field',
  rlAddWithoutVersion: 'the reverse-list ADD someone sends you has no list version',
  unknownAs207: 'an address that is no account gets error 207 instead of 205',
  errorsWithoutTrId: 'error replies come without their transaction id',
  joiBeforeIro: 'answering a ring brings a JOI for yourself before IRO',
  textSessionIds: 'switchboard session ids are text, not numbers',
  nakEverything: 'every acknowledged message is answered NAK, though delivered',
  outOthWithoutClosing: 'a session replaced by a sign-in elsewhere gets OUT OTH but is left open',
  servicesSilent: 'FND, SDC and PAG (search, invitations, pages) go unanswered',
};

/**
 * The deviations that can all be on at once and each still be seen, which `sandbox --quirk deviations` turns
 * on. Two hide another and are left out (each has its own test): ctpOnly takes MD5 away, and with it the salt
 * fixedSalt is about; omitGtcBlp leaves out the GTC and BLP that gtcBlpAfterLists moves.
 */
export const COMBINABLE_DEVIATIONS: readonly DeviationQuirk[] = DEVIATION_QUIRKS.filter(
  (q) => q !== 'ctpOnly' && q !== 'omitGtcBlp',
);

/** A fresh, mutable set: the defaults with `overrides` on top (the lists copied, so tests never share them). */
export function makeQuirks(overrides: Partial<Quirks> = {}): Quirks {
  return {
    ...DEFAULT_QUIRKS,
    ...overrides,
    silentOn: [...(overrides.silentOn ?? [])],
    urlStandIn: overrides.urlStandIn ? [...overrides.urlStandIn] : null,
    faults: [...(overrides.faults ?? [])],
  };
}
