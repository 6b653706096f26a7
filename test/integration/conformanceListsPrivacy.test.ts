// The lists and privacy checks of the conformance run: all pass against the test server and leave both
// accounts' lists and privacy mode as they found them, and each of the test server's deviations in those
// areas is reported as exactly its own code, from exactly the checks it concerns, with nothing broken.
import { describe } from 'node:test';
import { passTest, type QuirkCase, quirkTests } from './conformanceSetup';

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
  passTest(AREAS, 12);

  quirkTests(AREAS, EXPECTED);
});
