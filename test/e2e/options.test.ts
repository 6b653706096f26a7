// Tools ▸ Options end to end, as 3.0's property sheet: the six tabs in their order (a screenshot of each),
// OK / Cancel / Apply holding every edit until applied, a refusal kept on its tab, and Automatic Idle with the
// page's clock faked: Idle in the self header and over the wire, Online again on the first input.
import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { nextEvent } from '../integration/helpers';
import { chromiumMissingReason } from './harness';
import { ALICE, BOB, ERIN, STEP_MS, chooseFromMenuBar, useScenario, type Scenario } from './butterflyPage';

const skip = chromiumMissingReason();
const TABS = ['Personal', 'Phone', 'Preferences', 'Privacy', 'Messages', 'Connection'];
const NAME = ALICE.nickname!;

/** Answers erin's added-you question later; it would only sit beside the options. */
async function setAsideErin(page: Page): Promise<void> {
  const added = page.getByRole('dialog', { name: `${ERIN.email} Added You` });
  await added.getByRole('button', { name: 'Cancel', exact: true }).click();
  await added.waitFor({ state: 'detached' });
}

async function openOptions(page: Page): Promise<Locator> {
  await chooseFromMenuBar(page, 'Tools', 'Options…');
  const options = page.getByRole('dialog', { name: 'Options' });
  await options.getByRole('tab', { name: 'Personal' }).waitFor();
  return options;
}

describe('Tools ▸ Options in Chromium', { timeout: 180_000 }, () => {
  const scenario = useScenario();
  let s: Scenario;
  beforeEach(() => {
    if (!skip) s = scenario();
  });

  it(
    'shows the six tabs in 3.0 order, each one drawn, with Apply disabled until something changes',
    { skip },
    async () => {
      const { page } = s;
      await s.signInAs(ALICE);
      await setAsideErin(page);
      const options = await openOptions(page);
      assert.deepEqual(await options.getByRole('tab').allTextContents(), TABS);
      const apply = options.getByRole('button', { name: 'Apply', exact: true });
      assert.equal(await apply.isDisabled(), true);
      for (const tab of TABS) {
        await options.getByRole('tab', { name: tab }).click();
        const panel = options.getByRole('tabpanel', { name: tab });
        await panel.waitFor();
        await s.screenshot(`options-${tab.toLowerCase()}`);
      }
      // Each tab's own words, so a screenshot of an empty panel cannot pass.
      await options.getByRole('tab', { name: 'Personal' }).click();
      await options.getByRole('checkbox', { name: /Show me as "Away" when I'm inactive for/ }).waitFor();
      assert.equal(
        await options.getByRole('spinbutton', { name: 'Minutes of inactivity' }).inputValue(),
        '5',
      );
      await options.getByRole('tab', { name: 'Preferences' }).click();
      const startUp = options.getByRole('checkbox', { name: 'Run this program when Windows starts' });
      assert.equal(await startUp.isDisabled(), true, 'browser mode cannot start with the computer');
      await options.getByRole('tab', { name: 'Privacy' }).click();
      await options.getByRole('button', { name: 'View…' }).waitFor();
      assert.equal(await apply.isDisabled(), true, 'looking changes nothing');
      assert.deepEqual(s.problems(), []);
    },
  );

  it(
    'forgets what Cancel closes on, keeps what Apply and OK send, and shows a refusal on its tab',
    { skip },
    async () => {
      const { page } = s;
      await s.signInAs(ALICE);
      await setAsideErin(page);

      // Cancel: an edit is forgotten.
      let options = await openOptions(page);
      await options.getByRole('tab', { name: 'Preferences' }).click();
      const mail = () => options.getByRole('checkbox', { name: 'When e-mail arrives' });
      await mail().uncheck();
      const apply = () => options.getByRole('button', { name: 'Apply', exact: true });
      assert.equal(await apply().isEnabled(), true);
      await mail().check();
      assert.equal(await apply().isDisabled(), true, 'put back as it was: nothing to apply');
      await mail().uncheck();
      await options.getByRole('button', { name: 'Cancel', exact: true }).click();
      await options.waitFor({ state: 'detached' });
      options = await openOptions(page);
      await options.getByRole('tab', { name: 'Preferences' }).click();
      assert.equal(await mail().isChecked(), true, 'a cancelled change is not kept');

      // Apply: sent, the dialog stays, Apply goes back to disabled; then a new name through OK.
      await mail().uncheck();
      await apply().click();
      await page.waitForFunction(() => {
        const button = [...document.querySelectorAll('.options .buttons button')].find(
          (b) => b.textContent === 'Apply',
        );
        return (button as HTMLButtonElement | undefined)?.disabled === true;
      });
      await options.getByRole('tab', { name: 'Personal' }).click();
      const renamed = s.msnp.waitFor(
        'clientCommand',
        (e) => /^REA \d+ alice@example\.com Queen%20Alice$/.test(e.line),
        STEP_MS,
      );
      await options.getByLabel('Type your name as you want others to see it:').fill('Queen Alice');
      await options.getByRole('button', { name: 'OK', exact: true }).click();
      await options.waitFor({ state: 'detached' });
      await renamed;
      await page.getByRole('button', { name: 'Queen Alice (Online)' }).waitFor({ timeout: STEP_MS });
      options = await openOptions(page);
      await options.getByRole('tab', { name: 'Preferences' }).click();
      assert.equal(await mail().isChecked(), false, 'an applied change is kept');

      // A refusal from main: OK stays open on the tab that failed, with its sentence.
      await options.getByRole('tab', { name: 'Personal' }).click();
      await options.getByRole('spinbutton', { name: 'Minutes of inactivity' }).fill('0');
      await options.getByRole('tab', { name: 'Messages' }).click();
      await options.getByRole('button', { name: 'OK', exact: true }).click();
      await options
        .getByRole('alert')
        .filter({ hasText: 'The minutes before you show as Idle are 1 to 99.' })
        .waitFor({ timeout: STEP_MS });
      assert.equal(
        await options.getByRole('tab', { name: 'Personal' }).getAttribute('aria-selected'),
        'true',
      );
      await s.screenshot('options-refused');
      await options.getByRole('spinbutton', { name: 'Minutes of inactivity' }).fill('10');
      await options.getByRole('button', { name: 'OK', exact: true }).click();
      await options.waitFor({ state: 'detached' });
      assert.deepEqual(s.problems(), []);
    },
  );

  it(
    'shows you as Idle after the minutes without input, for a contact too, and Online again on input',
    { skip },
    async () => {
      const { page } = s;
      // The page's clock runs on its own until the test jumps it forward (Playwright's fake timers).
      await page.clock.install();
      await page.reload();
      const bob = await s.signInEngine(BOB);
      await s.signInAs(ALICE);
      await setAsideErin(page);
      const header = page.getByRole('button', { name: `${NAME} (Online)` });
      await header.waitFor();

      const idle = nextEvent(
        bob,
        'presence',
        (e) => e.contact.email === ALICE.email && e.contact.status === 'IDL',
        STEP_MS,
      );
      await page.clock.fastForward('05:20');
      await page.getByRole('button', { name: `${NAME} (Idle)` }).waitFor({ timeout: STEP_MS });
      await idle;
      await s.screenshot('idle');

      const back = nextEvent(
        bob,
        'presence',
        (e) => e.contact.email === ALICE.email && e.contact.status === 'NLN',
        STEP_MS,
      );
      await page.mouse.move(200, 200);
      await page.mouse.move(220, 240);
      await header.waitFor({ timeout: STEP_MS });
      await back;
      assert.deepEqual(s.problems(), []);
    },
  );
});
