// What a click asks of main. Every call's failure becomes a notice (its message is one sentence already),
// so components never leave a rejected promise behind.
import type { ChoosableStatus, DialogKind, Toast, WindowRoute } from '../app/contract';
import type { PageRequest, PhonesPatch, WebService } from '../app/services';
import { api } from './bridge';
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
export const openInbox = () => void attempt(() => api.openInbox());
export const openExternal = (url: string) => void attempt(() => api.openExternal(url));
export const block = (email: string) => void attempt(() => api.block(email));
export const unblock = (email: string) => void attempt(() => api.unblock(email));
export const removeContact = (email: string) => void attempt(() => api.removeContact(email));
export const dismissToast = (id: string) => void attempt(() => api.dismissToast(id));
export const chooseDownloadFolder = () => void attempt(() => api.chooseDownloadFolder());

/** A click on a toast does its action: main does it (opening any window) and takes the toast away. */
export function toastClicked(toast: Toast): void {
  void attempt(() => api.toastClicked(toast.id));
}
// Controls that show the choice at once (renderer/hooks/usePendingChoice.ts) revert and say why themselves.
export const requestAllOthers = (blp: 'AL' | 'BL') => api.setAllOthers(blp);
export const requestAlertOnAdd = (alert: boolean) => api.setAlertOnAdd(alert);
export const updateSettings = (patch: Parameters<typeof api.updateSettings>[0]) =>
  void attempt(() => api.updateSettings(patch));
/** For controls that show the choice at once and revert themselves (renderer/hooks/usePendingChoice.ts). */
export const requestSettings = (patch: Parameters<typeof api.updateSettings>[0]) => api.updateSettings(patch);

// The calls whose dialog shows the failure itself: each resolves to the failure sentence, or '' on success.
export const addServer = (server: string) => failureOf(() => api.addServer(server));
export const signIn = (request: Parameters<typeof api.signIn>[0]) => failureOf(() => api.signIn(request));
export const addContact = (email: string) => failureOf(() => api.addContact(email));
export const answerAdded = (answer: Parameters<typeof api.answerAdded>[0]) =>
  failureOf(() => api.answerAdded(answer));
export const sendPage = (request: PageRequest) => failureOf(() => api.sendPage(request));
export const setPhones = (patch: PhonesPatch) => failureOf(() => api.setPhones(patch));

/** Opens one of the server's web pages (URL) in the browser; a server without it says so in a notice. */
export function openService(service: WebService, email?: string): void {
  void attempt(() => (email === undefined ? api.openService(service) : api.openService(service, email)));
}
