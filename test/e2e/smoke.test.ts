import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumMissingReason, openBrowserSession, type BrowserSession } from './harness';

// Where no Chromium is installed every test is reported skipped, with the reason; never passed silently.
const skip = chromiumMissingReason();

describe('browser mode in Chromium', () => {
  let session: BrowserSession;

  before(async () => {
    if (skip) return;
    session = await openBrowserSession({ width: 900, height: 640 });
  });

  after(async () => {
    await session?.close();
  });

  it('loads the page and shows the sign-in form, filled from the service', { skip }, async () => {
    const { page } = session;
    const email = page.getByLabel('E-mail address');
    await email.waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await page.getByLabel('Password', { exact: true }).isVisible(), true);
    const server = page.getByLabel('Server', { exact: true });
    assert.equal(await server.isVisible(), true);
    assert.equal(await page.getByRole('button', { name: 'Sign In', exact: true }).isVisible(), true);
    // The server list comes from the service's snapshot over the WebSocket: proof the bridge connected.
    await page
      .getByRole('option', { name: 'Local sandbox (built in)' })
      .waitFor({ state: 'attached', timeout: 15_000 });
    await session.screenshot('web-sign-in');
  });

  it(
    'still connects after a reload whose address has lost the token (kept for the tab)',
    { skip },
    async () => {
      const { page, server } = session;
      await page.goto(new URL('/#contactList', server.url).href, { waitUntil: 'load' });
      await page
        .getByRole('option', { name: 'Local sandbox (built in)' })
        .waitFor({ state: 'attached', timeout: 15_000 });
    },
  );

  it('signs in to the built-in sandbox and shows the contact list', { skip }, async () => {
    const { page } = session;
    await page.getByLabel('E-mail address').fill('you@butterfly.sandbox');
    await page.getByLabel('Password', { exact: true }).fill('butterfly');
    await page.getByRole('button', { name: 'Sign In', exact: true }).click();
    const echo = page.getByRole('option', { name: /^Online Echo$/ });
    await echo.waitFor({ state: 'visible', timeout: 30_000 });
    // The name is plain; what the sandbox's contact does is in the row's tooltip.
    assert.match((await echo.getAttribute('title')) ?? '', /Says back what you say\./);
    await session.screenshot('web-contact-list');
  });

  it('runs without a CSP violation, a failed request or an uncaught error', { skip }, () => {
    // Every problem counts: frame-ancestors is sent only as browser mode's HTTP header
    // (RENDERER_CSP_HEADER), never in the <meta> CSP, so Chromium has no notice about it to log.
    assert.deepEqual(session.problems, []);
  });
});
