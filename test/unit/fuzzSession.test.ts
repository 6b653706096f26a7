// The real NotificationSession over a fake socket, fed mutated server transcripts (test/fuzz/, FUZZING.md).
// Every input has its seed; `npm run fuzz -- --replay SEED` shows one as a trace. FUZZ_SESSION_SEED and
// FUZZ_SESSION_COUNT choose another range.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadSteps, type FuzzInput } from '../fuzz/fuzzSessionInput';
import { generate } from '../fuzz/fuzzSessionMutate';
import { installTarget, runInput, strays, type Failure } from '../fuzz/fuzzSessionTarget';
import { BASE_SEED, COMMITTED_COUNT, KNOWN_FAILURES, knownFailure } from '../fuzz/fuzzSessionSeeds';

const SEED = Number(process.env.FUZZ_SESSION_SEED ?? BASE_SEED);
const COUNT = Number(process.env.FUZZ_SESSION_COUNT ?? COMMITTED_COUNT);

async function plain(edit: (input: FuzzInput) => FuzzInput = (i) => i): Promise<FuzzInput> {
  const connections = (await loadSteps()).map((steps) => ({
    steps,
    connect: 'ok' as const,
    connectDelay: 0,
    end: { kind: 'none' as const },
    ignoreFin: false,
    pingReply: true,
    echoClientLine: -1,
    remoteAddress: '127.0.0.1',
  }));
  return edit({
    seed: 0,
    connections,
    beyond: 'refuse',
    session: { keepAliveMs: 0, maxRedirects: 3, maxPayload: undefined, cache: 'none', raw: true },
    signIn: { host: '127.0.0.1', status: undefined, allowPlainPassword: false },
    driver: {
      cancelAt: null,
      actions: ['setPhone'],
      signOutDuringAction: false,
      signOutTwice: false,
      dwellMs: 50,
    },
    play: { seed: 1, splitChance: 0, delays: 'none' },
  });
}

describe('fuzz: NotificationSession over a fake socket', () => {
  const resourcesBefore = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap');
  before(() => installTarget());

  it('plays the recorded transcript through the real session: online, the phone set, signed out, no warning', async () => {
    const result = await runInput(await plain(), { trace: true });
    assert.deepEqual(result.failures, []);
    assert.equal(result.signIn, 'online');
    assert.equal(result.warnings, 0, result.trace?.join('\n'));
    assert.ok(result.trace?.some((line) => line.includes('C1> "PRP 7 PHM 07700%20900123"')));
    assert.ok(result.trace?.some((line) => line.includes('C1> "OUT"')));
  });

  it('spends no wall time on a silent server: the engine timeouts run on the virtual clock', async () => {
    const started = performance.now();
    const result = await runInput(
      await plain((i) => ({
        ...i,
        connections: i.connections.map((c) => ({ ...c, end: { kind: 'silent', afterBytes: 0 } })),
      })),
    );
    assert.deepEqual(result.failures, []);
    assert.equal(result.signIn, 'TimeoutError');
    assert.ok(result.virtualMs >= 200);
    assert.ok(performance.now() - started < 1000);
  });

  it(`survives ${COUNT} mutated transcripts from seed ${SEED}: nothing thrown, every call settles, the session ends closed, no secret in a warning, no timer left`, async (t) => {
    const base = await loadSteps();
    const unexpected: { seed: number; failure: Failure }[] = [];
    const known = new Map<string, number[]>();
    const started = performance.now();
    for (let i = 0; i < COUNT; i += 1) {
      const seed = (SEED + i) >>> 0;
      const result = await runInput(generate(seed, base));
      for (const failure of result.failures) {
        const k = knownFailure(failure);
        if (k) known.set(k.id, [...(known.get(k.id) ?? []), seed]);
        else unexpected.push({ seed, failure });
      }
    }
    const seconds = (performance.now() - started) / 1000;
    t.diagnostic(
      `${COUNT} inputs in ${seconds.toFixed(1)} s (${((seconds * 1000) / COUNT).toFixed(2)} ms each)`,
    );
    for (const k of KNOWN_FAILURES) {
      const seeds = known.get(k.id) ?? [];
      t.diagnostic(
        seeds.length > 0
          ? `known engine bug ${k.id}: ${new Set(seeds).size} inputs, first seeds ${[...new Set(seeds)].slice(0, 5).join(', ')}`
          : `known engine bug ${k.id} did not occur: if it is fixed, remove it from KNOWN_FAILURES`,
      );
    }
    const report = unexpected
      .slice(0, 10)
      .map(
        ({ seed, failure }) =>
          `seed ${seed}: ${failure.kind}: ${failure.message} (npm run fuzz -- --replay ${seed})`,
      );
    assert.deepEqual(report, [], `${unexpected.length} failures`);
    assert.deepEqual(strays, []);
  });

  it('leaves nothing running on the event loop', () => {
    const after = process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap');
    assert.deepEqual(after, resourcesBefore);
  });
});
