// The presence checks of the conformance run: all pass against the test server, and each deviation the
// test server can make there is reported as exactly its own code.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Quirks } from '../../main/sandbox/quirks';
import { brokenChecks, conformanceOf, deviationCodes, notPassed } from './conformanceSetup';

const EXPECTED: [Partial<Quirks>, string[], string[]][] = [
  [{ unencodedNames: true }, ['unencoded-name'], ['rea-name']],
  [{ chgTrailingField: true }, ['chg-trailing-field'], ['chg-reply']],
];

describe('conformance: presence', () => {
  it('passes every presence check against the test server, and leaves the lists as it found them', async () => {
    const results = await conformanceOf({}, ['presence', 'syn-lst-fields']);
    assert.equal(results.length, 7);
    assert.deepEqual(notPassed(results), []);
  });

  for (const [quirks, codes, checks] of EXPECTED) {
    it(`reports ${codes.join(', ')} for the quirk ${Object.keys(quirks)[0]} and nothing else`, async () => {
      const results = await conformanceOf(quirks, ['presence']);
      assert.deepEqual(deviationCodes(results), codes);
      assert.deepEqual(brokenChecks(results), []);
      assert.deepEqual(
        results.filter((r) => r.outcome === 'deviation').map((r) => r.id),
        checks,
      );
      const raw = results.find((r) => r.id === checks[0])!.deviations[0]!;
      assert.ok(raw.line !== undefined && results.some((r) => r.evidence.some((e) => e.line === raw.line)));
    });
  }
});
