// The account as the engine knows it: self, contacts with their lists, privacy, mail, alerts, warnings.
// Plain data in, plain snapshot out; no I/O, so every rule here is unit-testable.
import type {
  AccountSnapshot,
  Alert,
  Blp,
  Contact,
  Gtc,
  ListName,
  MailNotice,
  MailState,
  PhoneKey,
  Profile,
  ProtocolWarning,
  SelfInfo,
  Status,
} from '../../app/types';
import { isSecretField } from '../../app/wireText';

const LIST_ORDER: readonly ListName[] = ['FL', 'AL', 'BL', 'RL'];
export const MAX_WARNINGS = 500;
export const MAX_ALERTS = 100;
export const MAX_MAIL_NOTICES = 100;

export interface CachedLists {
  version: number;
  blp: Blp;
  gtc: Gtc;
  selfPhones: SelfInfo['phones'];
  contacts: { email: string; nickname: string; lists: ListName[]; phones: Contact['phones'] }[];
}

const LIST_BITS: Readonly<Record<ListName, number>> = { FL: 1, AL: 2, BL: 4, RL: 8 };

/** The lists one contact is on, read like a Set of list names. */
export interface ListSet {
  has(list: ListName): boolean;
  add(list: ListName): unknown;
  delete(list: ListName): boolean;
  readonly size: number;
  /** The names in the order FL, AL, BL, RL. */
  names(): ListName[];
}

/** Shared by every contact without a phone number, so they cost no object each; replaced on the first write. */
const NO_PHONES: Contact['phones'] = Object.freeze({});

/**
 * One contact as the engine keeps it. A class, so thousands of them share one shape; its lists are bits of
 * its own, read through `lists` (the record itself), so a contact is one object rather than three.
 */
export class MutableContact implements ListSet {
  status: Status = 'FLN';
  phones: Contact['phones'] = NO_PHONES;
  private listBits = 0;
  constructor(
    readonly email: string,
    public nickname: string,
  ) {}

  get lists(): ListSet {
    return this;
  }
  has(list: ListName): boolean {
    return (this.listBits & LIST_BITS[list]) !== 0;
  }
  add(list: ListName): this {
    this.listBits |= LIST_BITS[list];
    return this;
  }
  delete(list: ListName): boolean {
    const had = this.has(list);
    this.listBits &= ~LIST_BITS[list];
    return had;
  }
  get size(): number {
    let n = 0;
    for (let b = this.listBits; b !== 0; b &= b - 1) n += 1;
    return n;
  }
  names(): ListName[] {
    return LIST_ORDER.filter((l) => this.has(l));
  }

  /** Sets or (undefined or empty) clears one phone number. */
  setPhone(key: PhoneKey, value: string | undefined): void {
    if (value !== undefined && value !== '') {
      if (this.phones === NO_PHONES) this.phones = {};
      this.phones[key] = value;
    } else if (this.phones[key] !== undefined) {
      delete this.phones[key];
    }
  }
}

/** The profile minus its Passport fields: snapshots reach the renderer, logs and the CLI's output. */
function publicProfile(profile: Profile): Profile {
  const out: Profile = {};
  for (const [k, v] of Object.entries(profile)) if (!isSecretField(k)) out[k] = v;
  return out;
}

export class AccountState {
  self: SelfInfo = { email: '', nickname: '', status: 'FLN', phones: {} };
  blp: Blp = 'AL';
  gtc: Gtc = 'A';
  listVersion = 0;
  protocol = '';
  profile: Profile = {};
  mail: MailState = { inboxUnread: 0, foldersUnread: 0, notices: [] };
  alerts: Alert[] = [];
  warnings: ProtocolWarning[] = [];
  private readonly contacts = new Map<string, MutableContact>();

  static key(email: string): string {
    // Most servers send lowercase addresses; skip the copy then (this runs for every list line).
    for (let i = 0; i < email.length; i++) {
      const c = email.charCodeAt(i);
      if (c >= 65 && c <= 90) return email.toLowerCase();
    }
    return email;
  }

  contact(email: string): MutableContact | undefined {
    return this.contacts.get(AccountState.key(email));
  }

  /** Finds or creates the contact record; creating one puts it on no list. */
  ensure(email: string, nickname?: string): MutableContact {
    const key = AccountState.key(email);
    let c = this.contacts.get(key);
    if (!c) {
      c = new MutableContact(email, nickname ?? email);
      this.contacts.set(key, c);
    } else if (nickname !== undefined) {
      c.nickname = nickname;
    }
    return c;
  }

  addToList(list: ListName, email: string, nickname?: string): MutableContact {
    const c = this.ensure(email, nickname);
    c.lists.add(list);
    return c;
  }

  removeFromList(list: ListName, email: string): MutableContact | undefined {
    const c = this.contact(email);
    if (!c) return undefined;
    c.lists.delete(list);
    // A contact on no list is forgotten; its presence no longer reaches us.
    if (c.lists.size === 0) this.contacts.delete(AccountState.key(email));
    return c;
  }

  clearLists(): void {
    this.contacts.clear();
  }

  setPresence(email: string, status: Status, nickname?: string): MutableContact | undefined {
    const c = this.contact(email);
    if (!c) return undefined;
    c.status = status;
    if (nickname !== undefined) c.nickname = nickname;
    return c;
  }

  setContactPhone(email: string, key: PhoneKey, value: string | undefined): MutableContact | undefined {
    const c = this.contact(email);
    c?.setPhone(key, value);
    return c;
  }

  setSelfPhone(key: PhoneKey, value: string | undefined): void {
    if (value === undefined || value === '') delete this.self.phones[key];
    else this.self.phones[key] = value;
  }

  /** Everyone goes offline in our eyes when we lose the connection. */
  markAllOffline(): void {
    for (const c of this.contacts.values()) c.status = 'FLN';
  }

  addWarning(w: Omit<ProtocolWarning, 'at'> & { at?: number }): ProtocolWarning {
    const warning: ProtocolWarning = { ...w, at: w.at ?? Date.now() };
    this.warnings.push(warning);
    if (this.warnings.length > MAX_WARNINGS) this.warnings.splice(0, this.warnings.length - MAX_WARNINGS);
    return warning;
  }

  addAlert(alert: Alert): void {
    this.alerts.push(alert);
    if (this.alerts.length > MAX_ALERTS) this.alerts.shift();
  }

  addMailNotice(notice: MailNotice): void {
    this.mail.notices.push(notice);
    if (this.mail.notices.length > MAX_MAIL_NOTICES) this.mail.notices.shift();
    if (notice.folder === '' || notice.folder.toUpperCase() === 'ACTIVE') this.mail.inboxUnread += 1;
    else this.mail.foldersUnread += 1;
  }

  toContact(c: MutableContact): Contact {
    return {
      email: c.email,
      nickname: c.nickname,
      lists: c.lists.names(),
      status: c.status,
      phones: { ...c.phones },
    };
  }

  selfInfo(): SelfInfo {
    return { ...this.self, phones: { ...this.self.phones } };
  }

  get contactCount(): number {
    return this.contacts.size;
  }

  /** People who added you (RL) and are on none of your own lists: they await a decision. */
  pendingAdds(): { email: string; nickname: string }[] {
    const out: { email: string; nickname: string }[] = [];
    for (const c of this.contacts.values()) {
      if (c.lists.has('RL') && !c.lists.has('FL') && !c.lists.has('AL') && !c.lists.has('BL')) {
        out.push({ email: c.email, nickname: c.nickname });
      }
    }
    return out;
  }

  snapshot(): AccountSnapshot {
    return {
      self: this.selfInfo(),
      contacts: [...this.contacts.values()].map((c) => this.toContact(c)),
      privacy: { blp: this.blp, gtc: this.gtc },
      listVersion: this.listVersion,
      mail: { ...this.mail, notices: [...this.mail.notices] },
      alerts: [...this.alerts],
      pendingAdds: this.pendingAdds(),
      profile: publicProfile(this.profile),
      protocol: this.protocol,
      warnings: [...this.warnings],
    };
  }

  toCache(): CachedLists {
    return {
      version: this.listVersion,
      blp: this.blp,
      gtc: this.gtc,
      selfPhones: { ...this.self.phones },
      contacts: [...this.contacts.values()].map((c) => ({
        email: c.email,
        nickname: c.nickname,
        lists: c.lists.names(),
        phones: { ...c.phones },
      })),
    };
  }

  loadCache(cache: CachedLists): void {
    this.clearLists();
    this.listVersion = cache.version;
    this.blp = cache.blp;
    this.gtc = cache.gtc;
    this.self.phones = { ...cache.selfPhones };
    for (const c of cache.contacts) {
      const m = this.ensure(c.email, c.nickname);
      for (const l of c.lists) m.lists.add(l);
      m.phones = Object.keys(c.phones).length > 0 ? { ...c.phones } : NO_PHONES;
    }
  }
}
