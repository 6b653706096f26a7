// The protocol inspector's memory: the last N traffic lines of every connection, in a ring, with the
// deviations the engine tolerated attached to the lines that caused them. It answers a window's filtered,
// paged queries in main, so 100,000 lines never cross IPC: each line's command, TrID and connection are
// read once when it is kept, and the ids matching the last filter are remembered and only extended as
// lines arrive, so scrolling a filtered view costs a page, not a pass.
import type {
  InspectorConnection,
  InspectorConnectionKind,
  InspectorFilter,
  InspectorFlag,
  InspectorLine,
  InspectorPage,
  InspectorQuery,
} from '../../../app/inspector';
import { INSPECTOR_CAPACITY } from '../../../app/inspector';
import { parseCommand } from '../../msnp/command';
import { describeErrorCode } from '../../msnp/errorCodes';

/** One kept line. A class, so 100,000 of them share one shape. */
export class TrafficEntry {
  flags: InspectorFlag[] | null = null;
  /** The line and payload in lower case, made on the first search that reads it. */
  lower: string | null = null;
  constructor(
    readonly id: number,
    readonly at: number,
    readonly direction: 'in' | 'out' | 'note',
    readonly connection: ConnectionRecord,
    readonly line: string,
    readonly payload: string | undefined,
    readonly command: string,
    readonly trId: number | null,
  ) {}
}

export interface ConnectionRecord extends InspectorConnection {
  /** Lines of it still in the ring: a closed connection with none is forgotten. */
  lines: number;
}

/** How far back a warning looks for the line it is about: it follows that line at once, as a rule. */
const FLAG_LOOKBACK = 256;

interface MatchCache {
  key: string;
  /** The ring's epoch (clears, and for deviations-only the flags added) the ids were found in. */
  epoch: number;
  /** Ids of matching lines, oldest first; some may have dropped off the ring since. */
  ids: number[];
  /** Lines with an id below this have been looked at. */
  scannedTo: number;
}

function filterKey(f: InspectorFilter): string {
  return `${f.connection ?? ''}\u0000${(f.command ?? '').toUpperCase()}\u0000${f.deviationsOnly ? 1 : 0}\u0000${(f.search ?? '').toLowerCase()}`;
}

export class TrafficRing {
  private readonly slots: (TrafficEntry | undefined)[];
  private nextId = 1;
  /** The oldest id still kept. */
  private firstId = 1;
  private clears = 0;
  private flagsAdded = 0;
  private readonly connectionList = new Map<string, ConnectionRecord>();
  private cache: MatchCache | null = null;

  constructor(readonly capacity: number = INSPECTOR_CAPACITY) {
    this.slots = new Array<TrafficEntry | undefined>(capacity);
  }

  /** Lines kept now. */
  get size(): number {
    return this.nextId - this.firstId;
  }

  /** The id the next line gets: a window compares it to know whether anything arrived. */
  get lastId(): number {
    return this.nextId - 1;
  }

  addConnection(id: string, kind: InspectorConnectionKind, label: string): ConnectionRecord {
    const record: ConnectionRecord = { id, kind, label, open: true, lines: 0 };
    this.connectionList.set(id, record);
    return record;
  }

  closeConnection(record: ConnectionRecord): void {
    record.open = false;
    if (record.lines === 0) this.connectionList.delete(record.id);
  }

  /** Keeps a line (already masked). */
  push(
    connection: ConnectionRecord,
    direction: 'in' | 'out' | 'note',
    line: string,
    payload?: string,
    at = Date.now(),
  ): TrafficEntry {
    const cmd = direction === 'note' ? null : parseCommand(line, direction === 'in' ? 'server' : 'client');
    const entry = new TrafficEntry(
      this.nextId,
      at,
      direction,
      connection,
      line,
      payload,
      cmd?.name ?? '',
      // MSNFTP has no TrIDs: `FIL 1234` and `BYE 16777989` carry a size and a code.
      connection.kind === 'ftp' ? null : (cmd?.trId ?? null),
    );
    const slot = entry.id % this.capacity;
    const evicted = this.slots[slot];
    if (evicted) {
      this.firstId = evicted.id + 1;
      const owner = evicted.connection;
      owner.lines -= 1;
      if (owner.lines === 0 && !owner.open) this.connectionList.delete(owner.id);
    }
    this.slots[slot] = entry;
    this.nextId += 1;
    connection.lines += 1;
    // Re-added if it had been forgotten (a closed connection whose lines all dropped off, then a late note).
    if (!this.connectionList.has(connection.id)) this.connectionList.set(connection.id, connection);
    return entry;
  }

  /**
   * Attaches a deviation to the newest line equal to `line` of the connection (or of those `belongs`
   * accepts: a session's earlier connections); with no such line (or none given) it is kept as a note of
   * its own on `connection`, so it is never lost.
   */
  flag(
    connection: ConnectionRecord,
    flag: InspectorFlag,
    line?: string,
    belongs: (c: ConnectionRecord) => boolean = (c) => c === connection,
  ): TrafficEntry {
    if (line !== undefined) {
      const stop = Math.max(this.firstId, this.nextId - FLAG_LOOKBACK);
      for (let id = this.nextId - 1; id >= stop; id--) {
        const entry = this.get(id)!;
        if (entry.line === line && belongs(entry.connection)) {
          this.addFlag(entry, flag);
          return entry;
        }
      }
    }
    const note = this.push(connection, 'note', line ?? '');
    this.addFlag(note, flag);
    return note;
  }

  /** Adds a flag to a line kept earlier (a request that was never answered). */
  addFlag(entry: TrafficEntry, flag: InspectorFlag): void {
    (entry.flags ??= []).push(flag);
    this.flagsAdded += 1;
  }

  get(id: number): TrafficEntry | undefined {
    if (id < this.firstId || id >= this.nextId) return undefined;
    return this.slots[id % this.capacity];
  }

  clear(): void {
    this.slots.fill(undefined);
    this.firstId = this.nextId;
    this.clears += 1;
    this.cache = null;
    for (const record of this.connectionList.values()) {
      record.lines = 0;
      if (!record.open) this.connectionList.delete(record.id);
    }
  }

  connections(): InspectorConnection[] {
    return [...this.connectionList.values()].map(({ id, kind, label, open }) => ({ id, kind, label, open }));
  }

  connection(id: string): ConnectionRecord | undefined {
    return this.connectionList.get(id);
  }

  query(q: InspectorQuery): InspectorPage {
    const ids = this.matchingIds(q);
    const start = lowerBound(ids, this.firstId);
    const matching = ids.length - start;
    const from = start + Math.max(0, q.offset);
    const to = Math.min(ids.length, from + Math.max(0, q.limit));
    const lines: InspectorLine[] = [];
    for (let i = from; i < to; i++) lines.push(toLine(this.get(ids[i]!)!));
    return { matching, total: this.size, lines, connections: this.connections() };
  }

  /** Every kept line matching the filter, oldest first (for export). */
  *matching(filter: InspectorFilter): Generator<TrafficEntry> {
    const ids = this.matchingIds(filter);
    for (let i = lowerBound(ids, this.firstId); i < ids.length; i++) {
      const entry = this.get(ids[i]!);
      if (entry) yield entry;
    }
  }

  private matchingIds(filter: InspectorFilter): number[] {
    const key = filterKey(filter);
    const epoch = filter.deviationsOnly ? this.clears * 1e9 + this.flagsAdded : this.clears;
    let cache = this.cache;
    if (!cache || cache.key !== key || cache.epoch !== epoch) {
      cache = { key, epoch, ids: [], scannedTo: this.firstId };
      this.cache = cache;
    }
    // Drop what fell off the ring once it is a good part of the list, so the list stays bounded.
    const gone = lowerBound(cache.ids, this.firstId);
    if (gone > 4096 && gone * 4 > cache.ids.length) cache.ids = cache.ids.slice(gone);
    const test = matcher(filter);
    for (let id = Math.max(cache.scannedTo, this.firstId); id < this.nextId; id++) {
      const entry = this.slots[id % this.capacity]!;
      if (test(entry)) cache.ids.push(id);
    }
    cache.scannedTo = this.nextId;
    return cache.ids;
  }
}

/** The test a filter makes, built once per query: each part is skipped when not asked for. */
function matcher(filter: InspectorFilter): (e: TrafficEntry) => boolean {
  const connection = filter.connection || null;
  const command = filter.command ? filter.command.trim().toUpperCase() : null;
  const deviations = filter.deviationsOnly === true;
  const search = filter.search ? filter.search.toLowerCase() : null;
  return (e) => {
    if (connection !== null && e.connection.id !== connection) return false;
    if (command !== null && e.command !== command) return false;
    if (deviations && e.flags === null) return false;
    if (search !== null) {
      const hay = (e.lower ??= (e.payload === undefined ? e.line : `${e.line}\n${e.payload}`).toLowerCase());
      if (!hay.includes(search)) return false;
    }
    return true;
  };
}

function lowerBound(ids: number[], value: number): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function toLine(e: TrafficEntry): InspectorLine {
  const line: InspectorLine = {
    id: e.id,
    at: e.at,
    direction: e.direction,
    connection: e.connection.id,
    line: e.line,
    trId: e.trId,
    command: e.command,
    flags: e.flags ? [...e.flags] : [],
  };
  if (e.payload !== undefined) line.payload = e.payload;
  if (e.direction === 'in' && /^\d{3}$/.test(e.command)) {
    const info = describeErrorCode(Number(e.command));
    line.error = `${e.command} ${info.name}: ${info.message}`;
  }
  return line;
}
