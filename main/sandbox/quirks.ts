// Deviations from the documented protocol that real (and revival) servers have been seen to make.
// Each one is off by default; a test turns one on to check that the client tolerates it. They are read
// at the moment they matter, so a test may flip one while clients are connected.

export interface Quirks {
  /** The dispatch port serves the whole notification server itself: USR I is answered with a challenge, not XFR. */
  directSignIn: boolean;
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
}

export const DEFAULT_QUIRKS: Readonly<Quirks> = Object.freeze({
  directSignIn: false,
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
});

/** A fresh, mutable set: the defaults with `overrides` on top (silentOn copied, so tests never share it). */
export function makeQuirks(overrides: Partial<Quirks> = {}): Quirks {
  return { ...DEFAULT_QUIRKS, ...overrides, silentOn: [...(overrides.silentOn ?? [])] };
}
