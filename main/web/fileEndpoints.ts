// Browser mode's two file addresses. The person's files come from their browser and received files land on
// the machine running the service, so plain HTTP carries them both ways:
//   POST /upload?token=T&name=N            the raw bytes of a file to send -> 200 {"uploadId":"..."}
//   GET  /received/<invitationId>?token=T  a received file, as a download
// The same gate as the WebSocket: this server's Host, the session token, and for a POST this server's
// Origin. Every refusal is JSON {"error":"<one sentence>"}.
import { open } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename } from 'node:path';
import { formatBytes } from '../../app/conversation';
import { errorMessage } from '../msnp/errors';
import { contentDisposition } from './contentDisposition';
import { tokensEqual } from './socketGateway';
import { SECURITY_HEADERS } from './staticFiles';
import { UploadStoreClosedError, UploadTooLargeError, type UploadStore } from './uploadStore';

const UPLOAD_PATH = '/upload';
/** The contract's id shape (main/service/validate.ts); checked before the id is used at all. */
const INVITATION_ID = /^[\w.:-]{1,64}$/;
const RECEIVED_PREFIX = '/received/';

/** The one thing the download needs from the service; AccountService has it. */
export interface ReceivedFiles {
  /** The saved path of a received file once it has arrived; null otherwise. */
  receivedFile(invitationId: string): string | null;
}

export type FileRoute = { kind: 'upload' } | { kind: 'received'; rawId: string };

/** Which file address a request URL names, looking at the path exactly as sent; null for any other. */
export function fileRoute(url: string | undefined): FileRoute | null {
  const path = (url ?? '').split('?')[0] ?? '';
  if (path === UPLOAD_PATH) return { kind: 'upload' };
  if (path.startsWith(RECEIVED_PREFIX))
    return { kind: 'received', rawId: path.slice(RECEIVED_PREFIX.length) };
  return null;
}

function queryOf(url: string | undefined): URLSearchParams {
  const at = (url ?? '').indexOf('?');
  return new URLSearchParams(at < 0 ? '' : (url ?? '').slice(at + 1));
}

export interface AccessRequest {
  method: string | undefined;
  url: string | undefined;
  host: string | undefined;
  origin: string | undefined;
}

export type AccessVerdict = { ok: true } | { ok: false; status: 403; error: string };

/**
 * The WebSocket's gate for plain HTTP: this server's Host (no DNS rebinding), the session token, and an
 * Origin of this server. Browsers send Origin with every POST, so a POST without one is refused; a
 * download is a navigation, which carries none, so for GET and HEAD only a foreign Origin is refused.
 */
export function checkFileAccess(
  request: AccessRequest,
  token: string,
  ownHosts: readonly string[],
): AccessVerdict {
  if (!ownHosts.includes(request.host ?? ''))
    return { ok: false, status: 403, error: "Only Butterfly's own page may use this address." };
  const given = queryOf(request.url).get('token');
  if (given === null || !tokensEqual(given, token))
    return {
      ok: false,
      status: 403,
      error: 'The session token is missing or wrong. Open the address Butterfly printed when it started.',
    };
  const safeMethod = request.method === 'GET' || request.method === 'HEAD';
  const origins = ownHosts.map((h) => `http://${h}`);
  if (request.origin === undefined ? !safeMethod : !origins.includes(request.origin))
    return { ok: false, status: 403, error: "Only Butterfly's own page may send or fetch files." };
  return { ok: true };
}

/** The original file name of an upload (name=, percent-encoded), or null when it has none. */
export function uploadName(url: string | undefined): string | null {
  // URLSearchParams decodes leniently: a broken escape stays as written, bad UTF-8 becomes U+FFFD.
  const name = queryOf(url).get('name');
  return name === null || name.trim() === '' ? null : name;
}

/** The invitation id of /received/<id>, percent-decoded, or null unless it has the contract's id shape. */
export function receivedId(rawId: string): string | null {
  let id: string;
  try {
    id = decodeURIComponent(rawId);
  } catch {
    return null;
  }
  return INVITATION_ID.test(id) ? id : null;
}

export interface FileEndpointsOptions {
  token: string;
  /** host:port names this server answers to, known once it listens. */
  ownHosts: () => readonly string[];
  /** Absent: /upload is not offered (404). */
  uploads?: UploadStore;
  /** Absent: /received/ is not offered (404). */
  received?: ReceivedFiles;
  log?: (message: string) => void;
}

function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: object,
  extra: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    // A body left unread (a refused upload) is not drained for keep-alive: the connection ends instead.
    ...(req.complete ? {} : { Connection: 'close' }),
    ...extra,
  });
  res.end(text);
}

function sendError(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  error: string,
  extra?: Record<string, string>,
): void {
  sendJson(req, res, status, { error }, extra);
}

function isAbort(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ABORT_ERR';
}

export class FileEndpoints {
  private readonly log: (message: string) => void;

  constructor(private readonly options: FileEndpointsOptions) {
    this.log = options.log ?? ((m) => console.error(m));
  }

  /** Answers the request when it names a file address this server offers; false leaves it to the caller. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const route = fileRoute(req.url);
    if (route === null) return false;
    if (route.kind === 'upload' && !this.options.uploads) return false;
    if (route.kind === 'received' && !this.options.received) return false;
    const verdict = checkFileAccess(
      { method: req.method, url: req.url, host: req.headers.host, origin: req.headers.origin },
      this.options.token,
      this.options.ownHosts(),
    );
    if (!verdict.ok) {
      sendError(req, res, verdict.status, verdict.error);
      return true;
    }
    const work =
      route.kind === 'upload'
        ? this.upload(req, res, this.options.uploads!)
        : this.download(req, res, route.rawId, this.options.received!);
    work.catch((err: unknown) => {
      this.log(`browser mode: ${req.method} for a file (${route.kind}) failed: ${errorMessage(err)}`);
      res.destroy();
    });
    return true;
  }

  private async upload(req: IncomingMessage, res: ServerResponse, uploads: UploadStore): Promise<void> {
    if (req.method !== 'POST')
      return sendError(req, res, 405, 'Send a file to this address with POST.', { Allow: 'POST' });
    const name = uploadName(req.url);
    if (name === null)
      return sendError(req, res, 400, "The upload's address must give the file's name (name=...).");
    const declared = req.headers['content-length'];
    if (declared === undefined && req.headers['transfer-encoding'] === undefined)
      return sendError(req, res, 411, 'The upload must say how long the file is (Content-Length).');
    const cap = formatBytes(uploads.maxBytes);
    const tooLarge = `The file is larger than the ${cap} Butterfly accepts. Send a smaller one.`;
    // Node has already refused a Content-Length that is not a number.
    if (declared !== undefined && Number(declared) > uploads.maxBytes)
      return sendError(req, res, 413, tooLarge);

    let uploadId: string;
    try {
      uploadId = await uploads.receive(name, req);
    } catch (err) {
      // The store has removed whatever arrived by now.
      if (err instanceof UploadTooLargeError) return sendError(req, res, 413, tooLarge);
      if (err instanceof UploadStoreClosedError)
        return sendError(req, res, 503, 'Butterfly is shutting down, so the file was not kept.');
      if (req.destroyed || isAbort(err)) return; // the page went away mid-upload: nobody to answer
      this.log(`browser mode: an upload could not be saved: ${errorMessage(err)}`);
      return sendError(
        req,
        res,
        500,
        'Butterfly could not save the file. Check the free space on its disk and try again.',
      );
    }
    sendJson(req, res, 200, { uploadId });
  }

  private async download(
    req: IncomingMessage,
    res: ServerResponse,
    rawId: string,
    received: ReceivedFiles,
  ): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendError(req, res, 405, 'Download a file from this address with GET.', { Allow: 'GET, HEAD' });
    const id = receivedId(rawId);
    if (id === null) return sendError(req, res, 400, 'That is not the id of a file transfer.');
    const path = received.receivedFile(id);
    if (path === null)
      return sendError(req, res, 404, 'There is no received file with that id; it may not have arrived yet.');
    // Opened once and measured through the same handle, so what is sent is what was measured.
    const handle = await open(path, 'r').catch(() => null);
    const info = await handle?.stat().catch(() => null);
    if (!handle || !info?.isFile()) {
      await handle?.close();
      return sendError(req, res, 404, 'The received file is no longer where Butterfly saved it.');
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(info.size),
      'Content-Disposition': contentDisposition(basename(path)),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
    if (req.method === 'HEAD' || info.size === 0) {
      await handle.close();
      res.end();
      return;
    }
    // Never more than the Content-Length sent, even if the file grew meanwhile.
    const stream = handle.createReadStream({ end: info.size - 1 });
    stream.on('error', () => res.destroy());
    res.on('close', () => stream.destroy());
    stream.pipe(res);
  }
}
