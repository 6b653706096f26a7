// The checks every call from a window goes through: exact shapes, short text, real addresses, one sentence
// when something is not so.
export class InvalidCallError extends Error {
  override name = 'InvalidCallError';
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;
export const MAX_TEXT = 4096;
export const ID = /^[\w.:-]{1,64}$/;

export function fail(message: string): never {
  throw new InvalidCallError(message);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function text(v: unknown, what: string, max = MAX_TEXT): string {
  if (typeof v !== 'string') fail(`${what} must be text.`);
  if (v.length > max) fail(`${what} is too long.`);
  return v;
}

export function email(v: unknown): string {
  const s = text(v, 'The e-mail address', 320).trim();
  if (!EMAIL.test(s)) fail(`"${s.slice(0, 80)}" is not an e-mail address.`);
  return s;
}

export function bool(v: unknown, what: string): boolean {
  if (typeof v !== 'boolean') fail(`${what} must be true or false.`);
  return v;
}

export function id(v: unknown, what: string): string {
  if (typeof v !== 'string' || !ID.test(v)) fail(`${what} is not a valid id.`);
  return v;
}

export function onlyKeys(v: Record<string, unknown>, allowed: readonly string[], what: string): void {
  for (const k of Object.keys(v))
    if (!allowed.includes(k)) fail(`${what} has an unexpected field "${k.slice(0, 40)}".`);
}

export function none(args: unknown[]): [] {
  if (args.length !== 0) fail('This call takes no arguments.');
  return [];
}

export function one<T>(check: (v: unknown) => T) {
  return (args: unknown[]): [T] => {
    if (args.length !== 1) fail('This call takes exactly one argument.');
    return [check(args[0])];
  };
}

export function count(args: unknown[], n: number): void {
  if (args.length !== n) fail(`This call takes exactly ${n} arguments.`);
}
