// The sandbox's accounts and their lists: pure data and rules, no sockets. Every list change returns what
// happened (new versions, who else is affected) so the sessions can tell the people who are online.
// The reverse list is never stored: X is on A's RL exactly when A is on X's FL (kept as X.watchers).
import { createHash, randomInt } from 'node:crypto';
import { PHONE_KEYS, type Blp, type Gtc, type ListName, type PhoneKey, type Phones, type Status } from '../../app/types';
import { handleKey, isValidHandle, readNameField, readPhoneField } from './fields';
import { wireText } from '../msnp/errors';

export interface SandboxAccountInit {
  email: string;
  password: string;
  /** Defaults to the e-mail address, as a new account's name did. */
  nickname?: string;
  /** false: the password is accepted but USR is answered with 924. */
  verified?: boolean;
  /** Own phone properties: sent as PRP in SYN; others see them through BPR. */
  phones?: Phones;
  blp?: Blp;
  gtc?: Gtc;
  /** E-mail addresses of other sandbox accounts. */
  forward?: string[];
  allow?: string[];
  block?: string[];
  /** Defaults to 1, so that a client without a cache (SYN 0) always gets the lists. */
  listVersion?: number;
  mail?: { inboxUnread: number; foldersUnread: number };
  /** MBE in SYN: whether the account has MSN Mobile set up. */
  mobileEnabled?: boolean;
}

export type EditableList = Exclude<ListName, 'RL'>;

export interface ListEntry {
  email: string;
  /** The name the owner stored for this person (ADD's custom name, or REA on them). */
  nickname: string;
}

export class Account {
  readonly key: string;
  password: string;
  nickname: string;
  verified: boolean;
  phones: Phones;
  blp: Blp;
  gtc: Gtc;
  listVersion: number;
  mobileEnabled: boolean;
  readonly mail: { inboxUnread: number; foldersUnread: number };
  readonly lists: Record<EditableList, Map<string, ListEntry>> = { FL: new Map(), AL: new Map(), BL: new Map() };
  /** Keys of the accounts that have this one on their forward list: this account's reverse list. */
  readonly watchers = new Set<string>();

  constructor(
    readonly email: string,
    init: SandboxAccountInit,
  ) {
    this.key = handleKey(email);
    this.password = init.password;
    this.nickname = init.nickname ?? email;
    this.verified = init.verified ?? true;
    this.phones = { ...init.phones };
    this.blp = init.blp ?? 'AL';
    this.gtc = init.gtc ?? 'A';
    this.listVersion = init.listVersion ?? 1;
    this.mobileEnabled = init.mobileEnabled ?? false;
    this.mail = { inboxUnread: init.mail?.inboxUnread ?? 0, foldersUnread: init.mail?.foldersUnread ?? 0 };
  }

  bump(): number {
    this.listVersion += 1;
    return this.listVersion;
  }
}

/** A copy of an account's state for tests and the UI; changing it changes nothing. */
export interface AccountView {
  email: string;
  nickname: string;
  verified: boolean;
  phones: Phones;
  blp: Blp;
  gtc: Gtc;
  listVersion: number;
  mobileEnabled: boolean;
  mail: { inboxUnread: number; foldersUnread: number };
  lists: Record<ListName, ListEntry[]>;
  /** As others would see it if they could: the chosen status (HDN included), FLN when signed out. */
  status: Status;
}

export type Refused = { ok: false; error: number } | { ok: false; disconnect: string };

export interface VersionBump {
  account: Account;
  version: number;
}

export type AddResult =
  | { ok: true; list: EditableList; version: number; entry: ListEntry; contact: Account; reverse: VersionBump | null }
  | Refused;
export type RemoveResult =
  | { ok: true; list: EditableList; version: number; email: string; reverse: VersionBump | null }
  | Refused;
export type RenameResult = { ok: true; version: number; email: string; name: string; self: boolean } | Refused;
export type SettingResult<T> = { ok: true; version: number; value: T } | Refused;
export type PhoneResult = { ok: true; version: number; key: PhoneKey; value: string | undefined; watchers: VersionBump[] } | Refused;
export type AuthResult = 'ok' | 'failed' | 'unverified';

// A Map: the list name is the client's field, and `constructor` or `__proto__` must name no list.
const LIST_OF: ReadonlyMap<string, EditableList> = new Map([
  ['FL', 'FL'],
  ['AL', 'AL'],
  ['BL', 'BL'],
]);

export function md5Hex(salt: string, password: string): string {
  return createHash('md5').update(salt + password, 'utf8').digest('hex');
}

/** A challenge in the shape the classic servers used: seconds, a dot, and nine or so digits. */
export function newChallenge(): string {
  return `${Math.floor(Date.now() / 1000)}.${randomInt(100_000_000, 1_000_000_000)}`;
}

/** Whether `target` lets `other` see its presence and reach it: not blocked, and allowed when BLP is BL. */
export function allows(target: Account, other: Account): boolean {
  if (target.lists.BL.has(other.key)) return false;
  return target.blp === 'AL' || target.lists.AL.has(other.key);
}

export class AccountStore {
  private readonly accounts = new Map<string, Account>();

  constructor(inits: readonly SandboxAccountInit[] = []) {
    this.addAll(inits);
  }

  get size(): number {
    return this.accounts.size;
  }

  get(handle: string): Account | undefined {
    return this.accounts.get(handleKey(handle));
  }

  all(): IterableIterator<Account> {
    return this.accounts.values();
  }

  /**
   * Adds accounts, then their lists, so accounts in one batch may name each other. A list naming an
   * address that is not an account is a mistake in the test set-up and throws, as ADD would answer 205.
   * Set-up changes bump the versions of accounts whose reverse list grew, but notify nobody.
   */
  addAll(inits: readonly SandboxAccountInit[]): void {
    const fresh: [Account, SandboxAccountInit][] = [];
    const freshKeys = new Set<string>();
    for (const init of inits) {
      if (!isValidHandle(init.email)) throw new Error(`sandbox account ${JSON.stringify(init.email)} is not a valid handle`);
      const key = handleKey(init.email);
      if (this.accounts.has(key) || freshKeys.has(key)) throw new Error(`sandbox account ${init.email} is defined twice`);
      freshKeys.add(key);
      fresh.push([new Account(init.email, init), init]);
    }
    for (const [account] of fresh) this.accounts.set(account.key, account);
    for (const [account, init] of fresh) {
      this.seedList(account, 'FL', init.forward ?? [], freshKeys);
      this.seedList(account, 'AL', init.allow ?? [], freshKeys);
      this.seedList(account, 'BL', init.block ?? [], freshKeys);
      for (const key of account.lists.AL.keys()) {
        if (account.lists.BL.has(key)) throw new Error(`sandbox account ${account.email} has ${key} on both AL and BL`);
      }
    }
  }

  private seedList(owner: Account, list: EditableList, handles: readonly string[], freshKeys: ReadonlySet<string>): void {
    for (const handle of handles) {
      const contact = this.get(handle);
      if (!contact) throw new Error(`sandbox account ${owner.email} lists ${handle} on ${list}, which is not an account`);
      owner.lists[list].set(contact.key, { email: contact.email, nickname: contact.nickname });
      if (list !== 'FL' || contact.watchers.has(owner.key)) continue;
      contact.watchers.add(owner.key);
      if (!freshKeys.has(contact.key)) contact.bump();
    }
  }

  authenticate(handle: string, salt: string, response: string): AuthResult {
    const account = this.get(handle);
    if (!account || response.toLowerCase() !== md5Hex(salt, account.password)) return 'failed';
    return account.verified ? 'ok' : 'unverified';
  }

  /** The clear-text check of MSNP2's CTP package. */
  authenticatePlain(handle: string, password: string): AuthResult {
    const account = this.get(handle);
    if (!account || password !== account.password) return 'failed';
    return account.verified ? 'ok' : 'unverified';
  }

  /** The reverse list: everyone who has `owner` on their forward list, with their own current names. */
  reverseList(owner: Account): ListEntry[] {
    const out: ListEntry[] = [];
    for (const key of owner.watchers) {
      const watcher = this.accounts.get(key);
      if (watcher) out.push({ email: watcher.email, nickname: watcher.nickname });
    }
    return out;
  }

  entries(owner: Account, list: ListName): ListEntry[] {
    return list === 'RL' ? this.reverseList(owner) : [...owner.lists[list].values()];
  }

  addToList(owner: Account, listField: string, handle: string, nameField: string): AddResult {
    if (listField === 'RL') return { ok: false, disconnect: 'a client cannot add to the reverse list' };
    const list = LIST_OF.get(listField);
    if (!list || !isValidHandle(handle)) return { ok: false, error: 201 };
    const name = readNameField(nameField);
    if (!name.ok) return { ok: false, error: 201 };
    const contact = this.get(handle);
    if (!contact) return { ok: false, error: 205 };
    if (owner.lists[list].has(contact.key)) return { ok: false, error: 215 };
    const opposite = list === 'AL' ? 'BL' : list === 'BL' ? 'AL' : null;
    if (opposite && owner.lists[opposite].has(contact.key)) return { ok: false, error: 219 };
    const entry = { email: contact.email, nickname: name.name };
    owner.lists[list].set(contact.key, entry);
    const version = owner.bump();
    let reverse: VersionBump | null = null;
    if (list === 'FL') {
      contact.watchers.add(owner.key);
      // When you add yourself, your own reverse list grows in the same change.
      reverse = { account: contact, version: contact === owner ? version : contact.bump() };
    }
    return { ok: true, list, version, entry, contact, reverse };
  }

  removeFromList(owner: Account, listField: string, handle: string): RemoveResult {
    if (listField === 'RL') return { ok: false, disconnect: 'a client cannot remove from the reverse list' };
    const list = LIST_OF.get(listField);
    if (!list) return { ok: false, error: 201 };
    const key = handleKey(handle);
    const entry = owner.lists[list].get(key);
    if (!entry) return { ok: false, error: 216 };
    owner.lists[list].delete(key);
    const version = owner.bump();
    const contact = this.accounts.get(key);
    let reverse: VersionBump | null = null;
    if (list === 'FL' && contact) {
      contact.watchers.delete(owner.key);
      reverse = { account: contact, version: contact === owner ? version : contact.bump() };
    }
    return { ok: true, list, version, email: entry.email, reverse };
  }

  /** REA: your own name (announced by the caller) or the name you stored for someone on FL, AL or BL. */
  rename(owner: Account, handle: string, nameField: string): RenameResult {
    const key = handleKey(handle);
    const self = key === owner.key;
    const stored = (['FL', 'AL', 'BL'] as const).map((l) => owner.lists[l].get(key)).filter((e) => e !== undefined);
    if (!self && stored.length === 0) return { ok: false, error: 216 };
    const name = readNameField(nameField);
    if (!name.ok) return { ok: false, error: 209 };
    if (self) owner.nickname = name.name;
    for (const entry of stored) entry.nickname = name.name;
    return { ok: true, version: owner.bump(), email: self ? owner.email : stored[0]!.email, name: name.name, self };
  }

  setBlp(owner: Account, value: string): SettingResult<Blp> {
    if (value !== 'AL' && value !== 'BL') return { ok: false, disconnect: `BLP ${wireText(value)} is not a privacy mode` };
    if (owner.blp === value) return { ok: false, error: 218 };
    owner.blp = value;
    return { ok: true, version: owner.bump(), value };
  }

  setGtc(owner: Account, value: string): SettingResult<Gtc> {
    if (value !== 'A' && value !== 'N') return { ok: false, disconnect: `GTC ${wireText(value)} is not a setting` };
    if (owner.gtc === value) return { ok: false, error: 218 };
    owner.gtc = value;
    return { ok: true, version: owner.bump(), value };
  }

  /** PRP: sets or clears a phone property; everyone with you on FL has their list version bumped. */
  setPhone(owner: Account, keyField: string, valueField: string | undefined): PhoneResult {
    if (keyField.length > 3) return { ok: false, disconnect: 'a property name is at most three characters' };
    if (!(PHONE_KEYS as readonly string[]).includes(keyField)) return { ok: false, error: 715 };
    const key = keyField as PhoneKey;
    const value = readPhoneField(key, valueField);
    if (!value.ok) return value.disconnect ? { ok: false, disconnect: 'the property value is too long' } : { ok: false, error: 201 };
    if (value.value === undefined) delete owner.phones[key];
    else owner.phones[key] = value.value;
    const version = owner.bump();
    const watchers: VersionBump[] = [];
    for (const wkey of owner.watchers) {
      const watcher = this.accounts.get(wkey);
      if (watcher && watcher !== owner) watchers.push({ account: watcher, version: watcher.bump() });
    }
    return { ok: true, version, key, value: value.value, watchers };
  }

  view(account: Account, status: Status = 'FLN'): AccountView {
    const copy = (list: ListName): ListEntry[] => this.entries(account, list).map((e) => ({ ...e }));
    return {
      email: account.email,
      nickname: account.nickname,
      verified: account.verified,
      phones: { ...account.phones },
      blp: account.blp,
      gtc: account.gtc,
      listVersion: account.listVersion,
      mobileEnabled: account.mobileEnabled,
      mail: { ...account.mail },
      lists: { FL: copy('FL'), AL: copy('AL'), BL: copy('BL'), RL: copy('RL') },
      status,
    };
  }
}
