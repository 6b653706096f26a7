// What the server tells you, end to end in Chromium: an alert's toast with the icon main fetched and the
// list of this session's alerts, a Hotmail page (URL) opening in a new tab of the browser you are in, and the
// server's shutdown warning as a toast and a line.
import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromiumMissingReason } from './harness';
import { ALICE, STEP_MS, chooseFromMenuBar, toasts, useScenario, type Scenario } from './butterflyPage';

const skip = chromiumMissingReason();

/** A 16x16 red square, as a PNG. */
const ICON = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR4nGO4YGBAEmIY1TCqYfhqAAA+XjAQexaBIwAAAABJRU5ErkJggg==',
  'base64',
);

function systemMessage(minutes: number): string {
  const body = `MIME-Version: 1.0\r\nContent-Type: application/x-msmsgssystemmessage\r\n\r\nType: 1\r\nArg1: ${minutes}\r\n\r\n`;
  return `MSG Hotmail Hotmail ${Buffer.byteLength(body)}\r\n${body}`;
}

describe('server notices in Chromium', { timeout: 180_000 }, () => {
  const scenario = useScenario();
  let s: Scenario;
  let web: http.Server;
  let base = '';
  beforeEach(async () => {
    web = http.createServer((req, res) => {
      if (req.url === '/weather.png') res.writeHead(200, { 'content-type': 'image/png' }).end(ICON);
      else res.writeHead(200, { 'content-type': 'text/plain' }).end('a page');
    });
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
    if (!skip) s = scenario();
  });
  afterEach(async () => {
    web.closeAllConnections();
    await new Promise<void>((resolve) => web.close(() => resolve()));
  });

  it('toasts an alert with its icon and lists it with its settings link', { skip }, async () => {
    const { page } = s;
    await s.signInAs(ALICE);
    s.msnp.sendAlert(
      ALICE.email,
      `<NOTIFICATION id="4" siteid="1" siteurl="${base}/"><TO pid="0x1:0x2" name="${ALICE.email}" /><MSG id="9"><ACTION url="forecast" /><SUBSCR url="settings" /><BODY icon="weather.png"><TEXT>Rain in Redmond this afternoon</TEXT></BODY></MSG></NOTIFICATION>`,
    );
    const toast = toasts(page).filter({ hasText: 'Rain in Redmond' });
    await toast.waitFor({ timeout: STEP_MS });
    // The icon arrives after the toast, as data main fetched (the page's CSP allows no other image).
    const icon = toast.locator('img.toast-icon[src^="data:image/png;base64,"]');
    await icon.waitFor({ timeout: STEP_MS });
    assert.equal(await icon.evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth)), 16);
    await s.screenshot('notice-alert-toast');
    await page.getByRole('button', { name: /1 alert this session/ }).click();
    const list = page.getByRole('list', { name: 'Alerts' });
    await list.getByText('Rain in Redmond this afternoon').waitFor({ timeout: STEP_MS });
    await s.screenshot('notice-alert-list');
    const settings = page.waitForEvent('popup', { timeout: STEP_MS });
    await list.getByRole('button', { name: 'Change alert settings' }).click();
    const tab = await settings;
    await tab.waitForURL(new RegExp(`^${base}/settings\\?`), { timeout: STEP_MS });
    await tab.close();
    assert.deepEqual(s.problems(), []);
  });

  it('opens the Hotmail inbox from the File menu in a new tab of this browser', { skip }, async () => {
    const { page } = s;
    await s.signInAs(ALICE);
    // The server's answer names a page of the local web server, so the new tab really loads it.
    s.msnp.quirks.urlStandIn = [`${base}/cgi-bin/HoTMaiL`, `${base}/cgi-bin/dologin`, '2'];
    const asked = s.msnp.waitFor('clientCommand', (c) => c.line.startsWith('URL '), STEP_MS);
    const popup = page.waitForEvent('popup', { timeout: STEP_MS });
    await chooseFromMenuBar(page, 'File', 'Open Hotmail Inbox');
    assert.match((await asked).line, /^URL \d+ INBOX$/);
    const tab = await popup;
    await tab.waitForURL(`${base}/cgi-bin/HoTMaiL`, { timeout: STEP_MS });
    assert.equal(await tab.textContent('body'), 'a page');
    assert.equal(await tab.evaluate(() => window.opener), null, 'the new tab has no handle on Butterfly');
    await tab.close();
  });

  it('shows the shutdown warning as a toast and a line in the main window', { skip }, async () => {
    const { page } = s;
    await s.signInAs(ALICE);
    s.msnp.inject(ALICE.email, systemMessage(5));
    const sentence = 'The server is going down for maintenance in 5 minutes; you will be signed out then.';
    await toasts(page).filter({ hasText: sentence }).waitFor({ timeout: STEP_MS });
    await page
      .getByRole('region', { name: 'Butterfly' })
      .getByText(sentence)
      .first()
      .waitFor({ timeout: STEP_MS });
    await s.screenshot('notice-shutdown');
  });
});
