// Butterfly on an 800 x 600 screen, as 3.0 often ran: every inline window stays inside the page with its
// close button showing, and a very long name is cut with an ellipsis (never pushing a list sideways) with
// the whole name and address in the tooltip, in every list that shows people.
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Locator, Page } from 'playwright-core';
import { demoAccounts } from '../../main/sandbox/demoData';
import { DEMO_DIRECTORY } from '../../main/sandbox/directory';
import { ALICE, BOB, ERIN, STEP_MS, Scenario, chooseFromMenuBar, contactList, toasts } from './butterflyPage';
import { chromiumMissingReason, launchChromium } from './harness';

const skip = chromiumMissingReason();
const SCREEN = { width: 800, height: 600 };
// Words that wrap and one that cannot: both must be cut, not spill.
const LONG =
  'Bartholomew Maximilian Fitzgerald-Montgomery the Third of Supercalifragilisticexpialidociousland';
const FIRST = 'Maximilianawilhelminakonstantinopolitanische';
const LAST = 'Featherstonehaugh-Cholmondeley';

/** The demo cast with long names for Bob (allowed, online later), Mallory (blocked) and Erin (added you). */
function longCast() {
  return demoAccounts().map((a) =>
    ['bob@example.com', 'mallory@example.com', 'erin@example.com'].includes(a.email)
      ? { ...a, nickname: `${LONG} ${a.email.slice(0, a.email.indexOf('@'))}` }
      : a,
  );
}
const longName = (email: string) => `${LONG} ${email.slice(0, email.indexOf('@'))}`;

/** Fails, naming `what`, if the element's content is wider than its box (a horizontal scroll or spill). */
async function assertNoOverflow(el: Locator, what: string): Promise<void> {
  const { scroll, client } = await el.evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
  assert.ok(scroll <= client, `${what} overflows sideways: scrollWidth ${scroll} > clientWidth ${client}`);
}

/** Fails unless the element shows less than its text (an ellipsis), so the test is about a real cut. */
async function assertCut(el: Locator, what: string): Promise<void> {
  const { scroll, client } = await el.evaluate((e) => ({ scroll: e.scrollWidth, client: e.clientWidth }));
  assert.ok(scroll > client, `${what} is not cut short (scrollWidth ${scroll}, clientWidth ${client})`);
}

/** Fails unless the whole box is inside the 800 x 600 page. */
async function assertOnScreen(el: Locator, what: string): Promise<void> {
  const box = await el.boundingBox();
  assert.ok(box, `${what} is not shown`);
  const inside =
    box.x >= 0 && box.y >= 0 && box.x + box.width <= SCREEN.width && box.y + box.height <= SCREEN.height;
  assert.ok(inside, `${what} runs past the ${SCREEN.width} x ${SCREEN.height} page: ${JSON.stringify(box)}`);
}

describe('an 800 x 600 screen in Chromium', { timeout: 240_000 }, () => {
  let browser: Browser | undefined;
  let s: Scenario | undefined;
  before(async () => {
    if (!skip) browser = await launchChromium();
  });
  after(async () => {
    await browser?.close().catch(() => {});
  });
  beforeEach(async () => {
    if (!browser) return;
    const directory = [
      ...DEMO_DIRECTORY,
      { firstName: FIRST, lastName: LAST, city: 'Llanfairpwllgwyngyll', state: '', country: 'GB' },
    ];
    // Toasts stay until closed, so reading one never races its five seconds.
    s = await Scenario.open(browser, longCast(), { directory }, ['--toast-seconds', '3600']);
    await s.page.setViewportSize(SCREEN);
  });
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  /** Signs Alice in; Erin's "added you" question stays open unless `answer`. */
  async function signIn(answer = true): Promise<Page> {
    const { page } = s!;
    await s!.signInAs(ALICE);
    const added = page.getByRole('dialog', { name: `${ERIN.email} Added You` });
    await added.waitFor({ timeout: STEP_MS });
    if (answer) {
      await added.getByRole('button', { name: 'Cancel', exact: true }).click();
      await added.waitFor({ state: 'detached' });
    }
    return page;
  }

  it(
    'cuts a long name short, with the whole name and address in its tooltip, in every list',
    { skip },
    async () => {
      const page = await signIn();
      const bobName = longName(BOB.email);

      // The toast when Bob signs in (kept until closed here), and his row.
      await s!.signInEngine(BOB);
      const toast = toasts(page).filter({ hasText: 'has just signed in.' });
      await toast.waitFor({ timeout: STEP_MS });
      const shown = await toast.evaluate((el) => {
        const box = el.closest('.toast')!;
        const title = el.querySelector('.toast-title')!;
        return {
          tooltip: el.getAttribute('title'),
          spills: box.scrollWidth > box.clientWidth,
          cut: title.scrollHeight > title.clientHeight,
        };
      });
      assert.deepEqual(shown, { tooltip: `${bobName} has just signed in.`, spills: false, cut: true });
      await page
        .getByRole('region', { name: 'Notifications' })
        .locator('.toast')
        .filter({ hasText: 'has just signed in.' })
        .getByRole('button', { name: 'Close', exact: true })
        .click();
      await toast.waitFor({ state: 'detached' });
      const row = contactList(page).getByRole('option', { name: `Online ${bobName}` });
      await row.waitFor({ timeout: STEP_MS });
      await assertNoOverflow(contactList(page), 'the contact list');
      await assertCut(row.locator('.name'), "Bob's row");
      assert.match((await row.getAttribute('title')) ?? '', new RegExp(`^${bobName} <bob@example\\.com>`));
      await s!.screenshot('800x600-long-name-list');

      // A menu of people: File ▸ Send an Instant Message ▸.
      await chooseFromMenuBar(page, 'File', 'Send an Instant Message');
      const people = page.getByRole('menu', { name: 'Send an Instant Message', exact: true });
      const item = people.getByRole('menuitem', { name: bobName });
      await item.waitFor();
      assert.equal(await item.getAttribute('title'), `${bobName} <bob@example.com>`);
      await assertCut(item.locator('.menu-label'), 'the menu item');
      await assertNoOverflow(people, 'the people submenu');
      await assertOnScreen(people, 'the people submenu');
      await s!.screenshot('800x600-long-name-menu');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await people.waitFor({ state: 'detached' });

      // The conversation's To: line.
      await row.dblclick();
      const chat = page.getByRole('dialog', { name: `${bobName} - Instant Message` });
      await chat.waitFor();
      const to = chat.locator('.to-line');
      assert.equal(await to.getAttribute('title'), `${bobName} <bob@example.com>`);
      await assertCut(to, 'the To: line');
      await assertNoOverflow(chat, 'the conversation window');
      await assertOnScreen(chat, 'the conversation window');
      await s!.screenshot('800x600-long-name-conversation');
      await chat.getByRole('button', { name: 'Close', exact: true }).first().click();
      await chat.waitFor({ state: 'detached' });

      // Options ▸ Privacy: the allow list (Bob) and the block list (Mallory), and View… (the reverse list).
      await chooseFromMenuBar(page, 'Tools', 'Options…');
      const options = page.getByRole('dialog', { name: 'Options' });
      await options.getByRole('tab', { name: 'Privacy' }).click();
      for (const [list, email] of [
        ['My Allow List', BOB.email],
        ['My Block List', 'mallory@example.com'],
      ] as const) {
        const box = options.getByRole('listbox', { name: list });
        const option = box.getByRole('option', { name: longName(email) });
        assert.equal(await option.getAttribute('title'), `${longName(email)} <${email}>`);
        await assertCut(option, `${list}'s row`);
        await assertNoOverflow(box, list);
      }
      await assertOnScreen(options, 'Options');
      await s!.screenshot('800x600-long-name-privacy');
      await options.getByRole('button', { name: 'View…' }).click();
      const reverse = page.getByRole('list', { name: 'People who have you on their list' });
      const erin = reverse.getByRole('listitem').filter({ hasText: longName(ERIN.email) });
      assert.equal(await erin.getAttribute('title'), `${longName(ERIN.email)} <${ERIN.email}>`);
      await assertCut(erin, 'the reverse list row');
      await assertNoOverflow(reverse, 'the reverse list');
      await s!.screenshot('800x600-long-name-reverse-list');
      await page
        .getByRole('dialog', { name: 'Who Has Added You' })
        .getByRole('button', { name: 'OK', exact: true })
        .click();
      await reverse.waitFor({ state: 'detached' });
      await options.getByRole('button', { name: 'Close', exact: true }).first().click();
      await options.waitFor({ state: 'detached' });

      // Find a Member's results.
      await chooseFromMenuBar(page, 'Tools', 'Search for a Contact…');
      const find = page.getByRole('dialog', { name: 'Find a Member' });
      await find.getByLabel('First name').fill(FIRST);
      await find.getByLabel('Last name').fill(LAST);
      await find.getByLabel('Country').selectOption({ label: 'United Kingdom' });
      await find.getByRole('button', { name: 'Search', exact: true }).click();
      const found = find.getByRole('listbox', { name: 'People found' });
      const person = found.getByRole('option', { name: new RegExp(`^${FIRST} ${LAST}`) });
      await person.waitFor({ timeout: STEP_MS });
      assert.equal(
        await person.getAttribute('title'),
        `${FIRST} ${LAST}, Llanfairpwllgwyngyll, United Kingdom`,
      );
      await assertCut(person.locator('span').first(), 'the found name');
      await assertNoOverflow(found, 'the people found');
      await assertOnScreen(find, 'Find a Member');
      await s!.screenshot('800x600-long-name-find');
      assert.deepEqual(s!.problems(), []);
    },
  );

  it('opens every window inside the page, its close button showing', { skip }, async () => {
    const page = await signIn(false);
    // Erin's question opened first, so the conversation cascades further right than a window alone would.
    await s!.signInEngine(BOB);
    const row = contactList(page).getByRole('option', { name: `Online ${longName(BOB.email)}` });
    await row.dblclick();
    const opened: [string, Locator, () => Promise<void>][] = [
      ['conversation', page.getByRole('dialog', { name: /- Instant Message$/ }), async () => {}],
      [
        'options',
        page.getByRole('dialog', { name: 'Options' }),
        () => chooseFromMenuBar(page, 'Tools', 'Options…'),
      ],
      [
        'add-contact',
        page.getByRole('dialog', { name: 'Add a Contact' }),
        () => chooseFromMenuBar(page, 'File', 'Add a Contact…'),
      ],
      [
        'find-member',
        page.getByRole('dialog', { name: 'Find a Member' }),
        () => chooseFromMenuBar(page, 'Tools', 'Search for a Contact…'),
      ],
      [
        'inspector',
        page.getByRole('dialog', { name: 'Protocol Inspector' }),
        () => chooseFromMenuBar(page, 'Help', 'Protocol Inspector'),
      ],
      [
        'about',
        page.getByRole('dialog', { name: 'About Butterfly' }),
        () => chooseFromMenuBar(page, 'Help', 'About'),
      ],
    ];
    for (const [name, win, open] of opened) {
      await open();
      await win.waitFor({ timeout: STEP_MS });
      await assertOnScreen(win, `the ${name} window`);
      const close = win.getByRole('button', { name: 'Close', exact: true }).first();
      await assertOnScreen(close, `the ${name} window's close button`);
      await s!.screenshot(`800x600-${name}`);
      await close.click();
      await win.waitFor({ state: 'detached' });
    }
    assert.deepEqual(s!.problems(), []);
  });
});
