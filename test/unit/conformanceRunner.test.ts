// The check runner without a server: how what a check does becomes its outcome, and that a run stops
// between checks when asked.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type Check, fail, noReply, notOffered } from '../../main/conformance/check';
import { runChecks, type RunOptions } from '../../main/conformance/runner';

const options: RunOptions = {
  server: { host: '127.0.0.1', port: 1 },
  a: { email: 'a@example.com', password: 'a' },
  b: { email: 'b@example.com', password: 'b' },
  protocols: ['MSNP5'],
  timeoutMs: 100,
};

function check(id: string, run: Check['run']): Check {
  return { id, area: 'signin', title: id, doc: 'commands/ver.md', run };
}

describe('conformance runner', () => {
  it('turns what each check did into its outcome and sentence', async () => {
    const results = await runChecks(
      [
        check('passes', async () => 'all good'),
        check('deviates', async (ctx) => {
          ctx.deviate('odd-thing', 'the server did an odd thing', 'ODD 1');
          ctx.deviate('odd-thing', 'the same again is named once');
          ctx.deviate('other-thing', 'and another');
          return 'worked';
        }),
        check('fails', async () => {
          throw fail('the server answered nonsense');
        }),
        check('silent', async () => {
          throw noReply('the server did not answer VER within 0.1 s');
        }),
        check('lacking', async () => {
          throw notOffered('the server has no member directory');
        }),
        check('crashes', async () => {
          throw new TypeError('cannot read the field');
        }),
      ],
      options,
    );
    assert.deepEqual(
      results.map((r) => [r.id, r.outcome, r.detail]),
      [
        ['passes', 'pass', 'all good'],
        ['deviates', 'deviation', 'the server did an odd thing; and another'],
        ['fails', 'fail', 'the server answered nonsense'],
        ['silent', 'no-reply', 'the server did not answer VER within 0.1 s'],
        ['lacking', 'not-offered', 'the server has no member directory'],
        ['crashes', 'fail', 'cannot read the field'],
      ],
    );
    assert.deepEqual(
      results[1]!.deviations.map((d) => d.code),
      ['odd-thing', 'other-thing'],
    );
    assert.equal(results[1]!.deviations[0]!.line, 'ODD 1');
  });

  it('fails a check whose server cannot be reached, with the reason', async () => {
    const [result] = await runChecks(
      [check('connects', async (ctx) => (await ctx.connect('x'), 'connected'))],
      options,
    );
    assert.equal(result!.outcome, 'fail');
    assert.match(result!.detail, /^could not connect to 127\.0\.0\.1:1 \(ECONNREFUSED\)$/);
  });

  it('runs no further check once its signal is aborted, and reports each as it ends', async () => {
    const controller = new AbortController();
    const seen: string[] = [];
    const results = await runChecks(
      [check('first', async () => (controller.abort(), 'done')), check('second', async () => 'never')],
      { ...options, signal: controller.signal, onResult: (r) => seen.push(r.id) },
    );
    assert.deepEqual(
      results.map((r) => r.id),
      ['first'],
    );
    assert.deepEqual(seen, ['first']);
  });
});
