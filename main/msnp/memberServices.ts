// MSNP5's member services: Find a Member in the directory (FND), an invitation by e-mail to an address or
// to a search result (SDC on MSNP5, SND before it), and pages to a mobile device (PAG, incoming IPG).
import type { Command } from './command';
import type { Connection } from './connection';
import type { AccountState } from './accountState';
import {
  ConnectionError,
  InvalidInputError,
  MsnpError,
  ProtocolError,
  TimeoutError,
  wireText,
} from './errors';
import { encodeName } from './names';
import { encodePage, type PageCallback } from './pager';
import { parseIncomingPage } from './alerts';
import type { PhoneKey } from '../../app/types';
import {
  INVITATION_MAX_BYTES,
  PAGE_MAX_CHARS,
  type MemberQuery,
  type MemberResult,
} from '../../app/services';

export type { MemberQuery, MemberResult };

export interface IncomingPage {
  /** Who sent it (the FROM element's name), or '' when the document names no one. */
  from: string;
  text: string;
  /** The server reports a page of ours that could not be delivered (MSG id 407). */
  failed: boolean;
  /** For a failure: the TrID of our PAG it is about. */
  pageTrId?: number;
  receivedAt: number;
}

export interface ServiceHost {
  readonly state: AccountState;
  warn(code: string, message: string, line?: string): void;
  connection(): Connection;
  /** How long a reply may take (the session's request timeout). */
  timeoutMs(): number;
  onPage(page: IncomingPage): void;
}

const LCID = /^0x[0-9a-fA-F]{4}$/;
const COUNTRY = /^[A-Za-z]{2}$/;

/** A search field as FND carries it: URL-encoded, `*` for "any". */
function findField(value: string | undefined): string {
  const v = (value ?? '').trim();
  return v === '' ? '*' : encodeName(v);
}

/** The FND arguments for a query; throws a one-sentence Error for a query the directory cannot take. */
export function findArgs(q: MemberQuery): string[] {
  if (q.firstName.trim() === '' || q.lastName.trim() === '')
    throw new InvalidInputError('Type both a first name and a last name to search for.');
  const country = (q.country ?? '').trim().toUpperCase();
  if (country !== '' && !COUNTRY.test(country))
    throw new InvalidInputError('A country is two letters, such as US or DE.');
  const state = (q.state ?? '').trim().toUpperCase();
  if (state !== '' && !COUNTRY.test(state))
    throw new InvalidInputError('A state is two letters, such as WA or NY.');
  // The directory takes a city and a state only for the United States.
  const us = country === 'US';
  return [
    `fname=${findField(q.firstName)}`,
    `lname=${findField(q.lastName)}`,
    `city=${us ? findField(q.city) : '*'}`,
    `state=${us && state !== '' ? state : '*'}`,
    `country=${country === '' ? '*' : country}`,
  ];
}

function decodeFindValue(value: string, line: string, warn: ServiceHost['warn']): string {
  if (value === '*') return '';
  try {
    return decodeURIComponent(value);
  } catch {
    warn('fnd-bad-encoding', 'a search result had a field that was not URL-encoded', line);
    return value;
  }
}

/** One FND reply line's fields after the TrID: `index total fname=… lname=… city=… state=… country=…`. */
export function parseFindLine(
  args: readonly string[],
  line: string,
  warn: ServiceHost['warn'],
): { index: number; total: number; result?: MemberResult } | null {
  const index = Number(args[0]);
  const total = Number(args[1]);
  if (!/^\d{1,6}$/.test(args[0] ?? '') || !/^\d{1,6}$/.test(args[1] ?? '') || index > total) return null;
  if (total > 0 && index < 1) return null;
  if (total === 0) return { index, total };
  const fields = new Map<string, string>();
  for (const arg of args.slice(2)) {
    const eq = arg.indexOf('=');
    if (eq > 0) fields.set(arg.slice(0, eq).toLowerCase(), decodeFindValue(arg.slice(eq + 1), line, warn));
  }
  const field = (name: string): string => fields.get(name) ?? '';
  if (!fields.has('fname') && !fields.has('lname')) return null;
  return {
    index,
    total,
    result: {
      index,
      firstName: field('fname'),
      lastName: field('lname'),
      city: field('city'),
      state: field('state'),
      country: field('country'),
    },
  };
}

interface Search {
  trId: number | null;
  /** The results so far, by index (the first reply line's, then the lines that follow it). */
  results: Map<number, MemberResult>;
  total: number | null;
  settle: (() => void) | null;
}

/** PAG TrIDs remembered, so an IPG that reports one failed can name whom it was for. */
const MAX_SENT_PAGES = 32;

export class MemberServices {
  private search: Search | null = null;
  private readonly sentPages = new Map<number, string>();

  constructor(private readonly host: ServiceHost) {}

  private get dialect(): number {
    return Number(this.host.state.protocol.replace(/^MSNP/, '')) || 5;
  }

  /**
   * Runs a search. The first reply line settles the request; the rest (same TrID, one per result) follow on
   * their own and are collected here, under one deadline. A reply that stops short ends by then with what came
   * and a warning; a connection that closes meanwhile fails the search (its indexes died with it).
   */
  async find(query: MemberQuery): Promise<{ results: MemberResult[]; total: number }> {
    const args = findArgs(query);
    // One at a time: the server remembers only the last search, which is what an invitation's index names.
    if (this.search !== null)
      throw new InvalidInputError('A search is already under way; wait for it to finish.');
    const conn = this.host.connection();
    const search: Search = { trId: null, results: new Map(), total: null, settle: null };
    this.search = search;
    try {
      const first = await conn
        .request('FND', args, { onTrId: (trId) => (search.trId = trId) })
        .catch((err: unknown) => {
          if (err instanceof TimeoutError) throw new TimeoutError('the search', err.ms);
          throw err;
        });
      this.take(search, first);
      const total = search.total;
      if (total === null)
        throw new ProtocolError(
          'the server answered the search with something that could not be read',
          first.raw,
        );
      if (search.results.size < total) await this.rest(search, conn);
      const results = [...search.results.values()]
        .filter((r) => r.index <= total)
        .sort((a, b) => a.index - b.index);
      if (results.length < total)
        this.host.warn('fnd-short', `the search announced ${total} results but ${results.length} arrived`);
      return { results, total };
    } finally {
      this.search = null;
    }
  }

  /** Waits for the rest of the results: until all came, the deadline passed, or the connection closed. */
  private rest(search: Search, conn: Connection): Promise<void> {
    return new Promise((resolve, reject) => {
      if (conn.status !== 'connected')
        return reject(new ConnectionError('the connection closed during the search', 'closed'));
      const finish = (err?: Error): void => {
        clearTimeout(timer);
        offClose();
        search.settle = null;
        if (err) reject(err);
        else resolve();
      };
      const timer = setTimeout(finish, this.host.timeoutMs());
      timer.unref?.();
      const offClose = conn.once('close', () =>
        finish(new ConnectionError('the connection closed during the search', 'closed')),
      );
      search.settle = () => {
        if (search.results.size >= (search.total ?? 0)) finish();
      };
    });
  }

  private take(search: Search, cmd: Command): void {
    const parsed = parseFindLine(cmd.args, cmd.raw, this.host.warn);
    if (!parsed) return this.host.warn('bad-fnd', 'a search result could not be read', cmd.raw);
    if (search.total === null) search.total = parsed.total;
    else if (parsed.total !== search.total)
      this.host.warn('fnd-total-changed', 'a search result announced a different number of results', cmd.raw);
    if (parsed.result && parsed.index <= search.total) search.results.set(parsed.index, parsed.result);
  }

  /** An FND line that settled no request: a further result of the search under way (matched by its TrID). */
  onFindLine(cmd: Command): void {
    const search = this.search;
    if (search === null || cmd.trId === null || cmd.trId !== search.trId) {
      this.host.warn('stray-fnd', 'a search result arrived for no search under way', cmd.raw);
      return;
    }
    this.take(search, cmd);
    search.settle?.();
  }

  /**
   * Invites someone to Messenger by e-mail: an address, or the index of a result of the last search. MSNP5
   * sends SDC with your name and the note; MSNP2-4 send SND, which carries no note.
   */
  async invite(target: string | number, options: { message?: string; lcid?: string } = {}): Promise<void> {
    const lcid = options.lcid ?? '0x0409';
    if (!LCID.test(lcid)) throw new InvalidInputError('A language is a code such as 0x0409.');
    const to = typeof target === 'number' ? String(target) : target.trim();
    if (
      typeof target === 'number'
        ? !Number.isInteger(target) || target < 1
        : !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(to)
    )
      throw new InvalidInputError(
        typeof target === 'number'
          ? 'Choose one of the search results to invite.'
          : 'Type an e-mail address such as someone@example.com.',
      );
    if (typeof target === 'string' && to.toLowerCase() === this.host.state.self.email.toLowerCase())
      throw new InvalidInputError('You cannot invite yourself.');
    const message = (options.message ?? '').replace(/\r?\n/g, '\r\n');
    if (Buffer.byteLength(message, 'utf8') > INVITATION_MAX_BYTES)
      throw new InvalidInputError(
        `The personal message is too long; keep it to ${INVITATION_MAX_BYTES} bytes.`,
      );
    const conn = this.host.connection();
    const dialect = this.dialect;
    if (dialect >= 5) {
      const name = encodeName(this.host.state.self.nickname || this.host.state.self.email);
      await conn.request('SDC', [to, lcid, 'MSMSGS', 'MSMSGS', 'X', 'X', name], { payload: message });
      return;
    }
    if (message.trim() !== '')
      throw new InvalidInputError(
        `This server speaks MSNP${dialect}, whose invitations carry no personal message; leave it empty.`,
      );
    const args = dialect >= 4 ? [to, lcid, 'MSMSGS', 'MSMSGS'] : dialect === 3 ? [to, lcid, 'MSMSGS'] : [to];
    await conn.request('SND', args);
  }

  /**
   * Sends a page. PAG has no positive reply: the page counts as sent when no error comes within `quietMs` (a
   * few seconds, at most the request timeout). An error that comes later, until the request timeout, still
   * reaches the person: as a page event saying this page failed.
   */
  async page(
    email: string,
    text: string,
    callback?: Exclude<PhoneKey, 'MOB'>,
    quietMs = 4000,
  ): Promise<void> {
    const contact = this.host.state.contact(email);
    const name = contact?.nickname || email;
    // Someone on your list told us their phones in the sync (BPR): no MOB Y means no pages. Anyone else, the
    // server decides.
    if (contact?.lists.has('FL') && contact.phones.MOB !== 'Y')
      throw new InvalidInputError(`${name} does not accept pages.`);
    if (text.trim() === '') throw new InvalidInputError('Type a message to send as a page.');
    if ([...text].length > PAGE_MAX_CHARS)
      throw new InvalidInputError(`A page holds at most ${PAGE_MAX_CHARS} characters.`);
    let call: PageCallback | undefined;
    if (callback) {
      const number = this.host.state.self.phones[callback];
      if (!number)
        throw new InvalidInputError(
          'Give that phone number in Options > Phone before offering it as a call-back number.',
        );
      call = { key: callback, number };
    }
    const payload = encodePage(text, call);
    let trId = 0;
    const answer = this.host
      .connection()
      .request('PAG', [email], { payload, onTrId: (id) => (trId = id) })
      .then(
        () => this.host.warn('pag-reply', 'PAG was answered, though it has no positive reply'),
        (err: unknown) => {
          if (err instanceof TimeoutError) return;
          throw err;
        },
      );
    if (trId > 0) this.sentPages.set(trId, email);
    if (this.sentPages.size > MAX_SENT_PAGES) this.sentPages.delete(this.sentPages.keys().next().value!);
    const quietFor = Math.min(quietMs, this.host.timeoutMs());
    let quiet: NodeJS.Timeout | undefined;
    const quietEnds = new Promise<'quiet'>((resolve) => {
      quiet = setTimeout(() => resolve('quiet'), quietFor);
      quiet.unref?.();
    });
    try {
      if ((await Promise.race([answer, quietEnds])) !== 'quiet') return;
    } finally {
      clearTimeout(quiet);
    }
    // Sent, as far as anyone can tell now; a refusal after this still says so.
    answer.catch((err: unknown) => {
      // A connection that closes meanwhile says nothing about the page; only a refusal does.
      if (!(err instanceof MsnpError)) return;
      this.host.warn('late-pag-error', `the server refused a page after ${quietFor} ms: ${err.message}`);
      this.host.onPage({ from: email, text: '', failed: true, pageTrId: trId, receivedAt: Date.now() });
    });
  }

  /** IPG: a page for you, or word that one of yours failed (named by its PAG's TrID, when we sent it). */
  onIncomingPage(cmd: Command): void {
    const parsed = parseIncomingPage(cmd.payload?.toString('utf8') ?? '');
    if ('error' in parsed) return this.host.warn('bad-ipg', parsed.error, cmd.raw);
    const page = parsed.page;
    const to = page.failed && page.pageTrId !== undefined ? this.sentPages.get(page.pageTrId) : undefined;
    if (page.failed) this.host.onPage({ ...page, from: to ?? page.from, receivedAt: Date.now() });
    else this.host.onPage({ ...page, receivedAt: Date.now() });
  }
}

/** A page refusal in words (the error codes PAG meets). */
export function pageFailure(err: unknown, name: string): string {
  if (err instanceof MsnpError) {
    if (err.code === 220) return `${name} is not accepting pages right now.`;
    if (err.code === 913) return 'You cannot send pages while appearing offline; change your status first.';
    if (err.code === 800)
      return 'The server refused the page (too many at once, or paging is busy); try again in a minute.';
    if (err.code === 606 || err.code === 710 || err.code === 715 || err.code === 502)
      return 'This server does not offer paging.';
    if (err.code === 205 || err.code === 208) return `${wireText(name)} is not a Messenger member.`;
  }
  return err instanceof Error ? err.message : String(err);
}
