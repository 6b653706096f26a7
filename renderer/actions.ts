// What a click asks of main. Every call's failure becomes a notice (its message is one sentence already),
// so components never leave a rejected promise behind.
import type { ChoosableStatus, DialogKind, Toast, WindowRoute } from '../app/contract';
import type { InvitationInfo } from '../app/conversation';
import type { PageRequest, PhonesPatch, WebService } from '../app/services';
import { api } from './bridge';
import { clickToast, openFromMain, openLink } from './links';
import { sendEmail } from './conversationActions';
import { keyOf, useContacts } from './stores/contacts';
import { useSession } from './stores/session';
import { displayName, isOnline } from './status';
import { pushNotice, showInlineWindow } from './stores/ui';

function messageOf(err: unknown): string {
  return err instanceof Error && err.message ? err.message : 'Something went wrong. Try again.';
}

/** Runs a call; a failure shows as a notice and resolves to undefined. */
export async function attempt<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (err) {
    pushNotice(messageOf(err));
    return undefined;
  }
}

/** For dialogs that show the failure themselves: resolves to the error sentence, or '' on success. */
async function failureOf(call: () => Promise<unknown>): Promise<string> {
  try {
    await call();
    return '';
  } catch (err) {
    return messageOf(err);
  }
}

export function openWindow(route: WindowRoute): void {
  void attempt(() => api.openWindow(route));
}

export function openDialog(dialog: DialogKind, email?: string): void {
  openWindow(email === undefined ? { kind: 'dialog', dialog } : { kind: 'dialog', dialog, email });
}

/**
 * Opens the conversation with these people. As in 3.0, someone offline (or appearing offline) cannot be
 * sent an instant message: the person is told so, with a link to send e-mail instead.
 */
export async function openConversation(emails: string[]): Promise<string | undefined> {
  const byEmail = useContacts.getState().byEmail;
  const offline = emails.map((e) => byEmail[keyOf(e)]).filter((c) => !c || !isOnline(c.status));
  if (emails.length === 1 && offline.length === 1) {
    const email = emails[0]!;
    const name = offline[0] ? displayName(offline[0]) : email;
    pushNotice(`${name} is not online; you can send e-mail instead.`, {
      action: { label: `Send e-mail to ${name}`, run: () => sendEmail(email) },
    });
    return undefined;
  }
  const id = await attempt(() => api.openConversation(emails));
  if (id === undefined) return undefined;
  // Main opens the window: a desktop window, or in browser mode a `window` event the page draws inline.
  // The person asked for it, so in the page it also takes focus (main's event alone does not move focus).
  if (useSession.getState().environment === 'browser') showInlineWindow({ kind: 'conversation', id });
  return id;
}

export const setStatus = (status: ChoosableStatus) => void attempt(() => api.setStatus(status));
export const setNickname = (name: string) => void attempt(() => api.setNickname(name));
export const signOut = () => void attempt(() => api.signOut());
export const cancelSignIn = () => void attempt(() => api.cancelSignIn());
// Web pages open inside the click (renderer/links.ts): in browser mode, in a new tab of this browser.
export const openInbox = () => openFromMain(() => api.openInbox());
export const openExternal = (url: string) => openLink(url);
export const block = (email: string) => void attempt(() => api.block(email));
export const unblock = (email: string) => void attempt(() => api.unblock(email));
export const removeContact = (email: string) => void attempt(() => api.removeContact(email));
export const dismissToast = (id: string) => void attempt(() => api.dismissToast(id));
/** The folder picked for received files (null: cancelled or refused, the refusal shown as a notice). */
export const chooseDownloadFolder = async (): Promise<string | null> =>
  (await attempt(() => api.chooseDownloadFolder())) ?? null;
export const openReceivedFolder = () => void attempt(() => api.openReceivedFolder());

/** File ▸ Exit: the desktop quits; the page signs out and stays, saying the tab can go. */
export async function quit(): Promise<void> {
  const done = await attempt(async () => {
    await api.quit();
    return true;
  });
  if (done && useSession.getState().environment === 'browser')
    pushNotice('You have signed out of Butterfly. You can close this tab.');
}

/** The files received this session: main keeps them after their conversation's window closed. */
export async function receivedFiles(): Promise<InvitationInfo[]> {
  const snapshot = await attempt(() => api.getSnapshot());
  return (snapshot?.invitations ?? []).filter(isReceivedFile);
}

export function isReceivedFile(inv: InvitationInfo): boolean {
  return inv.direction === 'receive' && inv.state === 'done';
}

export const toastClicked = (toast: Toast) => clickToast(toast);
export const updateSettings = (patch: Parameters<typeof api.updateSettings>[0]) =>
  void attempt(() => api.updateSettings(patch));
/** For controls that show the choice at once and revert themselves (renderer/hooks/usePendingChoice.ts). */
export const requestSettings = (patch: Parameters<typeof api.updateSettings>[0]) => api.updateSettings(patch);
/** For a tab that shows the refusal itself (Options ▸ Connection): the failure sentence, or '' when saved. */
export const saveSettings = (patch: Parameters<typeof api.updateSettings>[0]) =>
  failureOf(() => api.updateSettings(patch));

// The calls whose dialog shows the failure itself: each resolves to the failure sentence, or '' on success.
export const addServer = (server: string) => failureOf(() => api.addServer(server));
export const removeServer = (server: string) => failureOf(() => api.removeServer(server));
export const signIn = (request: Parameters<typeof api.signIn>[0]) => failureOf(() => api.signIn(request));
export const addContact = (email: string) => failureOf(() => api.addContact(email));
export const answerAdded = (answer: Parameters<typeof api.answerAdded>[0]) =>
  failureOf(() => api.answerAdded(answer));
export const sendPage = (request: PageRequest) => failureOf(() => api.sendPage(request));
export const setPhones = (patch: PhonesPatch) => failureOf(() => api.setPhones(patch));
export const rename = (name: string) => failureOf(() => api.setNickname(name));
/** Options ▸ Privacy's held edits, applied one by one. */
export const setBlocked = (email: string, blocked: boolean) =>
  failureOf(() => (blocked ? api.block(email) : api.unblock(email)));
export const setAllOthers = (blp: 'AL' | 'BL') => failureOf(() => api.setAllOthers(blp));
export const setAlertOnAdd = (alert: boolean) => failureOf(() => api.setAlertOnAdd(alert));

/** Opens one of the server's web pages (URL) in the browser; a server without it says so in a notice. */
export function openService(service: WebService, email?: string): void {
  openFromMain(() => (email === undefined ? api.openService(service) : api.openService(service, email)));
}
