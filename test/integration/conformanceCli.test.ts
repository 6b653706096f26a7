// msnp conformance as a server developer runs it: the real command line against the test server, its
// table, its JSON report, its exit status, and its usage errors.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MsnpTestServer } from '../../main/sandbox/server';
import { runMsnp } from './cliRun';
import { ANN, BEN, startConformanceServer } from './conformanceSetup';
import { COMBINABLE_DEVIATIONS, type DeviationQuirk } from '../../main/sandbox/quirks';

let plain: MsnpTestServer;
let quirky: MsnpTestServer;
let everything: MsnpTestServer;
before(async () => {
  plain = await startConformanceServer();
  quirky = await startConformanceServer({ swapLstIndex: true });
  everything = await startConformanceServer({
    ...Object.fromEntries(COMBINABLE_DEVIATIONS.map((q) => [q, true])),
    qngSeconds: 60,
  });
});
after(async () => {
  await plain.stop();
  await quirky.stop();
  await everything.stop();
});

/** The code each of the test server's deviations is reported under. */
const CODE_OF: Record<
  Exclude<DeviationQuirk, 'servicesSilent' | 'ctpOnly' | 'omitGtcBlp'> | 'qngSeconds',
  string
> = {
  directSignIn: 'no-dispatch-redirect',
  fixedSalt: 'fixed-salt',
  usrVerifiedField: 'usr-extra-field',
  gtcBlpAfterLists: 'gtc-blp-after-lists',
  swapLstIndex: 'lst-index-swapped',
  duplicateSynReply: 'syn-reply-twice',
  perConnectionSynVersion: 'syn-version-not-kept',
  unencodedNames: 'unencoded-name',
  chgTrailingField: 'chg-trailing-field',
  rlAddWithoutVersion: 'rl-add-without-version',
  unknownAs207: 'unknown-as-207',
  errorsWithoutTrId: 'error-without-trid',
  joiBeforeIro: 'joi-before-iro',
  textSessionIds: 'session-id-not-numeric',
  nakEverything: 'nak-for-delivered',
  outOthWithoutClosing: 'out-oth-left-open',
  qngSeconds: 'qng-interval',
};

const accounts = [
  '--user',
  ANN.email,
  '--password',
  ANN.password,
  '--user2',
  BEN.email,
  '--password2',
  BEN.password,
];
const against = (server: MsnpTestServer, ...extra: string[]): string[] => [
  'conformance',
  '--server',
  `127.0.0.1:${server.dispatchPort}`,
  ...accounts,
  '--timeout',
  '2',
  ...extra,
];

describe('msnp conformance', () => {
  it('names every deviation of a test server with all of them on, and nothing else; exit 1 with --fail-on deviation', async () => {
    const run = await runMsnp(against(everything, '--json', '--fail-on', 'deviation'), { limitMs: 300_000 });
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as {
      checks: { id: string; outcome: string; deviations: { code: string }[] }[];
    };
    const codes = new Set(report.checks.flatMap((c) => c.deviations.map((d) => d.code)));
    assert.deepEqual([...codes].sort(), Object.values(CODE_OF).sort());
    // servicesSilent: the three services that are never answered, and nothing else goes unanswered or fails.
    const other = report.checks.filter((c) => c.outcome !== 'pass' && c.outcome !== 'deviation');
    assert.deepEqual(
      other.map((c) => `${c.id} ${c.outcome}`),
      ['fnd no-reply', 'fnd-no-match no-reply', 'sdc no-reply', 'pag no-reply'],
    );
  });

  it('prints a table and a summary line, and exits 0 when everything passed', async () => {
    const run = await runMsnp(against(plain, '--only', 'signin,sync'), { limitMs: 60_000 });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^== dispatch and sign-in$/m);
    assert.match(run.stdout, /^pass {8}syn-lst-fields/m);
    assert.match(
      run.stdout,
      /^(\d+) checks: \1 passed, 0 deviated, 0 failed, 0 got no reply, 0 not offered$/m,
    );
    assert.equal(run.stderr, '');
  });

  it('names a deviation with its evidence, and exits 1 for it only with --fail-on deviation', async () => {
    const lenient = await runMsnp(against(quirky, '--only', 'sync'), { limitMs: 60_000 });
    assert.equal(lenient.code, 0, lenient.stderr);
    assert.match(lenient.stdout, /^deviation {3}syn-lst-fields/m);
    assert.match(lenient.stdout, /\[lst-index-swapped\]/);
    assert.match(lenient.stdout, /see commands\/lst\.md/);
    assert.match(lenient.stdout, /S: LST \d+ FL \d+ 2 1 /);
    const strict = await runMsnp(against(quirky, '--only', 'sync', '--fail-on', 'deviation'), {
      limitMs: 60_000,
    });
    assert.equal(strict.code, 1);
    assert.match(strict.stdout, /1 deviated/);
  });

  it('writes one JSON document with --json', async () => {
    const run = await runMsnp(against(quirky, '--only', 'syn-lst-fields,syn-reply', '--json'), {
      limitMs: 60_000,
    });
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as {
      summary: Record<string, number>;
      checks: { id: string; outcome: string; deviations: { code: string }[]; evidence: unknown[] }[];
    };
    assert.deepEqual(report.summary, {
      total: 2,
      pass: 1,
      deviation: 1,
      fail: 0,
      'no-reply': 0,
      'not-offered': 0,
    });
    const lst = report.checks.find((c) => c.id === 'syn-lst-fields')!;
    assert.equal(lst.outcome, 'deviation');
    assert.deepEqual(
      lst.deviations.map((d) => d.code),
      ['lst-index-swapped'],
    );
    assert.ok(lst.evidence.length > 5);
  });

  it('fails a check, with exit status 1, when the server closes mid-way', async () => {
    const run = await runMsnp(
      [
        'conformance',
        '--server',
        `127.0.0.1:${plain.dispatchPort}`,
        '--user',
        ANN.email,
        '--password',
        'wrong',
        '--user2',
        BEN.email,
        '--password2',
        BEN.password,
        '--only',
        'syn-reply',
        '--timeout',
        '2',
      ],
      { limitMs: 60_000 },
    );
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^FAIL {8}syn-reply/m);
    assert.match(run.stdout, /the server refused the password of ann@conformance\.test with 911/);
  });

  for (const [args, sentence] of [
    [['--user', ANN.email, '--password', 'x', '--password2', 'y'], 'msnp: --user2 is required'],
    [
      ['--user', ANN.email, '--password', 'x', '--user2', ANN.email, '--password2', 'y'],
      'msnp: --user and --user2 must be two different accounts',
    ],
    [
      [...accounts, '--only', 'nonsense'],
      'msnp: --only names "nonsense", which is neither an area (signin, sync, presence, lists, privacy, switchboard, services, input) nor a check',
    ],
    [[...accounts, '--fail-on', 'warning'], 'msnp: --fail-on takes one value: deviation'],
  ] as const) {
    it(`refuses ${args.at(-2)} ${args.at(-1)} with one sentence and exit status 2`, async () => {
      const run = await runMsnp(['conformance', '--server', '127.0.0.1:1', ...args], {
        env: { ...process.env, MSNP_PASSWORD: '', MSNP_PASSWORD2: '' },
      });
      assert.equal(run.code, 2);
      assert.equal(run.stderr.trim(), sentence);
      assert.equal(run.stdout, '');
    });
  }
});
