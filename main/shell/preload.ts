// The bridge between the sandboxed renderer and main, exposed as window.butterfly. It is built as one
// CommonJS file, which sandboxed preloads require. Each method is its own wrapper, so a page can call
// exactly the contract and nothing else: no generic invoke, no ipcRenderer, no IPC event objects.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { MessengerApi, MessengerEvent, MethodArgs, MethodName, MethodResult } from '../../app/contract';
import { CALL_CHANNEL, EVENT_CHANNEL, type CallReply } from './channels';

async function call<M extends MethodName>(method: M, ...args: MethodArgs<M>): Promise<MethodResult<M>> {
  const reply = (await ipcRenderer.invoke(CALL_CHANNEL, method, args)) as CallReply;
  if (!reply.ok) throw new Error(reply.error);
  return reply.value as MethodResult<M>;
}

const api = {
  getSnapshot: () => call('getSnapshot'),
  subscribe: (listener: (event: MessengerEvent) => void) => {
    // The page gets the event only; the IpcRendererEvent (with its sender) never crosses the bridge.
    const handler = (_event: IpcRendererEvent, event: MessengerEvent): void => listener(event);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },

  signIn: (request) => call('signIn', request),
  cancelSignIn: () => call('cancelSignIn'),
  signOut: () => call('signOut'),
  forgetPassword: (email) => call('forgetPassword', email),
  updateSettings: (patch) => call('updateSettings', patch),
  addServer: (server) => call('addServer', server),

  setStatus: (status) => call('setStatus', status),
  setNickname: (nickname) => call('setNickname', nickname),
  addContact: (email) => call('addContact', email),
  removeContact: (email) => call('removeContact', email),
  block: (email) => call('block', email),
  unblock: (email) => call('unblock', email),
  answerAdded: (answer) => call('answerAdded', answer),
  setAllOthers: (blp) => call('setAllOthers', blp),
  setAlertOnAdd: (alert) => call('setAlertOnAdd', alert),

  openInbox: () => call('openInbox'),
  openExternal: (url) => call('openExternal', url),
  openWindow: (route) => call('openWindow', route),
  openConversation: (emails) => call('openConversation', emails),
  toastClicked: (id) => call('toastClicked', id),
  dismissToast: (id) => call('dismissToast', id),
} satisfies MessengerApi;

contextBridge.exposeInMainWorld('butterfly', api);
