// MSNFTP framing: CRLF text lines during the handshake, then binary blocks of a 3-byte header
// [flag, length low, length high] and up to 2045 data bytes. Bytes in, pieces out; no sockets here.

export const MAX_BLOCK_DATA = 2045;
export const BLOCK_HEADER = 3;
/** Flag 1 with a zero length ends the stream early: how a sender aborts. */
export const END_MARKER: Buffer = Buffer.from([1, 0, 0]);

export function blockCount(dataBytes: number): number {
  return Math.ceil(dataBytes / MAX_BLOCK_DATA);
}

export function framedLength(dataBytes: number): number {
  return dataBytes + BLOCK_HEADER * blockCount(dataBytes);
}

/** Writes the header of a data block of `length` bytes at `offset`. */
export function writeBlockHeader(target: Buffer, offset: number, length: number): void {
  target[offset] = 0;
  target[offset + 1] = length & 0xff;
  target[offset + 2] = length >> 8;
}

/** Frames data as consecutive full blocks (the last one shorter). One copy, into one buffer. */
export function encodeBlocks(data: Buffer): Buffer {
  const out = Buffer.allocUnsafe(framedLength(data.length));
  let at = 0;
  for (let from = 0; from < data.length; from += MAX_BLOCK_DATA) {
    const length = Math.min(MAX_BLOCK_DATA, data.length - from);
    writeBlockHeader(out, at, length);
    data.copy(out, at + BLOCK_HEADER, from, from + length);
    at += BLOCK_HEADER + length;
  }
  return out;
}

export interface BlockSink {
  /** A run of data bytes: a view into the pushed chunk, never a copy. A block split across chunks arrives in pieces. */
  data(bytes: Buffer): void;
  /** The sender's end marker. */
  end(): void;
  /** The stream cannot be read as blocks; nothing more is delivered. */
  error(message: string): void;
}

export interface BlockParserOptions {
  /**
   * Moves the data bytes of each pushed chunk to its front, over the headers, and hands them on as one
   * view per chunk instead of one per block: no copy to another buffer, and a few large slices for a
   * writev instead of one per 2045 bytes. The pushed chunk is rewritten, so only for chunks the caller owns.
   */
  compact?: boolean;
}

/**
 * Cuts a byte stream into block data. A header or a body may be split anywhere between chunks;
 * only the header (3 bytes) is ever held back, body bytes are handed on as views of the chunk.
 */
export class BlockParser {
  private headerFill = 0;
  private flag = 0;
  private lengthLow = 0;
  /** Body bytes still to come for the current block; -1 while reading a header. */
  private remaining = -1;
  private stopped = false;
  private readonly compact: boolean;
  /** What scan() met, reported once the data before it is handed on. */
  private pendingEnd = false;
  private pendingError: string | null = null;

  constructor(
    private readonly sink: BlockSink,
    options: BlockParserOptions = {},
  ) {
    this.compact = options.compact ?? false;
  }

  push(chunk: Buffer): void {
    const kept = this.scan(chunk);
    // Whatever came before an end marker or a broken header is data, and is handed on before end() or error().
    if (kept > 0) this.sink.data(chunk.subarray(0, kept));
    this.settle();
  }

  /** Reports the end marker or a broken header that scan() met, after the data before it. */
  private settle(): void {
    if (this.pendingEnd) {
      this.pendingEnd = false;
      this.sink.end();
    } else if (this.pendingError !== null) {
      const message = this.pendingError;
      this.pendingError = null;
      this.sink.error(message);
    }
  }

  /** Walks the chunk; compacting, returns how many data bytes now sit at its front (otherwise 0). */
  private scan(chunk: Buffer): number {
    const compact = this.compact;
    let at = 0;
    let kept = 0;
    const size = chunk.length;
    while (at < size && !this.stopped) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, size - at);
        this.remaining -= take;
        if (!compact) this.sink.data(chunk.subarray(at, at + take));
        else {
          if (kept !== at) chunk.copyWithin(kept, at, at + take);
          kept += take;
        }
        at += take;
        if (this.remaining === 0) this.remaining = -1;
        continue;
      }
      const byte = chunk[at]!;
      at += 1;
      if (this.headerFill === 0) {
        this.flag = byte;
        this.headerFill = 1;
        if (byte !== 0 && byte !== 1) this.fail(`a block began with flag byte ${byte}, which is neither 0 (data) nor 1 (end)`);
        continue;
      }
      if (this.headerFill === 1) {
        this.lengthLow = byte;
        this.headerFill = 2;
        continue;
      }
      this.headerFill = 0;
      const length = this.lengthLow | (byte << 8);
      if (this.flag === 1) {
        // The end marker is the last thing a sender writes; anything after it is not ours to read.
        this.stopped = true;
        this.pendingEnd = true;
        return kept;
      }
      this.remaining = length === 0 ? -1 : length;
    }
    return kept;
  }

  /** True when the stream stopped between blocks, not halfway through one. */
  get atBoundary(): boolean {
    return this.headerFill === 0 && this.remaining <= 0;
  }

  private fail(message: string): void {
    this.stopped = true;
    this.pendingError = message;
  }
}

/** Cuts CRLF (or bare LF) lines during the handshake; what follows the last line stays for the block parser. */
export class LineReader {
  private buffered: Buffer = Buffer.alloc(0);

  constructor(private readonly maxLine = 1024) {}

  push(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
  }

  /** The next complete line without its line end; null when none is complete yet. Throws when a line is too long. */
  next(): string | null {
    const lf = this.buffered.indexOf(10);
    if (lf === -1) {
      if (this.buffered.length > this.maxLine) throw new Error(`the other side sent a line longer than ${this.maxLine} bytes`);
      return null;
    }
    if (lf > this.maxLine) throw new Error(`the other side sent a line longer than ${this.maxLine} bytes`);
    const end = lf > 0 && this.buffered[lf - 1] === 13 ? lf - 1 : lf;
    const line = this.buffered.toString('utf8', 0, end);
    this.buffered = this.buffered.subarray(lf + 1);
    return line;
  }

  /** Hands over whatever is buffered after the last complete line. */
  drain(): Buffer {
    const rest = this.buffered;
    this.buffered = Buffer.alloc(0);
    return rest;
  }
}
