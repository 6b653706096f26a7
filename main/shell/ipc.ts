// Binds the service to the windows: one invoke channel for calls (sender checked, arguments validated by
// dispatchCall) and one channel on which every app window receives the service's events.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { MessengerApi } from '../../app/contract';
import { dispatchCall } from '../service/calls';
import { CALL_CHANNEL, EVENT_CHANNEL, type CallReply } from './channels';
import { isTrustedSender } from './trust';

export interface IpcOptions {
  api: MessengerApi;
  /** Whether these web contents belong to a window the window factory made. */
  isAppWebContents(contents: WebContents): boolean;
  /** The app windows' web contents, to send events to. */
  appWebContents(): WebContents[];
  /** electron-vite's dev server while developing; undefined in a packaged app. */
  devUrl: string | undefined;
  rendererDir: string;
}

const UNTRUSTED: CallReply = { ok: false, error: 'This page may not use Butterfly.' };

/** Starts answering calls and forwarding events; returns the function that stops both. */
export function bindIpc(options: IpcOptions): () => void {
  const { api } = options;
  ipcMain.handle(CALL_CHANNEL, (event: IpcMainInvokeEvent, method: unknown, args: unknown) => {
    if (!fromAppWindow(event, options)) {
      console.warn(`Refused a call from ${event.senderFrame?.url ?? 'a closed frame'}.`);
      return UNTRUSTED;
    }
    return dispatchCall(api, method, args);
  });

  const unsubscribe = api.subscribe((event) => {
    for (const contents of options.appWebContents()) {
      if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, event);
    }
  });

  return () => {
    unsubscribe();
    ipcMain.removeHandler(CALL_CHANNEL);
  };
}

function fromAppWindow(event: IpcMainInvokeEvent, options: IpcOptions): boolean {
  const frame = event.senderFrame;
  if (!frame || event.sender.isDestroyed()) return false;
  return isTrustedSender(
    frame.url,
    frame === event.sender.mainFrame,
    options.isAppWebContents(event.sender),
    options.devUrl,
    options.rendererDir,
  );
}
