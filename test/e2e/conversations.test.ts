// Conversations end to end: browser mode in Chromium, each person signed in through the form in a page
// of their own (or an engine session for the others), against a test server on 127.0.0.1.
import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { incoming } from '../integration/helpers';
import { nextOf } from '../integration/transferHelpers';
import { STEP_MS, chooseFromMenuBar, contactList, toasts } from './butterflyPage';
import {
  ANN,
  BEN,
  CAT,
  chatWindow,
  composeOf,
  historyOf,
  say,
  startChat,
  statusOf,
  useChatWorld,
  type ChatWorld,
} from './chatPages';
import { chromiumMissingReason, eventually } from './harness';

const skip = chromiumMissingReason();
const UNDELIVERED = 'The following message could not be delivered to all recipients:';

describe('conversations in Chromium', { timeout: 240_000 }, () => {
  const world = useChatWorld();
  let w: ChatWorld;
  beforeEach(() => {
    if (!skip) w = world();
  });

  it(
    "chats both ways with emoticons drawn as pictures, the sender's font, and the typing line",
    { skip },
    async () => {
      const ann = await w.signIn(ANN);
      const ben = await w.signIn(BEN);

      const toBen = await startChat(ann.page, 'Ben');
      // Edit ▸ Font…: Comic Sans MS, bold, red, for everything Ann writes.
      await toBen
        .getByRole('menubar', { name: 'Menu bar' })
        .getByRole('menuitem', { name: 'Edit', exact: true })
        .click();
      await toBen.getByRole('menu', { name: 'Edit' }).getByRole('menuitem', { name: 'Font…' }).click();
      const font = toBen.getByRole('dialog', { name: 'Font' });
      await font.getByLabel('Font:').selectOption('Comic Sans MS');
      await font.getByLabel('Font style:').selectOption('Bold');
      await font.getByRole('radio', { name: 'Red' }).click();
      await font.getByRole('button', { name: 'OK' }).click();
      await font.waitFor({ state: 'detached' });

      const relayed = w.msnp.waitFor(
        'sbMessage',
        (e) => e.payload.toString('utf8').includes('hello Ben :) (L)'),
        STEP_MS,
      );
      await say(toBen, 'hello Ben :) (L)');
      // The wire carries the text as typed, and the font: X-MMS-IM-Format with Comic Sans MS, bold, red (BGR ff).
      const wire = (await relayed).payload.toString('utf8');
      assert.match(wire, /X-MMS-IM-Format: FN=Comic%20Sans%20MS; EF=B; CO=ff;/);

      // Ben had no window: one opens with Ann's line, emoticons as pictures with the shortcut as their text.
      const fromAnn = chatWindow(ben.page, 'Ann');
      await fromAnn.waitFor({ state: 'visible', timeout: STEP_MS });
      const benHistory = historyOf(fromAnn);
      await benHistory.getByText('Ann says:').waitFor({ timeout: STEP_MS });
      await benHistory.getByRole('img', { name: ':)' }).waitFor();
      await benHistory.getByRole('img', { name: '(L)' }).waitFor();
      const look = await benHistory
        .locator('.line.in .text')
        .first()
        .evaluate((el) => {
          const cs = getComputedStyle(el);
          return { weight: cs.fontWeight, color: cs.color, family: cs.fontFamily };
        });
      assert.equal(look.weight, '700');
      assert.equal(look.color, 'rgb(255, 0, 0)');
      assert.match(look.family, /Comic Sans MS/);
      // Ann's own line is delivered (acknowledged), not left "sending".
      await historyOf(toBen).locator('.line.out:not(.sending)').first().waitFor({ timeout: STEP_MS });

      // Ben types: Ann's status line says so; his message clears it.
      await composeOf(fromAnn).fill('hi Ann ;');
      await statusOf(toBen).getByText('Ben is typing a message.').waitFor({ timeout: STEP_MS });
      await composeOf(fromAnn).fill('hi Ann ;)');
      await composeOf(fromAnn).press('Enter');
      const annHistory = historyOf(toBen);
      await annHistory.getByText('Ben says:').waitFor({ timeout: STEP_MS });
      await annHistory.getByRole('img', { name: ';)' }).waitFor();
      await statusOf(toBen)
        .getByText(/^Last message received at \d{1,2}:\d{2} [AP]M on \d{1,2}\/\d{1,2}\/\d{4}\.$/)
        .waitFor({ timeout: STEP_MS });

      // Emoticons can be turned off: the text shows as typed.
      await fromAnn
        .getByRole('menubar', { name: 'Menu bar' })
        .getByRole('menuitem', { name: 'View', exact: true })
        .click();
      await fromAnn
        .getByRole('menu', { name: 'View' })
        .getByRole('menuitemcheckbox', { name: 'Emoticons', checked: true })
        .click();
      await benHistory.getByText('hello Ben :) (L)').waitFor({ timeout: STEP_MS });
      assert.equal(await benHistory.getByRole('img').count(), 0);
      await fromAnn
        .getByRole('menubar', { name: 'Menu bar' })
        .getByRole('menuitem', { name: 'View', exact: true })
        .click();
      await fromAnn
        .getByRole('menu', { name: 'View' })
        .getByRole('menuitemcheckbox', { name: 'Emoticons', checked: false })
        .click();
      await benHistory.getByRole('img', { name: '(L)' }).waitFor({ timeout: STEP_MS });

      // The picker inserts the shortcut at the caret.
      await fromAnn.getByRole('button', { name: 'Emoticons' }).click();
      await fromAnn
        .getByRole('dialog', { name: 'Choose an emoticon' })
        .getByRole('button', { name: /^Red heart/ })
        .click();
      assert.equal(await composeOf(fromAnn).inputValue(), '(L)');
      await composeOf(fromAnn).press('Enter');
      await annHistory.locator('.line.in').getByRole('img', { name: '(L)' }).waitFor({ timeout: STEP_MS });

      await ann.view.screenshot('conversation-chat');
      assert.deepEqual(w.problems(), []);
    },
  );

  it('invites a third person, who joins and then leaves', { skip }, async () => {
    const ann = await w.signIn(ANN);
    const bens = await w.peer(BEN);
    const cats = await w.peer(CAT);
    const toBen = await startChat(ann.page, 'Ben');
    const rung = incoming(bens);
    await say(toBen, 'let us ask Cat');
    await historyOf(toBen).locator('.line.out:not(.sending)').first().waitFor({ timeout: STEP_MS });
    await rung;

    const catRung = incoming(cats);
    await chooseIn(toBen, 'Invite', 'To Join This Conversation');
    await toBen
      .getByRole('menu', { name: 'To Join This Conversation' })
      .getByRole('menuitem', { name: 'Cat' })
      .click();
    const catsConversation = await catRung;
    const group = chatWindow(ann.page, 'Ben, Cat');
    await historyOf(group).getByText('Cat has joined the conversation.').waitFor({ timeout: STEP_MS });
    catsConversation.sendText('hello both');
    await historyOf(group).getByText('Cat says:').waitFor({ timeout: STEP_MS });
    await historyOf(group).getByText('hello both').waitFor();
    // Files are for two people only, and the menu says why.
    await chooseMenu(group, 'File');
    const sendFile = group
      .getByRole('menu', { name: 'File' })
      .getByRole('menuitem', { name: 'Send a File…' });
    assert.equal(await sendFile.getAttribute('aria-disabled'), 'true');
    assert.equal(
      await sendFile.getAttribute('title'),
      'Files can only be sent in a conversation with one other person.',
    );
    await ann.page.keyboard.press('Escape');
    await ann.view.screenshot('conversation-group');

    catsConversation.close();
    await historyOf(group).getByText('Cat has left the conversation.').waitFor({ timeout: STEP_MS });
    assert.deepEqual(w.problems(), []);
  });

  it(
    'shows every undelivered message with its text and Retry: NAK, no answer, switchboard lost, contact gone offline',
    { skip },
    async () => {
      // A short wait for the server's acknowledgement, so "no answer" takes 2 seconds, not 30.
      const ann = await w.signIn(ANN, ['--timeout', '2']);
      const bens = await w.peer(BEN);
      const toBen = await startChat(ann.page, 'Ben');
      const history = historyOf(toBen);
      const failed = (text: string) => history.locator('.line.failed').filter({ hasText: text });

      // NAK: the server relays but says it was not delivered. Ben's side counts every copy it gets.
      w.msnp.quirks.nakEverything = true;
      const bensCopies: string[] = [];
      const rung = incoming(bens).then((c) => {
        c.on('message', (m) => bensCopies.push(m.text));
        return c;
      });
      await say(toBen, 'first try');
      await failed('first try').getByText(UNDELIVERED).waitFor({ timeout: STEP_MS });
      await failed('first try')
        .getByText('The message could not be delivered to everyone in the conversation.')
        .waitFor();
      // Retry once the server behaves: Ben gets it.
      w.msnp.quirks.nakEverything = false;
      const bensConversation = await rung;
      await eventually(() => assert.deepEqual(bensCopies, ['first try']), { timeoutMs: STEP_MS });
      const again = nextOf(bensConversation, 'message', (m) => m.text === 'first try', STEP_MS);
      await failed('first try').getByRole('button', { name: 'Retry' }).click();
      await again;
      assert.deepEqual(bensCopies, ['first try', 'first try']);
      // The retry is a line of its own, delivered; the failed one stays as it was.
      await history
        .locator('.line.out:not(.sending):not(.failed)')
        .filter({ hasText: 'first try' })
        .waitFor({ timeout: STEP_MS });
      await ann.view.screenshot('conversation-undelivered');

      // No acknowledgement at all: the wait ends by itself, and says so.
      w.msnp.quirks.sbSilent = true;
      await say(toBen, 'anyone there?');
      await failed('anyone there?').getByText(UNDELIVERED).waitFor({ timeout: STEP_MS });
      await failed('anyone there?')
        .getByText('The server did not confirm the message within 2 seconds.')
        .waitFor();
      w.msnp.quirks.sbSilent = false;

      // The switchboard drops the connection after relaying, before the ACK.
      w.msnp.quirks.sbDropAfterMessages = 1;
      await say(toBen, 'dropped on the way');
      await failed('dropped on the way').getByText(UNDELIVERED).waitFor({ timeout: STEP_MS });
      w.msnp.quirks.sbDropAfterMessages = null;

      // Ben signs out: the next message cannot reach him, and says why.
      await w.sessions.closeAll();
      await contactList(ann.page)
        .getByRole('option', { name: /^Not online Ben$/ })
        .waitFor({ timeout: STEP_MS });
      await say(toBen, 'are you still there?');
      await failed('are you still there?').getByText(UNDELIVERED).waitFor({ timeout: STEP_MS });
      await failed('are you still there?')
        .getByText('Ben is not online, so your message could not be delivered.')
        .waitFor();
      assert.deepEqual(w.problems(), []);
    },
  );

  it(
    'opens a window for a message nobody expected, and reopens a closed one with its earlier lines',
    { skip },
    async () => {
      const ann = await w.signIn(ANN);
      const bens = await w.peer(BEN);
      const theirs = bens.open([ANN.email]);
      theirs.sendText('knock knock');
      const win = chatWindow(ann.page, 'Ben');
      await historyOf(win).getByText('knock knock').waitFor({ timeout: STEP_MS });
      // It did not take the focus from where Ann was, and its title bar flashes until she looks at it.
      assert.equal(await win.evaluate((el) => el.contains(document.activeElement)), false);
      await ann.page
        .locator('.child-window.attention')
        .filter({ has: ann.page.getByText('Ben - Instant Message') })
        .waitFor();
      await composeOf(win).click();
      await ann.page.locator('.child-window.attention').waitFor({ state: 'detached' });

      // Closing the window leaves the switchboard (OUT); the next message brings it back with the first.
      const left = w.msnp.waitFor('sbLeave', (e) => e.email === ANN.email && e.reason === 'OUT', STEP_MS);
      await win.getByRole('button', { name: 'Close', exact: true }).click();
      await left;
      await win.waitFor({ state: 'detached' });
      theirs.sendText("who's there?");
      await historyOf(win).getByText("who's there?").waitFor({ timeout: STEP_MS });
      await historyOf(win).getByText('knock knock').waitFor();

      // With message toasts chosen, a message for a closed window is a "… says:" toast that opens it.
      await win.getByRole('button', { name: 'Close', exact: true }).click();
      await win.waitFor({ state: 'detached' });
      await chooseFromMenuBar(ann.page, 'Tools', 'Options…');
      const options = ann.page.getByRole('dialog', { name: 'Options' });
      await options.getByRole('tab', { name: 'Preferences' }).click();
      await options
        .getByRole('checkbox', { name: /When a message arrives and its window is closed/ })
        .check();
      await options.getByRole('button', { name: 'OK' }).click();
      theirs.sendText('a toast for you');
      const toast = toasts(ann.page).filter({ hasText: 'Ben says:' });
      await toast.waitFor({ timeout: STEP_MS });
      assert.equal(await win.count(), 0, 'the window stayed closed');
      await toast.click();
      await historyOf(win).getByText('a toast for you').waitFor({ timeout: STEP_MS });
      await historyOf(win).getByText('knock knock').waitFor();
      assert.deepEqual(w.problems(), []);
    },
  );

  it(
    'works from the keyboard: focus starts in the compose box, Shift+Enter breaks the line, Ctrl+Enter sends, Esc closes',
    { skip },
    async () => {
      const ann = await w.signIn(ANN);
      const bens = await w.peer(BEN);
      const win = await startChat(ann.page, 'Ben');
      await eventually(async () =>
        assert.equal(
          await ann.page.evaluate(() => document.activeElement?.getAttribute('aria-label')),
          'Type your message',
        ),
      );
      // Listening from the moment Ben's side exists: the message follows the ring within milliseconds.
      const firstMessage = incoming(bens).then((c) => nextOf(c, 'message', () => true, STEP_MS));
      await ann.page.keyboard.type('two');
      await ann.page.keyboard.press('Shift+Enter');
      await ann.page.keyboard.type('lines');
      assert.equal(await composeOf(win).inputValue(), 'two\nlines');
      await ann.page.keyboard.press('Control+Enter');
      assert.equal((await firstMessage).text, 'two\nlines');
      assert.equal(await historyOf(win).locator('.line.out .text').first().textContent(), 'two\nlines');
      assert.equal(await composeOf(win).inputValue(), '');
      const left = w.msnp.waitFor('sbLeave', (e) => e.email === ANN.email && e.reason === 'OUT', STEP_MS);
      await ann.page.keyboard.press('Escape');
      await win.waitFor({ state: 'detached' });
      await left;
      assert.deepEqual(w.problems(), []);
    },
  );

  it(
    'keeps a conversation readable when the session ends on its own, the message it cut off marked',
    { skip },
    async () => {
      const { person: ann, win: toBen } = await w.chatting(ANN, BEN, 'hello');
      const history = historyOf(toBen);
      await history
        .locator('.line.out:not(.sending)')
        .filter({ hasText: 'hello' })
        .waitFor({ timeout: STEP_MS });

      // The switchboard stops answering, and then Ann is signed in somewhere else: the message in flight
      // cannot be delivered now, and the window says so instead of vanishing.
      w.msnp.quirks.sbSilent = true;
      await say(toBen, 'this one is cut off');
      await history
        .locator('.line.sending')
        .filter({ hasText: 'this one is cut off' })
        .waitFor({ timeout: STEP_MS });
      w.msnp.inject(ANN.email, 'OUT OTH\r\n');
      await ann.page.getByLabel('E-mail address').waitFor({ timeout: STEP_MS });
      const cut = history.locator('.line.failed').filter({ hasText: 'this one is cut off' });
      await cut.getByText(UNDELIVERED).waitFor({ timeout: STEP_MS });
      await history.getByText('You signed in somewhere else, so you were signed out here.').waitFor();
      assert.equal(
        await cut.getByRole('button', { name: 'Retry' }).count(),
        0,
        'nothing can be sent from here now',
      );
      assert.equal(
        await composeOf(toBen).getAttribute('placeholder'),
        'This conversation ended when you were signed out. Start a new one from your contact list.',
      );
      assert.equal(await toBen.getByRole('button', { name: 'Send', exact: true }).isDisabled(), true);
      await ann.view.screenshot('conversation-session-ended');
      await toBen.getByRole('button', { name: 'Close', exact: true }).click();
      await toBen.waitFor({ state: 'detached' });
      assert.deepEqual(w.problems(), []);
    },
  );

  it(
    'opens a long conversation on its newest lines and pages back to the first as the person scrolls up',
    { skip },
    async () => {
      const ann = await w.signIn(ANN);
      const bens = await w.peer(BEN);
      const theirs = bens.open([ANN.email]);
      for (let i = 1; i <= 300; i += 1) theirs.sendText(`number ${i}`);
      const win = chatWindow(ann.page, 'Ben');
      const history = historyOf(win);
      await history.getByText('number 300', { exact: true }).waitFor({ timeout: STEP_MS });
      // Closed and opened again: the page draws the newest lines only, and fetches the rest on demand.
      await win.getByRole('button', { name: 'Close', exact: true }).click();
      await win.waitFor({ state: 'detached' });
      await ann.page.reload();
      await startChat(ann.page, 'Ben');
      await history.getByText('number 300', { exact: true }).waitFor({ timeout: STEP_MS });
      assert.ok(
        (await history.locator('.line').count()) < 100,
        'a window opens on its newest lines, not all of them',
      );
      await eventually(
        async () => {
          await history.evaluate((el) => (el.scrollTop = 0));
          await history.getByText('number 1', { exact: true }).waitFor({ timeout: 500 });
        },
        { timeoutMs: STEP_MS },
      );
      assert.deepEqual(w.problems(), []);
    },
  );

  it('shows hostile text as text: no script runs, no image loads, only http links', { skip }, async () => {
    const ann = await w.signIn(ANN);
    const bens = await w.peer(BEN);
    const text =
      '<script>window.__pwned = 1</script> <img src=x onerror="window.__pwned = 2"> ' +
      '<b>bold?</b> javascript:window.__pwned=3 see http://example.com/ok.';
    bens.open([ANN.email]).sendText(text);
    const win = chatWindow(ann.page, 'Ben');
    const history = historyOf(win);
    await history.getByText(text.slice(0, 30)).waitFor({ timeout: STEP_MS });
    assert.equal(await history.locator('.line.in .text').first().textContent(), text);
    assert.equal(await history.locator('script, b, img:not(.emoticon)').count(), 0);
    const links = await history
      .getByRole('link')
      .evaluateAll((els) => els.map((a) => a.getAttribute('href')));
    assert.deepEqual(links, ['http://example.com/ok']);
    assert.equal(
      await ann.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
      undefined,
    );
    assert.deepEqual(w.problems(), []);
  });

  it('saves the conversation as plain text with File ▸ Save As', { skip }, async () => {
    const ann = await w.signIn(ANN);
    const bens = await w.peer(BEN);
    const toBen = await startChat(ann.page, 'Ben');
    const rung = incoming(bens);
    await say(toBen, 'line one');
    const theirs = await rung;
    theirs.sendText('line two\nwith a break');
    await historyOf(toBen).getByText('with a break').waitFor({ timeout: STEP_MS });
    const download = ann.page.waitForEvent('download', { timeout: STEP_MS });
    await chooseIn(toBen, 'File', 'Save As…');
    const file = await download;
    assert.match(file.suggestedFilename(), /^Conversation with Ben \d{4}-\d{2}-\d{2}\.txt$/);
    const saved = await readFile((await file.path())!, 'utf8');
    assert.match(saved, /^Conversation with Ben <ben@example\.com>\r\n/);
    assert.match(saved, /\] Ann says:\r\n {2}line one\r\n/);
    assert.match(saved, /\] Ben says:\r\n {2}line two\r\n {2}with a break\r\n/);
    assert.deepEqual(w.problems(), []);
  });

  it('will not start a conversation with someone offline, and offers e-mail instead', { skip }, async () => {
    const ann = await w.signIn(ANN);
    const dan = contactList(ann.page).getByRole('option', { name: /^Not online Dan$/ });
    await dan.click({ button: 'right' });
    const menu = ann.page.getByRole('menu', { name: 'Dan' });
    const im = menu.getByRole('menuitem', { name: 'Send an Instant Message' });
    assert.equal(await im.getAttribute('aria-disabled'), 'true');
    await ann.page.keyboard.press('Escape');
    await dan.dblclick();
    const notice = ann.page
      .getByRole('alert')
      .filter({ hasText: 'Dan is not online; you can send e-mail instead.' });
    await notice.waitFor({ timeout: STEP_MS });
    await notice.getByRole('button', { name: 'Send e-mail to Dan' }).waitFor();
    assert.equal(await chatWindow(ann.page, 'Dan').count(), 0);
    await eventually(async () => assert.equal(await ann.page.getByRole('dialog').count(), 0));
    assert.deepEqual(w.problems(), []);
  });
});

async function chooseMenu(win: ReturnType<typeof chatWindow>, menu: string): Promise<void> {
  await win
    .getByRole('menubar', { name: 'Menu bar' })
    .getByRole('menuitem', { name: menu, exact: true })
    .click();
}

async function chooseIn(win: ReturnType<typeof chatWindow>, menu: string, item: string): Promise<void> {
  await chooseMenu(win, menu);
  await win
    .getByRole('menu', { name: menu, exact: true })
    .getByRole('menuitem', { name: item, exact: true })
    .click();
}
