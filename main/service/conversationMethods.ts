// The conversation half of MessengerApi, for AccountService to forward to: opening, messages, typing,
// inviting, leaving, paging, Save As and file invitations. Checks what only main can know (is the person
// online, is this a desktop), then hands the work to the session's ConversationCenter.
import { mkdir } from 'node:fs/promises';
import type { WindowRoute } from '../../app/contract';
import {
  formatBytes,
  type ConversationLine,
  type FileSource,
  type MessageStyle,
  type SavedConversation,
} from '../../app/conversation';
import { conversationText, suggestedFileName } from '../../app/conversationText';
import type { NotificationSession } from '../msnp/notificationSession';
import { errorMessage } from '../msnp/errors';
import { ActionRefused, NotSignedInError } from './actionErrors';
import { saveText } from './textSave';
import type { ConversationCenter, FileHost } from './conversationCenter';

/** The desktop's dialogs and folders, or browser mode's uploads and fixed folder. */
export interface FileDeps extends FileHost {
  /** Where received files go unless the person chose another folder. */
  defaultDownloadsFolder: string;
  /** Desktop: a folder dialog; null when cancelled. */
  chooseFolder?(current: string): Promise<string | null>;
  /** Desktop: a save dialog for a conversation's text; null when cancelled. */
  chooseTextSavePath?(fileName: string): Promise<string | null>;
  /** Desktop: shows a file in the system's file manager. */
  showInFolder?(file: string): Promise<void>;
  /** Desktop: opens a folder in the system's file manager. */
  openFolder?(folder: string): Promise<void>;
}

export interface ConversationMethodsDeps {
  environment: 'desktop' | 'browser';
  files: FileDeps;
  center(): ConversationCenter | null;
  online(): NotificationSession | null;
  /** Shows a window; `focus` false for one the person did not ask for (a message arrived). */
  openWindow(route: WindowRoute, focus: boolean): Promise<void>;
  downloadsFolder(): string;
  /** Bytes: the person's limit, for the sentence that refuses a plain accept of an offer over it. */
  maxFileSize(): number;
  warn(message: string): void;
  now?: () => number;
}

const NOT_AVAILABLE = ['FLN', 'HDN'];

export class ConversationMethods {
  constructor(private readonly deps: ConversationMethodsDeps) {}

  private center(doing: string): ConversationCenter {
    const center = this.deps.center();
    if (!center) throw new NotSignedInError(doing);
    return center;
  }

  /**
   * Opens (or reuses) the conversation with these people and shows its window. As in 3.0, nobody can be
   * messaged while offline or appearing offline: the person is told to send e-mail instead.
   */
  async open(emails: string[]): Promise<string> {
    const center = this.center('start a conversation');
    const ns = this.deps.online()!;
    const self = ns.state.self.email.toLowerCase();
    const others = emails.filter((e) => e.toLowerCase() !== self);
    if (others.length === 0) throw new ActionRefused('You cannot start a conversation with yourself.');
    const reachable = others.filter((e) => !NOT_AVAILABLE.includes(ns.state.contact(e)?.status ?? 'FLN'));
    if (reachable.length === 0) {
      const name = ns.state.contact(others[0]!)?.nickname || others[0]!;
      throw new ActionRefused(
        others.length === 1
          ? `${name} is not online; you can send e-mail instead.`
          : 'None of these people is online; you can send them e-mail instead.',
      );
    }
    // Only those who can answer: someone offline would only fail the call and turn it into a group.
    const id = center.open(reachable);
    await this.deps.openWindow({ kind: 'conversation', id }, true);
    return id;
  }

  /** A "… says:" toast was clicked: that conversation's window, with its lines. */
  async show(id: string): Promise<void> {
    const center = this.deps.center();
    if (!center) return;
    center.show(id);
    await this.deps.openWindow({ kind: 'conversation', id }, true);
  }

  async sendMessage(id: string, text: string, style: MessageStyle): Promise<void> {
    this.center('send a message').sendMessage(id, text, style);
  }

  async sendTyping(id: string): Promise<void> {
    this.deps.center()?.typing(id);
  }

  invite(id: string, email: string): Promise<void> {
    return this.center('invite someone').invite(id, email);
  }

  async leave(id: string): Promise<void> {
    this.deps.center()?.leave(id);
  }

  async lines(id: string, beforeSeq: number | null, limit: number): Promise<ConversationLine[]> {
    return this.center('read this conversation').lines(id, beforeSeq, limit);
  }

  async save(id: string): Promise<SavedConversation> {
    const { info, lines, invitations } = this.center('save this conversation').transcript(id);
    const now = (this.deps.now ?? Date.now)();
    const fileName = suggestedFileName(info, now);
    const text = conversationText(info, lines, invitations, now);
    const deps = {
      environment: this.deps.environment,
      chooseTextSavePath: this.deps.files.chooseTextSavePath,
      warn: this.deps.warn,
    };
    return saveText(deps, fileName, text, 'the conversation');
  }

  async offerFile(id: string, source: FileSource): Promise<void> {
    const center = this.center('send a file');
    const { files, environment } = this.deps;
    switch (source.kind) {
      case 'choose': {
        if (!files.chooseFileToSend)
          throw new ActionRefused('Drop the file on the conversation window, or choose it with Send a File.');
        const file = await files.chooseFileToSend();
        if (file) await center.offerFile(id, { path: file });
        return;
      }
      case 'upload': {
        const upload = files.resolveUpload?.(source.uploadId);
        if (!upload) throw new ActionRefused('The file did not reach Butterfly. Try sending it again.');
        return center.offerFile(id, { path: upload.path, uploadId: source.uploadId });
      }
      case 'path':
        // Only the desktop preload sends a path, and only for a file the person dropped.
        if (environment !== 'desktop')
          throw new ActionRefused('Send a file by choosing it or dropping it on the window.');
        return center.offerFile(id, { path: source.path });
      case 'dropped':
        throw new ActionRefused('Send a file by choosing it or dropping it on the window.');
    }
  }

  /** An offer over the person's limit is accepted only with `large`: the window asked a second time. */
  async accept(invitationId: string, options?: { large: true }): Promise<void> {
    const center = this.center('accept the file');
    if (!options?.large) {
      const info = center.snapshot().invitations.find((i) => i.id === invitationId);
      // Against the limit as it is now: one raised since the offer came lets the file through.
      if (info && info.state === 'offered' && info.size > this.deps.maxFileSize())
        throw new ActionRefused(
          `This file is ${formatBytes(info.size)}, larger than your limit of ${formatBytes(this.deps.maxFileSize())}; click Accept, then Accept anyway, to receive it.`,
        );
    }
    return center.accept(invitationId);
  }

  decline(invitationId: string): Promise<void> {
    return this.center('decline the file').decline(invitationId);
  }

  cancel(invitationId: string): Promise<void> {
    return this.center('cancel the transfer').cancel(invitationId);
  }

  /** The folder the person picked, for Options to keep on Apply or OK; null when the dialog was cancelled. */
  async chooseDownloadFolder(): Promise<string | null> {
    const choose = this.deps.files.chooseFolder;
    if (this.deps.environment === 'browser' || !choose)
      throw new ActionRefused(`In browser mode, received files are saved in ${this.deps.downloadsFolder()}.`);
    return (await choose(this.deps.downloadsFolder())) || null;
  }

  async showReceivedFile(invitationId: string): Promise<void> {
    const file = this.deps.center()?.receivedFile(invitationId);
    if (!file) throw new ActionRefused('That file has not arrived, so it cannot be shown.');
    const show = this.deps.files.showInFolder;
    if (!show) throw new ActionRefused(`The file is saved as ${file}.`);
    await show(file);
  }

  /** File ▸ Open received files: the folder, made first so a fresh install has one to open. */
  async openReceivedFolder(): Promise<void> {
    const folder = this.deps.downloadsFolder();
    const open = this.deps.files.openFolder;
    if (this.deps.environment === 'browser' || !open)
      throw new ActionRefused(`Received files are saved in ${folder}.`);
    await mkdir(folder, { recursive: true }).catch(() => {});
    try {
      await open(folder);
    } catch (err) {
      this.deps.warn(`Could not open ${folder}: ${errorMessage(err)}`);
      throw new ActionRefused(`The folder ${folder} could not be opened.`, { cause: err });
    }
  }

  /** Browser mode's download of a received file: its path, when it has arrived. */
  receivedFile(invitationId: string): string | null {
    return this.deps.center()?.receivedFile(invitationId) ?? null;
  }
}
