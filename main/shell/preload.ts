// The bridge between the sandboxed renderer and main, exposed as window.butterfly. It is built as one
// CommonJS file, which sandboxed preloads require. Each method is its own wrapper (apiFromCall), so a page can call
// exactly the contract and nothing else: no generic invoke, no ipcRenderer, no IPC event objects.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import {
  apiFromCall,
  type MessengerApi,
  type MessengerEvent,
  type MethodArgs,
  type MethodName,
  type MethodResult,
} from '../../app/contract';
import type { FileSource } from '../../app/conversation';
import { CALL_CHANNEL, EVENT_CHANNEL, type CallReply } from './channels';
import { fileSourceFromPage } from './pageFiles';

async function call<M extends MethodName>(method: M, ...args: MethodArgs<M>): Promise<MethodResult<M>> {
  const reply = (await ipcRenderer.invoke(CALL_CHANNEL, method, args)) as CallReply;
  if (!reply.ok) throw new Error(reply.error);
  return reply.value as MethodResult<M>;
}

const api = {
  ...apiFromCall(call),
  // A dropped file crosses as its path, which only the preload can learn; a page may never name one itself.
  offerFile: async (conversationId: string, source: FileSource) =>
    call(
      'offerFile',
      conversationId,
      fileSourceFromPage(source, (file) => webUtils.getPathForFile(file)),
    ),
  subscribe: (listener: (event: MessengerEvent) => void) => {
    // The page gets the event only; the IpcRendererEvent (with its sender) never crosses the bridge.
    const handler = (_event: IpcRendererEvent, event: MessengerEvent): void => listener(event);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
} satisfies MessengerApi;

contextBridge.exposeInMainWorld('butterfly', api);
