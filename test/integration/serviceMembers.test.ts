// The member services through the account service, as a window calls them, against the test server over
// real sockets: sentences for every refusal, pages kept and toasted, phones seen by others, web pages,
// alert icons fetched by main from a local HTTP server, and the server's own notices as toasts.
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MsnpTestServer, type NsSession, type SandboxAccountInit } from '../../main/sandbox/server';
import type { Command } from '../../main/msnp/command';
import { fetchIcon } from '../../main/service/alertIcons';
import { nextEvent, Sessions } from './helpers';
import { makeService, request, type TestService } from './serviceHelpers';

const ME: SandboxAccountInit = {
  email: 'me@test.example',
  password: 'mepw',
  nickname: 'Me',
  phones: { PHW: '+1 (425) 555-0100' },
  forward: ['friend@test.example', 'pager@test.example'],
  allow: ['friend@test.example', 'pager@test.example'],
};
const FRIEND: SandboxAccountInit = {
  email: 'friend@test.example',
  password: 'friendpw',
  nickname: 'Friend',
  forward: ['me@test.example'],
  allow: ['me@test.example'],
};
const PAGER: SandboxAccountInit = {
  email: 'pager@test.example',
  password: 'pagerpw',
  nickname: 'Pat Pager',
  phones: { MOB: 'Y' },
  forward: ['me@test.example'],
  allow: ['me@test.example'],
};

/** The notification server is on this computer, so a local icon may be fetched. */
const HERE = { server: '127.0.0.1' };

/** 1x1 transparent PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

describe('the member services through the account service', () => {
  let server: MsnpTestServer;
  let t: TestService;
  const sessions = new Sessions();
  beforeEach(async () => {
    server = new MsnpTestServer({ accounts: [ME, FRIEND, PAGER], maxFindResults: 2 });
    await server.start();
    t = await makeService({ toastLifetimeMs: 60_000 });
  });
  afterEach(async () => {
    await sessions.closeAll();
    await t.close();
    await server.stop();
  });
  const signIn = (): Promise<void> =>
    t.service.signIn(request(ME.email, ME.password, `127.0.0.1:${server.dispatchPort}`));

  it('finds members and invites one by index, with a confirmation that names them and their place', async () => {
    await signIn();
    const found = await t.service.findMembers({ firstName: 'Carla', lastName: 'Jones' });
    assert.deepEqual(
      found.results.map((r) => [r.index, r.city]),
      [[1, 'Redmond']],
    );
    const sent = server.waitFor('invitation');
    const said = await t.service.sendInvitation({ to: 1, message: 'Hello from Butterfly', lcid: '0x0409' });
    assert.equal((await sent).to, 'Carla Jones');
    assert.equal(
      said,
      'Your invitation was sent to Carla Jones (Redmond, WA, US). The server e-mails it with instructions for getting Messenger.',
    );
  });

  it('says "too many results" (301) and refuses bad input in sentences', async () => {
    await signIn();
    await assert.rejects(t.service.findMembers({ firstName: 'Anna', lastName: 'Smith' }), {
      message: 'Your search returned too many results; please narrow it.',
    });
    await assert.rejects(t.service.findMembers({ firstName: 'Anna', lastName: '' }), {
      message: 'Type both a first name and a last name to search for.',
    });
    await assert.rejects(t.service.sendInvitation({ to: 5, message: '', lcid: '0x0409' }), {
      message: 'Search again, then choose whom to invite.',
    });
  });

  it('says so when the server never answers a search', async () => {
    await t.close();
    t = await makeService({ session: { keepAliveMs: 0, requestTimeoutMs: 1_500, connectTimeoutMs: 5_000 } });
    await signIn();
    server.setHandler('FND', { trId: true, minArgs: 0, when: 'online', run: () => {} });
    await assert.rejects(t.service.findMembers({ firstName: 'Anna', lastName: 'Smith' }), {
      message: 'The server did not answer the search. Try again later.',
    });
  });

  it('says which services this server turned off (502), and when it never answers phones or web pages', async () => {
    await signIn();
    const off = {
      trId: true,
      minArgs: 0,
      when: 'online' as const,
      run: (s: NsSession, cmd: Command) => s.sendError(502, cmd.trId),
    };
    server.setHandler('FND', off);
    server.setHandler('SDC', off);
    await assert.rejects(t.service.findMembers({ firstName: 'Anna', lastName: 'Smith' }), {
      message: 'This server does not offer the member directory.',
    });
    await assert.rejects(t.service.sendInvitation({ to: 'pal@example.org', message: '', lcid: '0x0409' }), {
      message: 'This server does not send invitations by e-mail.',
    });
    await t.close();
    t = await makeService({ session: { keepAliveMs: 0, requestTimeoutMs: 1_500, connectTimeoutMs: 5_000 } });
    await signIn();
    const silent = { trId: true, minArgs: 0, when: 'online' as const, run: () => {} };
    server.setHandler('PRP', silent);
    server.setHandler('URL', silent);
    await assert.rejects(t.service.setPhones({ PHH: '555 0100' }), /did not answer in time/);
    await assert.rejects(t.service.openService('PASSWORD'), /did not answer in time/);
  });

  it('pages a contact with a call-back number, and says when the server refuses', async () => {
    await signIn();
    const paged = server.waitFor('page');
    await t.service.sendPage({ email: PAGER.email, text: 'Ring me', callback: 'PHW' });
    assert.match((await paged).payload, /^<PHONE pri="1"><LOC>WORK<\/LOC><NUM>14255550100<\/NUM><\/PHONE>/);
    await assert.rejects(t.service.sendPage({ email: FRIEND.email, text: 'hi', callback: null }), {
      message: 'Friend does not accept pages.',
    });
    server.store.get(PAGER.email)!.phones.MOB = 'N';
    await assert.rejects(t.service.sendPage({ email: PAGER.email, text: 'hi', callback: null }), {
      message: 'Pat Pager is not accepting pages right now.',
    });
  });

  it('keeps incoming pages for the session, toasts them and clicks through to the list', async () => {
    await signIn();
    const pages = t.next('pages');
    const toasted = t.next('toasts', (e) => e.toasts.some((x) => x.kind === 'page'));
    server.sendPage(ME.email, PAGER.email, 'Landed <safe> & sound');
    assert.deepEqual(
      (await pages).pages.map((p) => [p.from, p.text, p.failed]),
      [[PAGER.email, 'Landed <safe> & sound', false]],
    );
    const toast = (await toasted).toasts.find((x) => x.kind === 'page')!;
    assert.equal(toast.title, 'Page from Pat Pager');
    assert.equal((await t.service.getSnapshot()).pages.length, 1);
    await t.service.toastClicked(toast.id);
    assert.deepEqual(t.windows.at(-1), { kind: 'dialog', dialog: 'pages' });
    await t.service.signOut();
    assert.deepEqual((await t.service.getSnapshot()).pages, [], 'pages go with the session');
  });

  it('sets your numbers with PRP, and another account sees them through BPR', async () => {
    await signIn();
    const friend = await sessions.signIn(server, FRIEND);
    const seen = nextEvent(
      friend,
      'contact',
      (e) => e.contact.email === ME.email && e.contact.phones.PHH === '555 0199',
    );
    await t.service.setPhones({ PHH: '555 0199', MOB: true });
    await seen;
    assert.equal(server.account(ME.email)!.phones.PHH, '555 0199');
    assert.equal(server.account(ME.email)!.phones.MOB, 'Y');
    await assert.rejects(t.service.setPhones({ PHM: '9'.repeat(120) }), /too long/);
  });

  it('opens web services, and says when the server answers a dummy address', async () => {
    await signIn();
    await t.service.openService('COMPOSE', FRIEND.email);
    assert.match(t.opened.at(-1)!, /^http:\/\/127\.0\.0\.1\//);
    server.quirks.urlStandIn = ['about:blank', '2'];
    await assert.rejects(t.service.openService('PASSWORD'), /does not offer/);
  });

  it('toasts OUT OTH as the server said it', async () => {
    await signIn();
    const toasted = t.next('toasts', (e) => e.toasts.some((x) => x.kind === 'server'));
    await sessions.signIn(server, ME);
    const toast = (await toasted).toasts.find((x) => x.kind === 'server')!;
    assert.equal(toast.title, 'You signed in somewhere else, so you were signed out here.');
  });
});

describe('alert icons', () => {
  let web: http.Server;
  let base: string;
  beforeEach(async () => {
    web = http.createServer((req, res) => {
      if (req.url === '/icon.png') return res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
      if (req.url === '/big.png')
        return res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(64 * 1024));
      if (req.url === '/icon.svg')
        return res.writeHead(200, { 'content-type': 'image/svg+xml' }).end('<svg/>');
      if (req.url === '/never') return; // answers nothing
      if (req.url === '/moved.png') return res.writeHead(302, { location: '/icon.png' }).end();
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    web.closeAllConnections();
    await new Promise<void>((resolve) => web.close(() => resolve()));
  });

  it('fetches a small raster image as a data: URL and nothing else', async () => {
    assert.equal(
      await fetchIcon(`${base}/icon.png`, HERE),
      `data:image/png;base64,${PNG.toString('base64')}`,
    );
    assert.equal(await fetchIcon(`${base}/big.png`, HERE), null, 'over the size cap');
    assert.equal(await fetchIcon(`${base}/icon.svg`, HERE), null, 'an SVG could carry script');
    assert.equal(await fetchIcon(`${base}/missing.png`, HERE), null);
    assert.equal(await fetchIcon('file:///etc/passwd', HERE), null);
    assert.equal(await fetchIcon(`${base}/moved.png`, HERE), null, 'a redirect could lead anywhere');
    assert.equal(
      await fetchIcon(`${base}/icon.png`, { server: '8.8.8.8' }),
      null,
      'this computer is off limits when the server is elsewhere',
    );
    assert.equal(
      await fetchIcon(`${base}/never`, { ...HERE, timeoutMs: 200 }),
      null,
      'a server that never answers',
    );
  });

  it('shows the alert at once, then gives it and its toast the icon', async () => {
    const server = new MsnpTestServer({ accounts: [ME, FRIEND, PAGER] });
    await server.start();
    const t = await makeService({ toastLifetimeMs: 60_000 });
    try {
      await t.service.signIn(request(ME.email, ME.password, `127.0.0.1:${server.dispatchPort}`));
      const first = t.next('alerts');
      const withIcon = t.next('alerts', (e) => e.alerts[0]?.iconData !== undefined);
      const toastIcon = t.next('toasts', (e) =>
        e.toasts.some((x) => x.kind === 'alert' && x.icon !== undefined),
      );
      server.sendAlert(
        ME.email,
        `<NOTIFICATION id="1" siteid="0" siteurl="${base}/"><TO pid="0x1:0x2" name="me" /><MSG id="2"><SUBSCR url="settings" /><BODY icon="icon.png"><TEXT>Rain later</TEXT></BODY></MSG></NOTIFICATION>`,
      );
      assert.equal((await first).alerts[0]!.iconData, undefined, 'the alert does not wait for its icon');
      assert.match((await withIcon).alerts[0]!.iconData!, /^data:image\/png;base64,/);
      assert.match(
        (await toastIcon).toasts.find((x) => x.kind === 'alert')!.icon!,
        /^data:image\/png;base64,/,
      );
      assert.match((await withIcon).alerts[0]!.subscriptionUrl, new RegExp(`^${base}/settings\\?`));
    } finally {
      await t.close();
      await server.stop();
    }
  });
});
