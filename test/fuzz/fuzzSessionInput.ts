// What one fuzz input is: the server's side of a transcript, mutated, plus how the network and the
// person using the client behave. Plain data, so a failing input can be shrunk and printed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTranscript } from '../integration/replay';
import { md5Response } from '../../main/msnp/nsLogin';

export const TRANSCRIPT = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../fixtures/transcripts/msnp5-signin.txt',
);
export const EMAIL = 'mad.hatter@example.com';
export const PASSWORD = 'teatime';
export const SALT = '1700000000.424242';
export const PORT = 1863;

/**
 * The profile's secret, the Passport ticket (the one field the account snapshot leaves out), made distinctive
 * so that finding it in a warning is never a coincidence. sid (Hotmail's site number) and kv (a key version)
 * are public and stay as the transcript has them.
 */
export const PROFILE_SECRETS = {
  MSPAuth: '7Y8Z$$Q0uE3nOfHearts$$',
} as const;

/** A line the client sends, as the transcript has it (only its name is matched). */
export interface ClientStep {
  kind: 'C';
  name: string;
  trId: string | null;
  line: string;
}

/** Bytes the server sends; `owner` is the transcript's TrID of the request they answer. */
export interface ServerStep {
  kind: 'S';
  bytes: Buffer;
  owner: string | null;
}

export type Step = ClientStep | ServerStep;

export type EndFate =
  | { kind: 'none' }
  /** After this many bytes the server closes (FIN), resets (RST) or goes silent (sends and closes nothing more). */
  | { kind: 'fin' | 'rst' | 'silent'; afterBytes: number };

export interface ConnectionPlan {
  steps: Step[];
  connect: 'ok' | 'refused' | 'never';
  connectDelay: number;
  end: EndFate;
  /** The server does not close when the client half-closes. */
  ignoreFin: boolean;
  /** The server answers a PNG it has no script for with QNG. */
  pingReply: boolean;
  /** The index of the client line the server echoes back to it (-1: none). */
  echoClientLine: number;
  /** The address the socket reports as connected to. */
  remoteAddress: string;
}

export const ACTIONS = [
  'setPhone',
  'setStatus',
  'setNickname',
  'renameContact',
  'addToList',
  'removeFromList',
  'block',
  'unblock',
  'setBlp',
  'setGtc',
  'requestUrl',
  'requestSwitchboard',
] as const;
export type Action = (typeof ACTIONS)[number];

export interface FuzzInput {
  seed: number;
  connections: ConnectionPlan[];
  /** What a connection past the transcript's last plays: the first again (a redirect loop), the last, or a refusal. */
  beyond: 'first' | 'last' | 'refuse';
  session: {
    keepAliveMs: number;
    maxRedirects: number;
    maxPayload: number | undefined;
    cache: 'none' | 'current' | 'stale';
    raw: boolean;
  };
  signIn: { host: string; status: 'NLN' | 'BSY' | 'HDN' | undefined; allowPlainPassword: boolean };
  driver: {
    /** Virtual ms after the start at which the person cancels the sign-in (signOut), or null. */
    cancelAt: number | null;
    actions: Action[];
    /** Start the last action and sign out without waiting for it. */
    signOutDuringAction: boolean;
    /** Sign out again while the first sign-out is under way (a second click). */
    signOutTwice: boolean;
    dwellMs: number;
  };
  play: { seed: number; splitChance: number; delays: 'none' | 'small' | 'timeouts' };
}

let cached: Step[][] | null = null;

/** The fixture as steps: payloads kept whole with their command line, secrets made distinctive. */
export async function loadSteps(): Promise<Step[][]> {
  if (cached) return cached;
  const connections = await loadTranscript(TRANSCRIPT, PORT);
  cached = connections.map((steps) => {
    let owner: string | null = null;
    return steps.map((step): Step => {
      if (step.from === 'C') {
        const [name = '', trId] = step.line.split(' ');
        owner = trId !== undefined && /^\d+$/.test(trId) ? trId : null;
        return { kind: 'C', name, trId: owner, line: step.line };
      }
      return { kind: 'S', bytes: withSecrets(step.bytes), owner };
    });
  });
  return cached;
}

function withSecrets(bytes: Buffer): Buffer {
  const text = bytes.toString('utf8');
  const lineEnd = text.indexOf('\r\n');
  const head = text.slice(0, lineEnd);
  if (!/^(MSG|NOT) .* \d+$/.test(head)) return bytes;
  let body = text.slice(lineEnd + 2);
  for (const [key, value] of Object.entries(PROFILE_SECRETS)) {
    body = body.replace(new RegExp(`^${key}: .*$`, 'm'), () => `${key}: ${value}`);
  }
  const head0 = head.replace(/ \d+$/, '');
  return Buffer.from(`${head0} ${Buffer.byteLength(body)}\r\n${body}`, 'utf8');
}

/**
 * Everything the client must never repeat in a warning, as the pieces to look for: a long token also by
 * any 10 characters of it (half a Passport ticket is still a leak), a short one whole.
 */
export function secretsOf(sentSecrets: readonly string[]): string[] {
  const whole = [PASSWORD, md5Response(SALT, PASSWORD), ...Object.values(PROFILE_SECRETS), ...sentSecrets];
  const pieces = new Set<string>();
  for (const secret of whole) {
    if (secret.length < 6) continue;
    if (secret.length < 16) pieces.add(secret);
    else for (let i = 0; i + 10 <= secret.length; i += 1) pieces.add(secret.slice(i, i + 10));
  }
  return [...pieces];
}

/** Splits a server step into its command line, line end and payload (when it declares one). */
export function splitStep(bytes: Buffer): { head: string; eol: string; payload: Buffer | null } {
  const lf = bytes.indexOf(0x0a);
  if (lf === -1) return { head: bytes.toString('latin1'), eol: '', payload: null };
  const cr = lf > 0 && bytes[lf - 1] === 0x0d;
  const head = bytes.toString('latin1', 0, cr ? lf - 1 : lf);
  const rest = bytes.subarray(lf + 1);
  return {
    head,
    eol: cr ? '\r\n' : '\n',
    payload: rest.length > 0 || /^(MSG|NOT) /.test(head) ? rest : null,
  };
}
