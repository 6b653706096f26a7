// The SYN reply (and client-requested LST) as text, built in pieces of about 64 KiB: a 50,000-contact
// account starts going out at once instead of after its whole 18 MiB are built, and goes out in a few
// hundred socket writes rather than hundreds of thousands.
//
// Lines are appended to one string with templates rather than passed through serializeCommand: every
// field here is a checked handle, an encoded name or phone number, a list name or a number, so none can
// hold a space or a line break, and the per-field checks and arrays cost more than the 35,000 lines of a
// 5,000-contact sync themselves.
import { PHONE_KEYS, type ListName } from '../../app/types';
import type { Account, AccountStore, ListEntry } from './accounts';
import { writeName, writePhone } from './fields';
import type { Quirks } from './quirks';

/** The protocol number of a dialect name: MSNP5 -> 5. */
export function dialectNumber(protocol: string): number {
  const m = /^MSNP(\d+)$/.exec(protocol);
  return m ? Number(m[1]) : 0;
}

/** MSNP5 brought phone properties: PRP for yourself and BPR for contacts, in SYN and afterwards. */
export function hasPhones(protocol: string): boolean {
  return dialectNumber(protocol) >= 5;
}

/** ` value` for a set property, nothing for an unset one (`PRP tr v PHW`). */
function valueField(value: string | undefined): string {
  return value === undefined ? '' : ` ${writePhone(value)}`;
}

const LISTS: readonly ListName[] = ['FL', 'AL', 'BL', 'RL'];

/** About how many characters each piece of a reply holds. */
export const REPLY_PIECE = 64 * 1024;

/** `BPR version email KEY [value]` for each phone property of a contact. */
export function bprLines(contact: Account, version: number): string {
  const prefix = `BPR ${version} ${contact.email} `;
  let out = '';
  for (const key of PHONE_KEYS) out += `${prefix}${key}${valueField(contact.phones[key])}\r\n`;
  return out;
}

/** The LST lines of one list (with BPR after each FL contact when phones are on). */
export function listLines(store: AccountStore, account: Account, list: ListName, trId: number, phones: boolean, quirks: Quirks): string {
  return [...listPieces(store, account.listVersion, list, store.entries(account, list), trId, phones, quirks)].join('');
}

/** listLines in pieces, from `entries` and `version` as they were when the reply began. */
function* listPieces(
  store: AccountStore,
  version: number,
  list: ListName,
  entries: readonly ListEntry[],
  trId: number,
  phones: boolean,
  quirks: Quirks,
): Generator<string> {
  const prefix = `LST ${trId} ${list} ${version} `;
  if (entries.length === 0) {
    yield `${prefix}0 0\r\n`;
    return;
  }
  const total = entries.length;
  const raw = quirks.unencodedNames;
  const withBpr = list === 'FL' && phones;
  let out = '';
  for (let i = 0; i < total; i += 1) {
    const entry = entries[i]!;
    const counters = quirks.swapLstIndex ? `${total} ${i + 1}` : `${i + 1} ${total}`;
    out += `${prefix}${counters} ${entry.email} ${writeName(entry.nickname, raw)}\r\n`;
    if (withBpr) {
      const contact = store.get(entry.email);
      if (contact) out += bprLines(contact, version);
    }
    if (out.length >= REPLY_PIECE) {
      yield out;
      out = '';
    }
  }
  if (out !== '') yield out;
}

/**
 * The whole answer to `SYN trId clientVersion`. Up to date: just the SYN line. Otherwise GTC, BLP,
 * PRP (MSNP5) and the four lists. A client that remembers nothing (version 0) always gets everything.
 */
export function syncReply(store: AccountStore, account: Account, trId: number, clientVersion: number, protocol: string, quirks: Quirks): string {
  return [...syncReplyPieces(store, account, trId, clientVersion, protocol, quirks)].join('');
}

/** syncReply in pieces of about REPLY_PIECE characters, for a connection to write as its socket takes them. */
export function* syncReplyPieces(
  store: AccountStore,
  account: Account,
  trId: number,
  clientVersion: number,
  protocol: string,
  quirks: Quirks,
  /** The version this connection reports; the account's own unless a quirk counts it per connection. */
  version: number = account.listVersion,
): Generator<string> {
  const synLine = `SYN ${trId} ${version}\r\n`;
  const head = quirks.duplicateSynReply ? synLine + synLine : synLine;
  if (clientVersion !== 0 && clientVersion === version) {
    yield head;
    return;
  }
  const settings = quirks.omitGtcBlp ? '' : `GTC ${trId} ${version} ${account.gtc}\r\nBLP ${trId} ${version} ${account.blp}\r\n`;
  const phones = hasPhones(protocol);
  let out = head;
  if (!quirks.gtcBlpAfterLists) out += settings;
  if (phones) {
    for (const key of PHONE_KEYS) out += `PRP ${trId} ${version} ${key}${valueField(account.phones[key])}\r\n`;
    out += `PRP ${trId} ${version} MBE ${account.mobileEnabled ? 'Y' : 'N'}\r\n`;
  }
  // The first bytes leave before the lists are read (tens of milliseconds for 50,000 contacts). The lists are
  // read together, as they are now: a change while the reply is going out shows in the next sync, not halfway.
  yield out;
  const lists = LISTS.map((list) => [list, store.entries(account, list)] as const);
  for (const [list, entries] of lists) yield* listPieces(store, version, list, entries, trId, phones, quirks);
  if (quirks.gtcBlpAfterLists && settings !== '') yield settings;
}
