// The other commands of a signed-in session: status (CHG), service addresses (URL), client version
// (CVR), invitations (SND/SDC), pages (PAG), IMS and the member directory (FND). The switchboard request (XFR SB) lives with the switchboard, in sbCommands.ts.
import { type Command, serializeCommand } from '../msnp/command';
import type { Status } from '../../app/types';
import { isValidHandle } from './fields';
import { urlReply } from './hotmail';
import { clientVersionArgs } from './loginCommands';
import type { CommandHandler, NsSession } from './nsSession';
import { initialPresence, withPresence } from './presence';
import { findValue, rememberSearch, searchDirectory, searchResult, type DirectorySearch } from './directory';

const CHOOSABLE: ReadonlySet<string> = new Set<Status>(['NLN', 'BSY', 'IDL', 'BRB', 'AWY', 'PHN', 'LUN', 'HDN']);
const LCID = /^0x[0-9a-fA-F]{4}$/;

function chg(s: NsSession, cmd: Command): void {
  const status = cmd.args[0]!;
  // The documentation's only example of a bad status is a disconnect.
  if (!CHOOSABLE.has(status)) return s.close();
  const host = s.host;
  const account = s.account!;
  const first = !s.presenceReady;
  const previous = s.status;
  withPresence(host, account, status !== previous, () => {
    s.status = status as Status;
    s.presenceReady = true;
  });
  const reply = serializeCommand('CHG', cmd.trId, host.quirks.chgTrailingField ? [status, '0'] : [status]);
  // The first CHG is answered with everyone you can already see, under its TrID.
  s.write(first ? reply + initialPresence(host, s, cmd.trId!) : reply);
  if (status !== previous) host.events.fire('status', { email: account.email, status: s.status });
}

function url(s: NsSession, cmd: Command): void {
  const [service, param] = cmd.args as [string, string | undefined];
  if (service === 'COMPOSE' && param !== undefined && !isValidHandle(param)) return s.sendError(201, cmd.trId);
  const standIn = s.host.quirks.urlStandIn;
  const args = standIn ? [...standIn] : urlReply(service, param, s.protocol, s.host.host);
  if (!args) return s.sendError(201, cmd.trId);
  s.send('URL', cmd.trId, args);
}

function cvr(s: NsSession, cmd: Command): void {
  s.send('CVR', cmd.trId, clientVersionArgs(s.host.host));
}

/**
 * SND (MSNP2-4) and SDC (MSNP5) invite someone by e-mail: an address, or a result of the session's last FND
 * by its index. A malformed language id is a disconnect, as the documentation shows.
 */
function invitation(s: NsSession, cmd: Command): void {
  const [target, lcid] = cmd.args as [string, string | undefined];
  if (lcid !== undefined && !LCID.test(lcid)) return s.close(serializeCommand('503', cmd.trId));
  const indexed = /^\d{1,6}$/.test(target);
  const entry = indexed ? searchResult(s, Number(target)) : undefined;
  if (indexed ? !entry : !isValidHandle(target)) return s.sendError(201, cmd.trId);
  s.host.events.fire('invitation', {
    command: cmd.name as 'SDC' | 'SND',
    from: s.account!.email,
    to: entry ? `${entry.firstName} ${entry.lastName}` : target,
    index: indexed ? Number(target) : null,
    lcid: lcid ?? null,
    nickname: cmd.name === 'SDC' ? (cmd.args[6] ?? null) : null,
    message: cmd.payload?.toString('utf8') ?? '',
  });
  s.send(cmd.name, cmd.trId, ['OK']);
}

/** PAG has no positive reply; the sandbox refuses a page to anyone who has not allowed mobile contact. */
function pag(s: NsSession, cmd: Command): void {
  const target = s.host.store.get(cmd.args[0]!);
  if (!target || target.phones.MOB !== 'Y') return s.sendError(220, cmd.trId);
  s.host.events.fire('page', { from: s.account!.email, to: target.email, payload: cmd.payload?.toString('utf8') ?? '' });
}

const FIND_FIELDS = ['fname', 'lname', 'city', 'state', 'country'] as const;

/** FND: every field named, first and last name given; city and state only for the United States. */
function readFind(args: readonly string[]): DirectorySearch | null {
  const fields = new Map<string, string>();
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) return null;
    let value: string;
    try {
      value = decodeURIComponent(arg.slice(eq + 1));
    } catch {
      return null;
    }
    fields.set(arg.slice(0, eq), value === '*' ? '' : value);
  }
  if (FIND_FIELDS.some((f) => !fields.has(f))) return null;
  const [firstName, lastName, city, state, country] = FIND_FIELDS.map((f) => fields.get(f)!) as [string, string, string, string, string];
  if (firstName === '' || lastName === '') return null;
  if (country.toUpperCase() !== 'US' && (city !== '' || state !== '')) return null;
  return { firstName, lastName, city, state, country };
}

/** Every result in one write (the documentation: FND cannot span packets), or 301 when they would not fit. */
function fnd(s: NsSession, cmd: Command): void {
  const query = readFind(cmd.args);
  if (!query) return s.sendError(201, cmd.trId);
  const found = searchDirectory(s.host.directory, query);
  s.host.events.fire('find', { email: s.account!.email, query, results: found.length });
  if (found.length > s.host.maxFindResults) return s.sendError(301, cmd.trId);
  rememberSearch(s, found);
  if (found.length === 0) return s.send('FND', cmd.trId, ['0', '0']);
  const total = String(found.length);
  s.write(
    found
      .map((e, i) =>
        serializeCommand('FND', cmd.trId, [
          String(i + 1),
          total,
          `fname=${findValue(e.firstName)}`,
          `lname=${findValue(e.lastName)}`,
          `city=${findValue(e.city)}`,
          `state=${findValue(e.state)}`,
          `country=${findValue(e.country)}`,
        ]),
      )
      .join(''),
  );
}

function ims(s: NsSession, cmd: Command): void {
  const mode = cmd.args[0];
  if (mode !== 'ON' && mode !== 'OFF') return s.close();
  s.send('IMS', cmd.trId, ['0', mode]);
}

const SERVICE_TABLE = {
  CHG: { trId: true, minArgs: 1, when: 'online', run: chg },
  URL: { trId: true, minArgs: 1, when: 'online', run: url },
  CVR: { trId: true, minArgs: 6, when: 'online', run: cvr },
  SND: { trId: true, minArgs: 1, when: 'online', run: invitation },
  SDC: { trId: true, minArgs: 8, when: 'online', since: 5, run: invitation },
  PAG: { trId: true, minArgs: 2, when: 'online', since: 5, run: pag },
  IMS: { trId: true, minArgs: 1, when: 'online', since: 3, run: ims },
  FND: { trId: true, minArgs: 5, when: 'online', run: fnd },
} satisfies Record<string, CommandHandler>;

/** By name in a Map: the name is the client's, and `valueOf` or `__proto__` must be unknown, not found. */
export const SERVICE_HANDLERS: ReadonlyMap<string, CommandHandler> = new Map(Object.entries(SERVICE_TABLE));
