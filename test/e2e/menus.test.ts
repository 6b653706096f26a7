// The main window's menus as 3.0 had them, end to end in Chromium: every entry of File, Tools and Help is
// there, greyed (with why) or not as the sign-in stands, and does what it says; the status bar says where
// sign-in stands while Help ▸ About and the inspector name the protocol version and the server.
import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { chromiumMissingReason, eventually } from './harness';
import {
  ALICE,
  BOB,
  CAROL,
  ERIN,
  STEP_MS,
  contactList,
  section,
  useScenario,
  type Scenario,
} from './butterflyPage';

const skip = chromiumMissingReason();
const BOB_NAME = BOB.nickname!;
const SIGN_IN_FIRST = 'Sign in first.';

interface Shown {
  label: string;
  disabled?: true;
  title?: string;
  submenu?: true;
}

const mainWindow = (page: Page) => page.getByRole('region', { name: 'Butterfly' });

/** Opens a menu of the main window's menu bar; returns it. */
async function openMenu(page: Page, name: string): Promise<Locator> {
  await mainWindow(page)
    .getByRole('menubar', { name: 'Menu bar' })
    .getByRole('menuitem', { name, exact: true })
    .click();
  const menu = page.getByRole('menu', { name, exact: true });
  await menu.waitFor();
  return menu;
}

/** The items of a menu (not its submenus) as a person sees them: label, greyed with why, ▸. */
function shownItems(menu: Locator): Promise<Shown[]> {
  return menu.evaluate((el) =>
    [...el.children]
      .filter((item) => item.getAttribute('role')?.startsWith('menuitem'))
      .map((item) => {
        const shown: Shown = { label: item.querySelector('.menu-label')?.textContent ?? '' };
        if (item.getAttribute('aria-disabled') === 'true') shown.disabled = true;
        const title = item.getAttribute('title');
        if (title) shown.title = title;
        if (item.getAttribute('aria-haspopup') === 'menu') shown.submenu = true;
        return shown;
      }),
  );
}

/** Chooses an item of an open menu, through a submenu when `within` names one. */
async function choose(page: Page, menu: Locator, item: string, within?: string): Promise<void> {
  if (within) {
    await menu.getByRole('menuitem', { name: within, exact: true }).hover();
    await page
      .getByRole('menu', { name: within, exact: true })
      .getByRole('menuitem', { name: item, exact: true })
      .click();
  } else {
    await menu.getByRole('menuitem', { name: item, exact: true }).click();
  }
}

const statusBar = (page: Page) => mainWindow(page).locator('footer.status-bar');

/** Alice signs in (with Bob online) and puts Erin's added-you question aside. */
async function signInAlice(s: Scenario): Promise<void> {
  await s.signInEngine(BOB);
  await s.signInAs(ALICE);
  const added = s.page.getByRole('dialog', { name: `${ERIN.email} Added You` });
  await added.getByRole('button', { name: 'Cancel', exact: true }).click();
  await added.waitFor({ state: 'detached' });
  await eventually(async () => assert.deepEqual((await section(s.page, 'Online')).names, [BOB_NAME]), {
    timeoutMs: STEP_MS,
  });
}

describe('The main window menus in Chromium', { timeout: 240_000 }, () => {
  const scenario = useScenario();
  let s: Scenario;
  beforeEach(() => {
    if (!skip) s = scenario();
  });

  it('greys what needs an account while signed out, and Help works without one', { skip }, async () => {
    const { page } = s;
    await page.getByLabel('E-mail address').waitFor();
    assert.equal(await statusBar(page).textContent(), 'Not signed in');

    const file = await openMenu(page, 'File');
    assert.deepEqual(await shownItems(file), [
      { label: 'Sign In' },
      { label: 'My Status', disabled: true, title: SIGN_IN_FIRST },
      { label: 'Send an Instant Message', disabled: true, title: SIGN_IN_FIRST },
      { label: 'Send a File to', disabled: true, title: SIGN_IN_FIRST },
      { label: 'Send Mail', disabled: true, title: SIGN_IN_FIRST },
      { label: 'Open Received Files' },
      { label: 'Add a Contact…', disabled: true, title: SIGN_IN_FIRST },
      { label: 'Delete Contact', disabled: true, title: SIGN_IN_FIRST },
      { label: 'Close', disabled: true, title: 'Close the browser tab to leave Butterfly.' },
      { label: 'Exit', title: 'Sign out; then you can close the tab.' },
    ]);
    // Sign In puts the cursor in the form.
    await choose(page, file, 'Sign In');
    await eventually(async () =>
      assert.equal(
        await page.getByLabel('E-mail address').evaluate((el) => el === document.activeElement),
        true,
      ),
    );

    const tools = await openMenu(page, 'Tools');
    assert.deepEqual(await shownItems(tools), [
      { label: 'Send an Instant Message…', disabled: true, title: SIGN_IN_FIRST },
      { label: 'Send a Page…', disabled: true, title: SIGN_IN_FIRST },
      { label: 'Search for a Contact…', disabled: true, title: SIGN_IN_FIRST },
      { label: 'Invite a Friend by E-mail…', disabled: true, title: SIGN_IN_FIRST },
      { label: 'Pages Received…', disabled: true, title: SIGN_IN_FIRST },
      { label: 'MSN Web Services', disabled: true, title: SIGN_IN_FIRST },
      { label: 'Options…' },
    ]);
    // A greyed entry does nothing: the menu stays open and no window appears.
    await tools.getByRole('menuitem', { name: 'Send a Page…' }).click({ force: true });
    await tools.waitFor();
    assert.equal(await page.getByRole('dialog').count(), 0);
    await page.keyboard.press('Escape');

    const help = await openMenu(page, 'Help');
    assert.deepEqual(await shownItems(help), [
      { label: 'Help Topics', title: 'F1' },
      { label: 'Protocol Inspector', title: 'Ctrl+Shift+I' },
      { label: 'About' },
    ]);
    await choose(page, help, 'About');
    const about = page.getByRole('dialog', { name: 'About Butterfly' });
    await about.getByText(/^Version \S+$/).waitFor();
    assert.deepEqual(await about.locator('.about-connection').locator('dd').allTextContents(), [
      'Not signed in',
      'Not signed in',
    ]);
    await about.getByRole('button', { name: 'OK', exact: true }).click();
    await about.waitFor({ state: 'detached' });

    // F1 opens Help Topics; its contents move the focus to their topic.
    await page.keyboard.press('F1');
    const helpWindow = page.getByRole('dialog', { name: 'Butterfly Help' });
    const contents = helpWindow.getByRole('navigation', { name: 'Help topics' });
    assert.deepEqual(await contents.getByRole('button').allTextContents(), [
      'Signing in',
      'Adding contacts',
      'Conversations',
      'Files',
      'Privacy',
      'Pages',
    ]);
    await contents.getByRole('button', { name: 'Files', exact: true }).press('Enter');
    const files = helpWindow.getByRole('region', { name: 'Files', exact: true });
    await eventually(async () =>
      assert.equal(await files.evaluate((el) => el === document.activeElement), true),
    );
    await files.getByText(/File ▸ Open Received Files/).waitFor();
    await s.screenshot('menus-help-topics');
    await helpWindow.press('Escape');
    await helpWindow.waitFor({ state: 'detached' });
    assert.deepEqual(s.problems(), []);
  });

  it('offers the File menu of 3.0 while signed in, and each entry does what it says', { skip }, async () => {
    const { page } = s;
    await signInAlice(s);
    assert.equal(await statusBar(page).textContent(), 'Signed in');
    await mainWindow(page)
      .getByRole('button', { name: `${ALICE.nickname} (Online)` })
      .waitFor();

    // Delete Contact acts on the contact selected in the list.
    await contactList(page)
      .getByRole('option', { name: /Carol$/ })
      .click();
    const file = await openMenu(page, 'File');
    assert.deepEqual(await shownItems(file), [
      { label: 'Sign Out' },
      { label: 'My Status', submenu: true },
      { label: 'Send an Instant Message', submenu: true },
      { label: 'Send a File to', submenu: true },
      { label: 'Send Mail', submenu: true },
      { label: 'Open Hotmail Inbox' },
      { label: 'Open Hotmail Folders' },
      { label: 'Open Received Files' },
      { label: 'Add a Contact…' },
      { label: 'Delete Contact' },
      { label: 'Close', disabled: true, title: 'Close the browser tab to leave Butterfly.' },
      { label: 'Exit', title: 'Sign out; then you can close the tab.' },
    ]);
    // Instant messages and files go to people online; mail to anyone on the list.
    await file.getByRole('menuitem', { name: 'Send a File to', exact: true }).hover();
    const fileTo = page.getByRole('menu', { name: 'Send a File to', exact: true });
    assert.deepEqual(await shownItems(fileTo), [{ label: BOB_NAME, title: `${BOB_NAME} <${BOB.email}>` }]);
    await s.screenshot('menus-file');
    await file.getByRole('menuitem', { name: 'Send Mail', exact: true }).hover();
    assert.deepEqual(await shownItems(page.getByRole('menu', { name: 'Send Mail', exact: true })), [
      { label: BOB_NAME, title: `${BOB_NAME} <${BOB.email}>` },
      { label: 'Carol', title: `Carol <${CAROL.email}>` },
    ]);
    const asked = s.msnp.waitFor('clientCommand', (c) => c.line.startsWith('URL '), STEP_MS);
    const popup = page.waitForEvent('popup', { timeout: STEP_MS });
    await page
      .getByRole('menu', { name: 'Send Mail', exact: true })
      .getByRole('menuitem', { name: 'Carol' })
      .click();
    assert.match((await asked).line, /^URL \d+ COMPOSE carol@example\.com$/);
    await (await popup).close();

    // Send an Instant Message ▸ Bob opens the conversation.
    await choose(page, await openMenu(page, 'File'), BOB_NAME, 'Send an Instant Message');
    const toBob = page.getByRole('dialog', { name: `${BOB_NAME} - Instant Message` });
    await toBob.waitFor({ timeout: STEP_MS });
    await toBob.getByRole('button', { name: 'Close', exact: true }).first().click();
    await toBob.waitFor({ state: 'detached' });

    // Add a Contact… opens its dialog; Delete Contact asks about the selected contact.
    await choose(page, await openMenu(page, 'File'), 'Add a Contact…');
    const add = page.getByRole('dialog', { name: 'Add a Contact' });
    await add.waitFor();
    await add.press('Escape');
    await add.waitFor({ state: 'detached' });
    await choose(page, await openMenu(page, 'File'), 'Delete Contact');
    const sure = page.getByRole('alertdialog', { name: 'Delete Contact' });
    await sure.getByText(/^Are you sure you want to delete Carol/).waitFor();
    await sure.getByRole('button', { name: 'No', exact: true }).click();
    await sure.waitFor({ state: 'detached' });

    // My Status ▸ Busy changes the status: the line with your name says so, the status bar does not.
    await (await openMenu(page, 'File')).getByRole('menuitem', { name: 'My Status', exact: true }).hover();
    await page
      .getByRole('menu', { name: 'My Status', exact: true })
      .getByRole('menuitemradio', { name: 'Busy', exact: true })
      .click();
    await mainWindow(page)
      .getByRole('button', { name: `${ALICE.nickname} (Busy)` })
      .waitFor({ timeout: STEP_MS });
    assert.equal(await statusBar(page).textContent(), 'Signed in');

    // Open Received Files: the page cannot open a folder, so it lists this session's files and where they are.
    await choose(page, await openMenu(page, 'File'), 'Open Received Files');
    const received = page.getByRole('dialog', { name: 'Received Files' });
    await received.getByText('No files have been received since you signed in.').waitFor();
    await received
      .getByText(/^Received files are saved in .*downloads on the computer that runs Butterfly\.$/)
      .waitFor();
    await received.getByRole('button', { name: 'Close', exact: true }).last().click();
    await received.waitFor({ state: 'detached' });

    // Exit in a browser tab signs out and says the tab can be closed.
    await choose(page, await openMenu(page, 'File'), 'Exit');
    await page.getByLabel('E-mail address').waitFor({ timeout: STEP_MS });
    await page
      .getByRole('alert')
      .getByText('You have signed out of Butterfly. You can close this tab.')
      .waitFor();
    assert.equal(await statusBar(page).textContent(), 'Not signed in');
    assert.deepEqual(s.problems(), []);
  });

  it(
    'opens the Tools dialogs, and About and the inspector name the protocol version and server',
    { skip },
    async () => {
      const { page } = s;
      // Bob accepts pages, so Send a Page… has someone to offer.
      s.msnp.store.get(BOB.email)!.phones.MOB = 'Y';
      await signInAlice(s);

      const tools = await openMenu(page, 'Tools');
      assert.deepEqual(await shownItems(tools), [
        { label: 'Send an Instant Message…' },
        { label: 'Send a Page…' },
        { label: 'Search for a Contact…' },
        { label: 'Invite a Friend by E-mail…' },
        { label: 'Pages Received…' },
        { label: 'MSN Web Services', submenu: true },
        { label: 'Options…' },
      ]);
      await s.screenshot('menus-tools');

      // Send an Instant Message…: someone not online is refused in the dialog; a contact online is reached.
      await choose(page, tools, 'Send an Instant Message…');
      const pick = page.getByRole('dialog', { name: 'Send an Instant Message' });
      await pick.getByLabel('Or type an e-mail address').fill(CAROL.email);
      await pick.getByRole('button', { name: 'OK', exact: true }).click();
      await pick
        .getByRole('alert')
        .getByText(`${CAROL.email} is not online, so you cannot send an instant message now.`)
        .waitFor();
      await pick.getByLabel('Or type an e-mail address').fill('');
      await pick
        .getByRole('listbox', { name: 'Contacts currently online' })
        .getByRole('option', { name: BOB_NAME })
        .click();
      await pick.getByRole('button', { name: 'OK', exact: true }).click();
      await pick.waitFor({ state: 'detached' });
      const toBob = page.getByRole('dialog', { name: `${BOB_NAME} - Instant Message` });
      await toBob.waitFor({ timeout: STEP_MS });
      await toBob.getByRole('button', { name: 'Close', exact: true }).first().click();

      // Send a Page…: whom first (only people who accept pages), then the page to them.
      await choose(page, await openMenu(page, 'Tools'), 'Send a Page…');
      const paging = page.getByRole('dialog', { name: 'Send a Page' });
      const pageable = paging.getByRole('listbox', { name: 'Contacts who accept pages' });
      await pageable.waitFor();
      assert.deepEqual(await pageable.getByRole('option').allTextContents(), [BOB_NAME]);
      await pageable.getByRole('option', { name: BOB_NAME }).click();
      await paging.getByRole('button', { name: 'Next', exact: true }).click();
      await paging.getByText(`Send a page to ${BOB_NAME}'s mobile device`).waitFor();
      await paging.getByLabel('Message').waitFor();
      await paging.press('Escape');
      await paging.waitFor({ state: 'detached' });

      // The dialogs the other Tools entries open.
      for (const [item, title] of [
        ['Search for a Contact…', 'Find a Member'],
        ['Invite a Friend by E-mail…', 'Invite a Friend'],
        ['Pages Received…', 'Pages'],
        ['Options…', 'Options'],
      ] as const) {
        await choose(page, await openMenu(page, 'Tools'), item);
        const dialog = page.getByRole('dialog', { name: title, exact: true });
        await dialog.waitFor({ timeout: STEP_MS });
        await dialog.press('Escape');
        await dialog.waitFor({ state: 'detached' });
      }

      // The status bar leaves the protocol version to About and the inspector.
      assert.equal(await statusBar(page).textContent(), 'Signed in');
      const help = await openMenu(page, 'Help');
      await s.screenshot('menus-help');
      await choose(page, help, 'About');
      const about = page.getByRole('dialog', { name: 'About Butterfly' });
      const [protocol, server] = await about.locator('.about-connection dd').allTextContents();
      assert.equal(protocol, 'MSNP5');
      assert.match(server ?? '', new RegExp(`127\\.0\\.0\\.1:${s.msnp.dispatchPort}`));
      await s.screenshot('menus-about');
      await about.getByRole('button', { name: 'OK', exact: true }).click();

      await choose(page, await openMenu(page, 'Help'), 'Protocol Inspector');
      const inspector = page.getByRole('dialog', { name: 'Protocol Inspector' });
      await inspector.getByText(/^Speaking MSNP5 with 127\.0\.0\.1:\d+\.$/).waitFor();
      assert.deepEqual(s.problems(), []);
    },
  );
});
