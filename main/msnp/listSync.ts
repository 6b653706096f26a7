// Consumes the SYN reply stream (GTC, BLP, PRP, LST, BPR) into the account state and knows when it is complete.
// Tolerates what real servers do: GTC/BLP after the lists, index and total swapped, lists out of order.
import type { Command } from './command';
import type { AccountState } from './accountState';
import { parseBpr } from './bpr';
import { decodeField } from './fields';
import { isPhoneKey as isPhoneKeyValue } from './phones';
import type { ListName } from '../../app/types';

type Warn = (code: string, message: string, line?: string) => void;

interface ListProgress {
  total: number | null;
  received: number;
}

export class ListSync {
  private readonly lists = new Map<ListName, ListProgress>([
    ['FL', { total: null, received: 0 }],
    ['AL', { total: null, received: 0 }],
    ['BL', { total: null, received: 0 }],
    ['RL', { total: null, received: 0 }],
  ]);
  sawGtc = false;
  sawBlp = false;
  private lastFl: string | null = null;
  /** BPR lines follow their FL entry: keeping it saves a lookup per line. */
  private lastFlContact: { email: string; phones: Partial<Record<string, string>> } | null = null;
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
    for (const p of this.lists.values()) if (p.total === null || p.received < p.total) return false;
    return true;
  }

  get complete(): boolean {
    return this.listsComplete && this.sawGtc && this.sawBlp;
  }

  /** Offers a command; returns true when it belonged to the sync. */
  handle(cmd: Command): boolean {
    const mine = cmd.name === 'BPR' || ((cmd.name === 'GTC' || cmd.name === 'BLP' || cmd.name === 'PRP' || cmd.name === 'LST') && cmd.trId === this.trId);
    if (mine) this.begin();
    switch (cmd.name) {
      case 'GTC':
        if (cmd.trId !== this.trId) return false;
        return this.setting(cmd, 'GTC');
      case 'BLP':
        if (cmd.trId !== this.trId) return false;
        return this.setting(cmd, 'BLP');
      case 'PRP':
        if (cmd.trId !== this.trId) return false;
        return this.prp(cmd);
      case 'LST':
        if (cmd.trId !== this.trId) return false;
        return this.lst(cmd);
      case 'BPR':
        return this.bpr(cmd);
      default:
        return false;
    }
  }

  private setting(cmd: Command, which: 'GTC' | 'BLP'): boolean {
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
    return true;
  }

  private prp(cmd: Command): boolean {
    // PRP tr version KEY [value]
    const [, key, value] = cmd.args;
    if (key === 'MBE') {
      this.state.self.mobileEnabled = value === 'Y';
      return true;
    }
    if (!key || !isPhoneKeyValue(key)) {
      this.warn('unknown-property', `PRP named an unknown property`, cmd.raw);
      return true;
    }
    this.state.setSelfPhone(key, value === undefined ? undefined : decodeField(value, cmd.raw, this.warn));
    return true;
  }

  private lst(cmd: Command): boolean {
    // LST tr LIST version index total [email nickname [groups]]. Indexed reads: this runs 15,000 times for 5,000 contacts.
    const args = cmd.args;
    const list = args[0];
    const indexField = args[2];
    const totalField = args[3];
    const email = args[4];
    const nick = args[5];
    if (list !== 'FL' && list !== 'AL' && list !== 'BL' && list !== 'RL') {
      this.warn('unknown-list', 'LST named an unknown list', cmd.raw);
      return true;
    }
    this.listsStarted = true;
    const progress = this.lists.get(list)!;
    let index = Number(indexField);
    let total = Number(totalField);
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
      return true;
    }
    progress.received += 1;
    // The FL entry carries the name we keep; on the other lists it only names someone we have not seen yet.
    const existing = this.state.contact(email);
    if (existing && list !== 'FL') {
      existing.lists.add(list);
      return true;
    }
    const nickname = nick === undefined ? email : decodeField(nick, cmd.raw, this.warn);
    const contact = existing ?? this.state.ensure(email, nickname);
    contact.nickname = nickname;
    contact.lists.add(list);
    if (list === 'FL') {
      this.lastFl = email;
      this.lastFlContact = contact;
    }
    return true;
  }

  private bpr(cmd: Command): boolean {
    const bpr = parseBpr(cmd.args);
    let email = bpr.email;
    if (email === undefined) {
      email = this.lastFl ?? undefined;
      this.warn('bpr-without-user', 'BPR named no user; it was applied to the preceding contact', cmd.raw);
    }
    const key = bpr.key;
    if (!email || !key) {
      this.warn('bad-bpr', 'BPR could not be read', cmd.raw);
      return true;
    }
    const decoded = bpr.value === undefined ? undefined : decodeField(bpr.value, cmd.raw, this.warn);
    const last = this.lastFlContact;
    if (last && last.email === email) {
      if (decoded !== undefined) last.phones[key] = decoded;
      else if (key in last.phones) delete last.phones[key];
    } else {
      this.state.setContactPhone(email, key, decoded);
    }
    return true;
  }

  /** What is still missing, for the warning when a server ends the sync short: `FL (2 of 3 lines)`, `AL (none sent)`, `GTC`. */
  missing(): string[] {
    const out: string[] = [];
    for (const [name, p] of this.lists) {
      if (p.total === null) out.push(`${name} (none sent)`);
      else if (p.received < p.total) out.push(`${name} (${p.total - p.received} of ${p.total} lines)`);
    }
    if (!this.sawGtc) out.push('GTC');
    if (!this.sawBlp) out.push('BLP');
    return out;
  }
}
