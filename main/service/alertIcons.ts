// An alert's icon, fetched by main so the pages' CSP can stay closed to the network: http(s) only, a raster
// image only (an SVG could carry script), a few KiB at most, a few seconds at most, and handed to the page as a
// data: URL. Nothing waits on it: the alert shows at once and gains its icon when (if) it arrives. The address
// comes from the server, so it may not reach this computer or a private network unless the notification
// server itself is there (the file receiver's rule, addressPolicy.ts), and redirects are not followed.
import { lookup } from 'node:dns/promises';
import { mayFetchFrom } from '../msnp/addressPolicy';
import { webUrl } from './webUrl';

export const MAX_ICON_BYTES = 32 * 1024;
export const ICON_TIMEOUT_MS = 5_000;

const IMAGE_TYPES: ReadonlySet<string> = new Set([
  'image/png',
  'image/gif',
  'image/jpeg',
  'image/bmp',
  'image/webp',
  'image/x-icon',
  'image/vnd.microsoft.icon',
]);

export interface IconFetchOptions {
  /** The notification server's IP address, which decides whether a private address may be fetched. */
  server: string;
  maxBytes?: number;
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

/** The icon as a data: URL, or null for anything that is not a small raster image arriving in time. */
export async function fetchIcon(url: string, options: IconFetchOptions): Promise<string | null> {
  const safe = webUrl(url);
  if (safe === null) return null;
  const host = new URL(safe).hostname.replace(/^\[|\]$/g, '');
  try {
    const addresses = await lookup(host, { all: true });
    if (addresses.length === 0 || !addresses.every((a) => mayFetchFrom(a.address, options.server))) return null;
  } catch {
    return null;
  }
  const maxBytes = options.maxBytes ?? MAX_ICON_BYTES;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), options.timeoutMs ?? ICON_TIMEOUT_MS);
  timer.unref?.();
  try {
    const response = await (options.fetch ?? globalThis.fetch)(safe, {
      signal: abort.signal,
      redirect: 'manual',
      credentials: 'omit',
    });
    const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const declared = Number(response.headers.get('content-length') ?? '0');
    // A redirect (manual: status 3xx, or an opaque one) could lead anywhere; it gets no icon.
    if (!response.ok || response.status !== 200 || !IMAGE_TYPES.has(type) || declared > maxBytes || !response.body) {
      abort.abort();
      return null;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        abort.abort();
        return null;
      }
      chunks.push(value);
    }
    if (size === 0) return null;
    return `data:${type};base64,${Buffer.concat(chunks).toString('base64')}`;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}
