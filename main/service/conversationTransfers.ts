// A conversation's file invitations as the windows see them: offers become invitation lines, the
// engine's invitation events move each InvitationInfo along (progress throttled), voice or other
// applications are declined as "not installed" with a line saying so, and the person's answers
// (offer, accept, decline, cancel) go to the engine conversation that holds each invitation.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  DEFAULT_MAX_FILE_SIZE,
  invitationEnded,
  type ConversationLine,
  type InvitationInfo,
} from '../../app/conversation';
import type { Conversation } from '../msnp/conversation';
import { errorMessage, sentence, serverCode } from '../msnp/errors';
import { ActionRefused } from './actionErrors';
import type { ConversationThread } from './conversationThread';
import { Timers } from '../msnp/timers';
import { PROGRESS_EVERY_MS, type TransferTracker } from './transferTracker';

/** What the desktop or browser mode provides for files: dialogs on the desktop, uploads in browser mode. */
export interface FileHost {
  /** Desktop: an open-file dialog; null when the person cancelled. */
  chooseFileToSend?(): Promise<string | null>;
  /** Desktop: a save dialog for a received file, starting in `folder`; null when cancelled. */
  chooseSavePath?(fileName: string, folder: string): Promise<string | null>;
  /** Browser mode: the file a page uploaded (its name is the original's, made safe). */
  resolveUpload?(uploadId: string): { path: string } | null;
  /** Browser mode: an upload no longer needed (its invitation ended). */
  releaseUpload?(uploadId: string): void;
}

/** What a thread lets its invitations do: add lines, and make sure the person sees something arrived. */
export interface ThreadHooks {
  /** The thread the invitations belong to (a conversation we were rung into gets it when first needed). */
  thread(): ConversationThread;
  appendLine(line: { kind: 'invitation'; at: number; invitationId: string }): ConversationLine;
  system(tone: 'info' | 'error', text: string): void;
  /** Something from the other person arrived: the window must show, or a toast with this title and body. */
  arrived(preview: { title: string; body: string } | null): void;
}

export interface FileDeskDeps {
  tracker: TransferTracker;
  files: FileHost;
  /** `maxFileSize`: offers larger than this are flagged overLimit (DEFAULT_MAX_FILE_SIZE when absent). */
  settings(): { downloadsFolder: string; askWhereToSave: boolean; maxFileSize?: number };
  emit(invitation: InvitationInfo): void;
  now(): number;
}

const NO_LONGER_OPEN = 'That file offer is no longer open.';

/** The file invitations of one session: each tied to the engine conversation that carries it. */
export class FileDesk {
  /** Invitation id -> the engine conversation that answers it. */
  private readonly engineOf = new Map<string, Conversation>();
  /** Invitation id -> the browser-mode upload it sends. */
  private readonly uploads = new Map<string, string>();
  /** Invitations whose accept is under way (a save dialog, the ACCEPT on its way). */
  private readonly accepting = new Set<string>();
  /** Invitations with held-back progress waiting for its turn. */
  private readonly owed = new Set<string>();
  private readonly timers = new Timers();

  constructor(private readonly d: FileDeskDeps) {}

  /** Offers a file to the one other person; a failure becomes an error line, never silence. */
  async offer(
    conversation: Conversation,
    file: { path: string; uploadId?: string },
    hooks: ThreadHooks,
  ): Promise<void> {
    const thread = hooks.thread();
    const peer = thread.info().members[0];
    const name = peer?.nickname || peer?.email || 'The other person';
    let offer;
    try {
      offer = await conversation.sendFile({ path: file.path });
    } catch (err) {
      if (file.uploadId !== undefined) this.d.files.releaseUpload?.(file.uploadId);
      hooks.system('error', offerFailure(name, err));
      return;
    }
    const info = this.d.tracker.create(
      {
        conversationId: thread.id,
        direction: 'send',
        peer: '',
        peerName: name,
        fileName: offer.fileName,
        size: offer.size,
        state: 'waiting',
        overLimit: false,
      },
      offer.cookie,
    );
    if (file.uploadId !== undefined) this.uploads.set(info.id, file.uploadId);
    this.engineOf.set(info.id, conversation);
    this.d.emit(info);
    hooks.appendLine({ kind: 'invitation', at: this.d.now(), invitationId: info.id });
  }

  async accept(id: string): Promise<void> {
    const { info, engine, cookie } = this.find(id, 'receive');
    // A second click while the first accept is under way is the same answer, not a new one.
    if (this.accepting.has(id)) return;
    if (info.state !== 'offered' || !engine) throw new ActionRefused(NO_LONGER_OPEN);
    this.accepting.add(id);
    try {
      await this.acceptWith(id, info, engine, cookie);
    } finally {
      this.accepting.delete(id);
    }
  }

  private async acceptWith(
    id: string,
    info: InvitationInfo,
    engine: Conversation,
    cookie: string,
  ): Promise<void> {
    const settings = this.d.settings();
    let folder = settings.downloadsFolder;
    let saveAs: string | undefined;
    await mkdir(folder, { recursive: true }).catch(() => {});
    if (settings.askWhereToSave && this.d.files.chooseSavePath) {
      const chosen = await this.d.files.chooseSavePath(info.fileName, folder);
      if (!chosen) return;
      folder = path.dirname(chosen);
      saveAs = path.basename(chosen);
    }
    // Before the ACCEPT goes out: the sender's answer may come back before acceptFile resolves.
    this.set(id, 'connecting');
    try {
      await engine.invitations.acceptFile(cookie, folder, saveAs);
    } catch (err) {
      // A folder that cannot take the file leaves the offer open, so another folder can be chosen; a
      // transfer that failed has already ended through the engine's events and stays ended.
      this.set(id, 'offered');
      // The engine's reason may start with the folder's path; a sentence starts with a word.
      const reason = errorMessage(err);
      throw new ActionRefused(
        sentence(/^[a-z]/i.test(reason) ? reason : `The file could not be saved: ${reason}`),
        { cause: err },
      );
    }
  }

  async decline(id: string): Promise<void> {
    const { info, engine, cookie } = this.find(id, 'receive');
    if (info.state !== 'offered' || !engine) throw new ActionRefused(NO_LONGER_OPEN);
    await engine.invitations.declineFile(cookie);
  }

  /** Cancels at any stage; one that has just ended (the click crossed the last byte) is left as it ended. */
  async cancel(id: string): Promise<void> {
    const { engine, cookie } = this.find(id);
    await engine?.invitations.cancel(cookie);
  }

  /** A received file's path, once it has arrived; null otherwise. */
  receivedFile(id: string): string | null {
    const info = this.d.tracker.get(id);
    return info && info.direction === 'receive' && info.state === 'done' && info.savedPath
      ? info.savedPath
      : null;
  }

  /** The session ended: every upload still held can go, and no progress is owed any more. */
  close(): void {
    this.timers.clearAll();
    for (const upload of this.uploads.values()) this.d.files.releaseUpload?.(upload);
    this.uploads.clear();
  }

  /** Turns one engine conversation's invitation events into InvitationInfo changes and lines of its thread. */
  bind(conversation: Conversation, hooks: ThreadHooks): void {
    const { tracker } = this.d;
    const inv = conversation.invitations;
    const idOf = (cookie: string) => tracker.find(hooks.thread().id, cookie)?.id;
    const set = (
      cookie: string,
      state: InvitationInfo['state'],
      fields: Parameters<TransferTracker['set']>[2] = {},
    ) => {
      const id = idOf(cookie);
      if (id !== undefined) this.set(id, state, fields);
    };

    inv.on('fileOffer', (offer) => {
      const thread = hooks.thread();
      const peerName = thread.nicknameOf(offer.from);
      const limit = this.d.settings().maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
      const info = tracker.create(
        {
          conversationId: thread.id,
          direction: 'receive',
          peer: offer.from,
          peerName,
          fileName: offer.fileName,
          size: offer.size,
          state: 'offered',
          overLimit: offer.size > limit,
        },
        offer.cookie,
      );
      this.engineOf.set(info.id, conversation);
      this.d.emit(info);
      hooks.appendLine({ kind: 'invitation', at: this.d.now(), invitationId: info.id });
      hooks.arrived({ title: `${peerName} wants to send you a file:`, body: offer.fileName });
    });

    inv.on('otherInvitation', (offer) => {
      const name = hooks.thread().nicknameOf(offer.from);
      void inv.declineOther(offer.cookie, 'REJECT_NOT_INSTALLED').catch(() => {});
      hooks.system(
        'info',
        offer.kind === 'voice'
          ? `${name} would like to have a voice conversation with you, but this version can't do it.`
          : `${name} invited you to ${offer.applicationName ? `use ${offer.applicationName.slice(0, 60)}` : 'a program'}, which Butterfly cannot run, so the invitation was declined.`,
      );
      hooks.arrived(null);
    });

    inv.on('transferStarted', (e) => {
      const id = idOf(e.cookie);
      const info = id === undefined ? undefined : tracker.get(id);
      set(e.cookie, 'transferring', e.direction === 'send' && info && !info.peer ? { peer: e.peer } : {});
    });
    inv.on('progress', (e) => {
      const id = idOf(e.cookie);
      if (id === undefined) return;
      const info = tracker.progress(id, e.transferred);
      if (info) this.d.emit(info);
      else this.owe(id);
    });
    inv.on('transferDone', (e) =>
      set(
        e.cookie,
        'done',
        e.path
          ? { savedPath: e.path, sha256: e.sha256 ?? '', fileName: baseName(e.path) }
          : { sha256: e.sha256 ?? '' },
      ),
    );
    inv.on('transferFailed', (e) => set(e.cookie, 'failed', { message: e.message }));
    inv.on('cancelled', (e) => {
      const declined = e.code === 'REJECT' || e.code === 'REJECT_NOT_INSTALLED';
      set(e.cookie, declined ? 'declined' : 'cancelled', { message: e.message });
    });
  }

  /** Held-back progress goes out when its turn comes, even if no more progress follows (a stall). */
  private owe(id: string): void {
    if (this.owed.has(id)) return;
    this.owed.add(id);
    this.timers.timeout(() => {
      this.owed.delete(id);
      const info = this.d.tracker.flush(id);
      if (info) this.d.emit(info);
    }, PROGRESS_EVERY_MS);
  }

  private set(
    id: string,
    state: InvitationInfo['state'],
    fields: Parameters<TransferTracker['set']>[2] = {},
  ): void {
    const info = this.d.tracker.set(id, state, fields);
    if (!info) return;
    this.d.emit(info);
    if (!invitationEnded(state)) return;
    this.engineOf.delete(id);
    const upload = this.uploads.get(id);
    if (upload === undefined) return;
    this.uploads.delete(id);
    this.d.files.releaseUpload?.(upload);
  }

  /** The invitation, its cookie and, until it ends, the engine conversation that answers it. */
  private find(
    id: string,
    direction?: 'send' | 'receive',
  ): { info: InvitationInfo; engine: Conversation | undefined; cookie: string } {
    const info = this.d.tracker.get(id);
    const cookie = this.d.tracker.cookieOf(id);
    if (!info || cookie === undefined || (direction && info.direction !== direction))
      throw new ActionRefused('There is no such invitation.');
    return { info, engine: this.engineOf.get(id), cookie };
  }
}

/** The last part of a path, whichever separator the platform used. */
function baseName(p: string): string {
  return p.split(/[\\/]/).pop() || p;
}

/** Why an offer could not be made, in one sentence (the engine's call failure speaks of messages). */
export function offerFailure(name: string, err: unknown): string {
  const code = serverCode(err);
  if (code === 217 || code === 216) return `${name} is not online, so the file could not be offered.`;
  if (code === 913) return 'You cannot send a file while appearing offline.';
  const reason = errorMessage(err)
    .trim()
    .replace(/[.!]+$/, '');
  return /^the file could not be offered/i.test(reason)
    ? sentence(reason)
    : `The file could not be offered: ${reason}.`;
}
