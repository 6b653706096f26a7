// The contact list's tools end to end: a contact's Properties (numbers that change while it is open,
// through the BPR the server sends), the row's tooltip and its mobile figure for people who accept pages,
// the Search box, Delete Contact's "Are you sure" (No keeps, Yes removes on the server), and View in the
// added-you question and Options ▸ Privacy listing who has you on their list.
import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { chromiumMissingReason, eventually } from './harness';
import {
  ALICE,
  BOB,
  ERIN,
  STEP_MS,
  chooseFromMenuBar,
  contactList,
  listsOf,
  section,
  useScenario,
  type Scenario,
} from './butterflyPage';

const skip = chromiumMissingReason();
const BOB_NAME = BOB.nickname!;
const BOB_WORK = BOB.phones!.PHW!;
const HOME = '1 (555) 010-2030';

/** Signs Alice in and puts erin's added-you question aside (it would sit over what the test looks at). */
async function signInAlice(s: Scenario): Promise<void> {
  await s.signInAs(ALICE);
  const added = s.page.getByRole('dialog', { name: `${ERIN.email} Added You` });
  await added.getByRole('button', { name: 'Cancel', exact: true }).click();
  await added.waitFor({ state: 'detached' });
}

function row(page: Page, name: string | RegExp): Locator {
  return contactList(page).getByRole('option', { name });
}

/** Right-clicks a contact and chooses an item of their menu. */
async function fromContactMenu(page: Page, contact: Locator, item: string): Promise<void> {
  await contact.click({ button: 'right' });
  await page.getByRole('menu').getByRole('menuitem', { name: item, exact: true }).click();
}

const searchBox = (page: Page) => page.getByRole('searchbox', { name: 'Search contacts' });

/** The names under both headings and the headings themselves. */
async function shown(page: Page): Promise<{ headings: string[]; names: string[] }> {
  const [on, off] = await Promise.all([section(page, 'Online'), section(page, 'Not Online')]);
  return { headings: [on.heading, off.heading], names: [...on.names, ...off.names] };
}

describe('Contact list tools in Chromium', { timeout: 240_000 }, () => {
  const scenario = useScenario();
  let s: Scenario;
  beforeEach(() => {
    if (!skip) s = scenario();
  });

  it(
    'shows a contact’s Properties, tooltip and mobile figure, and updates them when the contact changes a number',
    { skip },
    async () => {
      const bob = await s.signInEngine(BOB);
      const { page } = s;
      await signInAlice(s);
      const bobRow = row(page, new RegExp(`^Online ${BOB_NAME}`));
      await bobRow.waitFor({ timeout: STEP_MS });
      assert.equal(await bobRow.getAttribute('title'), `${BOB_NAME} <${BOB.email}>\nWork phone: ${BOB_WORK}`);
      assert.equal(await bobRow.getByRole('img', { name: 'accepts pages' }).count(), 0);

      await fromContactMenu(page, bobRow, 'Properties');
      const props = page.getByRole('dialog', { name: `Properties - ${BOB_NAME}`, exact: true });
      await props.waitFor({ timeout: STEP_MS });
      const text = async () => (await props.textContent()) ?? '';
      assert.match(await text(), new RegExp(`NameBob Ünïcode ☃E-mail address${BOB.email}StatusOnline`));
      assert.match(await text(), /On your contact listCan see you and contact youHas you on their list/);
      assert.match(await text(), new RegExp(`Work phone${BOB_WORK.replace('+', '\\+')}`));
      assert.match(await text(), /does not accept pages/);
      assert.doesNotMatch(await text(), /Home phone/);

      // Bob shares a home number and allows pages from his own session: the server sends Alice BPRs.
      await bob.setPhone('PHH', HOME);
      await props.getByText(HOME, { exact: true }).waitFor({ timeout: STEP_MS });
      assert.match(await text(), new RegExp(`Home phone${HOME.replace(/[()]/g, '\\$&')}Work phone`));
      await bob.setPhone('MOB', 'Y');
      await props.getByText(`${BOB_NAME} accepts pages on a mobile device.`).waitFor({ timeout: STEP_MS });
      await s.screenshot('list-properties');

      // The row follows: its tooltip lists the numbers, and the small mobile device shows.
      await bobRow.getByRole('img', { name: 'accepts pages' }).waitFor({ timeout: STEP_MS });
      assert.equal(
        await bobRow.getAttribute('title'),
        `${BOB_NAME} <${BOB.email}>\nHome phone: ${HOME}\nWork phone: ${BOB_WORK}\nAccepts pages`,
      );
      await props.getByRole('button', { name: 'OK', exact: true }).click();
      await props.waitFor({ state: 'detached' });
      // Someone else selected, so the picture shows the device on an ordinary row.
      await row(page, 'Not online Carol').click();
      await s.screenshot('list-mobile');
      assert.deepEqual(s.problems(), []);
    },
  );

  it(
    'filters the list by name and by address as you type, says when nobody matches, and clears on Escape',
    { skip },
    async () => {
      await s.signInEngine(BOB);
      const { page } = s;
      await signInAlice(s);
      await row(page, new RegExp(`^Online ${BOB_NAME}`)).waitFor({ timeout: STEP_MS });
      assert.deepEqual(await shown(page), {
        headings: ['Contacts Currently Online (1)', 'Contacts Not Online (1)'],
        names: [BOB_NAME, 'Carol'],
      });

      // From the list, "/" goes to the Search box; by name, case aside.
      await contactList(page).focus();
      await page.keyboard.press('/');
      await eventually(async () =>
        assert.equal(await searchBox(page).evaluate((el) => el === document.activeElement), true),
      );
      await page.keyboard.type('CAR');
      await eventually(async () =>
        assert.deepEqual(await shown(page), {
          headings: ['Contacts Currently Online (0)', 'Contacts Not Online (1)'],
          names: ['Carol'],
        }),
      );
      await s.screenshot('list-search');

      // Down moves into the filtered list, on its first row.
      await page.keyboard.press('ArrowDown');
      await eventually(async () => {
        assert.equal(await contactList(page).evaluate((el) => el === document.activeElement), true);
        assert.equal(await row(page, 'Not online Carol').getAttribute('aria-selected'), 'true');
      });

      // Ctrl+F from the list; by address.
      await page.keyboard.press('Control+f');
      await eventually(async () =>
        assert.equal(await searchBox(page).evaluate((el) => el === document.activeElement), true),
      );
      await page.keyboard.type('bob@EXAMPLE');
      await eventually(async () =>
        assert.deepEqual(await shown(page), {
          headings: ['Contacts Currently Online (1)', 'Contacts Not Online (0)'],
          names: [BOB_NAME],
        }),
      );

      // Nobody: one sentence.
      await searchBox(page).fill('zebra');
      await page.getByRole('status').filter({ hasText: 'No contacts match "zebra".' }).waitFor();
      assert.deepEqual((await shown(page)).headings, [
        'Contacts Currently Online (0)',
        'Contacts Not Online (0)',
      ]);
      await s.screenshot('list-search-empty');

      // Escape clears it, and everyone is back.
      await page.keyboard.press('Escape');
      assert.equal(await searchBox(page).inputValue(), '');
      await eventually(async () =>
        assert.deepEqual(await shown(page), {
          headings: ['Contacts Currently Online (1)', 'Contacts Not Online (1)'],
          names: [BOB_NAME, 'Carol'],
        }),
      );
      assert.equal(await page.getByText('No contacts match').count(), 0);
      assert.deepEqual(s.problems(), []);
    },
  );

  it(
    'asks before Delete Contact: No keeps the contact, Yes removes them on the server',
    { skip },
    async () => {
      const { page } = s;
      await signInAlice(s);
      const carol = row(page, 'Not online Carol');
      await carol.waitFor({ timeout: STEP_MS });

      // From the contact's menu; No (the focused button, so Enter) keeps her.
      await fromContactMenu(page, carol, 'Delete Contact');
      const ask = page.getByRole('alertdialog', { name: 'Delete Contact' });
      await ask.waitFor({ timeout: STEP_MS });
      assert.equal(
        (await ask.getByText(/^Are you sure/).textContent())?.trim(),
        'Are you sure you want to delete Carol from your contact list?',
      );
      await s.screenshot('list-delete');
      await eventually(async () =>
        assert.equal(
          await ask.getByRole('button', { name: 'No' }).evaluate((el) => el === document.activeElement),
          true,
        ),
      );
      await page.keyboard.press('Enter');
      await ask.waitFor({ state: 'detached' });
      await carol.waitFor();
      assert.ok(listsOf(s, ALICE.email).FL.includes('carol@example.com'));

      // Escape answers No as well.
      await fromContactMenu(page, carol, 'Delete Contact');
      await ask.waitFor();
      await page.keyboard.press('Escape');
      await ask.waitFor({ state: 'detached' });
      assert.equal(await carol.count(), 1);

      // From the File menu, for the selected contact; Yes removes her from the forward list on the server.
      await carol.click();
      await chooseFromMenuBar(page, 'File', 'Delete Contact');
      await ask.getByText('Are you sure you want to delete Carol from your contact list?').waitFor();
      await ask.getByRole('button', { name: 'Yes' }).click();
      await carol.waitFor({ state: 'detached', timeout: STEP_MS });
      await eventually(() => assert.ok(!listsOf(s, ALICE.email).FL.includes('carol@example.com')));
      assert.deepEqual((await shown(page)).headings, [
        'Contacts Currently Online (0)',
        'Contacts Not Online (1)',
      ]);
      assert.deepEqual(s.problems(), []);
    },
  );

  it(
    'lists who has you on their list from View in the added-you question and in Options ▸ Privacy',
    { skip },
    async () => {
      const { page } = s;
      await s.signInAs(ALICE);
      const added = page.getByRole('dialog', { name: `${ERIN.email} Added You` });
      await added.getByRole('button', { name: 'View…' }).click();
      const view = page.getByRole('dialog', { name: 'Who Has Added You' });
      const people = view.getByRole('list', { name: 'People who have you on their list' });
      await people.waitFor({ timeout: STEP_MS });
      // Alice's reverse list on the test server, by name: bob, carol, erin (waiting) and mallory (blocked).
      const expected = [
        `${BOB_NAME} (${BOB.email})`,
        'Carol (carol@example.com)',
        `${ERIN.nickname} (${ERIN.email})`,
        'Mallory (mallory@example.com)',
      ];
      assert.deepEqual(await people.getByRole('listitem').allTextContents(), expected);
      assert.deepEqual(listsOf(s, ALICE.email).RL.sort(), [
        BOB.email,
        'carol@example.com',
        ERIN.email,
        'mallory@example.com',
      ]);
      await s.screenshot('list-view-added');

      // Escape closes the list only; the question stays to be answered.
      await page.keyboard.press('Escape');
      await view.waitFor({ state: 'detached' });
      await added.getByRole('radio', { name: /^Allow this person/ }).waitFor();
      await added.getByRole('button', { name: 'Cancel', exact: true }).click();
      await added.waitFor({ state: 'detached' });

      await chooseFromMenuBar(page, 'Tools', 'Options…');
      const options = page.getByRole('dialog', { name: 'Options' });
      await options.getByRole('tab', { name: 'Privacy' }).click();
      await options.getByRole('button', { name: 'View…' }).click();
      assert.deepEqual(await people.getByRole('listitem').allTextContents(), expected);
      await s.screenshot('list-view-privacy');
      await view.getByRole('button', { name: 'OK', exact: true }).click();
      await view.waitFor({ state: 'detached' });
      await options.getByRole('tab', { name: 'Privacy' }).waitFor();
      assert.deepEqual(s.problems(), []);
    },
  );
});
