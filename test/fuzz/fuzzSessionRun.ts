// npm run fuzz -- [--count N] [--seed S] [--minutes M] [--minimize] [--replay SEED] [--json FILE]
// Long runs of the NotificationSession fuzz target (FUZZING.md). Prints inputs/s, failures by kind with
// their seeds, and the heap before and after. --replay prints one seed's input and what happened, as a
// trace; --minimize shrinks the first seed of each kind of failure and prints it the same way.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { runInNewContext } from 'node:vm';
import v8 from 'node:v8';
import { loadSteps } from './fuzzSessionInput';
import { generate } from './fuzzSessionMutate';
import { describeInput, minimize, signature } from './fuzzSessionMinimize';
import { type Failure, installTarget, runInput, strays } from './fuzzSessionTarget';
import { BASE_SEED, COMMITTED_COUNT } from './fuzzSessionSeeds';

interface Options {
  count: number;
  seed: number;
  /** Stop after this long even if --count inputs have not all run. */
  minutes: number | null;
  minimize: boolean;
  replay: number | null;
  json: string | null;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    count: COMMITTED_COUNT,
    seed: BASE_SEED,
    minutes: null,
    minimize: false,
    replay: null,
    json: null,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    const number = (): number => {
      const n = Number(value());
      if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${arg} needs a whole number`);
      return n;
    };
    if (arg === '--count') options.count = number();
    else if (arg === '--seed') options.seed = number();
    else if (arg === '--replay') options.replay = number();
    else if (arg === '--minutes') options.minutes = number();
    else if (arg === '--minimize') options.minimize = true;
    else if (arg === '--json') options.json = value();
    else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

async function replay(seed: number): Promise<void> {
  const input = generate(seed, await loadSteps());
  const result = await runInput(input, { trace: true, timerStacks: true });
  console.log(describeInput(input));
  console.log('\n--- what happened');
  console.log(result.trace?.join('\n'));
  console.log(`\nsign-in: ${result.signIn}; ${result.warnings} warnings; ${result.virtualMs} virtual ms`);
  for (const f of result.failures)
    console.log(`\nFAIL ${f.kind}: ${f.message}${f.stack ? `\n${f.stack}` : ''}`);
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  installTarget();
  if (options.replay !== null) return replay(options.replay);
  const base = await loadSteps();
  console.log(
    `fuzzing NotificationSession: ${options.count} inputs from seed ${options.seed} on ${os.cpus()[0]?.model ?? 'an unknown CPU'} ×${os.cpus().length}, Node ${process.version}`,
  );
  const heapBefore = heapMb();
  const bySignature = new Map<string, { failure: Failure; seeds: number[] }>();
  const outcomes = new Map<string, number>();
  let failing = 0;
  let ran = 0;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const deadline = options.minutes === null ? Infinity : started + options.minutes * 60_000;
  let lastReport = started;
  for (let i = 0; i < options.count && performance.now() < deadline; i += 1) {
    ran = i + 1;
    const seed = (options.seed + i) >>> 0;
    const result = await runInput(generate(seed, base));
    outcomes.set(result.signIn, (outcomes.get(result.signIn) ?? 0) + 1);
    if (result.failures.length > 0) failing += 1;
    for (const failure of result.failures) {
      const key = signature(failure);
      const entry = bySignature.get(key) ?? { failure, seeds: [] };
      entry.seeds.push(seed);
      bySignature.set(key, entry);
    }
    const now = performance.now();
    if (now - lastReport > 30_000) {
      lastReport = now;
      const rate = ((i + 1) / (now - started)) * 1000;
      console.log(
        `  ${i + 1} inputs, ${rate.toFixed(0)}/s, ${failing} failing, heap ${(process.memoryUsage().heapUsed / 1048576).toFixed(1)} MB`,
      );
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const heapAfter = heapMb();
  const crashes = [...bySignature].filter(
    ([, e]) => e.failure.kind === 'exception' || e.failure.kind === 'unhandled-rejection',
  );
  const hangs = [...bySignature].filter(([, e]) => e.failure.kind === 'hang');
  const others = [...bySignature].filter(
    ([k]) => !crashes.some(([c]) => c === k) && !hangs.some(([h]) => h === k),
  );
  const seedsOf = (list: typeof crashes): number => new Set(list.flatMap(([, e]) => e.seeds)).size;
  console.log(
    `\n${ran} inputs (seeds ${options.seed} to ${options.seed + ran - 1}) in ${seconds.toFixed(1)} s: ${(ran / seconds).toFixed(0)} inputs/s, ${((seconds * 1000) / ran).toFixed(3)} ms each (${((cpuSeconds * 1000) / ran).toFixed(3)} ms of CPU; load average ${os.loadavg()[0]!.toFixed(1)})`,
  );
  console.log(
    `sign-in outcomes: ${[...outcomes]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}`,
  );
  console.log(
    `inputs failing: ${failing}; crashes: ${seedsOf(crashes)}; hangs: ${seedsOf(hangs)}; other failures: ${seedsOf(others)}`,
  );
  console.log(`heap used: ${heapBefore.toFixed(1)} MB before, ${heapAfter.toFixed(1)} MB after (after GC)`);
  if (strays.length > 0) console.log(`errors outside any run: ${strays.map((s) => s.message).join('; ')}`);
  for (const [title, list] of [
    ['crashes', crashes],
    ['hangs', hangs],
    ['other failures', others],
  ] as const) {
    if (list.length === 0) continue;
    console.log(`\n${title}:`);
    for (const [key, entry] of list.sort((a, b) => b[1].seeds.length - a[1].seeds.length)) {
      console.log(
        `  ${entry.seeds.length}× ${key}\n     seeds: ${entry.seeds.slice(0, 12).join(', ')}${entry.seeds.length > 12 ? ', …' : ''}`,
      );
      if (entry.failure.stack)
        console.log(
          entry.failure.stack
            .split('\n')
            .slice(0, 6)
            .map((l) => `     ${l}`)
            .join('\n'),
        );
    }
  }
  if (options.json) {
    const report = {
      recorded: new Date().toISOString(),
      node: process.version,
      ...options,
      ran,
      seconds,
      cpuSeconds,
      heapBefore,
      heapAfter,
      outcomes: Object.fromEntries(outcomes),
      failing,
      failures: Object.fromEntries([...bySignature].map(([k, e]) => [k, e.seeds])),
    };
    writeFileSync(options.json, JSON.stringify(report, null, 1));
  }
  if (options.minimize) {
    for (const [key, entry] of bySignature) {
      const first = generate(entry.seeds[0]!, base);
      const small = await minimize(first, key);
      const result = await runInput(small, { trace: true, timerStacks: true });
      console.log(`\n=== ${key}\n${describeInput(small)}\n--- what happened\n${result.trace?.join('\n')}`);
      const failure = result.failures.find((f) => signature(f) === key);
      if (failure?.stack) console.log(failure.stack);
    }
  }
  process.exitCode = failing > 0 || strays.length > 0 ? 1 : 0;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 2;
});
