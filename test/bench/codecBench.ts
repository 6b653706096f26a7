// Framing + codec throughput against a bare CRLF split of the same bytes, in the same run.
import { Framer } from '../../main/msnp/framing';
import { encodeName } from '../../main/msnp/names';
import { median } from './stats';

export interface CodecResult {
  bytes: number;
  lines: number;
  bareMBps: number;
  codecMBps: number;
  ratio: number;
}

/** NS traffic shaped like a large SYN plus presence and Hotmail messages, with non-ASCII names. */
export function sampleTraffic(contacts = 5000): Buffer {
  const parts: string[] = [];
  for (let i = 0; i < contacts; i++) {
    const email = `contact${i}@example.com`;
    const nick = encodeName(`Contact ${i} — Zoë ☃`);
    parts.push(`LST 8 FL 6 ${i + 1} ${contacts} ${email} ${nick}\r\n`);
    parts.push(`BPR 6 ${email} PHH 1%20(222)%20333%20${i}\r\nBPR 6 ${email} PHW\r\nBPR 6 ${email} PHM\r\nBPR 6 ${email} MOB N\r\n`);
    if (i % 50 === 0) {
      const body = `MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsemailnotification; charset=UTF-8\r\n\r\nFrom: Zoë ${i}\r\nSubject: héllo\r\n\r\n`;
      parts.push(`MSG Hotmail Hotmail ${Buffer.byteLength(body)}\r\n${body}`);
      parts.push(`NLN BSY ${email} ${nick}\r\n`);
    }
  }
  return Buffer.from(parts.join(''), 'utf8');
}

function chunks(buf: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}

/** The baseline: what any line reader must do at the least (find LF, decode the line), nothing more. */
function bareSplit(pieces: Buffer[]): number {
  let carry: Buffer = Buffer.alloc(0);
  let count = 0;
  for (const piece of pieces) {
    const buf = carry.length ? Buffer.concat([carry, piece]) : piece;
    let offset = 0;
    for (;;) {
      const lf = buf.indexOf(10, offset);
      if (lf === -1) break;
      const line = buf.toString('utf8', offset, lf > offset && buf[lf - 1] === 13 ? lf - 1 : lf);
      count += line.length > 0 ? 1 : 0;
      offset = lf + 1;
    }
    carry = buf.subarray(offset);
  }
  return count;
}

function framed(pieces: Buffer[]): number {
  let count = 0;
  const framer = new Framer({ from: 'server' }, { command: () => void (count += 1), warning: () => {}, fatal: (e) => { throw e; } });
  for (const piece of pieces) framer.push(piece);
  return count;
}

function timeOnce(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** Untimed alternating runs so both sides are compiled and optimised before any round counts. */
const WARMUP_PAIRS = 8;
/** Timed rounds; odd so each median is one real round. */
const ROUNDS = 41;

/**
 * Paired rounds: every round times the baseline and the codec back to back over the same chunks, and the order
 * flips from round to round (ABBA...), so neither side always runs right after the other's garbage or in the
 * same part of a CPU frequency or neighbour-load swing. Slow spells hit both halves of a round alike, so the
 * per-round ratio cancels them where a ratio of two separately measured bests (or medians) does not.
 * `ratio` is the median of the per-round ratios; the MB/s figures are from the median time of each side.
 */
export function runCodecBench(): CodecResult {
  const traffic = sampleTraffic();
  const pieces = chunks(traffic, 64 * 1024);
  const lines = framed(pieces);
  const bare = (): void => void bareSplit(pieces);
  const codec = (): void => void framed(pieces);
  for (let i = 0; i < WARMUP_PAIRS; i++) {
    if (i % 2 === 0) {
      bare();
      codec();
    } else {
      codec();
      bare();
    }
  }
  const bareTimes: number[] = [];
  const codecTimes: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    let bareMs: number;
    let codecMs: number;
    if (i % 2 === 0) {
      bareMs = timeOnce(bare);
      codecMs = timeOnce(codec);
    } else {
      codecMs = timeOnce(codec);
      bareMs = timeOnce(bare);
    }
    bareTimes.push(bareMs);
    codecTimes.push(codecMs);
    ratios.push(bareMs / codecMs);
  }
  const mb = traffic.length / (1024 * 1024);
  return {
    bytes: traffic.length,
    lines,
    bareMBps: mb / (median(bareTimes) / 1000),
    codecMBps: mb / (median(codecTimes) / 1000),
    ratio: median(ratios),
  };
}
