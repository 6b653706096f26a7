// How each command from the notification server changes the account state, whether it arrives
// on its own (NLN, FLN, ADD 0 RL, NOT...) or as the reply to one of our requests (ADD, REM, BLP...).
import type { Command } from './command';
import type { NotificationSession } from './notificationSession';
import { parseBpr } from './bpr';
import { decodeField } from './fields';
import { wireText } from './errors';
import { isPhoneKey as isPhoneKeyValue } from './phones';
import { parseHotmailMessage } from './hotmail';
import { parseNotification } from './alerts';
import { parseHostPort } from './nsLogin';
import { isStatus, type ListName, type Status } from '../../app/types';

type Handler = (s: NotificationSession, cmd: Command) => void;

const EMAIL_RE = /@/;

function presence(s: NotificationSession, cmd: Command, initial: boolean): void {
  // ILN tr STATUS email nick / NLN STATUS email nick [extra fields from later protocols]
  const [status, email, nick] = cmd.args;
  if (!status || !email || !isStatus(status)) {
    s.warn('bad-presence', `${cmd.name} could not be read`, cmd.raw);
    return;
  }
  const c = s.state.contact(email);
  if (!c) {
    s.warn('presence-unknown-contact', `${cmd.name} named someone who is on none of your lists`, cmd.raw);
    return;
  }
  const previous = c.status;
  const nickname = nick === undefined ? undefined : decodeField(nick, cmd.raw, s.warn);
  s.state.setPresence(email, status === 'HDN' ? 'FLN' : status, nickname);
  s.emitEvent('presence', { contact: s.state.toContact(c), previous, initial });
}

function listChange(s: NotificationSession, cmd: Command, adding: boolean): void {
  // ADD tr LIST version email nick / REM tr LIST version email; tolerate a missing version.
  const [list, ...rest] = cmd.args;
  if (list !== 'FL' && list !== 'AL' && list !== 'BL' && list !== 'RL') {
    s.warn('unknown-list', `${cmd.name} named an unknown list`, cmd.raw);
    return;
  }
  let fields = rest;
  if (rest[0] !== undefined && EMAIL_RE.test(rest[0])) {
    s.warn(`${cmd.name.toLowerCase()}-without-version`, `${cmd.name} came without a list version`, cmd.raw);
  } else {
    s.applyListVersion(rest[0], cmd.raw);
    fields = rest.slice(1);
  }
  const [email, nick] = fields;
  if (!email) {
    s.warn('bad-list-change', `${cmd.name} named no user`, cmd.raw);
    return;
  }
  const nickname = nick === undefined ? undefined : decodeField(nick, cmd.raw, s.warn);
  if (adding) {
    const existing = s.state.contact(email);
    const c = s.state.addToList(list as ListName, email, list === 'RL' && existing ? undefined : nickname);
    s.emitEvent('contact', { contact: s.state.toContact(c), removed: false });
    if (list === 'RL') {
      const pending = !c.lists.has('FL') && !c.lists.has('AL') && !c.lists.has('BL');
      s.emitEvent('reverseAdded', { email: c.email, nickname: c.nickname, pending });
    }
  } else {
    const c = s.state.removeFromList(list as ListName, email);
    if (!c) {
      s.warn('rem-unknown-contact', 'REM named someone who was not on that list', cmd.raw);
      return;
    }
    s.emitEvent('contact', { contact: s.state.toContact(c), removed: c.lists.size === 0 });
    if (list === 'RL') s.emitEvent('reverseRemoved', { email: c.email });
  }
}

function hotmail(s: NotificationSession, cmd: Command): void {
  const [from] = cmd.args;
  if (from !== 'Hotmail') {
    s.warn('ns-msg-from-user', 'the notification server relayed a message that was not from Hotmail', cmd.raw);
    return;
  }
  const parsed = parseHotmailMessage(cmd.payload ?? Buffer.alloc(0));
  for (const w of parsed.warnings) s.warn('hotmail-message', w, cmd.raw);
  const m = parsed.message;
  switch (m.kind) {
    case 'profile':
      s.state.profile = m.profile;
      s.emitEvent('profile', m.profile);
      break;
    case 'initialMail':
      Object.assign(s.state.mail, {
        inboxUnread: m.inboxUnread,
        foldersUnread: m.foldersUnread,
        inboxUrl: m.inboxUrl,
        foldersUrl: m.foldersUrl,
        postUrl: m.postUrl,
      });
      s.emitEvent('mail', { inboxUnread: m.inboxUnread, foldersUnread: m.foldersUnread });
      break;
    case 'newMail':
      s.state.addMailNotice(m.notice);
      s.emitEvent('newMail', m.notice);
      s.emitEvent('mail', { inboxUnread: s.state.mail.inboxUnread, foldersUnread: s.state.mail.foldersUnread });
      break;
    case 'mailActivity': {
      // Mail moved out of (or read in) a folder: unread counts go down by the delta.
      const mail = s.state.mail;
      if (m.srcFolder.toUpperCase() === 'ACTIVE') mail.inboxUnread = Math.max(0, mail.inboxUnread - m.delta);
      else mail.foldersUnread = Math.max(0, mail.foldersUnread - m.delta);
      if (m.destFolder.toUpperCase() === 'ACTIVE' && m.srcFolder.toUpperCase() !== 'ACTIVE') mail.inboxUnread += m.delta;
      s.emitEvent('mail', { inboxUnread: mail.inboxUnread, foldersUnread: mail.foldersUnread });
      break;
    }
    case 'system':
      s.emitEvent('system', { type: m.type, arg: m.arg });
      break;
    case 'unknown':
      s.warn('unknown-content-type', `a message from Hotmail had an unknown type (${wireText(m.contentType) || 'none'})`, cmd.raw);
      break;
  }
}

/** BLP/GTC, as a reply or on their own: `tr [version] VALUE`. */
function privacySetting(s: NotificationSession, cmd: Command, which: 'blp' | 'gtc', allowed: readonly string[]): void {
  const value = cmd.args[cmd.args.length - 1];
  if (cmd.args.length > 1) s.applyListVersion(cmd.args[0], cmd.raw);
  if (value === undefined || !allowed.includes(value)) return s.warn(`bad-${which}`, `${cmd.name} had an unknown value`, cmd.raw);
  if (which === 'blp') s.state.blp = value as 'AL' | 'BL';
  else s.state.gtc = value as 'A' | 'N';
  s.emitEvent('privacy', { blp: s.state.blp, gtc: s.state.gtc });
}

const HANDLER_TABLE = {
  ILN: (s, cmd) => presence(s, cmd, true),
  NLN: (s, cmd) => presence(s, cmd, false),
  FLN: (s, cmd) => {
    const [email] = cmd.args;
    const c = email ? s.state.contact(email) : undefined;
    if (!c) {
      s.warn('presence-unknown-contact', 'FLN named someone who is on none of your lists', cmd.raw);
      return;
    }
    const previous = c.status;
    c.status = 'FLN';
    s.emitEvent('presence', { contact: s.state.toContact(c), previous, initial: false });
  },
  BPR: (s, cmd) => {
    const bpr = parseBpr(cmd.args);
    if (bpr.version !== undefined) s.applyListVersion(bpr.version, cmd.raw);
    // Only the sync has a preceding contact for a line that names no one.
    if (!bpr.email || !bpr.key) return s.warn('bad-bpr', 'BPR could not be read', cmd.raw);
    const c = s.state.setContactPhone(bpr.email, bpr.key, bpr.value === undefined ? undefined : decodeField(bpr.value, cmd.raw, s.warn));
    if (c) s.emitEvent('contact', { contact: s.state.toContact(c), removed: false });
    else s.warn('bpr-unknown-contact', 'BPR named someone who is on none of your lists', cmd.raw);
  },
  ADD: (s, cmd) => listChange(s, cmd, true),
  REM: (s, cmd) => listChange(s, cmd, false),
  BLP: (s, cmd) => privacySetting(s, cmd, 'blp', ['AL', 'BL']),
  GTC: (s, cmd) => privacySetting(s, cmd, 'gtc', ['A', 'N']),
  PRP: (s, cmd) => {
    // PRP tr version KEY [value]
    const [version, key, value] = cmd.args;
    s.applyListVersion(version, cmd.raw);
    if (key === 'MBE') s.state.self.mobileEnabled = value === 'Y';
    else if (key && isPhoneKeyValue(key)) s.state.setSelfPhone(key, value === undefined ? undefined : decodeField(value, cmd.raw, s.warn));
    else return s.warn('unknown-property', 'PRP named an unknown property', cmd.raw);
    s.emitEvent('self', s.state.selfInfo());
  },
  REA: (s, cmd) => {
    const [version, email, nick] = cmd.args;
    s.applyListVersion(version, cmd.raw);
    if (!email || nick === undefined) return s.warn('bad-rea', 'REA could not be read', cmd.raw);
    const name = decodeField(nick, cmd.raw, s.warn);
    if (email.toLowerCase() === s.state.self.email.toLowerCase()) {
      s.state.self.nickname = name;
      s.emitEvent('self', s.state.selfInfo());
    } else {
      const c = s.state.contact(email);
      if (c) {
        c.nickname = name;
        s.emitEvent('contact', { contact: s.state.toContact(c), removed: false });
      }
    }
  },
  CHG: (s, cmd) => {
    const [status] = cmd.args;
    if (!status || !isStatus(status)) return s.warn('bad-chg', 'CHG had an unknown status', cmd.raw);
    s.state.self.status = status as Status;
    s.emitEvent('self', s.state.selfInfo());
  },
  MSG: hotmail,
  NOT: (s, cmd) => {
    const result = parseNotification(cmd.payload?.toString('utf8') ?? '');
    if ('error' in result) return s.warn('bad-alert', result.error, cmd.raw);
    s.state.addAlert(result.alert);
    s.emitEvent('alert', result.alert);
  },
  RNG: (s, cmd) => {
    // RNG session host:port CKI cookie email nick
    const [sessionId, address, , cookie, email, nick] = cmd.args;
    const target = address ? parseHostPort(address) : null;
    if (!sessionId || !target || !cookie || !email) return s.warn('bad-rng', 'RNG could not be read', cmd.raw);
    const nickname = nick === undefined ? email : decodeField(nick, cmd.raw, s.warn);
    s.emitEvent('ring', { sessionId, host: target.host, port: target.port, cookie, email, nickname });
  },
  FND: (s, cmd) => s.services.onFindLine(cmd),
  IPG: (s, cmd) => s.services.onIncomingPage(cmd),
  LST: (s, cmd) => s.warn('stray-lst', 'LST arrived outside the list sync', cmd.raw),
} satisfies Record<string, Handler>;

// Looked up in a Map, never in the object: a command name is wire input, and `valueOf` or `__proto__`
// must be unknown, not found on Object.prototype.
const HANDLERS: ReadonlyMap<string, Handler> = new Map(Object.entries(HANDLER_TABLE));

// Names the session handles itself, before this table (the list sync's, and the replies it waits on).
const SESSION_NAMES: ReadonlySet<string> = new Set(['QNG', 'OUT', 'SYN', 'LST', 'GTC', 'BLP', 'PRP', 'BPR']);

/** Whether a name is a command the notification server may send: anything else is not a command line. */
export function isKnownNsCommand(name: string): boolean {
  return HANDLERS.has(name) || SESSION_NAMES.has(name) || /^\d{3}$/.test(name);
}

export function applyAsync(s: NotificationSession, cmd: Command): void {
  const handler = HANDLERS.get(cmd.name);
  if (handler) handler(s, cmd);
  else s.warn('unknown-command', `the server sent ${cmd.name ? wireText(cmd.name) : 'an empty command'}, which this client does not know`, cmd.raw);
}
