// Invitations in one conversation: file transfers both ways over MSNFTP, and a polite answer to everything else.
// Every invitation ends with exactly one of transferDone, transferFailed or cancelled.
import { randomInt } from 'node:crypto';
import { access, constants, stat } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import {
  FILE_TRANSFER_GUID,
  type Invitation,
  type InvitationCommand,
  VOICE_GUID,
  describeCancelCode,
  announcedFileName,
  parseFileSize,
  parseInvitation,
  serializeInvitation,
} from '../../app/invitation';
import { mayFetchFrom } from './addressPolicy';
import { Emitter } from './emitter';
import { errorMessage, wireText } from './errors';
import type {
  FileToSend,
  InvitationEvents,
  InvitationManagerOptions,
  InvitationTransport,
  OutgoingTransfer,
  TransferDirection,
} from './invitationEvents';
import { type MsnftpEvents, type MsnftpFailReason, seconds } from './msnftp';
import { MsnftpReceiver } from './msnftpReceiver';
import { MsnftpSender } from './msnftpSender';
import type { MsnftpSource } from './msnftpSource';
import { safeFileName } from './safeFileName';
import { Timers } from './timers';

export type { FileToSend, InvitationEvents, InvitationManagerOptions, InvitationTransport, OutgoingTransfer, TransferDirection };

export const DEFAULT_INVITE_TIMEOUT_MS = 120_000;
export const CCL_CODE = 'CCL';

type Stage = 'invited' | 'accepted' | 'connecting' | 'transferring';

interface FileEntry {
  kind: TransferDirection;
  cookie: string;
  /** The other person; for our own INVITE unknown until someone accepts. */
  peer: string | null;
  fileName: string;
  size: number;
  stage: Stage;
  source?: MsnftpSource;
  folder?: string;
  link: MsnftpSender | MsnftpReceiver | null;
  stopTimer: () => void;
}

interface OtherEntry {
  kind: 'other';
  cookie: string;
  peer: string;
}

type Entry = FileEntry | OtherEntry;

const TOKEN = /^[\x21-\x7e]{1,64}$/;
const newCookie = (): string => String(randomInt(1, 2 ** 31));
const sameEmail = (a: string | null, b: string): boolean => a !== null && a.toLowerCase() === b.toLowerCase();

async function describeFile(file: string): Promise<{ source: MsnftpSource; name: string; size: number }> {
  const info = await stat(file).catch((err: unknown) => {
    throw new Error(`${path.basename(file)} could not be read: ${errorMessage(err)}.`, { cause: err });
  });
  if (!info.isFile()) throw new Error(`${path.basename(file)} is not a file, so it cannot be sent.`);
  return { source: { path: file }, name: path.basename(file), size: info.size };
}

export class InvitationManager extends Emitter<InvitationEvents> {
  private readonly entries = new Map<string, Entry>();
  private readonly timers = new Timers();
  private closed = false;

  constructor(
    private readonly transport: InvitationTransport,
    private readonly opts: InvitationManagerOptions = {},
  ) {
    super();
  }

  /** Invitations and transfers that have not ended yet. */
  get active(): number {
    return this.entries.size;
  }

  private get inviteTimeoutMs(): number {
    return this.opts.inviteTimeoutMs ?? DEFAULT_INVITE_TIMEOUT_MS;
  }

  /** Feed the body (after the MIME headers) of every incoming text/x-msmsgsinvite message here. Never throws. */
  handleMessage(fromEmail: string, body: string): void {
    if (this.closed) return;
    const parsed = parseInvitation(body);
    if ('error' in parsed) {
      this.warn('malformed-invitation', `An invitation from ${wireText(fromEmail)} could not be read: ${parsed.error}.`);
      return;
    }
    try {
      if (parsed.command === 'INVITE') this.onInvite(fromEmail, parsed);
      else if (parsed.command === 'ACCEPT') this.onAccept(fromEmail, parsed);
      else this.onCancel(fromEmail, parsed);
    } catch (err) {
      this.warn('invitation-error', `An invitation from ${wireText(fromEmail)} could not be handled: ${errorMessage(err)}.`);
    }
  }

  /** Offers a file to the conversation. Resolves once the INVITE is sent. */
  async sendFile(file: FileToSend): Promise<OutgoingTransfer> {
    if (this.closed) throw new Error('The conversation is closed, so no file can be sent.');
    const { source, name, size } = 'data' in file ? { source: { data: file.data }, name: file.name, size: file.data.length } : await describeFile(file.path);
    const fileName = announcedFileName(name);
    let cookie = newCookie();
    while (this.entries.has(cookie)) cookie = newCookie();
    const entry: FileEntry = { kind: 'send', cookie, peer: null, fileName, size, stage: 'invited', source, link: null, stopTimer: () => {} };
    this.entries.set(cookie, entry);
    entry.stopTimer = this.timers.timeout(
      () => void this.cancelEntry(entry, 'TIMEOUT', `Nobody accepted the file within ${seconds(this.inviteTimeoutMs)}, so the invitation was withdrawn.`),
      this.inviteTimeoutMs,
    );
    try {
      await this.transport.send(
        serializeInvitation('INVITE', cookie, [
          ['Application-Name', 'File Transfer'],
          ['Application-GUID', FILE_TRANSFER_GUID],
          ['Application-File', fileName],
          ['Application-FileSize', String(size)],
        ]),
      );
    } catch (err) {
      this.settle(entry);
      throw new Error(`The file could not be offered: ${errorMessage(err)}.`, { cause: err });
    }
    return { cookie, fileName, size, cancel: () => this.cancel(cookie) };
  }

  /**
   * Accepts an offer; the file is saved in folder under its sanitized name (numbered if taken). `saveAs`
   * is a name the person chose instead (a save dialog); it goes through the same sanitizing.
   */
  async acceptFile(cookie: string, folder: string, saveAs?: string): Promise<void> {
    const entry = this.fileEntry(cookie, 'receive', 'invited');
    const info = await stat(folder).catch(() => null);
    if (!info?.isDirectory()) throw new Error(`${folder} is not a folder; choose another place to save the file.`);
    await access(folder, constants.W_OK).catch(() => {
      throw new Error(`${folder} cannot be written to; choose another place to save the file.`);
    });
    if (this.entries.get(cookie) !== entry || entry.stage !== 'invited') throw new Error('The offer was withdrawn before it could be accepted.');
    entry.stage = 'accepted';
    entry.folder = folder;
    if (saveAs !== undefined) entry.fileName = safeFileName(saveAs);
    entry.stopTimer = this.timers.timeout(
      () => this.failEntry(entry, 'timeout', `The sender did not answer within ${seconds(this.inviteTimeoutMs)}, so the transfer was abandoned.`, 'FTTIMEOUT'),
      this.inviteTimeoutMs,
    );
    try {
      await this.sendCommand('ACCEPT', cookie, [
        ['Launch-Application', 'FALSE'],
        ['Request-Data', 'IP-Address:'],
      ]);
    } catch (err) {
      const message = `The file could not be accepted: ${errorMessage(err)}.`;
      await this.failEntry(entry, 'io', message);
      throw new Error(message, { cause: err });
    }
  }

  /** Declines an offer with REJECT. */
  async declineFile(cookie: string): Promise<void> {
    const entry = this.fileEntry(cookie, 'receive', 'invited');
    await this.cancelEntry(entry, 'REJECT', 'You declined the file.');
  }

  /** Answers a voice or unknown invitation; REJECT_NOT_INSTALLED says we do not run that application. */
  async declineOther(cookie: string, code: 'REJECT' | 'REJECT_NOT_INSTALLED' = 'REJECT_NOT_INSTALLED'): Promise<void> {
    const entry = this.entries.get(cookie);
    if (entry?.kind !== 'other') throw new Error('There is no such invitation to decline.');
    await this.cancelEntry(entry, code, 'You declined the invitation.');
  }

  /** Cancels any invitation or transfer, at any stage. Does nothing when it has already ended. */
  async cancel(cookie: string): Promise<void> {
    const entry = this.entries.get(cookie);
    if (!entry) return;
    if (entry.kind === 'other') return this.cancelEntry(entry, 'REJECT', 'You declined the invitation.');
    if (entry.kind === 'receive' && entry.stage === 'invited') return this.cancelEntry(entry, 'REJECT', 'You declined the file.');
    // Once bytes flow, the file connection carries the cancel (CCL or the end marker); before that, the conversation does.
    const code = entry.stage === 'transferring' ? CCL_CODE : entry.kind === 'send' ? 'TIMEOUT' : 'REJECT';
    await this.cancelEntry(entry, code, 'You cancelled the transfer.');
  }

  /** Ends every invitation and transfer (the conversation is going away), telling the peer with OUTBANDCANCEL. */
  async close(): Promise<void> {
    if (this.closed) return;
    const why = 'The invitation was cancelled because the conversation was closed.';
    const pending = [...this.entries.values()].map((entry) => this.cancelEntry(entry, 'OUTBANDCANCEL', why));
    this.closed = true;
    await Promise.allSettled(pending);
    this.timers.clearAll();
  }

  private onInvite(from: string, inv: Invitation): void {
    if (this.entries.has(inv.cookie)) {
      this.warn('duplicate-invitation', `${wireText(from)} sent a second invitation with cookie ${wireText(inv.cookie)}; it was ignored.`);
      return;
    }
    const guid = inv.fields['application-guid'] ?? '';
    const applicationName = inv.fields['application-name'] ?? '';
    const pending = [...this.entries.values()].filter((e) => e.kind === 'other' || (e.kind === 'receive' && e.stage === 'invited')).length;
    if (pending >= (this.opts.maxPendingOffers ?? 16)) {
      return this.refuse(inv.cookie, 'REJECT', 'too-many-invitations', `${wireText(from)} sent more invitations than can wait for an answer; the newest was declined.`);
    }
    if (guid.toUpperCase() !== FILE_TRANSFER_GUID.toUpperCase()) {
      this.entries.set(inv.cookie, { kind: 'other', cookie: inv.cookie, peer: from });
      const kind = guid.toUpperCase() === VOICE_GUID.toUpperCase() ? 'voice' : 'unknown';
      this.emit('otherInvitation', { cookie: inv.cookie, from, applicationName, guid, kind });
      return;
    }
    const size = parseFileSize(inv.fields['application-filesize']);
    if (size === null) return this.refuse(inv.cookie, 'FAIL', 'malformed-invitation', `${wireText(from)} offered a file without a valid size; it was declined.`);
    const fileName = safeFileName(inv.fields['application-file'] ?? '');
    const max = this.opts.maxIncomingBytes ?? Number.MAX_SAFE_INTEGER;
    if (size > max) {
      return this.refuse(inv.cookie, 'REJECT', 'file-too-large', `${wireText(from)} offered ${fileName} (${size} bytes), which is over the ${max}-byte limit, so it was declined.`);
    }
    this.entries.set(inv.cookie, { kind: 'receive', cookie: inv.cookie, peer: from, fileName, size, stage: 'invited', link: null, stopTimer: () => {} });
    this.emit('fileOffer', { cookie: inv.cookie, from, fileName, size });
  }

  private onAccept(from: string, inv: Invitation): void {
    const entry = this.entries.get(inv.cookie);
    if (entry?.kind === 'send' && entry.stage === 'invited') {
      entry.stopTimer();
      entry.peer = from;
      entry.stage = 'connecting';
      if (inv.fields['sender-connect'] !== undefined) this.warn('sender-connect', `${wireText(from)} asked us to connect to them; this client only listens, so it waits for them to connect.`);
      void this.startSending(entry);
      return;
    }
    if (entry?.kind === 'receive' && entry.stage === 'accepted' && sameEmail(entry.peer, from)) {
      entry.stopTimer();
      this.startReceiving(entry, inv);
      return;
    }
    this.warn('unexpected-accept', `${wireText(from)} accepted invitation ${wireText(inv.cookie)}, which is not waiting for that answer; it was ignored.`);
  }

  private onCancel(from: string, inv: Invitation): void {
    const entry = this.entries.get(inv.cookie);
    // A CANCEL for something already over is normal when both sides give up at once.
    if (!entry) return;
    if (entry.peer !== null && !sameEmail(entry.peer, from)) {
      this.warn('foreign-cancel', `${wireText(from)} tried to cancel an invitation that is not theirs; it was ignored.`);
      return;
    }
    const code = inv.fields['cancel-code'] ?? '';
    this.settle(entry);
    // The event waits for the cleanup, so whoever hears it finds no partial file and no open port.
    const cleanup = entry.kind !== 'other' && entry.link && !entry.link.finished ? entry.link.cancel() : Promise.resolve();
    void cleanup.then(() => this.emit('cancelled', { cookie: entry.cookie, by: 'peer', code, message: describeCancelCode(code) }));
  }

  private async startSending(entry: FileEntry): Promise<void> {
    const authCookie = newCookie();
    const sender = new MsnftpSender({
      ...this.opts.msnftp,
      source: entry.source!,
      size: entry.size,
      peerHandle: entry.peer!,
      authCookie,
      host: this.opts.listenHost ?? '0.0.0.0',
      port: this.opts.listenPort ?? 6891,
      portAttempts: this.opts.listenPortAttempts ?? 10,
    });
    this.link(entry, sender);
    let port: number;
    try {
      ({ port } = await sender.listen());
    } catch (err) {
      return this.failEntry(entry, 'io', `The file could not be offered for download: ${errorMessage(err)}.`, 'FAIL');
    }
    if (!this.isLive(entry)) return;
    const address = this.transport.localAddress();
    if (net.isIP(address) === 0) {
      return this.failEntry(entry, 'io', 'Our own network address is unknown, so the file cannot be offered for download.', 'FAIL');
    }
    await this.sendCommand('ACCEPT', entry.cookie, [
      ['IP-Address', address],
      ['Port', String(port)],
      ['AuthCookie', authCookie],
      ['Launch-Application', 'FALSE'],
      ['Request-Data', 'IP-Address:'],
    ]).catch((err: unknown) => this.failEntry(entry, 'io', `The answer to the invitation could not be sent: ${errorMessage(err)}.`));
  }

  private startReceiving(entry: FileEntry, inv: Invitation): void {
    const ip = inv.fields['ip-address'] ?? '';
    const port = Number(inv.fields['port']);
    const authCookie = inv.fields['authcookie'] ?? '';
    // Only a literal address: a host name would make us look something up on the peer's say-so.
    if (net.isIP(ip) === 0 || !Number.isInteger(port) || port < 1 || port > 65_535 || !TOKEN.test(authCookie)) {
      this.warn('malformed-invitation', `${wireText(entry.peer ?? '')} sent an unusable address for the file (${wireText(ip)}:${wireText(String(inv.fields['port']), 10)}).`);
      void this.failEntry(entry, 'protocol', "The sender's answer did not say where to fetch the file from, so the transfer was abandoned.", 'FAIL');
      return;
    }
    // Accepting was consent to fetch from the internet, not to have our own network probed on a peer's say-so.
    const board = this.transport.remoteAddress?.() ?? '';
    if (!mayFetchFrom(ip, board)) {
      this.warn('private-address', `${wireText(entry.peer ?? '')} named ${ip}:${port} for ${entry.fileName}, which is not on the internet, and the switchboard is at ${wireText(board) || 'an unknown address'}; the file was not fetched.`);
      void this.failEntry(entry, 'connect', `${wireText(entry.peer ?? '')} named an address on a private network, so the file was not fetched; this protects your network.`, 'FAIL');
      return;
    }
    entry.stage = 'connecting';
    const receiver = new MsnftpReceiver({
      ...this.opts.msnftp,
      host: ip,
      port,
      handle: this.transport.selfEmail,
      authCookie,
      size: entry.size,
      folder: entry.folder!,
      fileName: entry.fileName,
    });
    this.link(entry, receiver);
    void receiver.start();
  }

  /** Forwards what the file connection reports, until the entry is settled by someone else. */
  private link(entry: FileEntry, link: MsnftpSender | MsnftpReceiver): void {
    entry.link = link;
    const direction = entry.kind;
    const live = <T>(fn: (payload: T) => void) => (payload: T) => {
      if (this.isLive(entry)) fn(payload);
    };
    link.on('started', live<MsnftpEvents['started']>(() => {
      entry.stage = 'transferring';
      this.emit('transferStarted', { cookie: entry.cookie, direction, peer: entry.peer ?? '', fileName: entry.fileName, size: entry.size });
    }));
    // Not `live`: a cancel settles the entry before the link says its CCL, which is traffic all the same.
    link.on('raw', (raw) => this.emit('transferRaw', { cookie: entry.cookie, direction, peer: entry.peer ?? '', fileName: entry.fileName, raw }));
    link.wantsRaw = () => this.hasListeners('transferRaw');
    link.on('progress', live<MsnftpEvents['progress']>((p) => this.emit('progress', { cookie: entry.cookie, direction, ...p })));
    link.on('done', live<MsnftpEvents['done']>((d) => {
      this.settle(entry);
      this.emit('transferDone', { cookie: entry.cookie, direction, path: d.path, bytes: d.bytes, sha256: d.sha256 });
    }));
    link.on('failed', live<MsnftpEvents['failed']>((f) => {
      if (f.reason === 'peer-cancelled') {
        this.settle(entry);
        this.emit('cancelled', { cookie: entry.cookie, by: 'peer', code: CCL_CODE, message: f.message });
        return;
      }
      // Before the connection is up the peer may still be waiting for it; tell them on the conversation.
      const tell = entry.stage === 'transferring' ? undefined : 'FTTIMEOUT';
      void this.failEntry(entry, f.reason, f.message, tell);
    }));
  }

  private async failEntry(entry: FileEntry, reason: MsnftpFailReason, message: string, tell?: string): Promise<void> {
    if (!this.isLive(entry)) return;
    this.settle(entry);
    const link = entry.link;
    if (link && !link.finished) await link.cancel();
    if (tell) await this.sendCommand('CANCEL', entry.cookie, [['Cancel-Code', tell]]).catch(() => {});
    this.emit('transferFailed', { cookie: entry.cookie, direction: entry.kind, reason, message });
  }

  private async cancelEntry(entry: Entry, code: string, message: string): Promise<void> {
    if (!this.isLive(entry)) return;
    this.settle(entry);
    const work: Promise<unknown>[] = [];
    if (entry.kind !== 'other' && entry.link && !entry.link.finished) work.push(entry.link.cancel());
    if (code !== CCL_CODE) work.push(this.sendCommand('CANCEL', entry.cookie, [['Cancel-Code', code]]).catch(() => {}));
    await Promise.all(work);
    this.emit('cancelled', { cookie: entry.cookie, by: 'self', code, message });
  }

  private fileEntry(cookie: string, kind: TransferDirection, stage: Stage): FileEntry {
    const entry = this.entries.get(cookie);
    if (!entry || entry.kind !== kind || entry.stage !== stage) throw new Error('That file offer is no longer open.');
    return entry;
  }

  private isLive(entry: Entry): boolean {
    return this.entries.get(entry.cookie) === entry;
  }

  /** Removes the entry so nothing else reports on it; its one terminal event follows. */
  private settle(entry: Entry): void {
    this.entries.delete(entry.cookie);
    if (entry.kind !== 'other') entry.stopTimer();
  }

  /** Async so that a transport (or serializer) that throws outright still only rejects. */
  private async sendCommand(command: InvitationCommand, cookie: string, fields: [string, string][]): Promise<void> {
    await this.transport.send(serializeInvitation(command, cookie, fields));
  }

  /** Turns an invitation down at once, with a warning saying why. */
  private refuse(cookie: string, code: 'REJECT' | 'FAIL', warning: string, message: string): void {
    this.warn(warning, message);
    void this.sendCommand('CANCEL', cookie, [['Cancel-Code', code]]).catch(() => {});
  }

  private warn(code: string, message: string): void {
    this.emit('warning', { code, message });
  }
}
