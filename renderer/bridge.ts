// The renderer's only way to reach main: `api` implements the contract's MessengerApi.
//
// In the desktop app it is window.butterfly, which main/shell/preload.ts exposes. In browser mode
// (`npm run web`) there is no preload: `api` is a WebSocket client of main/web, speaking WireMessage JSON
// to ws://<this page's host>/ws?token=<token>. The token comes from the page address (?token=...) and is
// kept in sessionStorage, so a reload or a hash change that drops the query still connects.
//
// Browser mode draws dialogs and toasts inside the page, so its openWindow never reaches the server: it
// dispatches a DOM CustomEvent named OPEN_WINDOW_EVENT ('butterfly:open-window') on window, with the
// WindowRoute as `detail`, and the UI (renderer/events.ts) shows that route inline.
//
// When the socket drops, calls in flight reject with one sentence, subscribers get a 'notice' event, and the
// client reconnects with back-off; once back it replays a fresh snapshot as 'session', 'account', 'settings'
// and 'toasts' events, so the stores catch up with whatever happened meanwhile.
import {
  apiFromCall,
  type AppSnapshot,
  type MessengerApi,
  type MessengerEvent,
  type MethodArgs,
  type MethodName,
  type MethodResult,
  type WindowRoute,
  type WireMessage,
} from '../app/contract';

declare global {
  interface Window {
    /** The preload's object; absent outside Electron. */
    readonly butterfly?: MessengerApi;
  }
}

export const OPEN_WINDOW_EVENT = 'butterfly:open-window';
const TOKEN_KEY = 'butterfly.token';

const NO_TOKEN = 'This page has no session token. Open the address Butterfly printed when it started.';
const CANNOT_CONNECT =
  'Butterfly could not connect to its service. Check that it is still running and open the address it printed.';
const LOST = 'The connection to Butterfly was lost before it answered. Try again in a moment.';
const LOST_NOTICE = 'The connection to Butterfly was lost. It is reconnecting.';
const TIMED_OUT = 'Butterfly did not answer in time. Try again.';

/** The part of a browser WebSocket (or the ws package's) that the client uses. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export interface SocketApiOptions {
  /** ws://host/ws?token=...; null when there is no token, and every call then fails with one sentence. */
  url: string | null;
  connect?: (url: string) => SocketLike;
  callTimeoutMs?: number;
  /** Waits between reconnect attempts; the last one repeats. */
  reconnectDelaysMs?: readonly number[];
  openWindow?: (route: WindowRoute) => void;
}

interface SocketApi extends MessengerApi {
  /** Closes the socket for good: pending calls reject, no reconnects. */
  close(): void;
}

interface Pending {
  text: string;
  sent: boolean;
  resolve(value: unknown): void;
  reject(err: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

function dispatchOpenWindow(route: WindowRoute): void {
  window.dispatchEvent(new CustomEvent<WindowRoute>(OPEN_WINDOW_EVENT, { detail: route }));
}

function isWire(value: unknown): value is WireMessage {
  return typeof value === 'object' && value !== null && typeof (value as { t?: unknown }).t === 'string';
}

/** The WebSocket client behind `api` in browser mode; exported so tests can drive it with any socket. */
export function createSocketApi(options: SocketApiOptions): SocketApi {
  const connect = options.connect ?? ((url: string) => new WebSocket(url));
  const timeoutMs = options.callTimeoutMs ?? 60_000;
  // A sign-in resolves only once online, after the whole list arrived; the engine has its own timeouts.
  const signInTimeoutMs = Math.max(timeoutMs, 5 * 60_000);
  const delays = options.reconnectDelaysMs ?? [500, 1000, 2000, 5000, 10_000];
  const openWindowLocally = options.openWindow ?? dispatchOpenWindow;

  const pending = new Map<number, Pending>();
  const listeners = new Set<(event: MessengerEvent) => void>();
  let nextId = 1;
  let socket: SocketLike | null = null;
  let isOpen = false;
  let everOpened = false;
  let outage = false;
  let attempt = 0;
  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let closedForGood = false;

  function emit(event: MessengerEvent): void {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (err) {
        console.error('A Butterfly event listener failed:', err);
      }
    }
  }

  function settle(id: number): Pending | undefined {
    const entry = pending.get(id);
    if (!entry) return undefined;
    pending.delete(id);
    clearTimeout(entry.timer);
    return entry;
  }

  function rejectAll(message: string, onlySent: boolean): void {
    for (const [id, entry] of [...pending]) {
      if (onlySent && !entry.sent) continue;
      settle(id)?.reject(new Error(message));
    }
  }

  function transmit(id: number, entry: Pending): void {
    if (!socket || !isOpen) return;
    try {
      socket.send(entry.text);
      entry.sent = true;
    } catch {
      settle(id)?.reject(new Error(LOST));
    }
  }

  function onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (!isWire(message)) return;
    if (message.t === 'event') emit(message.event);
    else if (message.t === 'reply') {
      const entry = settle(message.id);
      if (!entry) return;
      if (message.ok) entry.resolve(message.value);
      else entry.reject(new Error(message.error));
    }
  }

  /** After an outage: the stores replace their state from a fresh snapshot, in the order a sign-in sends. */
  function resync(): void {
    call('getSnapshot')
      .then((snapshot: AppSnapshot) => {
        emit({ type: 'session', session: snapshot.session });
        emit({ type: 'settings', settings: snapshot.settings });
        emit({ type: 'account', account: snapshot.account });
        emit({ type: 'toasts', toasts: snapshot.toasts });
        // Conversations and invitations changed meanwhile; the windows fetch the lines they missed.
        for (const conversation of snapshot.conversations) emit({ type: 'conversation', conversation });
        for (const invitation of snapshot.invitations) emit({ type: 'invitation', invitation });
      })
      .catch(() => {
        // The socket dropped again; the next reconnect resyncs.
      });
  }

  function open(): void {
    if (socket || closedForGood || options.url === null) return;
    if (reconnectTimer) {
      clearTimeout(reconnectTimer);
      reconnectTimer = null;
    }
    let ws: SocketLike;
    try {
      ws = connect(options.url);
    } catch {
      rejectAll(CANNOT_CONNECT, false);
      return;
    }
    socket = ws;
    ws.addEventListener('open', () => {
      if (socket !== ws) return;
      isOpen = true;
      attempt = 0;
      const wasOutage = outage;
      outage = false;
      everOpened = true;
      for (const [id, entry] of [...pending]) if (!entry.sent) transmit(id, entry);
      if (wasOutage) resync();
    });
    ws.addEventListener('message', (event) => {
      if (socket === ws) onMessage(event.data);
    });
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      const wasOpen = isOpen;
      socket = null;
      isOpen = false;
      rejectAll(wasOpen ? LOST : CANNOT_CONNECT, false);
      if (closedForGood) return;
      if (wasOpen && !outage) {
        outage = true;
        emit({ type: 'notice', message: LOST_NOTICE });
      }
      // Only a connection that once worked is worth retrying on its own; otherwise the next call retries.
      if (everOpened) scheduleReconnect();
    });
    // 'error' is always followed by 'close', which does the work.
    ws.addEventListener('error', () => undefined);
  }

  function scheduleReconnect(): void {
    if (reconnectTimer || closedForGood) return;
    const delay = delays[Math.min(attempt, delays.length - 1)] ?? 1000;
    attempt += 1;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      open();
    }, delay);
  }

  function call<M extends MethodName>(method: M, ...args: MethodArgs<M>): Promise<MethodResult<M>> {
    if (closedForGood) return Promise.reject(new Error(LOST));
    if (options.url === null) return Promise.reject(new Error(NO_TOKEN));
    const id = nextId++;
    const message: WireMessage = { t: 'call', id, method, args };
    return new Promise<MethodResult<M>>((resolve, reject) => {
      const entry: Pending = {
        text: JSON.stringify(message),
        sent: false,
        resolve: resolve as (value: unknown) => void,
        reject,
        timer: setTimeout(
          () => settle(id)?.reject(new Error(TIMED_OUT)),
          method === 'signIn' ? signInTimeoutMs : timeoutMs,
        ),
      };
      pending.set(id, entry);
      // While a reconnect is scheduled the call waits for it; otherwise it connects now if it must.
      if (isOpen) transmit(id, entry);
      else if (!reconnectTimer) open();
    });
  }

  return {
    ...apiFromCall(call),
    subscribe: (listener) => {
      listeners.add(listener);
      // Events flow only while connected, so subscribing is a reason to connect.
      open();
      return () => {
        listeners.delete(listener);
      };
    },
    openWindow: (route) => {
      openWindowLocally(route);
      return Promise.resolve();
    },

    close: () => {
      closedForGood = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      rejectAll(LOST, false);
      const ws = socket;
      socket = null;
      isOpen = false;
      ws?.close(1000, 'Closed.');
    },
  } satisfies SocketApi;
}

/** The session token: from the page address when it has one (remembered for this tab), else remembered. */
function sessionToken(): string | null {
  if (typeof location === 'undefined') return null;
  const fromUrl = new URLSearchParams(location.search).get('token');
  try {
    if (fromUrl) sessionStorage.setItem(TOKEN_KEY, fromUrl);
    return fromUrl || sessionStorage.getItem(TOKEN_KEY);
  } catch {
    // Storage can be disabled; the address alone still works.
    return fromUrl || null;
  }
}

function socketUrl(): string | null {
  const token = sessionToken();
  if (!token) return null;
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/ws?token=${encodeURIComponent(token)}`;
}

const desktop = typeof window === 'undefined' ? undefined : window.butterfly;

/** 'desktop' under Electron (windows for dialogs and toasts), 'browser' in browser mode (drawn inline). */
export const environment: 'desktop' | 'browser' = desktop ? 'desktop' : 'browser';

export const api: MessengerApi = desktop ?? createSocketApi({ url: socketUrl() });

const NO_UPLOAD_ON_DESKTOP = 'The desktop app sends files directly; there is nothing to upload.';
const UPLOAD_FAILED =
  'The file could not be sent to Butterfly. Check that it is still running, then try again.';

/** The server's one-sentence { error } from a JSON body, or null. */
function serverSentence(text: string): string | null {
  try {
    const body = JSON.parse(text) as { error?: unknown };
    return typeof body.error === 'string' && body.error !== '' ? body.error : null;
  } catch {
    return null;
  }
}

/**
 * Browser mode: sends a file's bytes to the service (POST /upload) and resolves to the uploadId that
 * offerFile takes as { kind: 'upload', uploadId }. Rejects with the server's sentence, or one of its own
 * when the server cannot be reached. onProgress follows the bytes as they leave the page.
 */
export function uploadFile(file: File, onProgress?: (sent: number, total: number) => void): Promise<string> {
  if (desktop) return Promise.reject(new Error(NO_UPLOAD_ON_DESKTOP));
  const token = sessionToken();
  if (!token) return Promise.reject(new Error(NO_TOKEN));
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/upload?token=${encodeURIComponent(token)}&name=${encodeURIComponent(file.name)}`);
    xhr.responseType = 'text';
    if (onProgress) {
      xhr.upload.addEventListener('progress', (event) =>
        onProgress(event.loaded, event.lengthComputable ? event.total : file.size),
      );
    }
    xhr.addEventListener('load', () => {
      let uploadId: unknown;
      try {
        uploadId = (JSON.parse(xhr.responseText) as { uploadId?: unknown }).uploadId;
      } catch {
        uploadId = undefined;
      }
      if (xhr.status === 200 && typeof uploadId === 'string' && uploadId !== '') resolve(uploadId);
      else reject(new Error(serverSentence(xhr.responseText) ?? UPLOAD_FAILED));
    });
    xhr.addEventListener('error', () => reject(new Error(UPLOAD_FAILED)));
    xhr.addEventListener('abort', () => reject(new Error(UPLOAD_FAILED)));
    xhr.addEventListener('timeout', () => reject(new Error(UPLOAD_FAILED)));
    xhr.send(file);
  });
}

/** Browser mode: the address a received file downloads from (GET /received/<id>), token included. */
export function receivedFileUrl(invitationId: string): string {
  const token = sessionToken();
  const path = `/received/${encodeURIComponent(invitationId)}`;
  return token ? `${path}?token=${encodeURIComponent(token)}` : path;
}
