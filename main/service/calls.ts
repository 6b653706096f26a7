// Runs one call from a window against the service: checked against the contract, then the reply as plain
// data. Pure (no electron), so the call rules are unit-tested; main/shell/ipc.ts only adds the sender check,
// and browser mode (main/web/socketGateway.ts) uses it for WebSocket calls.
import type { MessengerApi } from '../../app/contract';
import { InvalidCallError, validateCall } from './validate';

/**
 * What a call resolves to (over IPC or the WebSocket). Errors travel as data: an exception thrown in an ipcMain
 * handler reaches the page as "Error invoking remote method ...: Error: ...", not the one sentence a person should read.
 */
export type CallReply = { ok: true; value: unknown } | { ok: false; error: string };

export type CallableApi = Omit<MessengerApi, 'subscribe'>;

const FALLBACK = 'Butterfly could not do that. Try again.';
const MAX_MESSAGE = 300;

/** The one sentence a window shows for a failure: the error's own message if it is one, never a stack. */
export function oneSentence(err: unknown): string {
  if (!(err instanceof Error)) return FALLBACK;
  const message = err.message.trim();
  if (message === '' || message.length > MAX_MESSAGE || /[\r\n]/.test(message)) return FALLBACK;
  return message;
}

export async function dispatchCall(
  api: CallableApi,
  method: unknown,
  args: unknown,
  log: (message: string, err: unknown) => void = (message, err) => console.error(message, err),
): Promise<CallReply> {
  let checked: unknown[];
  try {
    checked = validateCall(method, args);
  } catch (err) {
    return { ok: false, error: oneSentence(err) };
  }
  try {
    const fn = api[method as keyof CallableApi] as (...a: unknown[]) => Promise<unknown>;
    const value: unknown = await Reflect.apply(fn, api, checked);
    return { ok: true, value };
  } catch (err) {
    if (!(err instanceof InvalidCallError)) log(`${String(method)} failed:`, err);
    return { ok: false, error: oneSentence(err) };
  }
}
