import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isTrustedSender } from '../../main/shell/trust';

const rendererDir = resolve('/opt/Butterfly/resources/app.asar/out/renderer');
const indexUrl = pathToFileURL(join(rendererDir, 'index.html')).href;
const DEV = 'http://localhost:5173';

describe('isTrustedSender', () => {
  it("accepts the main frame of an app window showing the app's own index.html, with any route", () => {
    assert.equal(isTrustedSender(indexUrl, true, true, undefined, rendererDir), true);
    assert.equal(
      isTrustedSender(`${indexUrl}#dialog/added/a%40b.c`, true, true, undefined, rendererDir),
      true,
    );
  });

  it('refuses a subframe, even of an app window', () => {
    assert.equal(isTrustedSender(indexUrl, false, true, undefined, rendererDir), false);
  });

  it('refuses web contents the window factory did not make', () => {
    assert.equal(isTrustedSender(indexUrl, true, false, undefined, rendererDir), false);
  });

  it('refuses files outside out/renderer, including via .. and encoded separators', () => {
    const outside = [
      pathToFileURL(resolve('/tmp/evil.html')).href,
      pathToFileURL(join(rendererDir, '..', 'main', 'index.js')).href,
      `${pathToFileURL(rendererDir).href}/../../evil.html`,
      `${pathToFileURL(rendererDir).href}/%2e%2e/%2e%2e/evil.html`,
      `${pathToFileURL(rendererDir).href}/..%2f..%2fevil.html`,
      `${pathToFileURL(rendererDir).href}-evil/index.html`,
      pathToFileURL(rendererDir).href,
      'file://attacker.example/share/out/renderer/index.html',
    ];
    for (const url of outside)
      assert.equal(isTrustedSender(url, true, true, undefined, rendererDir), false, url);
  });

  it('accepts the dev server origin only while developing', () => {
    assert.equal(isTrustedSender(`${DEV}/#contactList`, true, true, DEV, rendererDir), true);
    assert.equal(isTrustedSender(`${DEV}/index.html#toast/t1`, true, true, `${DEV}/`, rendererDir), true);
    assert.equal(isTrustedSender(`${DEV}/#contactList`, true, true, undefined, rendererDir), false);
  });

  it('refuses other origins, ports and schemes', () => {
    for (const url of [
      'http://localhost:5174/',
      'https://localhost:5173/',
      'http://127.0.0.1:5173/',
      'https://example.com/',
      'data:text/html,<script>1</script>',
      'about:blank',
      'devtools://devtools/bundled/index.html',
      'not a url',
      '',
    ]) {
      assert.equal(isTrustedSender(url, true, true, DEV, rendererDir), false, url);
    }
  });

  it('ignores a dev server URL that is not http(s)', () => {
    assert.equal(isTrustedSender('data:text/html,x', true, true, 'data:text/html,x', rendererDir), false);
    assert.equal(isTrustedSender(indexUrl, true, true, 'not a url', rendererDir), true);
  });
});
