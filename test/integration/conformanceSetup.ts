// The accounts and server a conformance run is tested with: two accounts that list each other, and a third
// one on A's lists, so that A's lists have more than one entry (a swapped LST index shows only then).
import { it } from 'node:test';
import assert from 'node:assert/strict';
import type { SandboxAccountInit } from '../../main/sandbox/server';
import { MsnpTestServer } from '../../main/sandbox/server';
import type { Quirks } from '../../main/sandbox/quirks';
import { runChecks, type RunOptions } from '../../main/conformance/runner';
import { CHECKS } from '../../main/conformance/checks';
import type { CheckResult } from '../../main/conformance/check';

export const ANN: SandboxAccountInit = {
  email: 'ann@conformance.test',
  password: 'annpw',
  nickname: 'Ann',
  forward: ['ben@conformance.test', 'cy@conformance.test'],
  allow: ['ben@conformance.test', 'cy@conformance.test'],
};
export const BEN: SandboxAccountInit = {
  email: 'ben@conformance.test',
  password: 'benpw',
  nickname: 'Ben',
  // A number of B's own, which the checks that set phone numbers must put back as it was.
  phones: { PHH: '555 0199' },
  forward: ['ann@conformance.test'],
  allow: ['ann@conformance.test'],
};
export const CY: SandboxAccountInit = { email: 'cy@conformance.test', password: 'cypw', nickname: 'Cy' };

export async function startConformanceServer(quirks: Partial<Quirks> = {}): Promise<MsnpTestServer> {
  const server = new MsnpTestServer({ accounts: [ANN, BEN, CY], quirks });
  await server.start();
  return server;
}

export function runOptions(server: MsnpTestServer, extra: Partial<RunOptions> = {}): RunOptions {
  return {
    server: { host: '127.0.0.1', port: server.dispatchPort },
    a: { email: ANN.email, password: ANN.password },
    b: { email: BEN.email, password: BEN.password },
    protocols: ['MSNP5'],
    // Long enough never to cut off a live answer on a loaded machine; only checks that meet a silent server wait it out.
    timeoutMs: 2_000,
    ...extra,
  };
}

/** What a run must leave as it found it: each account's name, phones, privacy and lists (in any order). */
export function accountState(server: MsnpTestServer): unknown {
  return [ANN, BEN, CY].map(({ email }) => {
    const view = server.account(email)!;
    const sorted = (list: 'FL' | 'AL' | 'BL' | 'RL'): string[] =>
      view.lists[list].map((e) => `${e.email} ${e.nickname}`).sort();
    return {
      email,
      nickname: view.nickname,
      phones: view.phones,
      blp: view.blp,
      gtc: view.gtc,
      lists: { FL: sorted('FL'), AL: sorted('AL'), BL: sorted('BL'), RL: sorted('RL') },
    };
  });
}

/** Runs the checks against a fresh test server, and fails when the run left any account changed. */
export async function conformanceOf(
  quirks: Partial<Quirks> = {},
  only: string[] = [],
): Promise<CheckResult[]> {
  const server = await startConformanceServer(quirks);
  try {
    const before = accountState(server);
    const results = await runChecks(CHECKS, runOptions(server, { only }));
    assert.deepEqual(accountState(server), before, 'the run left an account changed');
    return results;
  } finally {
    await server.stop();
  }
}

/** "id: outcome" for every check that did not pass, for assertions that show the whole picture when they fail. */
export function notPassed(results: readonly CheckResult[]): string[] {
  return results.filter((r) => r.outcome !== 'pass').map((r) => `${r.id}: ${r.outcome} (${r.detail})`);
}

/** Every deviation code the run reported, sorted, each once. */
export function deviationCodes(results: readonly CheckResult[]): string[] {
  return [...new Set(results.flatMap((r) => r.deviations.map((d) => d.code)))].sort();
}

/** "id: outcome" for every check that neither passed nor merely deviated. */
export function brokenChecks(results: readonly CheckResult[]): string[] {
  return results
    .filter((r) => r.outcome !== 'pass' && r.outcome !== 'deviation')
    .map((r) => `${r.id}: ${r.outcome} (${r.detail})`);
}

/** A quirk, the deviation codes it must produce and the checks that must report them. */
export type QuirkCase = [quirks: Partial<Quirks>, codes: string[], checks: string[]];

/**
 * One test per quirk: run `areas` against a test server with it on, and see exactly its codes, from exactly
 * its checks, each naming a line that is in the evidence, with nothing failed or unanswered.
 */
export function quirkTests(areas: string[], cases: readonly QuirkCase[]): void {
  for (const [quirks, codes, checks] of cases) {
    it(`reports ${codes.join(', ')} for the quirk ${Object.keys(quirks)[0]} and nothing else`, async () => {
      const results = await conformanceOf(quirks, areas);
      assert.deepEqual(deviationCodes(results), codes);
      assert.deepEqual(brokenChecks(results), []);
      const deviated = results.filter((r) => r.outcome === 'deviation').map((r) => r.id);
      assert.deepEqual(deviated.sort(), [...checks].sort());
      for (const r of results.filter((x) => x.outcome === 'deviation'))
        assert.ok(
          r.deviations.every((d) => d.line === undefined || r.evidence.some((e) => e.line === d.line)),
          `${r.id}: its line is in the evidence`,
        );
    });
  }
}

/**
 * The test that every check of `areas` (there are `count`) passes against the plain test server, keeps
 * evidence of what the server said, and leaves the accounts as it found them (conformanceOf checks that).
 */
export function passTest(areas: string[], count: number): void {
  it('passes every check against the test server, and leaves the accounts as it found them', async () => {
    const results = await conformanceOf({}, areas);
    assert.equal(results.length, count, `${results.length} checks ran`);
    assert.deepEqual(notPassed(results), []);
    for (const r of results)
      assert.ok(
        r.evidence.some((e) => e.direction === 'S'),
        `${r.id} kept no evidence`,
      );
  });
}
