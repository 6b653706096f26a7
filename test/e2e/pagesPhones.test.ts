// Pages and your own phone numbers end to end: Options ▸ Phone sets a home number and allows paging, which
// another account sees through BPR; a page with the home number as call-back goes out as the PAG payload
// MSNP5 clients sent; a page the server refuses says so; an incoming page and a failed-page report raise a
// toast and are listed in Pages Received.
import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { ConversationManager } from '../../main/msnp/conversations';
import { chromiumMissingReason, eventually } from './harness';
import { ALICE, BOB, STEP_MS, chooseFromMenuBar, toasts, useScenario, type Scenario } from './butterflyPage';
import { chatWindow, startChat } from './chatPages';

const skip = chromiumMissingReason();
const ALICE_NAME = ALICE.nickname!;
const HOME = '1 (555) 111-4444';
// Every character a page's text escapes, and one it does not.
const TEXT = 'Call me & bring <snacks>; 50^2 "ok"';
const ESCAPED = 'Call me &#x26; bring &#x3C;snacks&#x3E;&#x3B; 50&#x5E;2 "ok"';

/** Opens Tools ▸ Options on its Phone tab. */
async function openPhoneTab(page: Page): Promise<Locator> {
  await chooseFromMenuBar(page, 'Tools', 'Options…');
  const options = page.getByRole('dialog', { name: 'Options' });
  await options.getByRole('tab', { name: 'Phone' }).click();
  return options;
}

/** Types a home number in Options ▸ Phone, applies it, and closes Options once the server has it. */
async function setHomeNumber(s: Scenario, number: string): Promise<void> {
  const options = await openPhoneTab(s.page);
  await options.getByLabel('Home', { exact: true }).fill(number);
  await options.getByRole('button', { name: 'Apply', exact: true }).click();
  await options.getByRole('status').filter({ hasText: 'Your phone numbers were saved.' }).waitFor();
  await options.getByRole('button', { name: 'OK', exact: true }).click();
  await options.waitFor({ state: 'detached' });
}

/** Tools ▸ Send a Page…, then <name> among the people who accept pages, and Next. */
async function pageFromTools(page: Page, name: string): Promise<Locator> {
  await chooseFromMenuBar(page, 'Tools', 'Send a Page…');
  const dialog = page.getByRole('dialog', { name: 'Send a Page', exact: true });
  await dialog
    .getByRole('listbox', { name: 'Contacts who accept pages' })
    .getByRole('option', { name, exact: true })
    .click();
  await dialog.getByRole('button', { name: 'Next', exact: true }).click();
  await dialog.getByLabel('Message').waitFor();
  return dialog;
}

describe('Pages and phone numbers in Chromium', { timeout: 180_000 }, () => {
  const scenario = useScenario();
  let s: Scenario;
  beforeEach(() => {
    if (!skip) s = scenario();
  });

  it(
    'sets a home number and allows pages in Options ▸ Phone, which a contact sees through BPR',
    { skip },
    async () => {
      const { page } = s;
      // Signed out, the tab says what it needs.
      let options = await openPhoneTab(page);
      await options.getByText('Sign in to see and change your phone numbers.').waitFor();
      await options.getByRole('button', { name: 'OK', exact: true }).click();

      const alice = await s.signInEngine(ALICE);
      await s.signInAs(BOB);
      const sent: string[] = [];
      s.msnp.events.on('clientCommand', (e) => {
        if (e.email === BOB.email && e.line.startsWith('PRP ')) sent.push(e.line);
      });

      options = await openPhoneTab(page);
      const home = options.getByLabel('Home', { exact: true });
      const work = options.getByLabel('Work', { exact: true });
      const allow = options.getByRole('checkbox', { name: 'Allow people to page my mobile device' });
      const apply = options.getByRole('button', { name: 'Apply', exact: true });
      // What the server holds: bob's work number, no home number, no paging; nothing to apply yet.
      assert.equal(await work.inputValue(), BOB.phones!.PHW);
      assert.equal(await home.inputValue(), '');
      assert.equal(await allow.isChecked(), false);
      assert.equal(await apply.isDisabled(), true);
      await options.getByText('Anyone who has you on their contact list can see these numbers.').waitFor();

      // 96 bytes once URL-encoded: refused in the page, before anything goes out.
      await home.fill('5'.repeat(96));
      await apply.click();
      await options
        .getByRole('alert')
        .filter({ hasText: 'That home number is too long; shorten it and try again.' })
        .waitFor();
      assert.equal(await home.getAttribute('aria-invalid'), 'true');
      await s.screenshot('phone-too-long');
      assert.equal(sent.length, 0);

      await home.fill(HOME);
      await allow.check();
      await apply.click();
      await options.getByRole('status').filter({ hasText: 'Your phone numbers were saved.' }).waitFor();
      // Only what changed went out: the home number and the paging flag, not the work number.
      assert.deepEqual(
        sent.map((line) => line.replace(/^PRP \d+ /, '')),
        ['PHH 1%20(555)%20111-4444', 'MOB Y'],
      );
      assert.deepEqual(s.msnp.account(BOB.email)?.phones, { PHW: BOB.phones!.PHW, PHH: HOME, MOB: 'Y' });
      // Alice, who has bob on her list, is told through BPR.
      await eventually(
        () => {
          const bob = alice.snapshot().contacts.find((c) => c.email === BOB.email);
          assert.deepEqual(bob?.phones, { PHW: BOB.phones!.PHW, PHH: HOME, MOB: 'Y' });
        },
        { timeoutMs: STEP_MS },
      );
      assert.equal(await home.inputValue(), HOME);
      assert.equal(await allow.isChecked(), true);
      assert.equal(await apply.isDisabled(), true);
      await s.screenshot('phone-saved');

      // A number typed and left by switching tabs and pressing OK, without Apply, is saved all the same.
      await options.getByLabel('Mobile', { exact: true }).fill('+1 555 0177');
      await options.getByRole('tab', { name: 'Privacy' }).click();
      await options.getByRole('button', { name: 'OK', exact: true }).click();
      await options.waitFor({ state: 'detached', timeout: STEP_MS });
      assert.equal(s.msnp.account(BOB.email)?.phones.PHM, '+1 555 0177');
      assert.deepEqual(s.problems(), []);
    },
  );

  it(
    'pages alice from Tools ▸ Send a Page with the home number to call back, escaped as MSNP5 sends it',
    { skip },
    async () => {
      const { page } = s;
      await s.signInAs(BOB);
      await setHomeNumber(s, HOME);
      const dialog = await pageFromTools(page, ALICE_NAME);
      await dialog.getByText(`Send a page to ${ALICE_NAME}'s mobile device`).waitFor();
      const message = dialog.getByLabel('Message');
      const send = dialog.getByRole('button', { name: 'Send', exact: true });
      assert.equal(await send.isDisabled(), true);

      // Over the limit: the count turns to a warning and the page cannot go.
      await message.fill('x'.repeat(111));
      await dialog.getByText('111 / 110').waitFor();
      await dialog.locator('.page-count.error').waitFor();
      await dialog
        .getByRole('alert')
        .filter({ hasText: 'A page holds at most 110 characters; shorten your message.' })
        .waitFor();
      assert.equal(await send.isDisabled(), true);
      await s.screenshot('page-too-long');

      await message.fill(TEXT);
      await dialog.getByText(`${[...TEXT].length} / 110`).waitFor();
      const callback = dialog.getByLabel('Call-back number');
      assert.deepEqual(await callback.locator('option').allTextContents(), [
        "Don't include a call-back number",
        `Home: ${HOME}`,
        `Work: ${BOB.phones!.PHW}`,
      ]);
      await callback.selectOption({ label: `Home: ${HOME}` });
      await s.screenshot('page-compose');

      const paged = s.msnp.waitFor('page', (e) => e.from === BOB.email, STEP_MS);
      // The sending state lasts only the few seconds a page waits for a refusal: watched from before the click.
      const sending = dialog
        .getByRole('status')
        .filter({ hasText: /Sending the page….*counts as sent when no refusal comes within a few seconds/s })
        .waitFor({ timeout: STEP_MS });
      await send.click();
      await sending;
      const { to, payload } = await paged;
      assert.equal(to, ALICE.email);
      assert.equal(
        payload,
        `<PHONE pri="1"><LOC>HOME</LOC><NUM>15551114444</NUM></PHONE><TEXT xml:space="preserve">${ESCAPED}</TEXT>`,
      );
      await dialog
        .getByRole('status')
        .filter({ hasText: `Your page was sent to ${ALICE_NAME}.` })
        .waitFor({ timeout: STEP_MS });
      await s.screenshot('page-sent');
      await dialog.getByRole('button', { name: 'Close', exact: true }).filter({ hasText: 'Close' }).click();
      await dialog.waitFor({ state: 'detached' });
      assert.deepEqual(s.problems(), []);
    },
  );

  it(
    'says the server refused a page sent from the conversation window, and keeps the text',
    { skip },
    async () => {
      const { page } = s;
      const alice = new ConversationManager(await s.signInEngine(ALICE), { requestTimeoutMs: 5_000 });
      try {
        await s.signInAs(BOB);
        // Alice stops accepting pages on the server without bob being told: he still sees her as pageable.
        s.msnp.store.get(ALICE.email)!.phones.MOB = 'N';
        const win = await startChat(page, ALICE_NAME);
        await win
          .getByRole('menubar', { name: 'Menu bar' })
          .getByRole('menuitem', { name: 'File', exact: true })
          .click();
        await win
          .getByRole('menu', { name: 'File', exact: true })
          .getByRole('menuitem', { name: 'Send a Page…', exact: true })
          .click();
        const dialog = page.getByRole('dialog', { name: `Send a Page - ${ALICE_NAME}` });
        await dialog.getByLabel('Message').fill('Are you there?');
        await dialog.getByRole('button', { name: 'Send', exact: true }).click();
        await dialog
          .getByRole('alert')
          .filter({ hasText: `${ALICE_NAME} is not accepting pages right now.` })
          .waitFor({ timeout: STEP_MS });
        assert.equal(await dialog.getByLabel('Message').inputValue(), 'Are you there?');
        assert.equal(await dialog.getByRole('button', { name: 'Send', exact: true }).isEnabled(), true);
        await s.screenshot('page-refused');
        assert.equal(await chatWindow(page, ALICE_NAME).count(), 1);
        assert.deepEqual(s.problems(), []);
      } finally {
        alice.closeAll();
      }
    },
  );

  it(
    'shows an incoming page as a toast and in Pages Received, and a failed page as such',
    { skip },
    async () => {
      const { page } = s;
      await s.signInAs(BOB);
      await chooseFromMenuBar(page, 'Tools', 'Pages Received…');
      let pages = page.getByRole('dialog', { name: 'Pages' });
      await pages.getByText('No pages have arrived since you signed in.').waitFor();
      await s.screenshot('page-list-empty');
      await pages.getByRole('button', { name: 'Close', exact: true }).filter({ hasText: 'Close' }).click();
      await pages.waitFor({ state: 'detached' });

      // Markup from the wire is text, never HTML.
      const text = 'Call me back <b>now</b> & soon';
      s.msnp.sendPage(BOB.email, ALICE.email, text);
      const toast = toasts(page).filter({ hasText: `Page from ${ALICE_NAME}` });
      await toast.waitFor({ timeout: STEP_MS });
      await toast.filter({ hasText: text }).waitFor();
      await s.screenshot('page-toast');
      await toast.click();
      pages = page.getByRole('dialog', { name: 'Pages' });
      const rows = pages.getByRole('list', { name: 'Pages received' }).getByRole('listitem');
      await rows.first().waitFor({ timeout: STEP_MS });
      assert.equal(await rows.count(), 1);
      assert.equal(await rows.first().locator('.page-from').textContent(), ALICE_NAME);
      assert.equal(await rows.first().locator('.page-line').textContent(), text);
      assert.match((await rows.first().locator('.page-time').textContent()) ?? '', /^\d{1,2}:\d{2} [AP]M$/);
      assert.equal(await pages.locator('b').count(), 0);

      // The server's word that a page of ours did not arrive: newest first, and it reads as a failure.
      s.msnp.sendPage(BOB.email, ALICE.email, '', 7);
      await toasts(page)
        .filter({ hasText: 'A page you sent could not be delivered.' })
        .waitFor({ timeout: STEP_MS });
      await eventually(async () => assert.equal(await rows.count(), 2), { timeoutMs: STEP_MS });
      assert.equal(
        await rows.first().locator('.page-line').textContent(),
        `A page you sent to ${ALICE_NAME} could not be delivered.`,
      );
      assert.equal(await rows.nth(1).locator('.page-line').textContent(), text);
      await s.screenshot('page-received');
      assert.deepEqual(s.problems(), []);
    },
  );
});
