// msnp find, invite, page, phones and url: the member services from a terminal. Each signs in, asks the
// server one thing (find may go on to invite one of its results), reports the answer and signs out. A
// refusal is one sentence; a server error code never leaves as one, since some codes (205, 208) would
// otherwise read as a refused sign-in.
import type { CommandOptions } from './args';
import { forTerminal, type Reporter } from './output';
import { PHONE_OPTIONS, type ServiceArgs } from './serviceArgs';
import { withSession } from './session';
import { MsnpError, TimeoutError, seconds } from '../msnp/errors';
import { pageFailure } from '../msnp/memberServices';
import type { NotificationSession } from '../msnp/notificationSession';
import type { MemberResult } from '../../app/services';
import { displayText } from '../../app/displayText';

/** A service the server refused or did not answer; the message is the sentence for stderr. */
export class ServiceError extends Error {
  override name = 'ServiceError';
}

type Args<C extends ServiceArgs['command']> = Extract<ServiceArgs, { command: C }>;

export async function runService(opts: CommandOptions, reporter: Reporter, signal: AbortSignal): Promise<void> {
  const args = opts.service!;
  // In a terminal the result is what was asked for; the whole account after it would bury it (--json keeps it).
  const out: Reporter = opts.json ? reporter : { event: reporter.event, state: () => {} };
  await withSession(opts, out, signal, async ({ ns }) => {
    switch (args.command) {
      case 'find':
        return find(ns, args, out);
      case 'invite':
        return invite(ns, args.email, args, out);
      case 'page':
        return page(ns, args, out);
      case 'phones':
        return phones(ns, args, out);
      case 'url':
        return url(ns, args, out);
    }
  });
}

/**
 * A refusal in words: a timeout and the codes given have their sentence, any other code is named. Anything
 * else (the engine's own sentences, a lost connection) goes on as it is.
 */
function refusal(err: unknown, what: string, codes: Readonly<Record<number, string>> = {}): unknown {
  if (err instanceof TimeoutError)
    return new ServiceError(`The server did not answer ${what} within ${seconds(err.ms)}; try again later.`);
  if (err instanceof MsnpError)
    return new ServiceError(new Map(Object.entries(codes)).get(String(err.code)) ?? `The server refused ${what} (error ${err.code}).`);
  return err;
}

// ---- find ---------------------------------------------------------------------------------------------------

async function find(ns: NotificationSession, a: Args<'find'>, out: Reporter): Promise<void> {
  const found = await ns.services.find(a.query).catch((err: unknown) => {
    throw refusal(err, 'the search', {
      301: 'The search found too many people; narrow it with --country, or --city and --state in the US.',
      502: 'This server does not offer the member directory.',
      715: 'This server does not offer the member directory.',
      201: 'The directory could not search for that; check the names and try again.',
    });
  });
  out.event(
    'found',
    { total: found.total, results: found.results },
    describeResults(found.results, found.total),
  );
  if (a.invite === undefined) return;
  const chosen = found.results.find((r) => r.index === a.invite);
  // A result announced but lost on the way is still the server's to invite.
  if (!chosen && a.invite > found.total)
    throw new ServiceError(
      found.total === 0
        ? 'There is no one to invite: the search found no one.'
        : `There is no result ${a.invite} to invite: the search found ${people(found.total)}.`,
    );
  await invite(ns, a.invite, a, out, chosen);
}

function people(n: number): string {
  return `${n} ${n === 1 ? 'person' : 'people'}`;
}

function place(r: MemberResult): string {
  return [r.city, r.state, r.country].filter((p) => p !== '').join(', ');
}

function describeResults(results: readonly MemberResult[], total: number): string {
  if (total === 0) return 'No one in the directory matches that search.';
  const arrived = results.length < total ? ` (${results.length} arrived)` : '';
  const header = `Found ${people(total)} in the directory${arrived}:`;
  return [header, table(['#', 'First name', 'Last name', 'City', 'State', 'Country'], results)].join('\n');
}

/** Columns padded to their widest cell, counted in characters after escaping what a terminal would act on. */
function table(head: readonly string[], results: readonly MemberResult[]): string {
  const rows = [
    [...head],
    ...results.map((r) =>
      [String(r.index), r.firstName, r.lastName, r.city, r.state, r.country].map((cell) => forTerminal(cell)),
    ),
  ];
  const width = head.map((_, i) => Math.max(...rows.map((row) => [...row[i]!].length)));
  return rows
    .map((row) =>
      `  ${row.map((cell, i) => cell + ' '.repeat(width[i]! - [...cell].length)).join('  ')}`.trimEnd(),
    )
    .join('\n');
}

// ---- invite -------------------------------------------------------------------------------------------------

async function invite(
  ns: NotificationSession,
  target: string | number,
  a: Args<'find'> | Args<'invite'>,
  out: Reporter,
  chosen?: MemberResult,
): Promise<void> {
  const name =
    typeof target === 'string'
      ? target
      : chosen
        ? `${chosen.firstName} ${chosen.lastName}`
        : `result ${target}`;
  const dialect = Number(ns.state.protocol.replace(/^MSNP/, ''));
  // Offered MSNP5 but given an older dialect: the engine's sentence speaks of a field, this one of the option.
  if (dialect < 5 && a.note.message.trim() !== '')
    throw new ServiceError(
      `This server speaks ${ns.state.protocol}, whose invitations carry no personal message; leave out --message.`,
    );
  await ns.services.invite(target, a.note).catch((err: unknown) => {
    throw refusal(err, 'the invitation', {
      502: 'This server does not send invitations by e-mail.',
      715: 'This server does not send invitations by e-mail.',
      201: `The server would not send an invitation to ${displayText(name)}; check the ${typeof target === 'string' ? 'address' : 'result number'}.`,
    });
  });
  const where = chosen && place(chosen) !== '' ? ` (${place(chosen)})` : '';
  out.event(
    'invited',
    {
      to: typeof target === 'string' ? target : null,
      index: typeof target === 'number' ? target : null,
      name,
      command: dialect >= 5 ? 'SDC' : 'SND',
    },
    `Your invitation was sent to ${displayText(name)}${where}. The server e-mails it with instructions for getting Messenger.`,
  );
}

// ---- page ---------------------------------------------------------------------------------------------------

async function page(ns: NotificationSession, a: Args<'page'>, out: Reporter): Promise<void> {
  if (a.callback !== undefined && !ns.state.self.phones[a.callback]) {
    const { option } = PHONE_OPTIONS.find((p) => p.key === a.callback)!;
    throw new ServiceError(
      `You have no ${option} number to offer for calling back; set one with msnp phones --${option} NUM.`,
    );
  }
  const name = displayText(ns.state.contact(a.to)?.nickname || a.to);
  await ns.services.page(a.to, a.text, a.callback).catch((err: unknown) => {
    if (!(err instanceof MsnpError)) throw err;
    const said = pageFailure(err, name);
    throw new ServiceError(said === err.message ? `The server refused the page (error ${err.code}).` : said);
  });
  out.event(
    'paged',
    { to: a.to, callback: a.callback ?? null },
    `Your page to ${a.to} was sent (the server confirms no page; it reported no error).`,
  );
}

// ---- phones -------------------------------------------------------------------------------------------------

async function phones(ns: NotificationSession, a: Args<'phones'>, out: Reporter): Promise<void> {
  for (const { key, value } of a.set) {
    const { label } = PHONE_OPTIONS.find((p) => p.key === key)!;
    const what = key === 'MOB' ? 'the change of your pager setting' : `the change of your ${label} number`;
    await ns.setPhone(key, value).catch((err: unknown) => {
      throw refusal(err, what);
    });
  }
  const p = ns.state.self.phones;
  const kept = {
    home: p.PHH || null,
    work: p.PHW || null,
    mobile: p.PHM || null,
    pager: p.MOB === 'Y' ? 'Y' : 'N',
  };
  const line = (label: string, value: string | null): string => `  ${label.padEnd(7)} ${value ?? 'not set'}`;
  out.event(
    'phones',
    kept,
    [
      'Your phone numbers on the server:',
      line('Home', kept.home),
      line('Work', kept.work),
      line('Mobile', kept.mobile),
      line('Pager', kept.pager === 'Y' ? 'Y (people may page you)' : 'N (no one may page you)'),
    ].join('\n'),
  );
}

// ---- url ----------------------------------------------------------------------------------------------------

async function url(ns: NotificationSession, a: Args<'url'>, out: Reporter): Promise<void> {
  // ServiceNotOfferedError already says "This server does not offer Hotmail." (or that service)
  const address = await ns.requestUrl(a.service, a.to).catch((err: unknown) => {
    throw refusal(err, `the request for the ${a.service} address`);
  });
  out.event('url', { service: a.service, url: address }, address);
}
