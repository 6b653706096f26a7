// The protocol inspector in Chromium: opened from the Help menu before signing in (which starts its recording)
// and again after, against a server that answers CHG with an extra field, it shows that line flagged, filters to deviations, sends PNG from its console with
// QNG highlighted as the reply, and exports the traffic as JSON lines.
import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { chromiumMissingReason } from './harness';
import { ALICE, STEP_MS, chooseFromMenuBar, useScenario, type Scenario } from './butterflyPage';

const skip = chromiumMissingReason();

describe('the protocol inspector', { timeout: 120_000 }, () => {
  const scenario = useScenario({ quirks: { chgTrailingField: true } });
  let s: Scenario;
  beforeEach(() => {
    if (!skip) s = scenario();
  });

  it('flags the deviation, filters, sends PNG from the console and exports', { skip }, async () => {
    const { page } = s;
    // Opened once before signing in, the inspector records from then on (the sign-in included).
    await chooseFromMenuBar(page, 'Help', 'Protocol Inspector');
    const inspector = page.getByRole('dialog', { name: 'Protocol Inspector' });
    await inspector.getByText(/^0 of 0 lines/).waitFor({ timeout: STEP_MS });
    await inspector.getByRole('button', { name: 'Close' }).click();
    await inspector.waitFor({ state: 'detached', timeout: STEP_MS });
    await s.signInAs(ALICE);
    await chooseFromMenuBar(page, 'Help', 'Protocol Inspector');
    const traffic = inspector.getByRole('listbox', { name: 'Traffic' });
    const flagged = traffic.getByRole('option').filter({ hasText: 'chg-trailing-field' });
    await flagged.waitFor({ timeout: STEP_MS });
    assert.match((await flagged.textContent()) ?? '', /CHG \d+ NLN 0.*CHG was answered with extra fields/);

    await inspector.getByLabel('Deviations only').check();
    await inspector.getByText(/^1 of \d+ lines/).waitFor({ timeout: STEP_MS });
    assert.equal(await traffic.getByRole('option').count(), 1);
    await flagged.click();
    await inspector
      .getByRole('region', { name: 'Line details' })
      .getByText('⚠ chg-trailing-field: CHG was answered with extra fields')
      .waitFor({ timeout: STEP_MS });
    await inspector.getByLabel('Deviations only').uncheck();

    const console = inspector.getByRole('form', { name: 'Console' });
    await console.getByLabel('Command').fill('PNG');
    await console.getByRole('button', { name: 'Send' }).click();
    const reply = traffic.getByRole('option').filter({ hasText: /QNG.*◀ reply/ });
    await reply.waitFor({ timeout: STEP_MS });
    await console.getByText('Sent PNG; its reply is highlighted.').waitFor({ timeout: STEP_MS });

    // Paused, the list stays as it was while lines still arrive (the total grows); resumed, it catches up.
    const countsOf = async () =>
      (/^(\d+) of (\d+)/.exec((await inspector.getByText(/^\d+ of \d+ lines/).textContent()) ?? '') ?? [])
        .slice(1)
        .map(Number);
    await inspector.getByRole('button', { name: 'Pause' }).click();
    await inspector.getByText(/^\d+ of \d+ lines \(paused\)/).waitFor({ timeout: STEP_MS });
    const [shownBefore, totalBefore] = await countsOf();
    await console.getByLabel('Command').fill('PNG');
    await console.getByRole('button', { name: 'Send' }).click();
    // The total grows while the shown count stays: both read from one line of text, waited on, not timed.
    await inspector
      .getByText(new RegExp(`^${shownBefore} of (?!${totalBefore} )\\d+ lines \\(paused\\)`))
      .waitFor({ timeout: STEP_MS });
    await inspector.getByRole('button', { name: 'Resume' }).click();
    await inspector
      .getByText(new RegExp(`^(?!${shownBefore} of)\\d+ of \\d+ lines`))
      .waitFor({ timeout: STEP_MS });

    await console.getByLabel('Command').fill('MSG N');
    await console.getByLabel(/^Payload \(0 bytes\)/).waitFor({ timeout: STEP_MS });

    const download = page.waitForEvent('download', { timeout: STEP_MS });
    await inspector.getByRole('button', { name: 'Export JSON lines' }).click();
    const file = await download;
    assert.match(file.suggestedFilename(), /^butterfly-traffic-.*\.jsonl$/);
    const lines = (await readFile((await file.path())!, 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: string; flags: { code: string }[] });
    assert.ok(lines.some((l) => l.flags.some((f) => f.code === 'chg-trailing-field')));
    assert.ok(
      lines.some((l) => /^USR \d+ MD5 S \*{8}$/.test(l.line)),
      'the MD5 answer is masked',
    );
    assert.ok(!lines.some((l) => / MD5 S [0-9a-f]{32}$/.test(l.line)));

    await s.screenshot('inspector');
    assert.deepEqual(s.problems(), []);
  });
});
