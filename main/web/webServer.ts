// Browser mode's server: the built renderer over HTTP, the messenger over a WebSocket and files both ways
// (fileEndpoints.ts), on 127.0.0.1 only, behind a random per-run token. One server, any number of tabs.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MessengerApi } from '../../app/contract';
import { FileEndpoints, type ReceivedFiles } from './fileEndpoints';
import { SocketGateway } from './socketGateway';
import { sendForbidden, serveStatic } from './staticFiles';
import type { UploadStore } from './uploadStore';

const WEB_HOST = '127.0.0.1';
const UPLOAD_TIME_LIMIT_MS = 60 * 60_000;

export interface WebServerOptions {
  api: MessengerApi;
  /** The directory of the built renderer (out/renderer). */
  staticDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Where POST /upload puts files; without it there is no /upload. */
  uploads?: UploadStore;
  /** Where GET /received/<id> finds received files (the AccountService); without it, no /received/. */
  received?: ReceivedFiles;
  /** Fixed in tests; random (32 bytes) otherwise. */
  token?: string;
  log?: (message: string) => void;
  /** Failed calls log a fault's stack as well (--verbose). */
  verbose?: boolean;
  /** Told the number of connected tabs each time one connects or goes. */
  onPages?: (count: number) => void;
}

export interface RunningWebServer {
  /** The page's address with the token, the one to open. */
  readonly url: string;
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  readonly gateway: SocketGateway;
  close(): Promise<void>;
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The Host headers (and so origins) this server answers to: its own address, by number or as localhost. */
function ownHosts(port: number): string[] {
  return [`${WEB_HOST}:${port}`, `localhost:${port}`];
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(err);
    server.once('error', onError);
    server.listen(port, WEB_HOST, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const token = options.token ?? newToken();
  let port = 0;
  const gateway = new SocketGateway({
    api: options.api,
    token,
    allowedOrigins: () => ownHosts(port).map((h) => `http://${h}`),
    log: options.log,
    verbose: options.verbose,
    onPages: options.onPages,
  });
  const files = new FileEndpoints({
    token,
    ownHosts: () => ownHosts(port),
    uploads: options.uploads,
    received: options.received,
    log: options.log,
  });

  // Node cuts a request that has not fully arrived in 5 minutes; an upload of a few GB from a slow disk may
  // need longer. Headers still have to arrive within Node's headersTimeout.
  const server = createServer(
    { requestTimeout: UPLOAD_TIME_LIMIT_MS },
    (req: IncomingMessage, res: ServerResponse) => {
      // The file addresses check Host themselves, so their refusals are JSON like the rest of their answers.
      if (files.handle(req, res)) return;
      // A page on another name that resolves to 127.0.0.1 (DNS rebinding) gets nothing, not even the bundle.
      if (!ownHosts(port).includes(req.headers.host ?? '')) return sendForbidden(res);
      serveStatic(options.staticDir, req, res).catch(() => res.destroy());
    },
  );
  server.on('upgrade', (req, socket, head) => gateway.handleUpgrade(req, socket, head));
  server.on('clientError', (_err, socket) => socket.destroy());

  try {
    port = await listen(server, options.port);
  } catch (err) {
    gateway.close();
    throw err;
  }
  const origin = `http://${WEB_HOST}:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    gateway,
    close: () =>
      new Promise<void>((resolve) => {
        gateway.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
