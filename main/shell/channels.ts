// The two IPC channels between main and a window, shared by main/shell/ipc.ts and the preload.
// Calls go one way on CALL_CHANNEL (ipcRenderer.invoke), events the other on EVENT_CHANNEL.

export const CALL_CHANNEL = 'butterfly:call';
export const EVENT_CHANNEL = 'butterfly:event';

/** What a call resolves to over IPC (defined with the dispatch in main/service/calls.ts). */
export type { CallReply } from '../service/calls';
