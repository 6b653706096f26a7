// The switchboard, services and bad-input checks of the conformance run: all pass against the test server,
// each of the test server's deviations in those areas is reported as exactly its own deviation with nothing
// else changed, and a server that never answers FND, SDC or PAG gets "no reply" for those checks alone.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MsnpTestServer } from '../../main/sandbox/server';
import { runChecks } from '../../main/conformance/runner';
import { CHECKS } from '../../main/conformance/checks';
import {
  ANN,
  BEN,
  CY,
  brokenChecks,
  conformanceOf,
  deviationCodes,
  passTest,
  runOptions,
  type QuirkCase,
  quirkTests,
} from './conformanceSetup';

const AREAS = ['switchboard', 'services', 'input'];

/** Each quirk, the deviation codes it must produce and the checks that must report them. */
const EXPECTED: QuirkCase[] = [
  [{ joiBeforeIro: true }, ['joi-before-iro'], ['sb-answer']],
  [{ textSessionIds: true }, ['session-id-not-numeric'], ['sb-call']],
  [{ nakEverything: true }, ['nak-for-delivered'], ['sb-msg-ack', 'sb-msg-data']],
  [{ qngSeconds: 60 }, ['qng-interval'], ['png-qng']],
  [{ unknownAs207: true }, ['unknown-as-207'], ['sb-cal-unknown']],
  [{ outOthWithoutClosing: true }, ['out-oth-left-open'], ['out-oth']],
  [
    { errorsWithoutTrId: true },
    ['error-without-trid'],
    // bpr-update meets one too: its ADD FL of someone already there is refused with 215.
    ['sb-cal-offline', 'sb-cal-unknown', 'pag', 'bpr-update', 'bad-handle', 'long-name', 'unknown-command'],
  ],
];

describe('conformance: switchboard, services and bad input', () => {
  passTest(AREAS, 24);

  quirkTests(AREAS, EXPECTED);

  it('says URL is not offered when the server answers it with stand-ins', async () => {
    for (const standIn of [['about:blank', 'about:blank', '2'], ['http://', 'http://'], []]) {
      const results = await conformanceOf({ urlStandIn: standIn }, ['services']);
      assert.deepEqual(deviationCodes(results), []);
      assert.deepEqual(
        brokenChecks(results).map((line) => line.split(' (')[0]),
        ['url-inbox: not-offered'],
      );
    }
  });

  it('says SND is not offered by a server that speaks only MSNP5', async () => {
    const server = new MsnpTestServer({ accounts: [ANN, BEN, CY], protocols: ['MSNP5'] });
    await server.start();
    try {
      const results = await runChecks(CHECKS, runOptions(server, { only: ['snd', 'sdc'] }));
      assert.deepEqual(
        results.map((r) => `${r.id}: ${r.outcome}`),
        ['sdc: pass', 'snd: not-offered'],
      );
    } finally {
      await server.stop();
    }
  });

  it('gets no reply from FND, SDC and PAG alone when the server never answers them', async () => {
    const results = await conformanceOf({ servicesSilent: true }, AREAS);
    assert.deepEqual(deviationCodes(results), []);
    assert.deepEqual(
      brokenChecks(results).map((line) => line.split(' (')[0]),
      ['fnd: no-reply', 'fnd-no-match: no-reply', 'sdc: no-reply', 'pag: no-reply'],
    );
  });
});
