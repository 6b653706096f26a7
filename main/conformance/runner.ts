// Runs conformance checks one after another, each with its own connections, and turns what each one met
// into a CheckResult. Every connection a check opened is signed out and closed before the next one starts,
// so no check sees another's sessions.
import type { Command } from '../msnp/command';
import {
  type Account,
  type Area,
  type Check,
  type CheckContext,
  CheckEnd,
  type CheckResult,
  type Deviation,
  isError,
  noReply,
} from './check';
import { isLoopbackHost } from '../msnp/nsLogin';
import { maskTraffic } from '../msnp/trafficMask';
import { signInRaw } from './session';
import { type EvidenceLine, NoReplyError, WireClient } from './wire';

export interface RunOptions {
  server: { host: string; port: number };
  a: Account;
  b: Account;
  /** Dialects the sign-ins offer, best first (CVR0 is added). */
  protocols: string[];
  timeoutMs: number;
  /** Send the password as CTP to a server that offers only that, although it is not on this computer. */
  allowPlainPassword?: boolean;
  /** Areas or check ids to run; all when empty. */
  only?: readonly string[];
  /** Stops the run before the next check (the one running ends first). */
  signal?: AbortSignal;
  /** Called as each check ends, for a report that grows while the run goes on. */
  onResult?: (result: CheckResult) => void;
}

/** The checks `only` selects: an area name takes the whole area, a check id that one check. */
export function selectChecks(checks: readonly Check[], only: readonly string[] = []): Check[] {
  if (only.length === 0) return [...checks];
  return checks.filter((c) => only.includes(c.area) || only.includes(c.id));
}

export async function runChecks(checks: readonly Check[], options: RunOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of selectChecks(checks, options.only)) {
    if (options.signal?.aborted) break;
    const result = await runOne(check, options);
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}

async function runOne(check: Check, options: RunOptions): Promise<CheckResult> {
  const evidence: EvidenceLine[] = [];
  const deviations: Deviation[] = [];
  const clients: WireClient[] = [];
  const labels = new Map<string, number>();
  const { timeoutMs } = options;
  const ctx: CheckContext = {
    server: options.server,
    a: options.a,
    b: options.b,
    protocols: options.protocols,
    allowPlainPassword: options.allowPlainPassword === true || isLoopbackHost(options.server.host),
    timeoutMs,
    evidence,
    deviate: (code, message, line) => {
      // Masked as the evidence is, so the report finds it there and no cookie or ticket leaves in it.
      const shown = line === undefined ? undefined : maskTraffic('in', line, { hash: true });
      if (!deviations.some((d) => d.code === code)) deviations.push({ code, message, line: shown });
    },
    connect: async (label, address = options.server) => {
      // Two connections of one check never share a label: "a/ns", then "a/ns#2".
      const uses = (labels.get(label) ?? 0) + 1;
      labels.set(label, uses);
      const client = await WireClient.connect(
        address,
        uses === 1 ? label : `${label}#${uses}`,
        evidence,
        timeoutMs,
      );
      clients.push(client);
      return client;
    },
    signIn: (who, signInOptions) => signInRaw(ctx, who, signInOptions),
    expect: async (client, match, what) => {
      const line = await client.next(match, timeoutMs);
      if (line) return line;
      throw noReply(silence(client, what, timeoutMs));
    },
    expectReply: async (client, trId, what) => {
      // An error code that came without any TrID is taken as the answer (as the engine takes it), and named.
      const reply = await ctx.expect(
        client,
        (c: Command) => c.trId === trId || (c.trId === null && isError(c)),
        what,
      );
      if (reply.trId === null)
        ctx.deviate(
          'error-without-trid',
          `the server answered ${what} with ${reply.name} but no TrID`,
          reply.raw,
        );
      return reply;
    },
    fence: async (client) => {
      client.sendBare('PNG');
      await ctx.expect(client, (c) => c.name === 'QNG', 'PNG');
    },
  };
  const started = Date.now();
  let outcome: CheckResult['outcome'];
  let detail: string;
  try {
    detail = await check.run(ctx);
    outcome = deviations.length > 0 ? 'deviation' : 'pass';
    if (deviations.length > 0) detail = deviations.map((d) => d.message).join('; ');
  } catch (err) {
    if (err instanceof CheckEnd) {
      outcome = err.outcome;
      detail = err.message;
    } else if (err instanceof NoReplyError) {
      outcome = 'no-reply';
      detail = err.message;
    } else {
      outcome = 'fail';
      detail = err instanceof Error ? err.message : String(err);
    }
  } finally {
    await closeAll(clients, timeoutMs);
  }
  return {
    id: check.id,
    area: check.area as Area,
    title: check.title,
    doc: check.doc,
    outcome,
    detail,
    deviations,
    evidence,
    ms: Date.now() - started,
  };
}

function silence(client: WireClient, what: string, timeoutMs: number): string {
  if (client.framingError) return `the server's answer to ${what} could not be read: ${client.framingError}`;
  if (client.isClosed) return `the server closed the connection instead of answering ${what}`;
  return `the server did not answer ${what} within ${timeoutMs / 1000} s`;
}

/** Signs every connection out and waits (bounded) until the server has closed it, so it is gone server-side. */
async function closeAll(clients: readonly WireClient[], timeoutMs: number): Promise<void> {
  await Promise.all(
    clients.map(async (client) => {
      if (!client.isClosed) {
        client.sendBare('OUT');
        await client.closesWithin(timeoutMs);
      }
      client.close();
    }),
  );
}
