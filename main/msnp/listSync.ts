// Consumes the SYN reply stream (GTC, BLP, PRP, LST, BPR) into the account state and knows when it is complete.
// Tolerates what real servers do: GTC/BLP after the lists, index and total swapped, lists out of order.
//
// Two ways in, one outcome. `take` reads the plain LST and BPR lines straight from the framer, before any
// command object or field array exists: tens of thousands of them arrive in one sync. Anything else, and any
// line `take` declines, comes parsed through `handle`, the careful reader with every warning; `take` only
// accepts lines for which it does exactly what `handle` would.
import type { Command } from './command';
import type { AccountState, MutableContact } from './accountState';
import { parseBpr } from './bpr';
import { decodeField } from './fields';
import { asciiText, fieldEnd, fieldIs, holds, ownString, phoneKeyAt, readCount, SPACE } from './lineFields';
import { isPhoneKey as isPhoneKeyValue } from './phones';
import { LIST_NAMES, type ListName, type PhoneKey } from '../../app/types';

type Warn = (code: string, message: string, line?: string) => void;

interface ListProgress {
  total: number | null;
  received: number;
  /** Where in the forward list this list's next entry is expected: servers send AL and RL in FL order. */
  cursor: number;
}

const FL = 0;

function listIndex(name: string | undefined): number {
  return name === 'FL' ? 0 : name === 'AL' ? 1 : name === 'BL' ? 2 : name === 'RL' ? 3 : -1;
}

/** listIndex of the two characters at `at` (FL, AL, BL, RL all end in L). */
function listIndexAt(line: string, at: number): number {
  if (line.charCodeAt(at + 1) !== 0x4c) return -1;
  const c = line.charCodeAt(at);
  return c === 0x46 ? 0 : c === 0x41 ? 1 : c === 0x42 ? 2 : c === 0x52 ? 3 : -1;
}

export class ListSync {
  private readonly lists: ListProgress[] = LIST_NAMES.map(() => ({ total: null, received: 0, cursor: 0 }));
  sawGtc = false;
  sawBlp = false;
  /** Lines taken so far: a watcher tells a stalled sync from a busy one by this, without a clock read per line. */
  taken = 0;
  /** Called after each line that may have completed the sync (a list's last entry, GTC, BLP). */
  onProgress: () => void = () => {};
  /** BPR lines follow their FL entry, and a BPR without a user means it. */
  private lastFl: MutableContact | null = null;
  /** The forward list as it arrived, so AL and RL entries find their contact without a lookup. */
  private readonly flOrder: MutableContact[] = [];
  private listsStarted = false;
  private started = false;

  /**
   * `onStart` runs before the first list line is applied: lines can arrive in the same socket chunk as the
   * SYN reply, before anyone awaiting that reply has run, and they replace whatever lists we had.
   */
  constructor(
    readonly trId: number,
    private readonly state: AccountState,
    private readonly warn: Warn,
    private readonly onStart: () => void = () => {},
  ) {}

  private begin(): void {
    if (this.started) return;
    this.started = true;
    this.onStart();
  }

  get listsComplete(): boolean {
    for (const p of this.lists) if (p.total === null || p.received < p.total) return false;
    return true;
  }

  get complete(): boolean {
    return this.listsComplete && this.sawGtc && this.sawBlp;
  }

  /** Offers a parsed command; returns true when it belonged to the sync. */
  handle(cmd: Command): boolean {
    const name = cmd.name;
    if (name !== 'BPR' && (cmd.trId !== this.trId || (name !== 'GTC' && name !== 'BLP' && name !== 'PRP' && name !== 'LST'))) return false;
    this.begin();
    this.taken += 1;
    if (name === 'GTC' || name === 'BLP') this.setting(cmd, name);
    else if (name === 'PRP') this.prp(cmd);
    else if (name === 'LST') this.lst(cmd);
    else this.bpr(cmd);
    this.onProgress();
    return true;
  }

  /**
   * The framer's line tap (see LineTap): takes a plain LST or BPR line of this sync, text[start, end), before
   * it is parsed. Without the line's bytes (a chunk that is not ASCII) it goes the careful way.
   */
  readonly take = (text: string, start: number, end: number, source: Buffer | null, base: number): boolean => {
    if (source === null || end - start < 8 || text.charCodeAt(start + 3) !== SPACE) return false;
    // The name as character codes: L S T, B P R.
    const c = text.charCodeAt(start);
    if (c === 0x4c && text.charCodeAt(start + 1) === 0x53 && text.charCodeAt(start + 2) === 0x54) return this.lstLine(text, start, end, source, base);
    if (c === 0x42 && text.charCodeAt(start + 1) === 0x50 && text.charCodeAt(start + 2) === 0x52) return this.bprLine(text, start, end, source, base);
    return false;
  };

  private setting(cmd: Command, which: 'GTC' | 'BLP'): void {
    // GTC tr version A|N; tolerate a missing version.
    const value = cmd.args[cmd.args.length - 1];
    if (this.listsStarted) this.warn(`${which.toLowerCase()}-after-lists`, `${which} arrived after the lists had started`, cmd.raw);
    if (which === 'GTC') {
      if (value === 'A' || value === 'N') this.state.gtc = value;
      else this.warn('bad-gtc', `GTC had an unknown value`, cmd.raw);
      this.sawGtc = true;
    } else {
      if (value === 'AL' || value === 'BL') this.state.blp = value;
      else this.warn('bad-blp', `BLP had an unknown value`, cmd.raw);
      this.sawBlp = true;
    }
  }

  private prp(cmd: Command): void {
    // PRP tr version KEY [value]
    const [, key, value] = cmd.args;
    if (key === 'MBE') {
      this.state.self.mobileEnabled = value === 'Y';
      return;
    }
    if (!key || !isPhoneKeyValue(key)) {
      this.warn('unknown-property', `PRP named an unknown property`, cmd.raw);
      return;
    }
    this.state.setSelfPhone(key, value === undefined ? undefined : ownString(decodeField(value, cmd.raw, this.warn)));
  }

  private lst(cmd: Command): void {
    // LST tr LIST version index total [email nickname [groups]]
    const args = cmd.args;
    const list = args[0];
    const email = args[4];
    const nick = args[5];
    const li = listIndex(list);
    if (li < 0) {
      this.warn('unknown-list', 'LST named an unknown list', cmd.raw);
      return;
    }
    this.listsStarted = true;
    const progress = this.lists[li]!;
    let index = Number(args[2]);
    let total = Number(args[3]);
    if (!Number.isInteger(index) || !Number.isInteger(total) || index < 0 || total < 0) {
      this.warn('bad-lst-counter', 'LST had an unreadable index or total', cmd.raw);
      index = progress.received + 1;
      total = progress.total ?? index;
    } else if (index > total) {
      this.warn('lst-index-swapped', 'LST had its index and total swapped', cmd.raw);
      [index, total] = [total, index];
    }
    if (progress.total !== null && progress.total !== total) {
      this.warn('lst-total-changed', `the total of ${list} changed during the sync`, cmd.raw);
    }
    progress.total = total;
    if (total === 0 || email === undefined) {
      if (total !== 0) this.warn('lst-missing-user', 'LST had a count but no user', cmd.raw);
      return;
    }
    progress.received += 1;
    // The FL entry carries the name we keep; on the other lists it only names someone we have not seen yet.
    const existing = this.state.contact(email);
    if (existing && li !== FL) {
      existing.lists.add(list as ListName);
      return;
    }
    const nickname = nick === undefined ? email : ownString(decodeField(nick, cmd.raw, this.warn));
    this.addEntry(li, existing ?? this.state.ensure(ownString(email), nickname), nickname);
  }

  private addEntry(li: number, contact: MutableContact, nickname: string): void {
    contact.nickname = nickname;
    contact.lists.add(LIST_NAMES[li]!);
    if (li !== FL) return;
    this.lastFl = contact;
    this.flOrder.push(contact);
  }

  private bpr(cmd: Command): void {
    const bpr = parseBpr(cmd.args);
    let email = bpr.email;
    if (email === undefined) {
      email = this.lastFl?.email;
      this.warn('bpr-without-user', 'BPR named no user; it was applied to the preceding contact', cmd.raw);
    }
    const key = bpr.key;
    if (!email || !key) {
      this.warn('bad-bpr', 'BPR could not be read', cmd.raw);
      return;
    }
    const decoded = bpr.value === undefined ? undefined : ownString(decodeField(bpr.value, cmd.raw, this.warn));
    this.setPhone(email, key, decoded);
  }

  private setPhone(email: string, key: PhoneKey, value: string | undefined): void {
    const last = this.lastFl;
    if (last && last.email === email) last.setPhone(key, value);
    else this.state.setContactPhone(email, key, value);
  }

  /** `LST tr LIST version index total email [nickname [groups]]`, one space apart, counters in order. */
  private lstLine(text: string, start: number, end: number, source: Buffer, base: number): boolean {
    const trEnd = fieldEnd(text, start + 4, end);
    if (trEnd < 0 || readCount(text, start + 4, trEnd) !== this.trId) return false;
    const listEnd = fieldEnd(text, trEnd + 1, end);
    const li = listEnd === trEnd + 3 ? listIndexAt(text, trEnd + 1) : -1;
    const versionEnd = li < 0 ? -1 : fieldEnd(text, listEnd + 1, end);
    const indexEnd = versionEnd < 0 ? -1 : fieldEnd(text, versionEnd + 1, end);
    const index = indexEnd < 0 ? -1 : readCount(text, versionEnd + 1, indexEnd);
    const totalEnd = index < 1 ? -1 : fieldEnd(text, indexEnd + 1, end);
    const total = totalEnd < 0 ? -1 : readCount(text, indexEnd + 1, totalEnd);
    const emailEnd = index < 1 || total < index ? -1 : fieldEnd(text, totalEnd + 1, end);
    if (emailEnd < 0) return false;
    const progress = this.lists[li]!;
    if (progress.total !== null && progress.total !== total) return false;
    const emailAt = totalEnd + 1;
    const nickEnd = emailEnd === end ? end : fieldEnd(text, emailEnd + 1, end);
    if (nickEnd < 0) return false;

    this.begin();
    this.taken += 1;
    this.listsStarted = true;
    progress.total = total;
    progress.received += 1;
    if (li !== FL) {
      if (this.inOrder(progress, text, emailAt, emailEnd, LIST_NAMES[li]!)) return this.progressed(progress);
      const existing = this.state.contact(text.slice(emailAt, emailEnd));
      if (existing) {
        existing.lists.add(LIST_NAMES[li]!);
        return this.progressed(progress);
      }
    }
    // Found or made in one go (an FL entry's name replaces the one we had), as `lst` ends up doing.
    const email = asciiText(source, base + emailAt, base + emailEnd);
    const nickname = nickEnd === emailEnd ? email : this.ownField(text, start, end, emailEnd + 1, nickEnd, source, base);
    this.addEntry(li, this.state.ensure(email, nickname), nickname);
    return this.progressed(progress);
  }

  /** Finds the entry at this list's place in the forward list (or one further on) and adds the list to it. */
  private inOrder(progress: ListProgress, text: string, emailAt: number, emailEnd: number, list: ListName): boolean {
    for (let skip = 0; skip < 2; skip++) {
      const contact = this.flOrder[progress.cursor + skip];
      if (contact === undefined) return false;
      if (!fieldIs(text, emailAt, emailEnd, contact.email)) continue;
      progress.cursor += skip + 1;
      contact.lists.add(list);
      return true;
    }
    return false;
  }

  private progressed(progress: ListProgress): true {
    if (progress.received >= progress.total!) this.onProgress();
    return true;
  }

  /** `BPR version email KEY [value]`, one space apart, as MSNP5 servers send it. */
  private bprLine(text: string, start: number, end: number, source: Buffer, base: number): boolean {
    const versionEnd = fieldEnd(text, start + 4, end);
    if (versionEnd < 0 || readCount(text, start + 4, versionEnd) < 0) return false;
    const emailAt = versionEnd + 1;
    const emailEnd = fieldEnd(text, emailAt, end);
    const keyAt = emailEnd + 1;
    if (emailEnd < 0 || keyAt + 3 > end) return false;
    // Nearly always the contact just listed, whose address is known to be one (it has its `@`).
    const last = this.lastFl;
    const ofLast = last !== null && fieldIs(text, emailAt, emailEnd, last.email);
    if (!(ofLast ? last.email.includes('@') : holds(text, emailAt, emailEnd, 0x40))) return false;
    const key = phoneKeyAt(text, keyAt);
    const keyEnd = keyAt + 3;
    const valueEnd = keyEnd === end ? end : text.charCodeAt(keyEnd) === SPACE ? fieldEnd(text, keyEnd + 1, end) : -1;
    if (key === undefined || valueEnd < 0) return false;

    this.begin();
    this.taken += 1;
    const value = valueEnd === keyEnd ? undefined : this.ownField(text, start, end, keyEnd + 1, valueEnd, source, base);
    if (ofLast) last.setPhone(key, value);
    else this.setPhone(text.slice(emailAt, emailEnd), key, value);
    return true;
  }

  /**
   * Field text[from, to) of the line text[start, end), ASCII and URL-encoded, decoded as a string of its own:
   * without a `%` it is copied from the bytes, else decoded (which makes a new string); only a broken escape
   * needs decodeField, and its warning.
   */
  private ownField(text: string, start: number, end: number, from: number, to: number, source: Buffer, base: number): string {
    if (!holds(text, from, to, 0x25)) return asciiText(source, base + from, base + to);
    const field = text.slice(from, to);
    try {
      return decodeURIComponent(field);
    } catch {
      return ownString(decodeField(field, text.slice(start, end), this.warn));
    }
  }

  /** What is still missing, for the warning when a server ends the sync short: `FL (2 of 3 lines)`, `AL (none sent)`, `GTC`. */
  missing(): string[] {
    const out: string[] = [];
    this.lists.forEach((p, i) => {
      const name = LIST_NAMES[i]!;
      if (p.total === null) out.push(`${name} (none sent)`);
      else if (p.received < p.total) out.push(`${name} (${p.total - p.received} of ${p.total} lines)`);
    });
    if (!this.sawGtc) out.push('GTC');
    if (!this.sawBlp) out.push('BLP');
    return out;
  }
}
