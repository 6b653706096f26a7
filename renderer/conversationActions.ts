// What a conversation window asks of main: messages, typing, invitations, files, paging and Save As.
// A failure is shown in that window (a notice scoped to the conversation), never thrown at a component.
import {
  DEFAULT_MAX_FILE_SIZE,
  type FontSettings,
  type InvitationInfo,
  type MessageStyle,
} from '../app/conversation';
import { api, environment, receivedFileUrl, uploadFile } from './bridge';
import { applyLines, askToConfirm, setOlderThan, useConversations } from './stores/conversations';
import { useSession } from './stores/session';
import { pushNotice } from './stores/ui';
import { downloadText } from './downloadText';
import { openFromMain } from './links';

/** As 3.0 did: one typing notice every 5 seconds at most while keys are pressed. */
export const TYPING_EVERY_MS = 5_000;
/** Lines fetched per page when paging back. */
export const PAGE_LINES = 200;
/** Lines a window fetches when it opens: a few screens, so it paints at once; the rest come on scrolling up. */
export const FIRST_PAGE_LINES = 40;

function messageOf(err: unknown): string {
  return err instanceof Error && err.message ? err.message : 'Something went wrong. Try again.';
}

/** Runs a call for conversation `id`; a failure becomes a notice in that window. */
async function inWindow<T>(id: string, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (err) {
    pushNotice(messageOf(err), { scope: id });
    return undefined;
  }
}

export function sendMessage(id: string, text: string, style: MessageStyle): void {
  void inWindow(id, () => api.sendMessage(id, text, style));
}

const lastTyping = new Map<string, number>();

/** Call on every key that changes the text; main hears of it at most every TYPING_EVERY_MS. */
export function typing(id: string, now = Date.now()): void {
  const last = lastTyping.get(id) ?? -Infinity;
  if (now - last < TYPING_EVERY_MS) return;
  lastTyping.set(id, now);
  void api.sendTyping(id).catch(() => {
    // A typing notice that does not go out is not worth a sentence.
  });
}

/** A message was sent: the next key press may announce typing again at once, as the 3.0 client did. */
export function typingDone(id: string): void {
  lastTyping.delete(id);
}

export function invite(id: string, email: string): void {
  void inWindow(id, () => api.inviteToConversation(id, email));
}

export function leave(id: string): void {
  void api.leaveConversation(id).catch(() => {});
}

/**
 * Loads the newest page (beforeSeq null) or the page before `beforeSeq`. Resolves to whether older lines
 * remain in main.
 */
export async function loadLines(id: string, beforeSeq: number | null): Promise<boolean> {
  const limit = beforeSeq === null ? FIRST_PAGE_LINES : PAGE_LINES;
  const lines = await inWindow(id, () => api.getConversationLines(id, beforeSeq, limit));
  if (!lines) return false;
  applyLines(id, lines);
  const first = useConversations.getState().byId[id]?.firstSeq ?? 0;
  const oldest = lines[0]?.seq ?? beforeSeq ?? 0;
  const more = lines.length > 0 && oldest > first;
  setOlderThan(id, more ? oldest : 0);
  return more;
}

/**
 * Offers a file. The desktop asks main to show its open dialog (or passes a dropped file, which the
 * preload turns into a path); browser mode uploads the file to the service first.
 */
export async function offerFile(
  id: string,
  file?: File,
  onUpload?: (sent: number, total: number) => void,
): Promise<void> {
  if (environment === 'desktop') {
    await inWindow(id, () => api.offerFile(id, file ? { kind: 'dropped', file } : { kind: 'choose' }));
    return;
  }
  if (!file) return;
  await inWindow(id, async () => {
    const uploadId = await uploadFile(file, onUpload);
    await api.offerFile(id, { kind: 'upload', uploadId });
  });
}

/** `large`: the person said yes a second time to a file over their limit (InvitationInfo.overLimit). */
export function acceptInvitation(conversationId: string, invitationId: string, large = false): void {
  void inWindow(conversationId, () =>
    large ? api.acceptInvitation(invitationId, { large: true }) : api.acceptInvitation(invitationId),
  );
}

/**
 * Accept, from its button or Alt+C: an offer over the person's limit asks a second time instead (its
 * Accept anyway calls acceptInvitation with `large`). A limit raised since the offer came needs no question.
 */
export function startAccepting(conversationId: string, inv: InvitationInfo): void {
  const limit = useSession.getState().settings.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  if (inv.size > limit) askToConfirm(inv.id);
  else acceptInvitation(conversationId, inv.id);
}

export function declineInvitation(conversationId: string, invitationId: string): void {
  void inWindow(conversationId, () => api.declineInvitation(invitationId));
}

export function cancelInvitation(conversationId: string, invitationId: string): void {
  void inWindow(conversationId, () => api.cancelInvitation(invitationId));
}

export function showReceivedFile(conversationId: string, invitationId: string): void {
  void inWindow(conversationId, () => api.showReceivedFile(invitationId));
}

/** Browser mode: where a received file can be downloaded from the service. */
export function downloadUrl(invitationId: string): string {
  return receivedFileUrl(invitationId);
}

/** File ▸ Save As: the desktop writes the file after its save dialog; browser mode downloads the text. */
export async function saveConversation(id: string): Promise<void> {
  const saved = await inWindow(id, () => api.saveConversation(id));
  if (!saved) return;
  if (saved.kind === 'saved') pushNotice(`The conversation was saved as ${saved.path}.`, { scope: id });
  if (saved.kind !== 'download') return;
  downloadText(saved.fileName, saved.text);
}

export function setFont(font: FontSettings): void {
  void api.updateSettings({ font }).catch((err: unknown) => pushNotice(messageOf(err)));
}

export function setEmoticons(on: boolean): void {
  void api.updateSettings({ emoticons: on }).catch((err: unknown) => pushNotice(messageOf(err)));
}

/** Opens the server's page for writing an e-mail to this person (the "send e-mail instead" link). */
export function sendEmail(email: string, scope?: string): void {
  openFromMain(() => api.sendEmail(email), scope ? { scope } : {});
}
