// File names from the wire are hostile: a peer chooses them. Everything that reaches the disk goes through here.
import { constants } from 'node:fs';
import { type FileHandle, open, unlink } from 'node:fs/promises';
import path from 'node:path';

/** Room for " (9999)" and ".part" under the 255-byte limit of common file systems. */
export const MAX_NAME_BYTES = 200;
export const FALLBACK_NAME = 'file';

// C0 and C1 controls, plus the bidirectional marks that can disguise "photo\u202Egpj.exe" as a picture.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const FORBIDDEN = /[<>:"|?*]/g;
// Windows opens a device instead of a file for these names, whatever the extension.
const DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;
// An extension is kept through truncation only when it looks like one.
const EXTENSION = /\.[^.\s]{1,16}$/;

const encoder = new TextEncoder();
const byteLength = (s: string): number => encoder.encode(s).length;

/** Cuts to at most maxBytes UTF-8 bytes, at a grapheme boundary so an emoji or accent is never split. */
function truncateUtf8(text: string, maxBytes: number): string {
  if (byteLength(text) <= maxBytes) return text;
  let out = '';
  let used = 0;
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) {
    const size = byteLength(segment);
    if (used + size > maxBytes) break;
    out += segment;
    used += size;
  }
  return out;
}

function tidyEnds(name: string): string {
  // Leading dots would hide the file (or be "." and ".."); Windows drops trailing dots and spaces itself.
  return name.replace(/^[\s.]+/, '').replace(/[\s.]+$/, '');
}

function splitExtension(name: string): { base: string; ext: string } {
  const match = EXTENSION.exec(name);
  if (!match || match.index === 0) return { base: name, ext: '' };
  return { base: name.slice(0, match.index), ext: match[0] };
}

function capName(name: string, maxBytes: number): string {
  if (byteLength(name) <= maxBytes) return name;
  const { base, ext } = splitExtension(name);
  const room = maxBytes - byteLength(ext);
  return tidyEnds(room > 0 ? tidyEnds(truncateUtf8(base, room)) + ext : truncateUtf8(name, maxBytes));
}

/** Turns a name chosen by a peer into one safe to create inside a folder on Windows, macOS and Linux. */
export function safeFileName(raw: string, maxBytes = MAX_NAME_BYTES): string {
  // Only the last path segment counts, whichever separator the peer's system uses.
  const last = raw.split(/[/\\]/).pop() ?? '';
  let name = capName(tidyEnds(last.normalize('NFC').replace(INVISIBLE, '').replace(FORBIDDEN, '_')), maxBytes);
  if (name === '') return FALLBACK_NAME;
  if (DEVICE.test(name.split('.')[0]!.trimEnd())) name = `_${capName(name, maxBytes - 1)}`;
  return name;
}

/** The name with " (n)" before its extension: "notes (2).txt". */
export function numberedName(name: string, n: number): string {
  if (n === 0) return name;
  const { base, ext } = splitExtension(name);
  return `${base} (${n})${ext}`;
}

export interface CreatedFile {
  path: string;
  handle: FileHandle;
}

const MAX_TRIES = 10_000;
// O_EXCL with O_CREAT fails on any existing entry, a symlink included (even a dangling one), so a link
// planted under the chosen name can never redirect the write outside the folder.
const EXCLUSIVE = constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY;

function insideFolder(folder: string, fileName: string): string {
  const root = path.resolve(folder);
  const full = path.resolve(root, fileName);
  if (path.dirname(full) !== root || path.basename(full) !== fileName) {
    throw new Error(`refusing to create ${JSON.stringify(fileName)}: it would not land directly inside ${root}`);
  }
  return full;
}

async function createExclusive(full: string): Promise<FileHandle | null> {
  try {
    return await open(full, EXCLUSIVE, 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw err;
  }
}

function checkName(name: string): void {
  if (safeFileName(name) !== name) throw new TypeError(`${JSON.stringify(name)} is not a safe file name; pass it through safeFileName first`);
}

/**
 * Creates `name`, or `name (1).ext`, `name (2).ext`... whichever does not exist yet, exclusively,
 * directly inside folder. The caller owns the returned handle.
 */
export async function uniquePath(folder: string, name: string): Promise<CreatedFile> {
  checkName(name);
  for (let n = 0; n < MAX_TRIES; n += 1) {
    const full = insideFolder(folder, numberedName(name, n));
    const handle = await createExclusive(full);
    if (handle) return { path: full, handle };
  }
  throw new Error(`could not find a free name for ${JSON.stringify(name)} in ${path.resolve(folder)}`);
}

export interface Download {
  /** Where the file ends up; an empty placeholder holds the name while the transfer runs. */
  path: string;
  /** Where the bytes go until the transfer succeeds. */
  partPath: string;
  /** Open on partPath. */
  handle: FileHandle;
}

export const PART_SUFFIX = '.part';

/**
 * Reserves a download: the final name is created empty (so nothing else takes it) and the data goes to
 * `<final>.part`, both exclusively. finishDownload renames the part over the placeholder, which replaces
 * only the directory entry the folder holds, never the target of a link someone put there meanwhile.
 */
export async function reserveDownload(folder: string, name: string): Promise<Download> {
  checkName(name);
  for (let n = 0; n < MAX_TRIES; n += 1) {
    const fileName = numberedName(name, n);
    const full = insideFolder(folder, fileName);
    const partPath = insideFolder(folder, fileName + PART_SUFFIX);
    const placeholder = await createExclusive(full);
    if (!placeholder) continue;
    await placeholder.close();
    let handle: FileHandle | null;
    try {
      handle = await createExclusive(partPath);
    } catch (err) {
      await unlink(full).catch(() => {});
      throw err;
    }
    if (handle) return { path: full, partPath, handle };
    await unlink(full).catch(() => {});
  }
  throw new Error(`could not find a free name for ${JSON.stringify(name)} in ${path.resolve(folder)}`);
}

/** Removes whatever a failed or cancelled download left; never throws. */
export async function discardDownload(download: Pick<Download, 'path' | 'partPath'>): Promise<void> {
  await Promise.all([unlink(download.partPath).catch(() => {}), unlink(download.path).catch(() => {})]);
}
