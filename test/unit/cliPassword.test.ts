// Where msnp takes the password from: --password, MSNP_PASSWORD, one line of stdin with --password-stdin,
// or a prompt on a terminal that does not echo; and a usage error when there is no way to get one.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { parseLoginArgs, USAGE, UsageError } from '../../main/cli/args';
import { promptPassword, readPasswordLine } from '../../main/cli/session';

const common = ['--server', '127.0.0.1:1863', '--user', 'a@b.com'];
const noEnv = {};

describe('msnp password sources', () => {
  it('takes --password as it is, before MSNP_PASSWORD', () => {
    const o = parseLoginArgs([...common, '--password', 'pw'], { MSNP_PASSWORD: 'env' }, false);
    assert.equal(o.password, 'pw');
    assert.equal(o.passwordFrom, 'option');
  });

  it('takes MSNP_PASSWORD when no option names the password', () => {
    const o = parseLoginArgs(common, { MSNP_PASSWORD: 'from env' }, false);
    assert.equal(o.password, 'from env');
    assert.equal(o.passwordFrom, 'env');
  });

  it('reads stdin with --password-stdin, even when MSNP_PASSWORD is set', () => {
    const o = parseLoginArgs([...common, '--password-stdin'], { MSNP_PASSWORD: 'env' }, false);
    assert.equal(o.passwordFrom, 'stdin');
    assert.equal(o.password, '');
  });

  it('asks on a terminal when nothing else gives the password', () => {
    const o = parseLoginArgs(common, noEnv, true);
    assert.equal(o.passwordFrom, 'prompt');
  });

  it('refuses with one sentence when stdin is no terminal and nothing gives the password', () => {
    assert.throws(
      () => parseLoginArgs(common, { MSNP_PASSWORD: '' }, false),
      (e: unknown) =>
        e instanceof UsageError &&
        e.message ===
          'no password was given: set MSNP_PASSWORD, pipe it in with --password-stdin, or run msnp on a terminal to be asked for it',
    );
  });

  it('refuses --password together with --password-stdin', () => {
    assert.throws(
      () => parseLoginArgs([...common, '--password', 'pw', '--password-stdin'], noEnv, false),
      (e: unknown) =>
        e instanceof UsageError &&
        e.message === 'give the password with --password or --password-stdin, not both',
    );
  });

  it('explains every way in the usage text', () => {
    assert.match(USAGE, /MSNP_PASSWORD/);
    assert.match(USAGE, /--password-stdin/);
    assert.match(USAGE, /--password PASS/);
  });
});

describe('readPasswordLine', () => {
  it('takes the first line, without its CRLF or LF', async () => {
    for (const [input, expected] of [
      ['secret\n', 'secret'],
      ['secret\r\nmore\n', 'secret'],
      ['no newline at all', 'no newline at all'],
      ['  spaces kept  \n', '  spaces kept  '],
      ['ünïcode ☃\n', 'ünïcode ☃'],
    ] as const) {
      const stream = new PassThrough();
      const read = readPasswordLine(stream);
      // In pieces, as a pipe delivers them.
      for (const ch of Buffer.from(input)) stream.write(Buffer.from([ch]));
      stream.end();
      assert.equal(await read, expected);
    }
  });

  it('refuses an empty stdin with a usage error', async () => {
    for (const input of ['', '\n', '\r\n']) {
      const stream = new PassThrough();
      const read = readPasswordLine(stream);
      stream.end(input);
      await assert.rejects(
        read,
        (e: unknown) =>
          e instanceof UsageError && e.message === '--password-stdin found no password on stdin',
      );
    }
  });

  it('refuses a line too long to be a password', async () => {
    const stream = new PassThrough();
    const read = readPasswordLine(stream);
    stream.end(`${'x'.repeat(5000)}\n`);
    await assert.rejects(read, (e: unknown) => e instanceof UsageError && /too long/.test(e.message));
  });
});

/** A terminal stand-in: what is typed goes in, what msnp writes is kept, raw mode is recorded. */
function terminal() {
  const input = Object.assign(new PassThrough(), {
    isTTY: true,
    raw: [] as boolean[],
    setRawMode(mode: boolean) {
      input.raw.push(mode);
      return input;
    },
  });
  let written = '';
  const output = { write: (s: string) => ((written += s), true) };
  return { input, output, written: () => written };
}

describe('promptPassword', () => {
  it('asks, echoes nothing of what is typed, and ends at Enter with the terminal back to normal', async () => {
    const t = terminal();
    const answer = promptPassword(t.input, t.output);
    for (const key of ['s', 'e', 'c', 'r', 'e', 't', '\r']) t.input.write(key);
    assert.equal(await answer, 'secret');
    assert.equal(t.written(), 'Password: \n');
    assert.deepEqual(t.input.raw, [true, false]);
  });

  it('takes backspace, and what arrives in one chunk', async () => {
    const t = terminal();
    const answer = promptPassword(t.input, t.output);
    t.input.write('sea\x7fcr');
    t.input.write('et☃\b\n');
    assert.equal(await answer, 'secret');
  });

  it('gives up at Ctrl+C with a sentence, and restores the terminal', async () => {
    const t = terminal();
    const answer = promptPassword(t.input, t.output);
    t.input.write('sec\x03');
    await assert.rejects(answer, { message: 'You cancelled at the password prompt.' });
    assert.deepEqual(t.input.raw, [true, false]);
  });

  it('refuses an empty password with a usage error', async () => {
    const t = terminal();
    const answer = promptPassword(t.input, t.output);
    t.input.write('\r');
    await assert.rejects(
      answer,
      (e: unknown) => e instanceof UsageError && e.message === 'no password was typed',
    );
  });
});
