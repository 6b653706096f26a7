// Serves the built renderer, and nothing else: a request path maps to a regular file inside one directory
// or to a 404. No directory listings, no way out of the directory by "..", encoded dots, backslashes or
// symlinks, and every response carries the renderer's CSP as a header (frame-ancestors included).
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, relative, resolve, sep } from 'node:path';
import { isInside } from '../service/paths';
import { RENDERER_CSP_HEADER } from '../service/rendererCsp';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.bmp': 'image/bmp',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
};

/** Headers every response of browser mode carries, pages and errors alike. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': RENDERER_CSP_HEADER,
  'X-Content-Type-Options': 'nosniff',
  // The page's address holds the session token: never send it to another site.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export function contentType(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file a URL path names inside root, or null when it names nothing that may be served. Pure: it only
 * looks at the string, so the on-disk checks (regular file, no symlink out) come after it.
 */
export function resolveRequestPath(root: string, urlPath: string): string | null {
  const pathOnly = urlPath.split('?')[0] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathOnly);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').slice(1);
  // "..", "." and hidden files never name a renderer file; refusing them beats normalising them away.
  if (segments.some((s) => s.startsWith('.'))) return null;
  const relativePath = segments.join('/') || 'index.html';
  const base = resolve(root);
  const file = resolve(base, relativePath);
  return isInside(base, file) ? file : null;
}

function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(`${text}\n`);
}

function sendNotFound(res: ServerResponse): void {
  sendText(res, 404, 'Not found.');
}

export function sendForbidden(res: ServerResponse): void {
  sendText(res, 403, 'Forbidden.');
}

/** Answers one GET or HEAD for a file under root. */
export async function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, 'Method not allowed.', { Allow: 'GET, HEAD' });
    return;
  }
  const file = resolveRequestPath(root, req.url ?? '/');
  if (!file) return sendNotFound(res);
  // Browsers ask for /favicon.ico on their own; a build without one answers "nothing" rather than an error.
  const noFavicon = (): void => {
    res.writeHead(204, { ...SECURITY_HEADERS, 'Cache-Control': 'no-cache' });
    res.end();
  };
  const missing = (req.url ?? '').split('?')[0] === '/favicon.ico' ? noFavicon : () => sendNotFound(res);
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) return missing();
    // A symlink inside the build directory must not lead outside it.
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    if (!isInside(realRoot, realFile)) return missing();
    size = info.size;
  } catch {
    return missing();
  }
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': contentType(file),
    'Content-Length': String(size),
    // Vite fingerprints everything under assets/; the page itself must be fetched fresh after a rebuild.
    'Cache-Control': relative(resolve(root), file).startsWith(`assets${sep}`)
      ? 'public, max-age=31536000, immutable'
      : 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
