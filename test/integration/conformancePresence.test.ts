// The presence checks of the conformance run: all pass against the test server, and each deviation the
// test server can make there is reported as exactly its own code.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { conformanceOf, notPassed, type QuirkCase, quirkTests } from './conformanceSetup';

const AREAS = ['presence'];

const EXPECTED: QuirkCase[] = [
  [{ unencodedNames: true }, ['unencoded-name'], ['rea-name']],
  [{ chgTrailingField: true }, ['chg-trailing-field'], ['chg-reply']],
];

describe('conformance: presence', () => {
  it('passes every presence check against the test server, and leaves the lists as it found them', async () => {
    const results = await conformanceOf({}, ['presence', 'syn-lst-fields']);
    assert.equal(results.length, 7);
    assert.deepEqual(notPassed(results), []);
  });

  quirkTests(AREAS, EXPECTED);
});
