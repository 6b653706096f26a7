import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { URL_SERVICES, isUrlService, parseUrlReply, resolveServiceUrl } from '../../main/msnp/urlServices';
import { parseCommand } from '../../main/msnp/command';

const LOGIN = 'https://loginnet.passport.com/ppsecure/md5auth.srf?lc=1033';
const replyOf = (line: string) => parseUrlReply(parseCommand(line).args);

describe('URL services', () => {
  it('lists the fifteen services in the order of the protocol docs, each once', () => {
    const names = URL_SERVICES.map((s) => s.name);
    assert.deepEqual(names, [
      'PASSWORD',
      'INBOX',
      'COMPOSE',
      'MESSAGE',
      'FOLDERS',
      'PERSON',
      'MOBILE',
      'CHGMOB',
      'PROFILE',
      'N2PACCOUNT',
      'N2PFUND',
      'CHAT',
      'ADDRBOOK',
      'ADVSEARCH',
      'INTSEARCH',
    ]);
    assert.equal(new Set(names).size, names.length);
  });

  it('marks the services an MSNP5 client may use as introduced by version 5 or earlier', () => {
    const msnp5 = URL_SERVICES.filter((s) => s.since <= 5).map((s) => s.name);
    assert.deepEqual(msnp5, [
      'PASSWORD',
      'INBOX',
      'COMPOSE',
      'MESSAGE',
      'FOLDERS',
      'PERSON',
      'MOBILE',
      'CHGMOB',
    ]);
  });

  it('recognises service names exactly, case and all', () => {
    assert.equal(isUrlService('INBOX'), true);
    assert.equal(isUrlService('INTSEARCH'), true);
    assert.equal(isUrlService('inbox'), false);
    assert.equal(isUrlService(''), false);
    assert.equal(isUrlService('toString'), false);
  });
});

describe('parseUrlReply', () => {
  it('reads redirect URL, login URL and Passport site id from the reply', () => {
    assert.deepEqual(replyOf(`URL 1 /cgi-bin/HoTMaiL ${LOGIN} 2`), {
      redirectUrl: '/cgi-bin/HoTMaiL',
      loginUrl: LOGIN,
      passportSiteId: '2',
    });
  });

  it('leaves the site id out of an MSNP2 reply and fills missing fields with empty strings', () => {
    assert.deepEqual(replyOf(`URL 1 /cgi-bin/HoTMaiL ${LOGIN}`), {
      redirectUrl: '/cgi-bin/HoTMaiL',
      loginUrl: LOGIN,
    });
    assert.deepEqual(parseUrlReply([]), { redirectUrl: '', loginUrl: '' });
  });
});

describe('resolveServiceUrl', () => {
  it('opens an absolute http(s) redirect as it is', () => {
    const reply = replyOf(
      `URL 4 http://mobile.msn.com/hotmail/confirmUser.asp?URL=%2Fmessengerok.htm&mobID=1 ${LOGIN} 961`,
    );
    assert.equal(
      resolveServiceUrl(reply),
      'http://mobile.msn.com/hotmail/confirmUser.asp?URL=%2Fmessengerok.htm&mobID=1',
    );
    assert.equal(
      resolveServiceUrl(replyOf(`URL 7 HTTPS://chat.msn.com/Messenger.msnw?lc=1033 ${LOGIN} 2260`)),
      'https://chat.msn.com/Messenger.msnw?lc=1033',
    );
  });

  it('opens a relative redirect through the login page, passing it as rru with the site id', () => {
    const url = new URL(
      resolveServiceUrl(replyOf(`URL 3 /cgi/bin/compose?mailto=1&to=anotheruser%40hotmail%2ecom ${LOGIN} 2`)),
    );
    assert.equal(url.origin + url.pathname, 'https://loginnet.passport.com/ppsecure/md5auth.srf');
    assert.equal(url.searchParams.get('lc'), '1033');
    assert.equal(url.searchParams.get('rru'), '/cgi/bin/compose?mailto=1&to=anotheruser%40hotmail%2ecom');
    assert.equal(url.searchParams.get('id'), '2');
  });

  it("keeps the login page's own query as sent, even the docs' odd `lc1033`", () => {
    const href = resolveServiceUrl(
      replyOf('URL 6 /account https://loginnet.passport.com/ppsecure/md5auth.srf?lc1033 2823'),
    );
    assert.equal(href, 'https://loginnet.passport.com/ppsecure/md5auth.srf?lc1033&rru=%2Faccount&id=2823');
  });

  it('leaves id out when the reply had no site id', () => {
    const url = new URL(resolveServiceUrl(replyOf('URL 1 /cgi-bin/HoTMaiL http://127.0.0.1:8080/login')));
    assert.equal(url.searchParams.get('rru'), '/cgi-bin/HoTMaiL');
    assert.equal(url.searchParams.has('id'), false);
  });

  it('keeps a protocol-relative redirect inside rru instead of letting it pick the host', () => {
    const url = new URL(resolveServiceUrl(replyOf(`URL 1 //evil.example/x ${LOGIN} 2`)));
    assert.equal(url.host, 'loginnet.passport.com');
    assert.equal(url.searchParams.get('rru'), '//evil.example/x');
  });

  it('never returns anything but http(s): other schemes and unusable login pages give an empty string', () => {
    for (const line of [
      `URL 1 javascript:alert(1) ${LOGIN} 2`,
      `URL 1 file:///etc/passwd ${LOGIN} 2`,
      `URL 1 data:text/html,hi ${LOGIN} 2`,
      'URL 1 /cgi-bin/HoTMaiL javascript:alert(1) 2',
      'URL 1 /cgi-bin/HoTMaiL /relative/login 2',
      'URL 1 /cgi-bin/HoTMaiL',
      'URL 1',
      'URL 1 http:// x',
    ]) {
      assert.equal(resolveServiceUrl(replyOf(line)), '', line);
    }
  });

  it('treats the stand-ins of a server without the service as no address: blank, hostless, example or unspecified hosts', () => {
    for (const line of [
      'URL 4 about:blank about:blank 2',
      'URL 4 http:// http:// 2',
      'URL 4 http:/// http:/// 2',
      `URL 4 http://example.com/ ${LOGIN} 2`,
      `URL 4 https://www.example.org/cgi-bin/HoTMaiL ${LOGIN} 2`,
      `URL 4 http://EXAMPLE.NET./ ${LOGIN} 2`,
      `URL 4 http://hotmail.example/ ${LOGIN} 2`,
      `URL 4 http://mail.invalid/ ${LOGIN} 2`,
      `URL 4 http://0.0.0.0/cgi-bin/HoTMaiL ${LOGIN} 2`,
      `URL 4 http://[::]/ ${LOGIN} 2`,
      'URL 4 /cgi-bin/HoTMaiL http://example.com/login 2',
    ]) {
      assert.equal(resolveServiceUrl(replyOf(line), 'msn.revival.example.net'), '', line);
    }
  });

  it('takes a loopback address as a stand-in only from a server that is not on this computer', () => {
    for (const line of [
      `URL 4 http://localhost/cgi-bin/HoTMaiL ${LOGIN} 2`,
      `URL 4 http://127.0.0.1:8080/inbox ${LOGIN} 2`,
      'URL 4 /cgi-bin/HoTMaiL http://[::1]/login 2',
    ]) {
      assert.equal(resolveServiceUrl(replyOf(line), '203.0.113.9'), '', line);
      assert.match(resolveServiceUrl(replyOf(line), '127.0.0.1'), /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/]/, line);
    }
    // A real address is kept whatever the server's.
    assert.equal(
      resolveServiceUrl(replyOf(`URL 7 http://chat.msn.com/Messenger.msnw?lc=1033 ${LOGIN} 2260`), '203.0.113.9'),
      'http://chat.msn.com/Messenger.msnw?lc=1033',
    );
  });
});
