// Small files written whole and atomically (temp file + rename), one write at a time per file, so a
// crash mid-write leaves the old file, never half of the new one.
import { readFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage } from '../msnp/errors';

let sequence = 0;

export async function writeFileAtomic(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  sequence += 1;
  const temp = `${file}.${process.pid}.${sequence}.tmp`;
  try {
    await writeFile(temp, text, { mode: 0o600 });
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => {});
    throw err;
  }
}

/** The file's text, or null when it does not exist; other read errors are thrown. */
export function readTextIfExists(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Serializes writes of one file: each save waits for the previous one, and the last one wins. */
export class FileWriter {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly warn: (message: string) => void,
  ) {}

  /** Resolves when this text is on disk; a failed write is reported and does not reject. */
  write(text: string): Promise<void> {
    const next = this.chain.then(() =>
      writeFileAtomic(this.file, text).catch((err: unknown) => {
        this.warn(
          `Could not write ${path.basename(this.file)}: ${errorMessage(err)}`,
        );
      }),
    );
    this.chain = next;
    return next;
  }

  /** Resolves when every write asked for so far has finished. */
  flush(): Promise<void> {
    return this.chain;
  }
}
