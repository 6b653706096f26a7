// Who sees whom. A change to someone's status, name or privacy is bracketed: who could see them before,
// who can now; the difference becomes NLN (newly visible, or visible and changed) or FLN (no longer).
import { serializeCommand } from '../msnp/command';
import { type Account, allows } from './accounts';
import { writeName } from './fields';
import type { NsSession, SessionHost, SignedIn } from './nsSession';

/** Whether `watcher` sees `target` online: target is signed in and past its first CHG, not hidden, on watcher's FL, and allows watcher. */
export function isVisible(host: SessionHost, target: Account, watcher: Account): boolean {
  const ts = host.sessionOf(target);
  if (!ts || !ts.presenceReady || ts.status === 'HDN' || ts.status === 'FLN') return false;
  return target.watchers.has(watcher.key) && allows(target, watcher);
}

/** Signed-in sessions (past their first CHG) whose account has `target` on its FL. */
function watchingSessions(host: SessionHost, target: Account): SignedIn[] {
  const out: SignedIn[] = [];
  // Walk whichever is smaller: the target's reverse list or the people online.
  if (target.watchers.size <= host.onlineCount) {
    for (const key of target.watchers) {
      const watcher = host.store.get(key);
      const s = watcher ? host.sessionOf(watcher) : undefined;
      if (s?.presenceReady) out.push(s);
    }
  } else {
    for (const s of host.sessions()) {
      if (s.presenceReady && s.account && target.watchers.has(s.account.key)) out.push(s);
    }
  }
  return out;
}

export type Audience = Map<SignedIn, boolean>;

/** Who can see `target` right now; taken before a change and handed to announce() after it. */
export function audience(host: SessionHost, target: Account): Audience {
  const seen: Audience = new Map();
  for (const s of watchingSessions(host, target)) seen.set(s, isVisible(host, target, s.account!));
  return seen;
}

export function presenceLine(host: SessionHost, target: Account): string {
  const ts = host.sessionOf(target);
  return serializeCommand('NLN', null, [ts?.status ?? 'NLN', target.email, writeName(target.nickname, host.quirks.unencodedNames)]);
}

/**
 * Tells each watcher what changed since `before`: NLN to those who now see the target and did not (or,
 * with `changed`, to all who see it), FLN to those who saw it and no longer do.
 */
export function announce(host: SessionHost, target: Account, before: Audience, changed: boolean): void {
  const candidates = new Set<SignedIn>(before.keys());
  for (const s of watchingSessions(host, target)) candidates.add(s);
  let nln: string | null = null;
  for (const s of candidates) {
    if (!s.open || !s.account) continue;
    const was = before.get(s) ?? false;
    const now = isVisible(host, target, s.account);
    if (now && (!was || changed)) s.write((nln ??= presenceLine(host, target)));
    else if (was && !now) s.write(serializeCommand('FLN', null, [target.email]));
  }
}

/** Runs a change to `target` and announces its effect on presence. */
export function withPresence(host: SessionHost, target: Account, changed: boolean, change: () => void): void {
  const before = audience(host, target);
  change();
  announce(host, target, before, changed);
}

/** `ILN trId STATUS email nick`, or null when `contact` is not visible to the session's account. */
export function initialPresenceLine(host: SessionHost, s: NsSession, contact: Account, trId: number): string | null {
  if (!s.account || !isVisible(host, contact, s.account)) return null;
  const cs = host.sessionOf(contact)!;
  return serializeCommand('ILN', trId, [cs.status, contact.email, writeName(contact.nickname, host.quirks.unencodedNames)]);
}

/** The ILN lines owed after the first CHG: every FL contact the session's account can see. */
export function initialPresence(host: SessionHost, s: NsSession, trId: number): string {
  const me = s.account;
  if (!me) return '';
  const lines: string[] = [];
  // Only people online can produce a line, so walk the shorter of the FL and the online sessions.
  if (me.lists.FL.size <= host.onlineCount) {
    for (const key of me.lists.FL.keys()) {
      const contact = host.store.get(key);
      const line = contact ? initialPresenceLine(host, s, contact, trId) : null;
      if (line) lines.push(line);
    }
  } else {
    for (const other of host.sessions()) {
      if (!other.account || !me.lists.FL.has(other.account.key)) continue;
      const line = initialPresenceLine(host, s, other.account, trId);
      if (line) lines.push(line);
    }
  }
  return lines.join('');
}
