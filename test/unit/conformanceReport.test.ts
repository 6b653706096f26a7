// The conformance report: outcomes counted, the exit status, the evidence shown around the line that
// deviated, and wire text escaped so a hostile server cannot write to the terminal.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CheckResult, Outcome } from '../../main/conformance/check';
import { exitCodeOf, formatReport, formatRow, summaryLine } from '../../main/conformance/report';
import { selectChecks } from '../../main/conformance/runner';
import { CHECKS } from '../../main/conformance/checks';

function result(id: string, outcome: Outcome, extra: Partial<CheckResult> = {}): CheckResult {
  return {
    id,
    area: 'sync',
    title: `the ${id} check`,
    doc: 'commands/syn.md',
    outcome,
    detail: `${id} detail`,
    deviations: [],
    evidence: [],
    ms: 1,
    ...extra,
  };
}

describe('conformance report', () => {
  it('counts each outcome in the summary line', () => {
    const results = [
      result('a', 'pass'),
      result('b', 'deviation'),
      result('c', 'fail'),
      result('d', 'no-reply'),
      result('e', 'not-offered'),
      result('f', 'pass'),
    ];
    assert.equal(
      summaryLine(results),
      '6 checks: 2 passed, 1 deviated, 1 failed, 1 got no reply, 1 not offered',
    );
  });

  it('exits 1 for a failure or no reply, and for a deviation only when asked', () => {
    assert.equal(exitCodeOf([result('a', 'pass'), result('b', 'not-offered')], true), 0);
    assert.equal(exitCodeOf([result('a', 'deviation')], false), 0);
    assert.equal(exitCodeOf([result('a', 'deviation')], true), 1);
    assert.equal(exitCodeOf([result('a', 'no-reply')], false), 1);
    assert.equal(exitCodeOf([result('a', 'fail')], false), 1);
  });

  it('shows the evidence around the line that deviated, not merely the last lines', () => {
    const evidence = Array.from({ length: 40 }, (_, i) => ({
      connection: 'a/ns',
      direction: 'S' as const,
      line: `LINE ${i}`,
    }));
    const row = formatRow(
      result('x', 'deviation', { evidence, deviations: [{ code: 'odd', message: 'odd', line: 'LINE 10' }] }),
    );
    assert.match(row, /S: LINE 10$/m);
    assert.match(row, /S: LINE 12$/m);
    assert.doesNotMatch(row, /LINE 13$/m);
    assert.match(row, /… 1 earlier lines/);
    assert.match(row, /\[odd\]/);
  });

  it('escapes control characters that came from the server', () => {
    const row = formatRow(
      result('x', 'fail', {
        detail: 'answered "\x1b[2J"',
        evidence: [{ connection: 'a/ns', direction: 'S', line: 'ZZZ \x1b]0;owned\x07' }],
      }),
    );
    assert.ok(!row.includes('\x1b'));
    assert.match(row, /\\x1b\[2J/);
  });

  it('groups rows under their area and prints no evidence for a pass', () => {
    const text = formatReport([
      result('a', 'pass', { evidence: [{ connection: 'a/ns', direction: 'C', line: 'SYN 1 0' }] }),
      result('b', 'pass', { area: 'lists' }),
    ]);
    assert.equal(text.split('\n')[0], '== SYN');
    assert.match(text, /^== lists$/m);
    assert.doesNotMatch(text, /SYN 1 0/);
  });

  it('selects checks by area and by id, keeping their order', () => {
    const picked = selectChecks(CHECKS, ['sync', 'md5-salt']);
    assert.equal(picked[0]!.id, 'md5-salt');
    assert.ok(picked.slice(1).every((c) => c.area === 'sync'));
    assert.deepEqual(selectChecks(CHECKS, []).length, CHECKS.length);
  });

  it('gives every check a unique id and names a documentation page', () => {
    const ids = CHECKS.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const c of CHECKS)
      assert.match(c.doc, /^(commands\/[a-z]{3}\.md|versions\/msnp\d\.md|errors_and_hresults\.md|EXTRA-NOTES\.md)$/, c.id);
  });
});
