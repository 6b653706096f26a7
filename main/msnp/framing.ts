// Byte-level framing: bytes in, complete commands (and their payloads) out.
// Cuts at LF (CRLF expected) or at a declared payload length, so a UTF-8 character or a payload
// split across TCP chunks never breaks. Knows nothing of what commands mean beyond their length.
import { type Command, type Direction, parseCommand, payloadLengthOf } from './command';
import { ProtocolError } from './errors';
import { isAscii } from 'node:buffer';

export interface FramerOptions {
  /** Whose commands this framer reads: a client reads the server's, the test server reads a client's. */
  from: Direction;
  /** A declared payload longer than this is a protocol error, never an allocation. */
  maxPayload?: number;
  /** A line longer than this many bytes (its CRLF aside) is a protocol error, found even before its end arrives. */
  maxLine?: number;
}

export interface FramerSink {
  command(cmd: Command): void;
  /** A recoverable deviation: the framer went on. */
  warning(code: string, message: string, line?: string): void;
  /** An unrecoverable one: the stream can no longer be trusted; the framer stops. */
  fatal(err: ProtocolError): void;
}

/**
 * Offered each complete line, text[start, end) without its CRLF, before anything is made of it; returns true
 * when it took the line, which then goes no further. When the text is ASCII, `source` holds its bytes
 * (text[i] is source[base + i]), else it is null. A tap that keeps part of a line copies it from there: a
 * slice of the text would keep the whole decoded chunk alive. Lines the framer must judge (too long, LF
 * only, empty, invalid UTF-8) never reach it.
 */
export type LineTap = (text: string, start: number, end: number, source: Buffer | null, base: number) => boolean;

export const DEFAULT_MAX_PAYLOAD = 1024 * 1024;
export const DEFAULT_MAX_LINE = 16 * 1024;

const LF = 0x0a;
const EMPTY = Buffer.alloc(0);
const CR = 0x0d;

export class Framer {
  private buf: Buffer = Buffer.alloc(0);
  /** The command whose payload we are waiting for. */
  private awaiting: { cmd: Command; length: number } | null = null;
  private failed = false;
  /** The first error a sink threw during this push: rethrown once the framer's place in the stream is saved. */
  private sinkError: { error: unknown } | null = null;
  private readonly maxPayload: number;
  private readonly maxLine: number;
  private warnedLf = false;
  /** Set while a consumer takes lines ahead of parsing (the list sync while a SYN streams in). */
  tap: LineTap | null = null;

  constructor(
    private readonly options: FramerOptions,
    private readonly sink: FramerSink,
  ) {
    this.maxPayload = options.maxPayload ?? DEFAULT_MAX_PAYLOAD;
    this.maxLine = options.maxLine ?? DEFAULT_MAX_LINE;
  }

  /** Bytes buffered but not yet framed: a close with this non-zero means a truncated command. */
  get pendingBytes(): number {
    return this.buf.length;
  }

  get waitingForPayload(): boolean {
    return this.awaiting !== null;
  }

  push(chunk: Buffer): void {
    if (this.failed) return;
    const carried = this.buf;
    const lf = carried.length > 0 && this.awaiting === null ? chunk.indexOf(LF) : -1;
    if (lf !== -1 && lf + 1 < chunk.length) {
      // The line cut at the end of the last chunk ends early in this one: join only that much, rather than
      // copying every chunk of a long stream whole.
      this.frame(Buffer.concat([carried, chunk.subarray(0, lf + 1)]));
      const rest = chunk.subarray(lf + 1);
      if (!this.failed) this.frame(this.buf.length === 0 ? rest : Buffer.concat([this.buf, rest]));
    } else {
      this.frame(carried.length === 0 ? chunk : Buffer.concat([carried, chunk]));
    }
    const thrown = this.sinkError;
    this.sinkError = null;
    if (thrown) throw thrown.error;
  }

  private frame(buf: Buffer): void {
    let offset = 0;
    while (!this.failed) {
      if (this.awaiting) {
        const { cmd, length } = this.awaiting;
        if (buf.length - offset < length) break;
        // A copy, so a small payload does not keep a whole socket chunk alive.
        cmd.payload = Buffer.from(buf.subarray(offset, offset + length));
        offset += length;
        this.awaiting = null;
        this.deliver(cmd);
        continue;
      }
      const lastLf = buf.lastIndexOf(LF);
      if (lastLf < offset) {
        // Judge the unfinished line as it will be judged once its LF arrives: a final CR may still be its CRLF.
        const pending = buf.length - offset;
        if (pending > this.maxLine + 1 || (pending === this.maxLine + 1 && buf[buf.length - 1] !== CR)) {
          this.fail(new ProtocolError(`the server sent a line longer than ${this.maxLine} bytes`));
        }
        break;
      }
      offset = this.lines(buf, offset, lastLf + 1);
    }
    // After a fatal error nothing is kept: the rest of the stream is not ours to hold.
    this.buf = this.failed || offset >= buf.length ? EMPTY : buf.subarray(offset);
  }

  /**
   * Frames the complete lines in buf[from, to). The region is decoded in one call (far cheaper than a
   * decode per line) while a byte position is kept alongside, so payloads are cut by bytes, never by
   * characters. Returns the byte offset where framing stopped.
   */
  private lines(buf: Buffer, from: number, to: number): number {
    // ASCII (nearly all traffic) is checked first and copied as it is, much faster than decoded as UTF-8.
    const ascii = isAscii(buf.subarray(from, to));
    const text = ascii ? buf.toString('latin1', from, to) : buf.toString('utf8', from, to);
    // A replacement character stands for one to three bytes of invalid input, so string positions no
    // longer map to bytes: such a region is framed a line at a time on the bytes themselves.
    if (!ascii && text.includes('\uFFFD')) return this.linesByBytes(buf, from, to);
    let pos = 0;
    // Byte offset of string position `mark`; advanced only when a payload needs it (byteLength is O(n)).
    let mark = 0;
    let markByte = from;
    const byteAt = (p: number): number => {
      markByte += ascii ? p - mark : Buffer.byteLength(text.slice(mark, p), 'utf8');
      mark = p;
      return markByte;
    };
    while (pos < text.length && !this.failed) {
      const nl = text.indexOf('\n', pos);
      const hasCr = nl > pos && text.charCodeAt(nl - 1) === CR;
      const start = pos;
      const end = hasCr ? nl - 1 : nl;
      pos = nl + 1;
      // A plain line is offered to the tap in place, before a string is cut for it.
      const tap = this.tap;
      if (tap !== null && hasCr && end > start && end - start <= (ascii ? this.maxLine : this.maxLine / 3)) {
        if (this.tapped(tap, text, start, end, ascii ? buf : null, from)) continue;
      }
      const line = text.slice(start, end);
      // The cap is in bytes. A UTF-16 unit is one to three UTF-8 bytes, so bytes are counted only when that matters.
      const tooLong =
        line.length > this.maxLine || (!ascii && line.length * 3 > this.maxLine && Buffer.byteLength(line, 'utf8') > this.maxLine);
      this.takeLine(line, hasCr, tooLong, false);
      const awaiting = this.awaiting;
      if (!awaiting) continue;
      // The payload lies (at least partly) past this region, or we cannot map it onto the text: let push() cut it.
      const byte = byteAt(pos);
      if (byte + awaiting.length > to) return byte;
      const payload = buf.subarray(byte, byte + awaiting.length);
      let chars = awaiting.length;
      if (!ascii) {
        // The payload must decode to exactly the text here. Comparing byte lengths is not enough: a cut between
        // the halves of a surrogate pair has the same length as U+FFFD.
        const decoded = payload.toString('utf8');
        if (decoded !== text.slice(pos, pos + decoded.length)) return byte;
        chars = decoded.length;
      }
      this.awaiting = null;
      awaiting.cmd.payload = Buffer.from(payload);
      this.deliver(awaiting.cmd);
      pos += chars;
      mark = pos;
      markByte = byte + awaiting.length;
    }
    return this.failed ? to : byteAt(pos);
  }

  /** The careful path for a region holding invalid UTF-8: one line at a time, stopping where a payload starts. */
  private linesByBytes(buf: Buffer, from: number, to: number): number {
    let offset = from;
    while (offset < to && !this.failed && !this.awaiting) {
      const lf = buf.indexOf(LF, offset);
      const hasCr = lf > offset && buf[lf - 1] === CR;
      const end = hasCr ? lf - 1 : lf;
      const line = buf.toString('utf8', offset, end);
      const tooLong = end - offset > this.maxLine;
      offset = lf + 1;
      this.takeLine(line, hasCr, tooLong, true);
    }
    return this.failed ? to : offset;
  }

  /** What every complete line goes through, whichever path found it. */
  private takeLine(line: string, hasCr: boolean, tooLong: boolean, mayBeInvalid: boolean): void {
    // Length first: a chunked stream fails such a line before its end arrives, so nothing may come before.
    if (tooLong) {
      this.fail(new ProtocolError(`the server sent a line longer than ${this.maxLine} bytes`));
      return;
    }
    if (!hasCr && !this.warnedLf) {
      this.warnedLf = true;
      this.warn('lf-line-ending', 'a line ended with LF instead of CRLF');
    }
    if (line.length === 0) {
      this.warn('empty-line', 'an empty line was ignored');
      return;
    }
    if (mayBeInvalid && line.includes('\uFFFD')) this.warn('invalid-utf8', 'a line was not valid UTF-8', line);
    this.handleLine(line);
  }

  private handleLine(line: string): void {
    const cmd = parseCommand(line, this.options.from);
    const length = payloadLengthOf(cmd, this.options.from);
    if (length === null) {
      this.deliver(cmd);
      return;
    }
    if (Number.isNaN(length)) {
      // Without a length we cannot know where the payload ends; the rest of the stream is unreadable.
      this.fail(new ProtocolError(`${cmd.name} arrived without a valid payload length`, line));
      return;
    }
    if (length > this.maxPayload) {
      this.fail(new ProtocolError(`${cmd.name} declared a payload of ${length} bytes, more than the ${this.maxPayload} allowed`, line));
      return;
    }
    this.awaiting = { cmd, length };
  }

  // A throwing handler must not cost the framer its place: the bytes after it would be misread.
  private deliver(cmd: Command): void {
    try {
      this.sink.command(cmd);
    } catch (error) {
      this.sinkError ??= { error };
    }
  }

  private tapped(tap: LineTap, text: string, start: number, end: number, source: Buffer | null, base: number): boolean {
    try {
      return tap(text, start, end, source, base);
    } catch (error) {
      this.sinkError ??= { error };
      return true;
    }
  }

  private warn(code: string, message: string, line?: string): void {
    try {
      this.sink.warning(code, message, line);
    } catch (error) {
      this.sinkError ??= { error };
    }
  }

  private fail(err: ProtocolError): void {
    this.failed = true;
    this.buf = Buffer.alloc(0);
    this.awaiting = null;
    this.sink.fatal(err);
  }
}
