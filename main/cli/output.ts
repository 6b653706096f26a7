// Two ways to report a session: a readable account for people, JSON lines for scripts.
import type { AccountSnapshot, Contact } from '../../app/types';
import { STATUS_NAMES } from '../../app/types';
import { displayText, UNSHOWABLE } from '../../app/displayText';
import { maskSecrets as maskWireSecrets, wireText } from '../../app/wireText';
import type { NotificationSession } from '../msnp/notificationSession';
import { maskTraffic } from '../msnp/trafficMask';

export interface Reporter {
  event(type: string, data: Record<string, unknown>, human: string | null): void;
  state(snapshot: AccountSnapshot): void;
}

const UNSHOWABLE_ALL = new RegExp(UNSHOWABLE.source, 'g');

// JSON.stringify escapes C0 controls but leaves DEL, C1 controls (a terminal may act on CSI) and bidi
// overrides (they reorder what is printed around them) as they are: those go out as \uXXXX, which reads back the same.
function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(
    UNSHOWABLE_ALL,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function jsonReporter(write: (line: string) => void): Reporter {
  return {
    event: (type, data) => write(jsonLine({ type, ...data })),
    state: (snapshot) => write(jsonLine({ type: 'state', ...snapshot })),
  };
}

/**
 * Text for a terminal: names, messages and lines from the wire can hold escape sequences that recolour,
 * retitle or clear it, a CR that overwrites what came before, or bidi overrides. Every control and
 * invisible format character but the line break and tab is shown as a visible escape instead.
 */
export function forTerminal(text: string): string {
  return text.replace(UNSHOWABLE_ALL, (ch) => (ch === '\n' || ch === '\t' ? ch : wireText(ch)));
}

export function humanReporter(write: (line: string) => void): Reporter {
  return {
    event: (_type, _data, human) => {
      if (human !== null) write(forTerminal(human));
    },
    state: (s) => write(forTerminal(describeState(s))),
  };
}

/** "Name <address>", with the name as it may be shown (no invisible characters), or the address alone. */
export function who(c: { email: string; nickname: string }): string {
  const name = displayText(c.nickname);
  return name && name !== c.email ? `${name} <${c.email}>` : c.email;
}

/** A warning's wire line as people read it: escaped and cut (--json carries it whole). */
function quotedLine(line: string | undefined): string {
  return line ? `  <${wireText(line, 200)}>` : '';
}

function phones(p: Contact['phones']): string {
  const parts = Object.entries(p).map(([k, v]) => `${k} ${v}`);
  return parts.length ? `  [${parts.join(', ')}]` : '';
}

export function describeState(s: AccountSnapshot): string {
  const lines: string[] = [];
  lines.push(
    `Signed in as ${who(s.self)} — ${STATUS_NAMES[s.self.status]} (${s.protocol}, list version ${s.listVersion})${phones(s.self.phones)}`,
  );
  lines.push(
    `Privacy: ${s.privacy.blp === 'AL' ? 'everyone not blocked can reach you' : 'only your allow list can reach you'}; ${s.privacy.gtc === 'A' ? 'you are asked' : 'you are not asked'} when someone adds you`,
  );
  const forward = s.contacts.filter((c) => c.lists.includes('FL'));
  const online = forward.filter((c) => c.status !== 'FLN');
  lines.push(`Contacts: ${forward.length} (${online.length} online)`);
  for (const c of forward)
    lines.push(`  ${STATUS_NAMES[c.status].padEnd(14)} ${who(c)}  {${c.lists.join(' ')}}${phones(c.phones)}`);
  const others = s.contacts.filter((c) => !c.lists.includes('FL'));
  if (others.length) {
    lines.push(`Not on your contact list: ${others.length}`);
    for (const c of others) lines.push(`  ${who(c)}  {${c.lists.join(' ')}}`);
  }
  for (const p of s.pendingAdds) lines.push(`Waiting for your answer: ${who(p)} added you to their list`);
  lines.push(`Hotmail: ${s.mail.inboxUnread} unread in the inbox, ${s.mail.foldersUnread} in other folders`);
  for (const n of s.mail.notices) lines.push(`  New mail from ${n.from} <${n.fromAddr}>: ${n.subject}`);
  for (const a of s.alerts) lines.push(`Alert: ${a.text}${a.actionUrl ? ` (${a.actionUrl})` : ''}`);
  if (s.warnings.length) {
    lines.push(`Protocol warnings: ${s.warnings.length}`);
    for (const w of s.warnings) lines.push(`  ${w.code}: ${w.message}${quotedLine(w.line)}`);
  }
  return lines.join('\n');
}

/**
 * A line as --verbose may print it: the password of an outgoing `USR tr CTP S <password>` is masked, and
 * the Passport ticket of an incoming line (MSPAuth, as in warnings). An MD5 answer is shown, as it is a
 * one-time hash of the server's challenge, not the password.
 */
export function maskSecrets(direction: 'in' | 'out', line: string): string {
  return maskTraffic(direction, line);
}

/** Wires the session's event stream to a reporter. */
export function report(session: NotificationSession, out: Reporter, verbose: boolean): void {
  session.on('status', (status) => out.event('status', { status }, null));
  if (verbose) {
    session.on('raw', (r) => {
      const line = maskSecrets(r.direction, r.line);
      // The sign-in profile's payload holds the ticket.
      const payload = r.payload === undefined ? undefined : maskWireSecrets(r.payload);
      out.event(
        'raw',
        { ...r, line, payload },
        `${r.direction === 'in' ? 'S:' : 'C:'} ${line}${payload ? `\n${payload.replace(/\r\n/g, '\n').trimEnd()}` : ''}`,
      );
    });
  }
  session.on('warning', (w) => out.event('warning', { ...w }, `warning: ${w.message}${quotedLine(w.line)}`));
  session.on('page', (p) =>
    out.event(
      'page',
      { ...p },
      p.failed
        ? `Your page${p.from ? ` to ${p.from}` : ''} could not be delivered.`
        : `Page from ${p.from || 'someone'}: ${displayText(p.text)}`,
    ),
  );
  session.on('synced', (e) =>
    out.event(
      'synced',
      { ...e },
      e.fromCache
        ? `Contact list is up to date (version ${e.listVersion})`
        : `Synchronized ${e.contacts} contact${e.contacts === 1 ? '' : 's'} (version ${e.listVersion})`,
    ),
  );
  session.on('presence', (e) => {
    if (e.initial) return out.event('presence', { ...e }, null);
    const text =
      e.contact.status === 'FLN'
        ? `${who(e.contact)} has signed out`
        : e.previous === 'FLN'
          ? `${who(e.contact)} has just signed in (${STATUS_NAMES[e.contact.status]})`
          : `${who(e.contact)} is now ${STATUS_NAMES[e.contact.status]}`;
    out.event('presence', { ...e }, text);
  });
  session.on('contact', (e) => out.event('contact', { ...e }, null));
  session.on('reverseAdded', (e) =>
    out.event('reverseAdded', { ...e }, `${who(e)} has added you to their contact list`),
  );
  session.on('reverseRemoved', (e) =>
    out.event('reverseRemoved', { ...e }, `${e.email} has removed you from their contact list`),
  );
  session.on('privacy', (e) => out.event('privacy', { ...e }, null));
  session.on('self', (e) => out.event('self', { ...e }, null));
  session.on('mail', (e) => out.event('mail', { ...e }, null));
  session.on('newMail', (n) => out.event('newMail', { ...n }, `New e-mail from ${n.from}: ${n.subject}`));
  session.on('alert', (a) => out.event('alert', { ...a }, `Alert: ${a.text}`));
  session.on('system', (e) =>
    out.event(
      'system',
      { ...e },
      e.type === 1 ? `The server will shut down in ${e.arg} minutes` : `System message ${e.type}: ${e.arg}`,
    ),
  );
  // The conversation that answers the ring reports itself (session.ts), so people see one line, not two.
  session.on('ring', (e) => out.event('ring', { ...e }, null));
}
