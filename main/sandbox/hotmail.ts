// What the sandbox says as "Hotmail": the sign-in profile, mail counts, new-mail notices, and the
// addresses URL hands out. Pure text builders; the session frames them.
import { createHash } from 'node:crypto';
import type { Account } from './accounts';
import { dialectNumber } from './syncReply';

const CRLF = '\r\n';

/** A MIME message: header lines, a blank line, and a body of header-style fields, each line CRLF-ended. */
function mime(headers: [string, string][], body: [string, string][] | null): string {
  const head = headers.map(([k, v]) => `${k}: ${v}${CRLF}`).join('');
  if (body === null) return head + CRLF;
  return head + CRLF + body.map(([k, v]) => `${k}: ${v}${CRLF}`).join('') + CRLF;
}

function memberId(email: string): { high: number; low: number } {
  const digest = createHash('md5').update(email.toLowerCase()).digest();
  return { high: digest.readUInt32BE(0) & 0x7fffffff, low: digest.readUInt32BE(4) & 0x7fffffff };
}

export function loginUrl(host: string): string {
  return `http://${host}/ppsecure/md5auth.srf?lc=1033`;
}

/** The text/x-msmsgsprofile sent right after USR OK. MSNP2 had only the login time; MSNP3 added Passport fields. */
export function profileMessage(account: Account, protocol: string, loginTime: number): string {
  const type: [string, string][] = [
    ['MIME-Version', '1.0'],
    ['Content-Type', 'text/x-msmsgsprofile; charset=UTF-8'],
    ['LoginTime', String(loginTime)],
  ];
  if (dialectNumber(protocol) < 3) return mime(type, null);
  const id = memberId(account.email);
  const auth = createHash('md5').update(`${account.email}:${loginTime}`).digest('hex').toUpperCase();
  return mime(
    [
      ...type,
      ['EmailEnabled', '1'],
      ['MemberIdHigh', String(id.high)],
      ['MemberIdLow', String(id.low)],
      ['lang_preference', '1033'],
      ['PreferredEmail', account.email],
      ['country', 'US'],
      ['PostalCode', ''],
      ['Gender', ''],
      ['Kid', '0'],
      ['Age', ''],
      ['BDayPre', ''],
      ['Birthday', ''],
      ['Wallet', ''],
      ['Flags', '1027'],
      ['sid', '507'],
      ['kv', '11'],
      ['MSPAuth', `${auth}$$`],
    ],
    null,
  );
}

/** MSNP2 used one content type for both mail messages; MSNP3 split it in two. */
function mailType(protocol: string, initial: boolean): string {
  if (dialectNumber(protocol) < 3) return 'application/x-msmsgsemailnotification; charset=UTF-8';
  return initial ? 'text/x-msmsgsinitialemailnotification; charset=UTF-8' : 'text/x-msmsgsemailnotification; charset=UTF-8';
}

export function initialMailMessage(account: Account, protocol: string, host: string): string {
  return mime(
    [
      ['MIME-Version', '1.0'],
      ['Content-Type', mailType(protocol, true)],
    ],
    [
      ['Inbox-Unread', String(account.mail.inboxUnread)],
      ['Folders-Unread', String(account.mail.foldersUnread)],
      ['Inbox-URL', '/cgi-bin/HoTMaiL'],
      ['Folders-URL', '/cgi-bin/folders'],
      ['Post-URL', `http://${host}/`],
    ],
  );
}

export interface NewMail {
  from: string;
  fromAddr: string;
  subject: string;
  /** ACTIVE (the inbox) unless given. */
  folder?: string;
}

/** A header value on one line; anything beyond ASCII goes as an RFC 2047 encoded word. */
function headerText(value: string): string {
  // eslint-disable-next-line no-control-regex
  const oneLine = value.replace(/[\x00-\x1f\x7f]+/g, ' ');
  return /^[\x20-\x7e]*$/.test(oneLine) ? oneLine : `=?utf-8?B?${Buffer.from(oneLine, 'utf8').toString('base64')}?=`;
}

export function newMailMessage(mail: NewMail, protocol: string, host: string, sequence: number): string {
  const folder = (mail.folder ?? 'ACTIVE').replace(/\s+/g, '');
  const fields: [string, string][] = [
    ['From', headerText(mail.from)],
    ['Message-URL', `/cgi-bin/getmsg?msg=MSG${sequence}&start=1&len=1&curmbox=${folder}`],
    ['Post-URL', dialectNumber(protocol) < 3 ? `http://${host}/` : loginUrl(host)],
    ['Subject', headerText(mail.subject)],
    ['Dest-Folder', folder],
    ['From-Addr', headerText(mail.fromAddr)],
  ];
  if (dialectNumber(protocol) >= 3) fields.push(['id', '2']);
  return mime(
    [
      ['MIME-Version', '1.0'],
      ['Content-Type', mailType(protocol, false)],
    ],
    fields,
  );
}

interface UrlTarget {
  /** Relative to the site the login page signs into, or absolute. */
  redirect: string;
  psid: string;
  /** The last dialect that knew the service (PASSWORD went away in MSNP3). */
  until?: number;
}

const URL_TABLE = {
  PASSWORD: { redirect: '/cgi-bin/password', psid: '2', until: 2 },
  INBOX: { redirect: '/cgi-bin/HoTMaiL', psid: '2' },
  COMPOSE: { redirect: '/cgi-bin/compose', psid: '2' },
  MESSAGE: { redirect: '/cgi-bin/getmsg', psid: '2' },
  FOLDERS: { redirect: '/cgi-bin/folders', psid: '2' },
  PERSON: { redirect: '/member/edit', psid: '2' },
  MOBILE: { redirect: '/mobile/confirmUser?mobID=1', psid: '961' },
  CHGMOB: { redirect: '/mobile/settings', psid: '961' },
  PROFILE: { redirect: '/members/edit', psid: '4263' },
  N2PACCOUNT: { redirect: '/net2phone/account', psid: '2823' },
  N2PFUND: { redirect: '/net2phone/fund', psid: '2823' },
  CHAT: { redirect: '/chat/messenger', psid: '2260' },
  ADDRBOOK: { redirect: '/addressbook', psid: '2' },
  ADVSEARCH: { redirect: '/search/advanced', psid: '2' },
  INTSEARCH: { redirect: '/search/interests', psid: '2' },
} satisfies Record<string, UrlTarget>;

/** By name in a Map: the name is the client's, and `valueOf` or `__proto__` must be unknown, not found. */
const URL_TARGETS: ReadonlyMap<string, UrlTarget> = new Map(Object.entries(URL_TABLE));

/**
 * The arguments of the URL reply, or null for a service the server does not know. Before MSNP3 the
 * reply had no site id and only relative addresses; from MSNP3 on the redirect is absolute.
 */
export function urlReply(service: string, param: string | undefined, protocol: string, host: string): string[] | null {
  const target = URL_TARGETS.get(service);
  const dialect = dialectNumber(protocol);
  if (!target || (target.until !== undefined && dialect > target.until)) return null;
  let path = target.redirect;
  if (service === 'COMPOSE' && param !== undefined) path += `?mailto=1&to=${encodeURIComponent(param)}`;
  else if (param !== undefined && /^0x[0-9a-fA-F]{1,4}$/.test(param)) {
    path += `${path.includes('?') ? '&' : '?'}lc=${parseInt(param, 16)}`;
  }
  if (dialect < 3) return [path, loginUrl(host)];
  return [`http://${host}${path}`, loginUrl(host), target.psid];
}
