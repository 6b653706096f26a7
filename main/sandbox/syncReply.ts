// The SYN reply (and client-requested LST) as text, built in one pass so that a 5,000-contact account
// goes out in one socket write rather than tens of thousands.
//
// Lines are appended to one string with templates rather than passed through serializeCommand: every
// field here is a checked handle, an encoded name or phone number, a list name or a number, so none can
// hold a space or a line break, and the per-field checks and arrays cost more than the 35,000 lines of a
// 5,000-contact sync themselves.
import { PHONE_KEYS, type ListName } from '../../app/types';
import type { Account, AccountStore } from './accounts';
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

/** `BPR version email KEY [value]` for each phone property of a contact. */
export function bprLines(contact: Account, version: number): string {
  const prefix = `BPR ${version} ${contact.email} `;
  let out = '';
  for (const key of PHONE_KEYS) out += `${prefix}${key}${valueField(contact.phones[key])}\r\n`;
  return out;
}

/** The LST lines of one list (with BPR after each FL contact when phones are on). */
export function listLines(store: AccountStore, account: Account, list: ListName, trId: number, phones: boolean, quirks: Quirks): string {
  const version = account.listVersion;
  const prefix = `LST ${trId} ${list} ${version} `;
  const entries = store.entries(account, list);
  if (entries.length === 0) return `${prefix}0 0\r\n`;
  const total = entries.length;
  const raw = quirks.unencodedNames;
  const withBpr = list === 'FL' && phones;
  let out = '';
  for (let i = 0; i < total; i += 1) {
    const entry = entries[i]!;
    const counters = quirks.swapLstIndex ? `${total} ${i + 1}` : `${i + 1} ${total}`;
    out += `${prefix}${counters} ${entry.email} ${writeName(entry.nickname, raw)}\r\n`;
    if (!withBpr) continue;
    const contact = store.get(entry.email);
    if (contact) out += bprLines(contact, version);
  }
  return out;
}

/**
 * The whole answer to `SYN trId clientVersion`. Up to date: just the SYN line. Otherwise GTC, BLP,
 * PRP (MSNP5) and the four lists. A client that remembers nothing (version 0) always gets everything.
 */
export function syncReply(store: AccountStore, account: Account, trId: number, clientVersion: number, protocol: string, quirks: Quirks): string {
  const version = account.listVersion;
  const synLine = `SYN ${trId} ${version}\r\n`;
  const head = quirks.duplicateSynReply ? synLine + synLine : synLine;
  if (clientVersion !== 0 && clientVersion === version) return head;

  const settings = quirks.omitGtcBlp ? '' : `GTC ${trId} ${version} ${account.gtc}\r\nBLP ${trId} ${version} ${account.blp}\r\n`;
  const phones = hasPhones(protocol);
  let out = head;
  if (!quirks.gtcBlpAfterLists) out += settings;
  if (phones) {
    for (const key of PHONE_KEYS) out += `PRP ${trId} ${version} ${key}${valueField(account.phones[key])}\r\n`;
    out += `PRP ${trId} ${version} MBE ${account.mobileEnabled ? 'Y' : 'N'}\r\n`;
  }
  for (const list of ['FL', 'AL', 'BL', 'RL'] as const) out += listLines(store, account, list, trId, phones, quirks);
  if (quirks.gtcBlpAfterLists) out += settings;
  return out;
}
