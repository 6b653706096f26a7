// The sign-in form's Advanced settings in Chromium: strict mode turns a deviation the app otherwise
// tolerates (a CHG reply with an extra field) into a sign-in that stops with a sentence naming it.
import { describe, it, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumMissingReason } from './harness';
import { ALICE, STEP_MS, contactList, fillSignIn, useScenario, type Scenario } from './butterflyPage';

const skip = chromiumMissingReason();

describe('strict mode in the sign-in form', { timeout: 120_000 }, () => {
  const scenario = useScenario({ quirks: { chgTrailingField: true } });
  let s: Scenario;
  beforeEach(() => {
    if (!skip) s = scenario();
  });

  it('signs in despite the deviation, then stops at it once strict mode is on', { skip }, async () => {
    const { page } = s;
    await s.signInAs(ALICE);
    await page
      .getByRole('region', { name: 'Butterfly' })
      .getByRole('menuitem', { name: 'File', exact: true })
      .click();
    await page
      .getByRole('menu', { name: 'File', exact: true })
      .getByRole('menuitem', { name: 'Sign Out', exact: true })
      .click();
    await page.getByRole('button', { name: 'Sign In', exact: true }).waitFor({ timeout: STEP_MS });

    await page.getByText('Advanced', { exact: true }).click();
    await page.getByLabel('Strict mode: sign out at the first deviation from the protocol').check();
    const keepAlive = page.getByLabel('Ping the server every');
    await keepAlive.fill('5');
    await keepAlive.press('Enter');
    await page
      .getByRole('alert')
      .filter({ hasText: 'Type 0 (never) or 10 to 600 seconds.' })
      .waitFor({ timeout: STEP_MS });
    await keepAlive.fill('30');
    await keepAlive.press('Enter');
    await fillSignIn(page, ALICE.email, ALICE.password, s.serverAddress);
    await page.getByRole('button', { name: 'Sign In', exact: true }).click();
    const stopped = page
      .getByRole('alert')
      .filter({ hasText: 'Strict mode stopped the sign-in: CHG was answered with extra fields.' });
    await stopped.waitFor({ timeout: STEP_MS });
    await stopped.scrollIntoViewIfNeeded();
    assert.equal(await contactList(page).count(), 0);
    await s.screenshot('sign-in-strict');
    assert.deepEqual(s.problems(), []);
  });
});
