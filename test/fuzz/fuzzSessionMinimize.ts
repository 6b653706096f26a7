// Shrinks a failing input to the least that still fails the same way, and prints an input as a transcript
// an engine engineer can read (and turn into a test).
import type { ConnectionPlan, FuzzInput, Step } from './fuzzSessionInput';
import { type Failure, runInput } from './fuzzSessionTarget';

/** A failure's kind and message with the numbers taken out: what "the same way" means when shrinking. */
export function signature(f: Failure): string {
  return `${f.kind}: ${f.message.replace(/\d+/g, 'N').slice(0, 140)}`;
}

type Edit = (input: FuzzInput) => FuzzInput | null;

const CALM_CONNECTION: Partial<ConnectionPlan> = {
  connect: 'ok',
  connectDelay: 0,
  ignoreFin: false,
  pingReply: true,
  echoClientLine: -1,
  remoteAddress: '127.0.0.1',
};

/** Simplifications of everything but the server's lines, tried one at a time. */
function scalarEdits(input: FuzzInput): Edit[] {
  const edits: Edit[] = [
    (i) => ({ ...i, play: { ...i.play, splitChance: 0 } }),
    (i) => ({ ...i, play: { ...i.play, delays: 'none' } }),
    (i) => ({ ...i, driver: { ...i.driver, cancelAt: null } }),
    (i) => ({ ...i, driver: { ...i.driver, actions: [], signOutDuringAction: false } }),
    (i) => ({ ...i, driver: { ...i.driver, actions: i.driver.actions.slice(0, 1) } }),
    (i) => ({ ...i, driver: { ...i.driver, signOutDuringAction: false } }),
    (i) => ({ ...i, driver: { ...i.driver, dwellMs: 0 } }),
    (i) => ({ ...i, driver: { ...i.driver, signOutTwice: false } }),
    (i) => ({ ...i, session: { ...i.session, keepAliveMs: 0 } }),
    (i) => ({ ...i, session: { ...i.session, raw: false, cache: 'none', maxPayload: undefined } }),
    (i) => ({ ...i, session: { ...i.session, maxRedirects: 3 } }),
    (i) => ({ ...i, signIn: { host: '127.0.0.1', status: undefined, allowPlainPassword: false } }),
    (i) => ({ ...i, beyond: 'refuse' }),
  ];
  input.connections.forEach((_, c) => {
    const onConnection = (change: (p: ConnectionPlan) => ConnectionPlan): Edit => {
      return (i) => ({ ...i, connections: i.connections.map((p, k) => (k === c ? change(p) : p)) });
    };
    edits.push(onConnection((p) => ({ ...p, end: { kind: 'none' } })));
    for (const [key, value] of Object.entries(CALM_CONNECTION)) {
      edits.push(onConnection((p) => ({ ...p, [key]: value })));
    }
  });
  return edits;
}

function withoutSteps(input: FuzzInput, c: number, from: number, count: number): FuzzInput {
  return {
    ...input,
    connections: input.connections.map((p, k) => {
      if (k !== c) return p;
      const steps: Step[] = [...p.steps];
      steps.splice(from, count);
      return { ...p, steps };
    }),
  };
}

/**
 * Greedy shrinking: simplify the circumstances, then drop runs of steps (halves, quarters... single steps)
 * while the same failure still happens. Each attempt is one run, about a millisecond.
 */
export async function minimize(input: FuzzInput, target: string, budget = 3000): Promise<FuzzInput> {
  let best = input;
  let runs = 0;
  const fails = async (candidate: FuzzInput): Promise<boolean> => {
    runs += 1;
    const result = await runInput(candidate);
    return result.failures.some((f) => signature(f) === target);
  };
  for (let changed = true; changed && runs < budget;) {
    changed = false;
    for (const edit of scalarEdits(best)) {
      const candidate = edit(best);
      if (!candidate || JSON.stringify(candidate, replacer) === JSON.stringify(best, replacer)) continue;
      if (await fails(candidate)) {
        best = candidate;
        changed = true;
      }
    }
    for (let c = 0; c < best.connections.length; c += 1) {
      for (let size = best.connections[c]!.steps.length; size >= 1; size = Math.floor(size / 2)) {
        for (let from = 0; from + size <= best.connections[c]!.steps.length && runs < budget;) {
          const candidate = withoutSteps(best, c, from, size);
          if (await fails(candidate)) {
            best = candidate;
            changed = true;
          } else from += size;
        }
      }
    }
  }
  return best;
}

function replacer(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && (value as { type?: string }).type === 'Buffer')
    return Buffer.from((value as { data: number[] }).data).toString('latin1');
  return value;
}

/** The input as text: the circumstances, then each connection's script, server bytes quoted exactly. */
export function describeInput(input: FuzzInput): string {
  const lines = [
    `seed ${input.seed}`,
    `session: ${JSON.stringify(input.session)}`,
    `sign-in: ${JSON.stringify(input.signIn)}`,
    `person: ${JSON.stringify(input.driver)}`,
    `network: ${JSON.stringify(input.play)}; connections past the last play: ${input.beyond}`,
  ];
  input.connections.forEach((p, c) => {
    const { steps, ...rest } = p;
    lines.push(`--- connection ${c} ${JSON.stringify(rest)}`);
    for (const s of steps) {
      lines.push(s.kind === 'C' ? `C: ${s.line}` : `S: ${JSON.stringify(s.bytes.toString('latin1'))}`);
    }
  });
  return lines.join('\n');
}
