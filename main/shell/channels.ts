// The two IPC channels between main and a window, shared by main/shell/ipc.ts and the preload.
// Calls go one way on CALL_CHANNEL (ipcRenderer.invoke), events the other on EVENT_CHANNEL.

export const CALL_CHANNEL = 'butterfly:call';
export const EVENT_CHANNEL = 'butterfly:event';

/**
 * What a call resolves to over IPC. Errors travel as data: an exception thrown in an ipcMain handler
 * reaches the page as "Error invoking remote method ...: Error: ...", not the one sentence a person should read.
 */
export type CallReply = { ok: true; value: unknown } | { ok: false; error: string };
