// Per-account cache of the contact lists and their version, so an up-to-date SYN costs no traffic.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { CachedLists } from './accountState';
import { LIST_NAMES, PHONE_KEYS } from '../../app/types';

export interface ListCache {
  load(email: string): Promise<CachedLists | null>;
  save(email: string, lists: CachedLists): Promise<void>;
  /** Resolves when every save asked for so far has finished (never rejects). */
  flush?(): Promise<void>;
}

export class MemoryListCache implements ListCache {
  private readonly entries = new Map<string, string>();
  async load(email: string): Promise<CachedLists | null> {
    const text = this.entries.get(email.toLowerCase());
    return text ? parseCachedLists(text) : null;
  }
  async save(email: string, lists: CachedLists): Promise<void> {
    this.entries.set(email.toLowerCase(), JSON.stringify(lists));
  }
}

/**
 * One JSON file per account under a folder, written atomically (temp file + rename) and readable by its
 * owner only. Saves of one file wait for each other, in order, so the last one asked for wins; each also
 * has a temp name of its own, so two caches (or processes) writing the same folder cannot collide either.
 */
export class FileListCache implements ListCache {
  private readonly queues = new Map<string, Promise<void>>();
  private sequence = 0;

  constructor(private readonly dir: string) {}

  private file(email: string): string {
    // Hash the address: e-mail addresses are not safe file names everywhere.
    const id = createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 32);
    return path.join(this.dir, `lists-${id}.json`);
  }

  async load(email: string): Promise<CachedLists | null> {
    const target = this.file(email);
    // A load right after a save sees what was saved.
    await this.queues.get(target)?.catch(() => {});
    try {
      return parseCachedLists(await readFile(target, 'utf8'));
    } catch {
      return null;
    }
  }

  save(email: string, lists: CachedLists): Promise<void> {
    const target = this.file(email);
    const text = JSON.stringify(lists);
    const previous = this.queues.get(target) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(() => this.write(target, text));
    this.queues.set(target, next);
    const forget = (): void => {
      if (this.queues.get(target) === next) this.queues.delete(target);
    };
    next.then(forget, forget);
    return next;
  }

  async flush(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.catch(() => {})));
  }

  private async write(target: string, text: string): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    this.sequence += 1;
    const temp = `${target}.${process.pid}.${this.sequence}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(temp, text, { mode: 0o600 });
      await rename(temp, target);
    } catch (err) {
      await rm(temp, { force: true }).catch(() => {});
      throw err;
    }
  }
}

/** A damaged cache is no cache: anything that does not check out yields null and a full sync. */
export function parseCachedLists(text: string): CachedLists | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Record<string, unknown>;
  if (!Number.isSafeInteger(d.version) || (d.blp !== 'AL' && d.blp !== 'BL') || (d.gtc !== 'A' && d.gtc !== 'N')) return null;
  if (!Array.isArray(d.contacts)) return null;
  const contacts: CachedLists['contacts'] = [];
  for (const c of d.contacts as unknown[]) {
    if (typeof c !== 'object' || c === null) return null;
    const r = c as Record<string, unknown>;
    if (typeof r.email !== 'string' || typeof r.nickname !== 'string' || !Array.isArray(r.lists)) return null;
    const lists = (r.lists as unknown[]).filter((l): l is (typeof LIST_NAMES)[number] => LIST_NAMES.includes(l as never));
    contacts.push({ email: r.email, nickname: r.nickname, lists, phones: cleanPhones(r.phones) });
  }
  return { version: d.version as number, blp: d.blp, gtc: d.gtc, selfPhones: cleanPhones(d.selfPhones), contacts };
}

function cleanPhones(value: unknown): CachedLists['selfPhones'] {
  const out: CachedLists['selfPhones'] = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const key of PHONE_KEYS) {
    const v = (value as Record<string, unknown>)[key];
    if (typeof v === 'string') out[key] = v;
  }
  return out;
}
