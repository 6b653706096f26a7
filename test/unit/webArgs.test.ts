import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { DEFAULT_WEB_PORT, parseWebArgs, WebUsageError } from '../../main/web/args';
import { openerCommand } from '../../main/web/systemBrowser';

describe('parseWebArgs', () => {
  it('defaults to the fixed port with a fallback, ~/.butterfly-web and no sandbox', () => {
    assert.deepEqual(parseWebArgs([], '/home/ann'), {
      port: null,
      dataDir: join('/home/ann', '.butterfly-web'),
      sandbox: false,
      rebuild: false,
      open: false,
      help: false,
      verbose: false,
      signOutAfterMs: 10 * 60_000,
      timeoutMs: null,
      toastLifetimeMs: null,
    });
    assert.equal(DEFAULT_WEB_PORT, 4863);
  });

  it('reads --port 0, --data, --sandbox, --rebuild and --open', () => {
    const options = parseWebArgs(
      ['--port', '0', '--data', 'tmp/web', '--sandbox', '--rebuild', '--open'],
      '/home/ann',
    );
    assert.equal(options.port, 0);
    assert.equal(options.dataDir, resolve('tmp/web'));
    assert.equal(options.sandbox && options.rebuild && options.open, true);
    assert.equal(parseWebArgs(['--port=8080']).port, 8080);
  });

  it('reads --timeout in seconds, and refuses one that is not a sensible number of seconds', () => {
    assert.equal(parseWebArgs(['--timeout', '2.5']).timeoutMs, 2500);
    assert.equal(parseWebArgs(['--timeout=600']).timeoutMs, 600_000);
    for (const t of ['', 'soon', '0', '-3', '601', 'Infinity']) {
      assert.throws(
        () => parseWebArgs([`--timeout=${t}`]),
        (err: unknown) =>
          err instanceof WebUsageError && /^--timeout must be a number of seconds/.test(err.message),
        t,
      );
    }
  });

  it('reads --verbose and --signout-after in minutes (0 never), and refuses a sign-out time that is not one', () => {
    assert.equal(parseWebArgs(['--verbose']).verbose, true);
    assert.equal(parseWebArgs(['--signout-after', '0']).signOutAfterMs, 0);
    assert.equal(parseWebArgs(['--signout-after=2.5']).signOutAfterMs, 150_000);
    for (const m of ['', 'later', '-1', '10081', 'NaN']) {
      assert.throws(
        () => parseWebArgs([`--signout-after=${m}`]),
        (err: unknown) =>
          err instanceof WebUsageError && /^--signout-after must be a number of minutes/.test(err.message),
        m,
      );
    }
  });

  it('reads --toast-seconds, keeping the default without it, and refuses a time out of range', () => {
    assert.equal(parseWebArgs([]).toastLifetimeMs, null);
    assert.equal(parseWebArgs(['--toast-seconds', '3600']).toastLifetimeMs, 3_600_000);
    assert.equal(parseWebArgs(['--toast-seconds=1.5']).toastLifetimeMs, 1_500);
    for (const s of ['', 'long', '0', '0.5', '3601', 'Infinity']) {
      assert.throws(
        () => parseWebArgs([`--toast-seconds=${s}`]),
        (err: unknown) =>
          err instanceof WebUsageError &&
          err.message === '--toast-seconds must be a number of seconds from 1 to 3600.',
        s,
      );
    }
  });

  it('refuses a port that is not a port number, in one sentence', () => {
    for (const port of ['', 'abc', '-1', '65536', '1.5', ' ']) {
      assert.throws(
        () => parseWebArgs([`--port=${port}`]),
        (err: unknown) => err instanceof WebUsageError && /^--port must be a port number/.test(err.message),
        port,
      );
    }
  });

  it('refuses unknown options and stray words, pointing at --help', () => {
    for (const argv of [['--prot', '1'], ['extra'], ['--data']]) {
      assert.throws(
        () => parseWebArgs(argv),
        (err: unknown) =>
          err instanceof WebUsageError &&
          /--help for the options\.$/.test(err.message) &&
          !err.message.includes('\n'),
        argv.join(' '),
      );
    }
  });
});

describe('openerCommand', () => {
  it('passes the address as one argument, never through a shell', () => {
    const url = 'https://example.com/?a=1&b=^2';
    assert.deepEqual(openerCommand(url, 'linux'), { command: 'xdg-open', args: [url] });
    assert.deepEqual(openerCommand(url, 'darwin'), { command: 'open', args: [url] });
    assert.deepEqual(openerCommand(url, 'win32'), {
      command: 'rundll32',
      args: ['url.dll,FileProtocolHandler', url],
    });
  });
});
