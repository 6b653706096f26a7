// The URL command: which web pages a client may ask the server for, and how the reply becomes
// an address a browser can open.
import { isLoopbackHost } from './nsLogin';

/** Every service URL asks for, with the protocol version whose official client first used it. */
export const URL_SERVICES = [
  { name: 'PASSWORD', since: 2, label: 'Change password' },
  { name: 'INBOX', since: 2, label: 'Hotmail inbox' },
  { name: 'COMPOSE', since: 2, label: 'Write an e-mail' },
  { name: 'MESSAGE', since: 2, label: 'Open an e-mail' },
  { name: 'FOLDERS', since: 2, label: 'Hotmail folders' },
  { name: 'PERSON', since: 2, label: 'Account details' },
  { name: 'MOBILE', since: 5, label: 'Set up MSN Mobile' },
  { name: 'CHGMOB', since: 5, label: 'MSN Mobile settings' },
  { name: 'PROFILE', since: 6, label: 'Member Directory profile' },
  { name: 'N2PACCOUNT', since: 6, label: 'Net2Phone account' },
  { name: 'N2PFUND', since: 6, label: 'Net2Phone payments' },
  { name: 'CHAT', since: 7, label: 'Chat rooms' },
  { name: 'ADDRBOOK', since: 8, label: 'Address book' },
  { name: 'ADVSEARCH', since: 8, label: 'Advanced search' },
  { name: 'INTSEARCH', since: 8, label: 'Interest search' },
] as const;

export type UrlService = (typeof URL_SERVICES)[number]['name'];

const SERVICE_NAMES: ReadonlySet<string> = new Set(URL_SERVICES.map((s) => s.name));

export function isUrlService(value: string): value is UrlService {
  return SERVICE_NAMES.has(value);
}

export interface UrlReply {
  /** Where the user should end up: absolute, or relative to the site that `loginUrl` signs into. */
  redirectUrl: string;
  /** The Passport page that signs the user in and then redirects. */
  loginUrl: string;
  /** The Passport site id (`id` on the login page); absent before MSNP3. */
  passportSiteId?: string;
}

/** Reads the arguments of `URL TrID redirect-url login-url [psid]` (the TrID already taken off). */
export function parseUrlReply(args: readonly string[]): UrlReply {
  const [redirectUrl = '', loginUrl = '', passportSiteId] = args;
  const reply: UrlReply = { redirectUrl, loginUrl };
  if (passportSiteId !== undefined && passportSiteId !== '') reply.passportSiteId = passportSiteId;
  return reply;
}

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;

/**
 * Names kept for documentation or sure never to resolve (RFC 2606, RFC 6761): never a real service. `.test`
 * is left out: a server on a test network may really serve its pages under it.
 */
const EXAMPLE_HOST = /(^|\.)(example\.(com|net|org)|example|invalid)$/;

/**
 * Whether a host is a stand-in a server without the service puts in its URL reply: none at all, an
 * unspecified address (0.0.0.0, ::), an example or invalid name, or this computer (localhost, 127.x, ::1)
 * named by a server that is elsewhere. `serverHost` is the server's address; unknown, loopback is taken.
 */
function isStandIn(hostname: string, serverHost: string | undefined): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (host === '' || host === '0.0.0.0' || /^[0:]+$/.test(host) || EXAMPLE_HOST.test(host)) return true;
  return serverHost !== undefined && isLoopbackHost(host) && !isLoopbackHost(serverHost);
}

function httpUrl(text: string): URL | null {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/**
 * The address a browser should open for a URL reply, or '' when there is none we can trust or it is a
 * stand-in (see isStandIn; `serverHost` is the server's address, for telling a loopback stand-in).
 * An absolute redirect is opened as it is. A relative one only means something to the site the
 * login page signs into, so the login page is opened with it as `rru` (and the site id as `id`),
 * the form fields the login page reads. Only http and https are ever returned.
 */
export function resolveServiceUrl(reply: UrlReply, serverHost?: string): string {
  const redirect = reply.redirectUrl.trim();
  if (redirect === '') return '';
  if (SCHEME.test(redirect)) {
    const url = httpUrl(redirect);
    return url && !isStandIn(url.hostname, serverHost) ? url.href : '';
  }
  const login = httpUrl(reply.loginUrl.trim());
  if (!login || isStandIn(login.hostname, serverHost)) return '';
  const extra = new URLSearchParams({ rru: redirect });
  if (reply.passportSiteId !== undefined) extra.append('id', reply.passportSiteId);
  // The login URL's own query (often a bare `lc=1033`) is kept as sent.
  login.search = login.search.length > 1 ? `${login.search}&${extra}` : `?${extra}`;
  return login.href;
}
