// Byte-level framing: bytes in, complete commands (and their payloads) out.
// Cuts at LF (CRLF expected) or at a declared payload length, so a UTF-8 character or a payload
// split across TCP chunks never breaks. Knows nothing of what commands mean beyond their length.
import { type Command, type Direction, parseCommand, payloadLengthOf } from './command';
import { ProtocolError } from './errors';

export interface FramerOptions {
  /** Whose commands this framer reads: a client reads the server's, the test server reads a client's. */
  from: Direction;
  /** A declared payload longer than this is a protocol error, never an allocation. */
  maxPayload?: number;
  /** A line longer than this without a line end is a protocol error. */
  maxLine?: number;
}

export interface FramerSink {
  command(cmd: Command): void;
  /** A recoverable deviation: the framer went on. */
  warning(code: string, message: string, line?: string): void;
  /** An unrecoverable one: the stream can no longer be trusted; the framer stops. */
  fatal(err: ProtocolError): void;
}

export const DEFAULT_MAX_PAYLOAD = 1024 * 1024;
export const DEFAULT_MAX_LINE = 16 * 1024;

const LF = 0x0a;
const CR = 0x0d;
const utf8 = new TextDecoder('utf-8', { fatal: false });

export class Framer {
  private buf: Buffer = Buffer.alloc(0);
  /** The command whose payload we are waiting for. */
  private awaiting: { cmd: Command; length: number } | null = null;
  private failed = false;
  private readonly maxPayload: number;
  private readonly maxLine: number;
  private warnedLf = false;

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
    const buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    let offset = 0;
    while (!this.failed) {
      if (this.awaiting) {
        const { cmd, length } = this.awaiting;
        if (buf.length - offset < length) break;
        cmd.payload = Buffer.from(buf.subarray(offset, offset + length));
        offset += length;
        this.awaiting = null;
        this.sink.command(cmd);
        continue;
      }
      const lf = buf.indexOf(LF, offset);
      if (lf === -1) {
        if (buf.length - offset > this.maxLine) {
          this.fail(new ProtocolError(`the server sent a line longer than ${this.maxLine} bytes`));
        }
        break;
      }
      let end = lf;
      if (end > offset && buf[end - 1] === CR) end -= 1;
      else if (!this.warnedLf) {
        this.warnedLf = true;
        this.sink.warning('lf-line-ending', 'a line ended with LF instead of CRLF');
      }
      const line = utf8.decode(buf.subarray(offset, end));
      offset = lf + 1;
      if (line.length === 0) {
        this.sink.warning('empty-line', 'an empty line was ignored');
        continue;
      }
      if (line.includes('\uFFFD')) this.sink.warning('invalid-utf8', 'a line was not valid UTF-8', line);
      this.handleLine(line);
    }
    this.buf = offset >= buf.length ? Buffer.alloc(0) : buf.subarray(offset);
  }

  private handleLine(line: string): void {
    const cmd = parseCommand(line, this.options.from);
    const length = payloadLengthOf(cmd, this.options.from);
    if (length === null) {
      this.sink.command(cmd);
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

  private fail(err: ProtocolError): void {
    this.failed = true;
    this.buf = Buffer.alloc(0);
    this.awaiting = null;
    this.sink.fatal(err);
  }
}
