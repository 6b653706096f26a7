// Reading fields in place in a line of text (or in a chunk of text, between two positions), for the list sync's fast path: positions and numbers, no
// field arrays or slices. Each answers -1 (or undefined) for anything but the plain form, which its caller
// then leaves to the careful reader.
import type { PhoneKey } from '../../app/types';

export const SPACE = 0x20;

/** A run of 1 to 10 ASCII digits in line[start, end) as a number, else -1. */
export function readCount(line: string, start: number, end: number): number {
  if (end <= start || end - start > 10) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = line.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Where the field starting at `start` ends: the next space or the line's `end`; -1 when it is empty. */
export function fieldEnd(text: string, start: number, end: number): number {
  if (start >= end || text.charCodeAt(start) === SPACE) return -1;
  const space = text.indexOf(' ', start);
  return space === -1 || space > end ? end : space;
}

/** Whether the character `code` is in text[from, to). */
export function holds(text: string, from: number, to: number, code: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === code) return true;
  return false;
}

/** Whether line[start, end) is exactly `text`. */
export function fieldIs(line: string, start: number, end: number, text: string): boolean {
  return end - start === text.length && line.startsWith(text, start);
}

/** The phone property named by the three characters at `at`, when they are one. */
export function phoneKeyAt(line: string, at: number): PhoneKey | undefined {
  const a = line.charCodeAt(at);
  const b = line.charCodeAt(at + 1);
  const c = line.charCodeAt(at + 2);
  if (a === 0x50 && b === 0x48) {
    // PH?
    if (c === 0x48) return 'PHH';
    if (c === 0x57) return 'PHW';
    if (c === 0x4d) return 'PHM';
    return undefined;
  }
  return a === 0x4d && b === 0x4f && c === 0x42 ? 'MOB' : undefined;
}

/**
 * A copy of a string that shares no parent. Slicing a line gives a view of the whole decoded chunk it came
 * from, so a kept slice would keep the chunk (and with thousands of contacts, the whole reply) alive.
 */
export function ownString(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/** Buffer's own method behind toString('latin1'), whose argument checks cost more than these short copies. */
type Latin1Source = { latin1Slice(start: number, end: number): string };

/** ASCII bytes as a string of their own (one character per byte). */
export function asciiText(source: Buffer, start: number, end: number): string {
  return (source as unknown as Latin1Source).latin1Slice(start, end);
}
