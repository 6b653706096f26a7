import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommandArgs, parseLoginArgs, parseProtocols, parseServer, USAGE, UsageError } from '../../main/cli/args';
import { failure } from '../../main/cli/msnp';
import { maskSecrets } from '../../main/cli/output';
import { PlainPasswordRefusedError } from '../../main/msnp/errors';

const base = ['--server', '127.0.0.1:1863', '--user', 'a@b.com', '--password', 'pw'];
const PROTOCOL_LIST = (value: string) =>
  `--protocol must be MSNP5, MSNP4, MSNP3 or MSNP2, or several joined by commas such as MSNP5,MSNP4, not "${value}"`;

describe('msnp arguments', () => {
  it('reads a full login line with defaults', () => {
    const o = parseLoginArgs(base);
    assert.equal(o.host, '127.0.0.1');
    assert.equal(o.port, 1863);
    assert.deepEqual(o.protocols, ['MSNP5', 'MSNP4', 'CVR0']);
    assert.equal(o.status, 'NLN');
    assert.equal(o.waitSeconds, 0);
    assert.equal(o.json, false);
  });

  it('takes protocols, status, wait and json', () => {
    const o = parseLoginArgs([...base, '--protocol', 'msnp3,MSNP2', '--status', 'awy', '--wait', '1.5', '--json']);
    assert.deepEqual(o.protocols, ['MSNP3', 'MSNP2', 'CVR0']);
    assert.equal(o.status, 'AWY');
    assert.equal(o.waitSeconds, 1.5);
    assert.equal(o.json, true);
  });

  it('defaults the port to 1863', () => {
    assert.deepEqual(parseServer('msn.example.org'), { host: 'msn.example.org', port: 1863 });
  });

  for (const [args, message] of [
    [['--user', 'a@b.com', '--password', 'x'], '--server is required'],
    [[...base, '--status', 'FLN'], '--status must be one of NLN BSY IDL BRB AWY PHN LUN HDN'],
    [[...base, '--protocol', 'MSNP9'], PROTOCOL_LIST('MSNP9')],
    [[...base, '--wait', 'soon'], '--wait must be a number of seconds from 0 to 86400'],
    [['--server', 'h:70000', '--user', 'a@b.com', '--password', 'x'], 'the port in --server must be 1-65535'],
    [['--server', 'h', '--user', 'nobody', '--password', 'x'], '--user must be an e-mail address, not "nobody"'],
  ] as const) {
    it(`refuses ${args.join(' ')} with one sentence`, () => {
      assert.throws(() => parseLoginArgs([...args]), (e: unknown) => e instanceof UsageError && e.message === message);
    });
  }

  it('refuses unknown options', () => {
    assert.throws(() => parseLoginArgs([...base, '--bogus']), (e: unknown) => e instanceof UsageError && /bogus/.test(e.message) && !e.message.includes('\n'));
  });

  it('sends a plain-text password to a remote server only with --allow-plain-password', () => {
    assert.equal(parseLoginArgs(base).allowPlainPassword, false);
    assert.equal(parseLoginArgs([...base, '--allow-plain-password']).allowPlainPassword, true);
    assert.match(USAGE, /--allow-plain-password/);
  });

  it('exits 3 when the server wants the password in plain text and it was not allowed', () => {
    const lines: string[] = [];
    assert.equal(failure(new PlainPasswordRefusedError('msn.example.org'), (l) => lines.push(l)), 3);
    assert.deepEqual(lines, ['msnp: the server asked for the password in plain text, which Butterfly does not send over the network']);
  });

  it('masks a CTP password in the raw lines of --verbose, and nothing else', () => {
    assert.equal(maskSecrets('out', 'USR 3 CTP S my%20secret'), 'USR 3 CTP S ********');
    assert.equal(maskSecrets('out', 'USR 4 MD5 S f59af8f2fa91d38aff7c870c17f99903'), 'USR 4 MD5 S f59af8f2fa91d38aff7c870c17f99903');
    assert.equal(maskSecrets('out', 'USR 2 CTP I a@b.com'), 'USR 2 CTP I a@b.com');
    assert.equal(maskSecrets('in', 'USR 3 CTP S'), 'USR 3 CTP S');
  });

  it('adds CVR0 to the offered dialects', () => {
    assert.deepEqual(parseProtocols('MSNP5'), ['MSNP5', 'CVR0']);
  });

  it('takes for --protocol only what --help documents: MSNP2 to MSNP5, one or several joined by commas', () => {
    assert.match(USAGE, /--protocol LIST +dialects to offer, best first: MSNP5, MSNP4, MSNP3 or MSNP2, or several joined by\s+commas such as MSNP5,MSNP4/);
    assert.deepEqual(parseProtocols('MSNP2,MSNP3,MSNP4,MSNP5'), ['MSNP2', 'MSNP3', 'MSNP4', 'MSNP5', 'CVR0']);
    assert.deepEqual(parseProtocols('msnp5,Msnp4'), ['MSNP5', 'MSNP4', 'CVR0'], 'in any case, as --status');
    for (const value of ['', ',', 'MSNP5,', ',MSNP5', 'MSNP5,,MSNP4', 'MSNP5, MSNP4', ' MSNP5', 'MSNP5 MSNP4', 'MSNP5;MSNP4', 'MSNP1', 'MSNP6', 'MSNP05', 'CVR0', 'MSNP5,CVR0', '5', 'all']) {
      assert.throws(
        () => parseProtocols(value),
        (e: unknown) => e instanceof UsageError && e.message === PROTOCOL_LIST(value),
        JSON.stringify(value),
      );
    }
    assert.throws(
      () => parseProtocols('MSNP5,MSNP4,MSNP5'),
      (e: unknown) => e instanceof UsageError && e.message === '--protocol names MSNP5 twice',
    );
    assert.throws(
      () => parseProtocols('MSNP5\x1b[2J'),
      (e: unknown) => e instanceof UsageError && !e.message.includes('\x1b') && e.message.includes('\\x1b'),
      'a control character is shown escaped',
    );
  });

  it('refuses to send a message or a file to your own address before connecting', () => {
    for (const command of ['send', 'sendfile'] as const) {
      const own = command === 'send' ? ['--message', 'hi'] : ['--file', 'x.txt'];
      for (const to of ['a@b.com', 'A@B.COM']) {
        assert.throws(
          () => parseCommandArgs(command, [...base, '--to', to, ...own]),
          (e: unknown) =>
            e instanceof UsageError &&
            e.message === `--to is your own address (--user): msnp cannot send ${command === 'send' ? 'a message' : 'a file'} to yourself`,
        );
      }
      assert.equal(parseCommandArgs(command, [...base, '--to', 'c@d.com', ...own]).to, 'c@d.com');
    }
  });
});
