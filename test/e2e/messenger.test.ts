// End-to-end scenarios: browser mode in Chromium, signed in through the form to a scripted MSNP test
// server that the test starts on 127.0.0.1:0, with the other people as engine sessions. Each scenario gets
// its own test server, browser-mode process (fresh --data directory) and browser context.
import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nextEvent } from '../integration/helpers';
import { chromiumMissingReason, eventually } from './harness';
import {
  ALICE,
  BOB,
  CAROL,
  ERIN,
  STEP_MS,
  useScenario,
  type Scenario,
  chooseFromMenuBar,
  closedPort,
  contactList,
  fillSignIn,
  listsOf,
  section,
  settled,
  toasts,
} from './butterflyPage';

const skip = chromiumMissingReason();
const BOB_NAME = BOB.nickname!;
const bobSignedIn = `${BOB_NAME} has just signed in.`;
describe('Butterfly in Chromium against a test server', { timeout: 180_000 }, () => {
  const scenario = useScenario();
  let s: Scenario;
  beforeEach(() => {
    if (!skip) s = scenario();
  });

  it(
    'signs in as alice and lists her contacts under "Contacts Currently Online (n)" and "Contacts Not Online (n)"',
    { skip },
    async () => {
      await s.signInEngine(BOB);
      const { page } = s;
      await fillSignIn(page, ALICE.email, ALICE.password, s.serverAddress);
      await s.screenshot('sign-in');
      await page.getByRole('button', { name: 'Sign In', exact: true }).click();
      await contactList(page).waitFor({ state: 'visible', timeout: STEP_MS });

      // Alice's forward list is Bob (online) and Carol (not); Mallory is only blocked and Erin only has her
      // on their lists, so neither is a contact of hers.
      await eventually(async () => {
        assert.deepEqual(await section(page, 'Online'), {
          heading: 'Contacts Currently Online (1)',
          names: [BOB_NAME],
        });
        assert.deepEqual(await section(page, 'Not Online'), {
          heading: 'Contacts Not Online (1)',
          names: ['Carol'],
        });
      });
      await page.getByRole('option', { name: `Online ${BOB_NAME}`, exact: true }).waitFor();
      await page.getByRole('option', { name: 'Not online Carol', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Alice Liddell (Online)' }).waitFor();

      // Carol signing in moves her up, keeping the names sorted.
      await s.signInEngine(CAROL);
      await eventually(async () => {
        assert.deepEqual(await section(page, 'Online'), {
          heading: 'Contacts Currently Online (2)',
          names: [BOB_NAME, 'Carol'],
        });
        assert.deepEqual(await section(page, 'Not Online'), {
          heading: 'Contacts Not Online (0)',
          names: [],
        });
      });
      await s.screenshot('contact-list');
      assert.deepEqual(s.problems(), []);
    },
  );

  it(
    'shows "… has just signed in" when a contact comes online, and a click opens the conversation',
    { skip },
    async () => {
      const { page } = s;
      await s.signInAs(ALICE);
      await eventually(async () =>
        assert.equal((await section(page, 'Not Online')).heading, 'Contacts Not Online (2)'),
      );

      await s.signInEngine(BOB);
      const toast = toasts(page).filter({ hasText: bobSignedIn });
      await toast.waitFor({ state: 'visible', timeout: STEP_MS });
      assert.equal(await toasts(page).count(), 1);
      await settled(toast);
      await s.screenshot('toast');

      await toast.click();
      const conversation = page.getByRole('dialog', { name: `${BOB_NAME} - Instant Message` });
      await conversation.waitFor({ state: 'visible', timeout: STEP_MS });
      await conversation.getByText(`${BOB_NAME} <${BOB.email}>`).waitFor();
      // Nobody has said anything yet, so the window claims no conversation: only the 3.0 warning shows.
      await conversation
        .getByRole('status', { name: 'Conversation status' })
        .getByText(/^Never give out your password/)
        .waitFor();
      await toast.waitFor({ state: 'detached', timeout: STEP_MS });
      await s.screenshot('toast-clicked');
      assert.deepEqual(s.problems(), []);
    },
  );

  it('opens a conversation bob starts with alice inside the page, named after him', { skip }, async () => {
    const { page } = s;
    await s.signInAs(ALICE);
    const bob = await s.signInEngine(BOB);
    const { ConversationManager } = await import('../../main/msnp/conversations');
    const theirs = new ConversationManager(bob, { requestTimeoutMs: 5_000 });
    try {
      theirs.open([ALICE.email]).sendText('are you there?');
      const conversation = page.getByRole('dialog', { name: `${BOB_NAME} - Instant Message` });
      await conversation.waitFor({ state: 'visible', timeout: STEP_MS });
      const history = conversation.getByRole('log', { name: 'Conversation history' });
      await history.getByText(`${BOB_NAME} says:`).waitFor({ timeout: STEP_MS });
      await history.getByText('are you there?').waitFor();
      assert.deepEqual(s.problems(), []);
    } finally {
      theirs.closeAll();
    }
  });

  it('stacks three toasts upwards, newest on top, and each leaves after its time', { skip }, async () => {
    const { page } = s;
    await s.signInAs(ALICE);
    await eventually(async () =>
      assert.equal((await section(page, 'Not Online')).heading, 'Contacts Not Online (2)'),
    );

    await s.signInEngine(BOB);
    await toasts(page).filter({ hasText: bobSignedIn }).waitFor({ timeout: STEP_MS });
    await s.signInEngine(CAROL);
    await toasts(page).filter({ hasText: 'Carol has just signed in.' }).waitFor({ timeout: STEP_MS });
    s.msnp.sendMail(ALICE.email, {
      from: 'The Queen',
      fromAddr: 'queen@example.com',
      subject: 'Croquet at three',
    });
    await toasts(page).filter({ hasText: 'New e-mail from The Queen' }).waitFor({ timeout: STEP_MS });

    const all = toasts(page);
    assert.equal(await all.count(), 3);
    await settled(all);
    await s.screenshot('toasts-stacked');
    const boxes = await all.evaluateAll((buttons) =>
      buttons.map((b) => {
        const r = (b.closest('.toast') ?? b).getBoundingClientRect();
        return { text: b.textContent ?? '', top: r.top, bottom: r.bottom, left: r.left, right: r.right };
      }),
    );
    // Top to bottom on the page: the newest (the mail) first, the oldest (Bob) at the bottom.
    const byY = [...boxes].sort((a, b) => a.top - b.top);
    assert.deepEqual(
      byY.map((b) => b.text.replace(/\s+/g, ' ')),
      ['New e-mail from The QueenCroquet at three', 'Carol has just signed in.', bobSignedIn],
    );
    for (let i = 1; i < byY.length; i += 1) {
      assert.ok(byY[i - 1]!.bottom <= byY[i]!.top, `toast ${i - 1} ends above toast ${i} begins`);
      assert.equal(byY[i - 1]!.right, byY[i]!.right, 'the stack is one column');
    }
    const viewport = page.viewportSize()!;
    assert.ok(byY[2]!.bottom <= viewport.height && byY[2]!.bottom > viewport.height - 40, 'at the bottom');
    assert.ok(byY[2]!.right <= viewport.width && byY[2]!.right > viewport.width - 40, 'at the right');

    // Nobody clicks them: they go by themselves (5 s each), the oldest first.
    await toasts(page).filter({ hasText: bobSignedIn }).waitFor({ state: 'detached', timeout: STEP_MS });
    await eventually(async () => assert.equal(await toasts(page).count(), 0), { timeoutMs: STEP_MS });
    assert.deepEqual(s.problems(), []);
  });

  it("shows alice's status change to a second account (Busy reaches bob as BSY)", { skip }, async () => {
    const bob = await s.signInEngine(BOB);
    const { page } = s;
    await s.signInAs(ALICE);
    await eventually(() =>
      assert.equal(bob.snapshot().contacts.find((c) => c.email === ALICE.email)?.status, 'NLN'),
    );

    const busy = nextEvent(
      bob,
      'presence',
      (e) => e.contact.email === ALICE.email && e.contact.status === 'BSY',
      STEP_MS,
    );
    await page.getByRole('button', { name: 'Alice Liddell (Online)' }).click();
    const menu = page.getByRole('menu', { name: 'My Status' });
    await menu.getByRole('menuitemradio', { name: 'Online', exact: true }).waitFor();
    assert.equal(
      await menu.getByRole('menuitemradio', { name: 'Online', exact: true }).getAttribute('aria-checked'),
      'true',
    );
    await menu.getByRole('menuitemradio', { name: 'Busy', exact: true }).click();
    const seen = await busy;
    assert.equal(seen.previous, 'NLN');
    assert.equal(s.msnp.onlineStatus(ALICE.email), 'BSY');
    await page.getByRole('button', { name: 'Alice Liddell (Busy)' }).waitFor({ timeout: STEP_MS });
    await menu.waitFor({ state: 'detached' });
    await s.screenshot('status-busy');
    assert.deepEqual(s.problems(), []);
  });

  it("answers erin's pending add: allow and add to the list, then the dialog is gone", { skip }, async () => {
    const { page } = s;
    assert.deepEqual(listsOf(s, ALICE.email).RL.includes(ERIN.email), true);
    await s.signInAs(ALICE);
    const dialog = page.getByRole('dialog', { name: `${ERIN.email} Added You` });
    await dialog.waitFor({ state: 'visible', timeout: STEP_MS });
    await dialog.getByText(`${ERIN.nickname} (${ERIN.email}) has added you`).waitFor();
    await s.screenshot('added-you');

    const allowed = s.msnp.waitFor(
      'listChanged',
      (e) => e.email === ALICE.email && e.list === 'AL' && e.change === 'add' && e.contact === ERIN.email,
      STEP_MS,
    );
    const added = s.msnp.waitFor(
      'listChanged',
      (e) => e.email === ALICE.email && e.list === 'FL' && e.change === 'add' && e.contact === ERIN.email,
      STEP_MS,
    );
    await dialog
      .getByRole('radio', { name: 'Allow this person to see when you are online and contact you' })
      .check();
    await dialog.getByRole('checkbox', { name: 'Add this person to my contact list.' }).check();
    await dialog.getByRole('button', { name: 'OK', exact: true }).click();
    await Promise.all([allowed, added]);
    await dialog.waitFor({ state: 'detached', timeout: STEP_MS });

    const alice = listsOf(s, ALICE.email);
    assert.ok(alice.AL.includes(ERIN.email), 'erin is on the allow list');
    assert.ok(alice.FL.includes(ERIN.email), 'erin is on the forward list');
    assert.ok(!alice.BL.includes(ERIN.email), 'erin is not blocked');
    // Erin is now a contact (not online: she is not signed in).
    await eventually(async () =>
      assert.deepEqual(await section(page, 'Not Online'), {
        heading: 'Contacts Not Online (3)',
        names: [BOB_NAME, 'Carol', ERIN.nickname],
      }),
    );
    assert.deepEqual(s.problems(), []);
  });

  it('signs out from the File menu: the form returns and the server sees OUT', { skip }, async () => {
    const { page } = s;
    await s.signInEngine(CAROL);
    await s.signInAs(ALICE);
    // Erin's question is open when the session ends: it goes with it, and so does a conversation.
    const added = page.getByRole('dialog', { name: `${ERIN.email} Added You` });
    await added.waitFor({ state: 'visible', timeout: STEP_MS });
    await page.getByRole('option', { name: 'Online Carol', exact: true }).dblclick();
    await page.getByRole('dialog', { name: 'Carol - Instant Message' }).waitFor({ timeout: STEP_MS });
    const out = s.msnp.waitFor('clientCommand', (e) => e.email === ALICE.email && e.line === 'OUT', STEP_MS);
    const signedOut = s.msnp.waitFor('signedOut', (e) => e.email === ALICE.email, STEP_MS);
    await chooseFromMenuBar(page, 'File', 'Sign Out');
    await out;
    assert.equal((await signedOut).reason, 'OUT');
    await page.getByLabel('E-mail address').waitFor({ state: 'visible', timeout: STEP_MS });
    await page.getByRole('button', { name: 'Sign In', exact: true }).waitFor();
    assert.equal(await contactList(page).count(), 0);
    await page.getByRole('dialog').first().waitFor({ state: 'detached', timeout: STEP_MS });
    assert.equal(await page.getByRole('dialog').count(), 0, 'no window of the account is left open');
    assert.equal(await page.getByRole('alert').count(), 0, 'a chosen sign-out is no error');
    assert.equal(await page.getByLabel('E-mail address').inputValue(), ALICE.email);
    assert.equal(s.msnp.isOnline(ALICE.email), false);
    await s.screenshot('signed-out');
    assert.deepEqual(s.problems(), []);
  });

  it('says in one sentence that the password was wrong', { skip }, async () => {
    const { page } = s;
    await fillSignIn(page, ALICE.email, 'not-her-password', s.serverAddress);
    await page.getByRole('button', { name: 'Sign In', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ state: 'visible', timeout: STEP_MS });
    assert.equal(
      await alert.textContent(),
      'The server did not accept your e-mail address or password. Check them and sign in again.',
    );
    assert.equal(await alert.count(), 1);
    assert.equal(s.msnp.isOnline(ALICE.email), false);
    await page.getByRole('button', { name: 'Sign In', exact: true }).waitFor();
    await s.screenshot('sign-in-wrong-password');
    assert.deepEqual(s.problems(), []);
  });

  it('says in one sentence that a server which does not answer cannot be reached', { skip }, async () => {
    const { page } = s;
    const port = await closedPort();
    await fillSignIn(page, ALICE.email, ALICE.password, `127.0.0.1:${port}`);
    await page.getByRole('button', { name: 'Sign In', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ state: 'visible', timeout: STEP_MS });
    assert.equal(
      await alert.textContent(),
      `Butterfly could not reach the server at 127.0.0.1:${port}. Check the address and that the server is running.`,
    );
    assert.equal(await alert.count(), 1);
    await s.screenshot('sign-in-unreachable');
    assert.deepEqual(s.problems(), []);
  });
});
