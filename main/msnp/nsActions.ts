// What the user asks of the notification server (status, names, lists, privacy, phones, URLs, switchboards):
// each checks its input, sends one request and applies the reply. Kept apart from the session, which owns
// the connection's life (sign-in, sync, keep-alive, sign-out) and lends the actions only what they need.
import type { Command } from './command';
import type { Connection } from './connection';
import type { AccountState } from './accountState';
import { InvalidInputError, MsnpError, NameTooLongError, ProtocolError, ServiceNotOfferedError, wireText } from './errors';
import { decodeField } from './fields';
import { encodeName } from './names';
import { parseHostPort } from './nsLogin';
import type { NsEvents } from './nsEvents';
import { validatePhoneValue } from './phones';
import { parseUrlReply, resolveServiceUrl, type UrlService } from './urlServices';
import type { Blp, Gtc, ListName, PhoneKey, Status } from '../../app/types';

/** The parts of the session the actions use. */
export interface ActionHost {
  readonly state: AccountState;
  warn(code: string, message: string, line?: string): void;
  emitEvent<K extends keyof NsEvents>(event: K, payload: NsEvents[K]): void;
  /** Throws when not signed in; asked only after the input has been checked, so bad input is reported first. */
  connection(): Connection;
  /** Applies a reply the way the same command is applied when the server sends it on its own. */
  applyReply(reply: Command): void;
  applyListVersion(field: string | undefined, line: string): void;
}

/** URL refusals that mean the server has no such service: an invalid parameter (the service), a command turned off. */
const NOT_OFFERED: ReadonlySet<number> = new Set([201, 502]);

export class NsActions {
  constructor(private readonly host: ActionHost) {}

  async setStatus(status: Status): Promise<void> {
    const { host } = this;
    if (status === 'FLN') throw new Error('FLN is not a status you can choose; sign out instead');
    const reply = await host.connection().request('CHG', [status]);
    if (reply.args.length > 1) host.warn('chg-trailing-field', 'CHG was answered with extra fields', reply.raw);
    const confirmed = reply.args[0];
    if (confirmed !== status) host.warn('chg-other-status', `CHG was answered with ${confirmed === undefined ? 'nothing' : wireText(confirmed)} instead of ${status}`, reply.raw);
    host.state.self.status = (confirmed as Status) ?? status;
    host.emitEvent('self', host.state.selfInfo());
  }

  async setNickname(nickname: string): Promise<void> {
    const { host } = this;
    const name = nickname.trim();
    if (name === '') throw new Error('a name cannot be empty');
    const encoded = encodeName(name);
    if (encoded.length > 387) throw new NameTooLongError();
    const reply = await host.connection().request('REA', [host.state.self.email, encoded]);
    host.applyListVersion(reply.args[0], reply.raw);
    host.state.self.nickname = decodeField(reply.args[2] ?? encoded, reply.raw, host.warn);
    host.emitEvent('self', host.state.selfInfo());
  }

  async renameContact(email: string, nickname: string): Promise<void> {
    const { host } = this;
    const reply = await host.connection().request('REA', [email, encodeName(nickname)]);
    host.applyListVersion(reply.args[0], reply.raw);
    const c = host.state.contact(email);
    if (c) {
      c.nickname = decodeField(reply.args[2] ?? encodeName(nickname), reply.raw, host.warn);
      host.emitEvent('contact', { contact: host.state.toContact(c), removed: false });
    }
  }

  async addToList(list: Exclude<ListName, 'RL'>, email: string, nickname: string): Promise<void> {
    const reply = await this.host.connection().request('ADD', [list, email, encodeName(nickname)]);
    this.host.applyReply(reply);
  }

  async removeFromList(list: Exclude<ListName, 'RL'>, email: string): Promise<void> {
    const reply = await this.host.connection().request('REM', [list, email]);
    this.host.applyReply(reply);
  }

  /** Allow and block are exclusive, so the other list is left first. */
  async block(email: string): Promise<void> {
    const { state } = this.host;
    if (state.contact(email)?.lists.has('AL')) await this.removeFromList('AL', email);
    if (!state.contact(email)?.lists.has('BL')) await this.addToList('BL', email, state.contact(email)?.nickname ?? email);
  }

  async unblock(email: string): Promise<void> {
    const { state } = this.host;
    if (state.contact(email)?.lists.has('BL')) await this.removeFromList('BL', email);
    if (!state.contact(email)?.lists.has('AL')) await this.addToList('AL', email, state.contact(email)?.nickname ?? email);
  }

  async setBlp(blp: Blp): Promise<void> {
    if (this.host.state.blp === blp) return;
    const reply = await this.host.connection().request('BLP', [blp]);
    this.host.applyReply(reply);
  }

  async setGtc(gtc: Gtc): Promise<void> {
    if (this.host.state.gtc === gtc) return;
    const reply = await this.host.connection().request('GTC', [gtc]);
    this.host.applyReply(reply);
  }

  async setPhone(key: PhoneKey, value: string): Promise<void> {
    const checked = validatePhoneValue(key, value);
    if (!checked.ok) throw new InvalidInputError(checked.error);
    // PRP with no value is how a number is cleared.
    const args = checked.encoded === '' ? [key] : [key, checked.encoded];
    const reply = await this.host.connection().request('PRP', args);
    this.host.applyReply(reply);
  }

  /**
   * The address to open for a service. A server without the service refuses URL (201, 502) or answers with
   * a stand-in (about:blank, http://, an example host): both are ServiceNotOfferedError.
   */
  async requestUrl(service: UrlService, param?: string): Promise<string> {
    const conn = this.host.connection();
    const reply = await conn.request('URL', param ? [service, param] : [service]).catch((err: unknown) => {
      if (err instanceof MsnpError && NOT_OFFERED.has(err.code)) throw new ServiceNotOfferedError(service, undefined, err);
      throw err;
    });
    const url = resolveServiceUrl(parseUrlReply(reply.args), conn.remoteAddress || conn.remoteHost);
    if (!url) throw new ServiceNotOfferedError(service, reply.raw);
    return url;
  }

  async requestSwitchboard(): Promise<{ host: string; port: number; cookie: string }> {
    const reply = await this.host.connection().request('XFR', ['SB']);
    // XFR tr SB host:port CKI cookie
    const [type, address, method, cookie] = reply.args;
    const target = address ? parseHostPort(address) : null;
    if (type !== 'SB' || !target || !cookie) throw new ProtocolError('the server sent a switchboard address that could not be read', reply.raw);
    if (method !== 'CKI') this.host.warn('xfr-sb-method', `XFR SB named the method ${method === undefined ? 'nothing' : wireText(method)} instead of CKI`, reply.raw);
    return { ...target, cookie };
  }
}
