// Browser mode's uploads. A file a page sends (POST /upload) waits in a folder of its own,
// <dataDir>/uploads/<id>/<its name made safe>, until the service has offered it and the invitation ended.
// Nothing outlives browser mode: the uploads folder is emptied when the store opens (leftovers of a run that
// crashed) and removed when it closes.
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Emitter } from '../msnp/emitter';
import { safeFileName, uniquePath } from '../msnp/safeFileName';

export const DEFAULT_MAX_UPLOAD_BYTES = 4 * 1024 ** 3;
/** The contract's id shape; anything else names no upload. */
const UPLOAD_ID = /^[\w.:-]{1,64}$/;

/** The body went past the store's cap; the partial file is gone by the time the caller sees it. */
export class UploadTooLargeError extends Error {
  override name = 'UploadTooLargeError';
}

/** The store closed while the file was arriving. */
export class UploadStoreClosedError extends Error {
  override name = 'UploadStoreClosedError';
}

export interface UploadStoreOptions {
  /** <dataDir>/uploads; owned by the store: emptied on open, removed on close. */
  dir: string;
  /** The largest file accepted, in bytes (DEFAULT_MAX_UPLOAD_BYTES). */
  maxBytes?: number;
}

export interface UploadStoreEvents {
  /** A file started arriving in its folder. */
  begun: { id: string };
  /** Every byte is on disk; resolveUpload(id) now answers. */
  stored: { id: string; path: string };
  /** A file that did not arrive whole (refused, aborted, failed) has been removed. */
  discarded: { id: string; error: unknown };
}

function newUploadId(): string {
  // 22 characters of [A-Za-z0-9_-]: inside UPLOAD_ID, unguessable, and never "." or "..".
  return randomBytes(16).toString('base64url');
}

/** Passes bytes through until more than maxBytes have gone by, then fails. */
function byteCap(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      seen += chunk.length;
      if (seen > maxBytes) done(new UploadTooLargeError(`The upload passed ${maxBytes} bytes.`));
      else done(null, chunk);
    },
  });
}

export class UploadStore extends Emitter<UploadStoreEvents> {
  readonly dir: string;
  readonly maxBytes: number;
  /** Uploads that arrived whole: id -> the file. */
  private readonly stored = new Map<string, string>();
  /** Uploads arriving now, so close can stop them. */
  private readonly arriving = new Set<AbortController>();
  /** Receptions and removals under way; close waits for them before removing the folder. */
  private readonly work = new Set<Promise<unknown>>();
  private state: 'new' | 'open' | 'closed' = 'new';
  private opening: Promise<void> | null = null;

  constructor(options: UploadStoreOptions) {
    super();
    this.dir = options.dir;
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  }

  /**
   * Clears what an earlier run left in dir and starts taking uploads. Browser mode calls it once its port
   * is its own, so a second copy that cannot start never touches the uploads of the one running.
   */
  open(): Promise<void> {
    if (this.opening || this.state !== 'new')
      return Promise.reject(new Error('An upload store opens once, and not after it closed.'));
    this.opening = (async () => {
      await rm(this.dir, { recursive: true, force: true });
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      if (this.state === 'new') this.state = 'open';
    })();
    return this.opening;
  }

  /**
   * Writes body to a new upload named after `name` (made safe) and resolves to its id once every byte is on
   * disk. On any failure (over the cap, the body cut short, a disk error, the store closing) the upload's
   * folder is removed first and the error rethrown.
   */
  receive(name: string, body: Readable): Promise<string> {
    return this.track(this.write(name, body));
  }

  private async write(name: string, body: Readable): Promise<string> {
    if (this.state !== 'open') throw new UploadStoreClosedError('The upload store is not open.');
    const id = newUploadId();
    const folder = join(this.dir, id);
    const abort = new AbortController();
    this.arriving.add(abort);
    try {
      // Not recursive: the id is fresh, so an existing entry under that name is an error, never reused.
      await mkdir(folder, { mode: 0o700 });
      const { path, handle } = await uniquePath(folder, safeFileName(name));
      this.emit('begun', { id });
      await pipeline(body, byteCap(this.maxBytes), handle.createWriteStream(), { signal: abort.signal });
      if (this.state !== 'open')
        throw new UploadStoreClosedError('The upload store closed while the file arrived.');
      this.stored.set(id, path);
      this.emit('stored', { id, path });
      return id;
    } catch (err) {
      await rm(folder, { recursive: true, force: true }).catch(() => {});
      this.emit('discarded', { id, error: err });
      throw abort.signal.aborted
        ? new UploadStoreClosedError('The upload store closed.', { cause: err })
        : err;
    } finally {
      this.arriving.delete(abort);
    }
  }

  /** The file of an upload that arrived whole and is not released yet; null otherwise. */
  resolveUpload = (uploadId: string): { path: string } | null => {
    if (!UPLOAD_ID.test(uploadId)) return null;
    const path = this.stored.get(uploadId);
    return path === undefined ? null : { path };
  };

  /** Deletes an upload's folder; unknown ids are ignored. */
  releaseUpload = (uploadId: string): void => {
    if (!UPLOAD_ID.test(uploadId) || !this.stored.delete(uploadId)) return;
    void this.track(rm(join(this.dir, uploadId), { recursive: true, force: true }).catch(() => {}));
  };

  /** Resolves once nothing is being received or removed. */
  async idle(): Promise<void> {
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
  }

  /** Stops uploads still arriving and removes every upload with the folder (if it ever opened). */
  async close(): Promise<void> {
    this.state = 'closed';
    for (const abort of this.arriving) abort.abort();
    await this.opening?.catch(() => {});
    await this.idle();
    this.stored.clear();
    if (this.opening) await rm(this.dir, { recursive: true, force: true });
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.work.add(promise);
    const done = (): void => {
      this.work.delete(promise);
    };
    promise.then(done, done);
    return promise;
  }
}
