// axe-core over every window a person meets, in browser mode: the sign-in screen, the contact list, a
// conversation, Options (each tab), Add a Contact, Find a Member, the protocol inspector and About. No
// serious or critical finding is allowed; a failure lists each finding's rule id and where it is. And each
// of those windows opens from the menu bar's keys and closes with Tab and Enter, no mouse needed.
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { ALICE, BOB, ERIN, STEP_MS, chooseFromMenuBar, contactList, useScenario } from './butterflyPage';
import { chromiumMissingReason, eventually } from './harness';

const skip = chromiumMissingReason();
const axeSource: string = createRequire(import.meta.url)('axe-core').source;

interface Finding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/**
 * Runs axe over the whole page and returns its serious and critical findings, each named by the screen.
 * The page's CSP allows no inline script, so axe is evaluated through the DevTools protocol instead.
 */
async function audit(page: Page, where: string): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: unknown[] }> } })
      .axe;
    const result = await axe.run(document);
    return (
      result.violations as {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: string[] }[];
      }[]
    ).map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  return (found as Finding[])
    .filter((f) => f.impact === 'serious' || f.impact === 'critical')
    .map((f) => `${where}: ${f.id} (${f.impact}) ${f.help}: ${f.targets.join(', ')}`);
}

async function closeWindow(win: Locator): Promise<void> {
  await win.getByRole('button', { name: 'Close', exact: true }).first().click();
  await win.waitFor({ state: 'detached' });
}

/** Whether the element has the keyboard focus. */
const focused = (el: Locator) => el.evaluate((e) => e === document.activeElement);

/** Opens a menu of the menu bar with Alt+its letter, goes down to the item and presses Enter. */
async function chooseByKeyboard(page: Page, menu: string, item: string): Promise<void> {
  await page.keyboard.press(`Alt+${menu[0]!.toLowerCase()}`);
  const target = page
    .getByRole('menu', { name: menu, exact: true })
    .getByRole('menuitem', { name: item, exact: true });
  await target.waitFor();
  for (let i = 0; i < 30 && !(await focused(target)); i += 1) await page.keyboard.press('ArrowDown');
  assert.ok(await focused(target), `${menu} ▸ ${item} cannot be reached with the arrow keys`);
  await page.keyboard.press('Enter');
}

/** Fails unless the window took the focus, then goes back with Shift+Tab to its Close button and presses it. */
async function closeByKeyboard(page: Page, win: Locator, what: string): Promise<void> {
  await win.waitFor();
  await eventually(async () =>
    assert.ok(
      await win.evaluate((w) => w.contains(document.activeElement)),
      `${what} did not take the focus`,
    ),
  );
  const close = win.getByRole('button', { name: 'Close', exact: true }).first();
  for (let i = 0; i < 80 && !(await focused(close)); i += 1) await page.keyboard.press('Shift+Tab');
  assert.ok(await focused(close), `${what}'s Close button cannot be reached with Tab`);
  await page.keyboard.press('Enter');
  await win.waitFor({ state: 'detached' });
}

describe('accessibility in Chromium (axe-core)', { timeout: 240_000 }, () => {
  const scenario = useScenario();

  it('finds nothing serious or critical in any window', { skip }, async () => {
    const s = scenario();
    const { page } = s;
    const findings: string[] = [];

    await page.getByRole('button', { name: 'Sign In', exact: true }).waitFor();
    findings.push(...(await audit(page, 'sign-in')));

    await s.signInAs(ALICE);
    const added = page.getByRole('dialog', { name: `${ERIN.email} Added You` });
    await added.waitFor({ timeout: STEP_MS });
    findings.push(...(await audit(page, 'someone added you')));
    await added.getByRole('button', { name: 'Cancel', exact: true }).click();
    await added.waitFor({ state: 'detached' });
    await s.signInEngine(BOB);
    const bob = contactList(page).getByRole('option', { name: /^Online Bob/ });
    await bob.waitFor({ timeout: STEP_MS });
    findings.push(...(await audit(page, 'contact list')));

    await bob.dblclick();
    const chat = page.getByRole('dialog', { name: /- Instant Message$/ });
    await chat.getByRole('textbox', { name: 'Type your message' }).fill('Hello');
    findings.push(...(await audit(page, 'conversation')));
    await closeWindow(chat);

    await chooseFromMenuBar(page, 'Tools', 'Options…');
    const options = page.getByRole('dialog', { name: 'Options' });
    const tabs = options.getByRole('tab');
    await tabs.first().waitFor();
    for (const name of await tabs.allTextContents()) {
      await options.getByRole('tab', { name, exact: true }).click();
      await options.getByRole('tabpanel', { name, exact: true }).waitFor();
      findings.push(...(await audit(page, `Options ▸ ${name}`)));
    }
    await closeWindow(options);

    const windows: [string, string, string, string][] = [
      ['Add a Contact', 'File', 'Add a Contact…', 'Add a Contact'],
      ['Find a Member', 'Tools', 'Search for a Contact…', 'Find a Member'],
      ['inspector', 'Help', 'Protocol Inspector', 'Protocol Inspector'],
      ['About', 'Help', 'About', 'About Butterfly'],
    ];
    for (const [where, menu, item, title] of windows) {
      await chooseFromMenuBar(page, menu, item);
      const win = page.getByRole('dialog', { name: title });
      await win.waitFor();
      findings.push(...(await audit(page, where)));
      await closeWindow(win);
    }

    assert.deepEqual(findings, [], `axe found:\n${findings.join('\n')}`);
    assert.deepEqual(s.problems(), []);
  });

  it('opens and closes every window from the keyboard alone', { skip }, async () => {
    const s = scenario();
    const { page } = s;
    await s.signInAs(ALICE);
    await closeByKeyboard(
      page,
      page.getByRole('dialog', { name: `${ERIN.email} Added You` }),
      'Someone added you',
    );
    await s.signInEngine(BOB);
    const list = contactList(page);
    await list.getByRole('option', { name: /^Online Bob/ }).waitFor({ timeout: STEP_MS });
    await list.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    await closeByKeyboard(page, page.getByRole('dialog', { name: /- Instant Message$/ }), 'The conversation');

    const windows: [string, string, string][] = [
      ['Tools', 'Options…', 'Options'],
      ['File', 'Add a Contact…', 'Add a Contact'],
      ['Tools', 'Search for a Contact…', 'Find a Member'],
      ['Help', 'Protocol Inspector', 'Protocol Inspector'],
      ['Help', 'About', 'About Butterfly'],
    ];
    for (const [menu, item, title] of windows) {
      await list.focus();
      await chooseByKeyboard(page, menu, item);
      await closeByKeyboard(page, page.getByRole('dialog', { name: title }), title);
    }
    assert.deepEqual(s.problems(), []);
  });
});
