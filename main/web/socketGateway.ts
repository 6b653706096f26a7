// Browser mode's stand-in for Electron IPC: WebSocket connections that carry WireMessage JSON between
// tabs and the one MessengerApi. Only a page from this server holding the session token may connect;
// every call is checked with validateCall like any other input from the network.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { MessengerApi, MessengerEvent, WireMessage } from '../../app/contract';
import { dispatchCall, failureLine } from '../service/calls';

const SOCKET_PATH = '/ws';
/** The largest message a tab may send; bigger ones close the socket (1009, from ws). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** A tab that stops reading is dropped rather than buffering events for it without end. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/** WebSocket close codes used here (RFC 6455). */
const CLOSE_POLICY = 1008;
const CLOSE_UNSUPPORTED = 1003;
const CLOSE_GOING_AWAY = 1001;

export type UpgradeVerdict = { ok: true } | { ok: false; status: 401 | 403 | 404; reason: string };

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** Compares in constant time, whatever the lengths. */
export function tokensEqual(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Decides whether an upgrade request may become a socket: the right path, the session token, and an
 * Origin that is this server's own (a page on another site could otherwise open a socket to 127.0.0.1
 * with the user's browser, which sends no token but would be trusted by address alone).
 */
export function checkUpgrade(
  requestUrl: string | undefined,
  origin: string | undefined,
  token: string,
  allowedOrigins: readonly string[],
): UpgradeVerdict {
  let url: URL;
  try {
    url = new URL(requestUrl ?? '', 'http://127.0.0.1');
  } catch {
    return { ok: false, status: 404, reason: 'Not found.' };
  }
  if (url.pathname !== SOCKET_PATH) return { ok: false, status: 404, reason: 'Not found.' };
  const given = url.searchParams.get('token');
  if (given === null || !tokensEqual(given, token))
    return { ok: false, status: 401, reason: 'The session token is missing or wrong.' };
  if (origin === undefined || !allowedOrigins.includes(origin))
    return { ok: false, status: 403, reason: "Only Butterfly's own page may connect." };
  return { ok: true };
}

type ParsedCall = { id: number; method: unknown; args: unknown };

/** A call from the wire, or null when the text is not a well-formed call at all. */
export function parseCall(text: string): ParsedCall | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const msg = value as Record<string, unknown>;
  const id = msg['id'];
  if (msg['t'] !== 'call' || typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) return null;
  return { id, method: msg['method'], args: msg['args'] };
}

export interface SocketGatewayOptions {
  api: MessengerApi;
  token: string;
  /** The origins this server's page is served from, known once it listens. */
  allowedOrigins: () => readonly string[];
  /** Where failed calls are written, one line each (stderr by default). */
  log?: (message: string) => void;
  /** Told the number of connected tabs each time one connects or goes. */
  onPages?: (count: number) => void;
  /** A fault's stack goes to the log too (`npm run web -- --verbose`); a refusal is always one line. */
  verbose?: boolean;
}

export class SocketGateway {
  private readonly wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
  });
  private readonly unsubscribe: () => void;
  private readonly log: (message: string) => void;
  private closed = false;

  constructor(private readonly options: SocketGatewayOptions) {
    this.log = options.log ?? ((m) => console.error(m));
    this.wss.on('connection', (ws) => this.attach(ws));
    this.unsubscribe = options.api.subscribe((event) => this.broadcast(event));
  }

  /** How many tabs are connected now. */
  get clientCount(): number {
    return this.wss.clients.size;
  }

  /** The http server's 'upgrade' handler. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const verdict = this.closed
      ? ({ ok: false, status: 404, reason: 'Not found.' } as const)
      : checkUpgrade(req.url, req.headers.origin, this.options.token, this.options.allowedOrigins());
    if (!verdict.ok) {
      const text = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[verdict.status];
      socket.end(
        `HTTP/1.1 ${verdict.status} ${text}\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(verdict.reason) + 1}\r\n\r\n${verdict.reason}\n`,
      );
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  private attach(ws: WebSocket): void {
    ws.on('error', () => ws.terminate());
    // ws forgets a closed socket in its own 'close' listener, which runs before this one.
    ws.on('close', () => this.options.onPages?.(this.wss.clients.size));
    this.options.onPages?.(this.wss.clients.size);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) {
        ws.close(CLOSE_UNSUPPORTED, 'Only text messages are accepted.');
        return;
      }
      const call = parseCall(rawText(data));
      if (!call) {
        ws.close(CLOSE_POLICY, 'Malformed message.');
        return;
      }
      void this.dispatch(ws, call);
    });
  }

  private async dispatch(ws: WebSocket, call: ParsedCall): Promise<void> {
    // The same checks and one-sentence errors as Electron's IPC handler.
    const reply = await dispatchCall(this.options.api, call.method, call.args, (_message, err) =>
      this.log(`browser mode: ${failureLine(call.method, err, this.options.verbose)}`),
    );
    this.send(ws, { t: 'reply', id: call.id, ...reply });
  }

  private send(ws: WebSocket, message: WireMessage): void {
    this.sendText(ws, JSON.stringify(message));
  }

  private sendText(ws: WebSocket, text: string): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.terminate();
      return;
    }
    ws.send(text);
  }

  private broadcast(event: MessengerEvent): void {
    const text = JSON.stringify({ t: 'event', event } satisfies WireMessage);
    for (const ws of this.wss.clients) this.sendText(ws, text);
  }

  /** Stops listening to the api and closes every tab's socket. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    for (const ws of this.wss.clients) ws.close(CLOSE_GOING_AWAY, 'Butterfly is shutting down.');
    // Sockets that do not finish the closing handshake promptly are cut.
    const timer = setTimeout(() => {
      for (const ws of this.wss.clients) ws.terminate();
    }, 1000);
    timer.unref();
    this.wss.close();
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
