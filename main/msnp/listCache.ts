// Per-account cache of the contact lists and their version, so an up-to-date SYN costs no traffic.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { CachedLists } from './accountState';
import { LIST_NAMES, PHONE_KEYS } from '../../app/types';

export interface ListCache {
  load(email: string): Promise<CachedLists | null>;
  save(email: string, lists: CachedLists): Promise<void>;
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

/** One JSON file per account under a folder, written atomically (temp file + rename). */
export class FileListCache implements ListCache {
  constructor(private readonly dir: string) {}

  private file(email: string): string {
    // Hash the address: e-mail addresses are not safe file names everywhere.
    const id = createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 32);
    return path.join(this.dir, `lists-${id}.json`);
  }

  async load(email: string): Promise<CachedLists | null> {
    try {
      return parseCachedLists(await readFile(this.file(email), 'utf8'));
    } catch {
      return null;
    }
  }

  async save(email: string, lists: CachedLists): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const target = this.file(email);
    const temp = `${target}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(lists));
    await rename(temp, target);
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
