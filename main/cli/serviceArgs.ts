// The options of the member-service commands (find, invite, page, phones, url), checked before anything is
// sent: a mistake here is a usage error (exit status 2) and the server never hears of it.
import { UsageError } from './usageError';
import type { CommonOptions } from './args';
import { validatePhoneValue } from '../msnp/phones';
import { URL_SERVICES, isUrlService, type UrlService } from '../msnp/urlServices';
import {
  INVITATION_MAX_BYTES,
  PAGE_MAX_CHARS,
  type CallbackPhone,
  type MemberQuery,
} from '../../app/services';
import type { PhoneKey } from '../../app/types';

export type ServiceCommand = 'find' | 'invite' | 'page' | 'phones' | 'url';

/** Each command's own options, every one taking a value. */
export const SERVICE_OPTIONS: Record<ServiceCommand, readonly string[]> = {
  find: ['first', 'last', 'city', 'state', 'country', 'invite', 'message', 'lcid'],
  invite: ['email', 'message', 'lcid'],
  page: ['to', 'message', 'callback'],
  phones: ['home', 'work', 'mobile', 'pager'],
  url: ['to'],
};

export function isServiceCommand(command: string): command is ServiceCommand {
  return Object.hasOwn(SERVICE_OPTIONS, command);
}

export interface InviteNote {
  message: string;
  lcid: string;
}

export type ServiceArgs =
  | { command: 'find'; query: MemberQuery; invite?: number; note: InviteNote }
  | { command: 'invite'; email: string; note: InviteNote }
  | { command: 'page'; to: string; text: string; callback?: CallbackPhone }
  | { command: 'phones'; set: { key: PhoneKey; value: string }[] }
  | { command: 'url'; service: UrlService; to?: string };

type Values = Readonly<Record<string, string | boolean | undefined>>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TWO_LETTERS = /^[A-Za-z]{2}$/;
const LCID = /^0x[0-9a-fA-F]{4}$/;

export const CALLBACKS: Readonly<Record<string, CallbackPhone>> = { HOME: 'PHH', WORK: 'PHW', MOBILE: 'PHM' };

/** The phone options in the order they are set, with the property each one is. */
export const PHONE_OPTIONS: readonly { option: string; key: PhoneKey; label: string }[] = [
  { option: 'home', key: 'PHH', label: 'home' },
  { option: 'work', key: 'PHW', label: 'work' },
  { option: 'mobile', key: 'PHM', label: 'mobile' },
  { option: 'pager', key: 'MOB', label: 'pager' },
];

/** Checks a command's own options and positionals (url's SERVICE); `opts` holds the sign-in options. */
export function parseServiceArgs(
  command: ServiceCommand,
  values: Values,
  positionals: readonly string[],
  opts: CommonOptions,
): ServiceArgs {
  const text = (name: string): string | undefined => {
    const v = values[name];
    return typeof v === 'string' ? v : undefined;
  };
  const need = (name: string): string => {
    const v = text(name);
    if (v === undefined || v.trim() === '') throw new UsageError(`--${name} is required for msnp ${command}`);
    return v;
  };
  if (command !== 'url' && positionals.length > 0)
    throw new UsageError(`${command} takes only options, not "${positionals[0]}"`);
  switch (command) {
    case 'find': {
      const query = findQuery(need('first'), need('last'), text('city'), text('state'), text('country'));
      const index = text('invite');
      if (index === undefined && (text('message') !== undefined || text('lcid') !== undefined))
        throw new UsageError('--message and --lcid go with --invite N, the search result to invite');
      if (index !== undefined && (!/^\d{1,6}$/.test(index.trim()) || Number(index) < 1))
        throw new UsageError(`--invite must be the number of a search result, such as 1, not "${index}"`);
      const note = inviteNote(text('message'), text('lcid'), opts);
      return index === undefined ? { command, query, note } : { command, query, invite: Number(index), note };
    }
    case 'invite': {
      const email = need('email').trim();
      if (!EMAIL.test(email)) throw new UsageError(`--email must be an e-mail address, not "${email}"`);
      if (email.toLowerCase() === opts.user.toLowerCase())
        throw new UsageError('--email is your own address (--user): you cannot invite yourself');
      return { command, email, note: inviteNote(text('message'), text('lcid'), opts) };
    }
    case 'page': {
      const to = need('to').trim();
      if (!EMAIL.test(to)) throw new UsageError(`--to must be an e-mail address, not "${to}"`);
      const message = need('message');
      if ([...message].length > PAGE_MAX_CHARS)
        throw new UsageError(
          `--message is too long for a page: it holds at most ${PAGE_MAX_CHARS} characters`,
        );
      const callback = text('callback');
      if (callback === undefined) return { command, to, text: message };
      const key = CALLBACKS[callback.trim().toUpperCase()];
      if (key === undefined)
        throw new UsageError(`--callback must be HOME, WORK or MOBILE, not "${callback}"`);
      return { command, to, text: message, callback: key };
    }
    case 'phones': {
      const set: { key: PhoneKey; value: string }[] = [];
      for (const { option, key } of PHONE_OPTIONS) {
        const value = text(option);
        if (value === undefined) continue;
        if (key === 'MOB' && !/^[yn]$/i.test(value.trim()))
          throw new UsageError(`--pager must be Y (people may page you) or N, not "${value}"`);
        const check = validatePhoneValue(key, value);
        if (!check.ok) throw new UsageError(`--${option}: ${check.error}`);
        set.push({ key, value: key === 'MOB' ? value.trim().toUpperCase() : value.trim() });
      }
      return { command, set };
    }
    case 'url': {
      if (positionals.length !== 1)
        throw new UsageError(
          positionals.length === 0
            ? `a SERVICE is required for msnp url: one of ${serviceList()}`
            : `give msnp url one SERVICE, not ${positionals.length}`,
        );
      const service = positionals[0]!.toUpperCase();
      if (!isUrlService(service))
        throw new UsageError(`SERVICE must be one of ${serviceList()}, not "${positionals[0]}"`);
      const to = text('to')?.trim();
      if (to === undefined) return { command, service };
      if (service !== 'COMPOSE') throw new UsageError('--to goes only with COMPOSE, the address to write to');
      if (!EMAIL.test(to)) throw new UsageError(`--to must be an e-mail address, not "${to}"`);
      return { command, service, to };
    }
  }
}

function serviceList(): string {
  return URL_SERVICES.map((s) => s.name).join(', ');
}

/** The directory's rules: both names, a country of two letters, a city and a state only in the United States. */
function findQuery(
  first: string,
  last: string,
  city: string | undefined,
  state: string | undefined,
  country: string | undefined,
): MemberQuery {
  const c = country?.trim().toUpperCase() ?? '';
  const st = state?.trim().toUpperCase() ?? '';
  if (c !== '' && !TWO_LETTERS.test(c))
    throw new UsageError(`--country must be two letters, such as US or DE, not "${country}"`);
  if (st !== '' && !TWO_LETTERS.test(st))
    throw new UsageError(`--state must be two letters, such as WA or NY, not "${state}"`);
  if ((city?.trim() || st) && c !== 'US')
    throw new UsageError('--city and --state narrow a search only in the United States: add --country US');
  return { firstName: first.trim(), lastName: last.trim(), city: city?.trim() ?? '', state: st, country: c };
}

/**
 * An invitation's note and language. MSNP2-4 invitations (SND) carry no note: with none of the offered
 * dialects able to send one, a message is refused here, before signing in.
 */
function inviteNote(message: string | undefined, lcid: string | undefined, opts: CommonOptions): InviteNote {
  const language = lcid?.trim() ?? '0x0409';
  if (!LCID.test(language))
    throw new UsageError(`--lcid must be a language code such as 0x0409, not "${lcid}"`);
  const note = message ?? '';
  if (Buffer.byteLength(note, 'utf8') > INVITATION_MAX_BYTES)
    throw new UsageError(
      `--message is too long for an invitation: keep it under ${INVITATION_MAX_BYTES} bytes`,
    );
  if (note.trim() !== '' && !opts.protocols.includes('MSNP5'))
    throw new UsageError(
      `--message needs MSNP5: invitations on ${opts.protocols[0]} carry no personal message, so leave it out`,
    );
  return { message: note, lcid: language };
}
