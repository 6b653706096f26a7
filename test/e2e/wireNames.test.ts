// A name from the wire is shown as displayText makes it, everywhere the page shows one: a right-click
// menu named after the contact, and the Properties dialog's title and text. A right-to-left override
// would otherwise turn "Ben‮exe.gnp" into "Benpng.exe" on screen.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { STEP_MS, contactList } from './butterflyPage';
import { ANN, BEN, useChatWorld } from './chatPages';
import { chromiumMissingReason } from './harness';

const skip = chromiumMissingReason();
const HOSTILE = 'Ben\u202Eexe.gnp\u200B';
const SHOWN = 'Benexe.gnp';

describe('names from the wire in Chromium', { timeout: 120_000 }, () => {
  const world = useChatWorld();

  it('shows a contact menu and the Properties dialog without invisible characters', { skip }, async () => {
    const w = world();
    const ann = await w.signIn(ANN);
    const ben = await w.engine(BEN);
    await ben.setNickname(HOSTILE);
    const row = contactList(ann.page).getByRole('option', { name: /^Online Ben/ });
    await row.waitFor({ timeout: STEP_MS });
    await row.click({ button: 'right' });
    const menu = ann.page
      .getByRole('menu')
      .filter({ has: ann.page.getByRole('menuitem', { name: 'Properties' }) });
    await menu.waitFor({ timeout: STEP_MS });
    assert.equal(await menu.getAttribute('aria-label'), SHOWN);
    await menu.getByRole('menuitem', { name: 'Properties' }).click();

    const dialog = ann.page.getByRole('dialog', { name: `Properties - ${SHOWN}`, exact: true });
    await dialog.waitFor({ timeout: STEP_MS });
    const text = (await dialog.textContent()) ?? '';
    assert.doesNotMatch(text, /[\u202E\u200B]/u);
    assert.match(text, new RegExp(`Name${SHOWN}E-mail address`));
    assert.match(text, new RegExp(`${SHOWN} has not shared any phone numbers\\.`));
    assert.deepEqual(w.problems(), []);
  });
});
