// The lists and privacy checks of the conformance run: all pass against the test server and leave both
// accounts' lists and privacy mode as they found them, and each of the test server's deviations in those
// areas is reported as exactly its own code, from exactly the checks it concerns, with nothing broken.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runChecks } from '../../main/conformance/runner';
import { CHECKS } from '../../main/conformance/checks';
import {
  accountState,
  notPassed,
  runOptions,
  startConformanceServer,
  type QuirkCase,
  quirkTests,
} from './conformanceSetup';

const AREAS = ['lists', 'privacy'];

/** Each quirk, the deviation codes it must produce and the checks that must report them. */
const EXPECTED: QuirkCase[] = [
  [{ rlAddWithoutVersion: true }, ['rl-add-without-version'], ['rl-notices']],
  [{ unknownAs207: true }, ['unknown-as-207'], ['add-unknown']],
  [
    { errorsWithoutTrId: true },
    ['error-without-trid'],
    // Every check whose point is an error code meets it.
    [
      'add-duplicate',
      'add-unknown',
      'add-al-and-bl',
      'add-invalid',
      'rem-not-listed',
      'block-cal',
      'blp-bl-hidden',
    ],
  ],
];

/** What the checks promise to leave alone: who is on which list under which name, and the privacy mode. */

describe('conformance: lists and privacy', () => {
  it('passes every check against the test server and leaves the lists as it found them', async () => {
    const server = await startConformanceServer();
    try {
      const before = accountState(server);
      const results = await runChecks(CHECKS, runOptions(server, { only: AREAS }));
      assert.equal(results.length, 12);
      assert.deepEqual(notPassed(results), []);
      assert.deepEqual(accountState(server), before);
    } finally {
      await server.stop();
    }
  });

  quirkTests(AREAS, EXPECTED);
});
