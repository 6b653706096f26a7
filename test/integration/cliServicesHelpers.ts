// What the msnp member-service tests share: the accounts, the sign-in options, the server's events recorded
// while a command runs, and the one-sentence check.
import assert from 'node:assert/strict';
import { ALICE, BOB, CAROL } from './helpers';
import type { MsnpRun } from './cliRun';
import type { MsnpTestServer, SandboxAccountInit, SandboxEvents } from '../../main/sandbox/server';

/** Bob allows pages here, so Alice (who has him on her list) may page him. */
export const PAGEABLE_BOB: SandboxAccountInit = { ...BOB, phones: { ...BOB.phones, MOB: 'Y' } };
/** Someone whose numbers only the phones test changes. */
export const ERIN: SandboxAccountInit = { email: 'erin@example.com', password: 'erinpw', nickname: 'Erin' };
export const ACCOUNTS = [ALICE, PAGEABLE_BOB, CAROL, ERIN];

export type Line = { type: string } & Record<string, unknown>;

export function jsonLines(r: MsnpRun): Line[] {
  return r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);
}

/** Every event of one kind the server fires while `run` goes on. */
export async function recording<K extends keyof SandboxEvents, T>(
  server: MsnpTestServer,
  event: K,
  run: () => Promise<T>,
): Promise<{ result: T; events: SandboxEvents[K][] }> {
  const events: SandboxEvents[K][] = [];
  const off = server.events.on(event, (e) => events.push(e));
  try {
    return { result: await run(), events };
  } finally {
    off();
  }
}

export function signIn(server: MsnpTestServer, account: SandboxAccountInit = ALICE): string[] {
  return [
    '--server',
    `127.0.0.1:${server.dispatchPort}`,
    '--user',
    account.email,
    '--password',
    account.password,
  ];
}

/** One sentence on stderr, no stack trace. */
export function assertOneSentence(r: MsnpRun, sentence: string): void {
  assert.equal(r.stderr.trim(), `msnp: ${sentence}`);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
}
