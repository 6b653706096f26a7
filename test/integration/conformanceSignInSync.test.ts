// The sign-in and SYN checks of the conformance run: all pass against the test server, and each of the
// test server's deviations in those areas is reported as exactly its own deviation, with nothing else changed.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  brokenChecks,
  conformanceOf,
  deviationCodes,
  passTest,
  type QuirkCase,
  quirkTests,
} from './conformanceSetup';

const AREAS = ['signin', 'sync'];

/** Each quirk, the deviation codes it must produce and the checks that must report them. */
const EXPECTED: QuirkCase[] = [
  [{ directSignIn: true }, ['no-dispatch-redirect'], ['dispatch-redirect']],
  [{ usrVerifiedField: true }, ['usr-extra-field'], ['usr-ok']],
  [{ fixedSalt: true }, ['fixed-salt'], ['md5-salt']],
  [{ swapLstIndex: true }, ['lst-index-swapped'], ['syn-lst-fields']],
  [{ gtcBlpAfterLists: true }, ['gtc-blp-after-lists'], ['syn-gtc-blp']],
  [{ omitGtcBlp: true }, ['gtc-blp-missing'], ['syn-gtc-blp']],
  [{ duplicateSynReply: true }, ['syn-reply-twice'], ['syn-reply']],
  // A version kept from the last sign-in still matches (both count from 1); one kept across a change is what shows.
  [{ perConnectionSynVersion: true }, ['syn-version-not-kept'], ['syn-version-advances']],
];

describe('conformance: sign-in and SYN', () => {
  passTest(AREAS, 15);

  quirkTests(AREAS, EXPECTED);

  it('signs in with CTP when the server offers only that, and says so in the INF check alone', async () => {
    const results = await conformanceOf({ ctpOnly: true }, AREAS);
    assert.deepEqual(deviationCodes(results), ['inf-ctp-only']);
    assert.deepEqual(brokenChecks(results), [
      'md5-salt: not-offered (the server offers only CTP, which has no salt)',
    ]);
  });

  it('runs only the checks --only names', async () => {
    const results = await conformanceOf({}, ['sync', 'md5-salt']);
    assert.deepEqual(
      results.map((r) => r.id),
      [
        'md5-salt',
        'syn-reply',
        'syn-gtc-blp',
        'syn-lst-fields',
        'syn-bpr',
        'syn-version-kept',
        'syn-version-advances',
      ],
    );
  });
});
