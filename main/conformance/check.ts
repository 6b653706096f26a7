// What a conformance check is and what it ends as. A check drives raw connections (WireClient), compares the
// server's answers with what the protocol's documentation says, and ends as one of five outcomes. Tolerable
// differences are collected as named deviations while the check goes on; anything else ends it at once.
import type { Command } from '../msnp/command';
import type { EvidenceLine, WireClient } from './wire';

export const AREAS = [
  'signin',
  'sync',
  'presence',
  'lists',
  'privacy',
  'switchboard',
  'services',
  'input',
] as const;
export type Area = (typeof AREAS)[number];

export const AREA_TITLES: Readonly<Record<Area, string>> = {
  signin: 'dispatch and sign-in',
  sync: 'SYN',
  presence: 'presence',
  lists: 'lists',
  privacy: 'privacy',
  switchboard: 'switchboard',
  services: 'services',
  input: 'bad input',
};

export type Outcome = 'pass' | 'deviation' | 'fail' | 'no-reply' | 'not-offered';

export interface Deviation {
  /** A stable name, e.g. `lst-index-swapped`. */
  code: string;
  /** What the server did, in one sentence. */
  message: string;
  /** The server's line that showed it, when one did: the report shows the evidence around it. */
  line?: string;
}

export interface CheckResult {
  id: string;
  area: Area;
  title: string;
  /** The documentation page the check follows, relative to the protocol docs (`commands/syn.md`). */
  doc: string;
  outcome: Outcome;
  /** One sentence: what was found (for pass, what was checked). */
  detail: string;
  deviations: Deviation[];
  /** The lines exchanged, both ways, on every connection the check opened. */
  evidence: EvidenceLine[];
  ms: number;
}

export interface Account {
  email: string;
  password: string;
}

/** A signed-in notification connection, as a check receives it. */
export interface RawSession {
  who: 'a' | 'b';
  email: string;
  ns: WireClient;
  protocol: string;
  /** The friendly name USR OK gave, decoded as sent (still URL-encoded). */
  nickOnWire: string;
  /** The salt the challenge carried. */
  salt: string;
  /** Whether the first server handed the client on with XFR NS (false: it served the sign-in itself). */
  redirected: boolean;
  /** Everything received after USR OK up to the end of the SYN reply (the profile MSG, the lists...). */
  received: Command[];
  /** The SYN's TrID and the list version its reply named (null when no SYN was run). */
  synTrId: number | null;
  listVersion: number | null;
}

export interface SignInOptions {
  /** Dialects to offer; the run's own by default. */
  protocols?: string[];
  /** Run SYN with this version and wait for the whole reply (null skips the sync). Default: 0. */
  syncVersion?: number | null;
  /** The status to set once synced (null sets none, so the account stays invisible to others). Default NLN. */
  status?: string | null;
}

/** Ends a check at once with its outcome. */
export class CheckEnd extends Error {
  override name = 'CheckEnd';
  constructor(
    readonly outcome: Exclude<Outcome, 'pass' | 'deviation'>,
    message: string,
  ) {
    super(message);
  }
}

export interface CheckContext {
  server: { host: string; port: number };
  a: Account;
  b: Account;
  protocols: string[];
  /** A server that offers only CTP gets the password in plain text: allowed for this computer, or when asked. */
  allowPlainPassword: boolean;
  /** How long one answer is waited for. */
  timeoutMs: number;
  /** Everything every connection of this check exchanged. */
  evidence: EvidenceLine[];
  /** A tolerable difference from the docs: recorded, and the check goes on. */
  deviate(code: string, message: string, line?: string): void;
  /** Opens a raw connection that is closed when the check ends. */
  connect(label: string, address?: { host: string; port: number }): Promise<WireClient>;
  /** Signs an account in from the dispatch server (following XFR NS), syncs and sets a status. */
  signIn(who: 'a' | 'b', options?: SignInOptions): Promise<RawSession>;
  /** The next matching line, or the check ends as "no reply" naming `what`. */
  expect(client: WireClient, match: (c: Command) => boolean, what: string): Promise<Command>;
  /**
   * The reply to a TrID, or the check ends as "no reply" naming `what`. An error code without a TrID is
   * taken as the reply, and recorded as the deviation `error-without-trid`.
   */
  expectReply(client: WireClient, trId: number, what: string): Promise<Command>;
  /**
   * Sends PNG and waits for its QNG: every line the server sent before it arrived is then in the inbox. A check
   * proves that something did NOT come this way, without sleeping.
   */
  fence(client: WireClient): Promise<void>;
}

export interface Check {
  id: string;
  area: Area;
  title: string;
  doc: string;
  /** Returns the sentence for a pass; deviations recorded through ctx turn it into a deviation. */
  run(ctx: CheckContext): Promise<string>;
}

export const fail = (message: string): CheckEnd => new CheckEnd('fail', message);
export const notOffered = (message: string): CheckEnd => new CheckEnd('not-offered', message);
export const noReply = (message: string): CheckEnd => new CheckEnd('no-reply', message);

/** Whether a line is a three-digit error code. */
export const isError = (c: Command): boolean => /^\d{3}$/.test(c.name);
