// npm run test:desktop: runs test/desktop/*.test.ts with the spec reporter and ends as desktopVerdict says.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { desktopMissingReason } from './harness';
import { desktopVerdict, type DesktopCounts } from './verdict';

const here = import.meta.dirname;
const files = readdirSync(here)
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => join(here, f));
const counts: DesktopCounts = { passed: 0, failed: 0, skipped: 0 };
const stream = run({ files, concurrency: 1 });
stream.on('test:pass', (e) => {
  // Suites pass too; only tests (no nested tests of their own) count.
  if (e.details.type === 'suite') return;
  if (e.skip !== undefined && e.skip !== false) counts.skipped += 1;
  else counts.passed += 1;
});
stream.on('test:fail', (e) => {
  if (e.details.type !== 'suite') counts.failed += 1;
});
stream.compose(new spec()).pipe(process.stdout);
stream.once('end', () => {
  const verdict = desktopVerdict(
    counts,
    desktopMissingReason(),
    process.env['BUTTERFLY_DESKTOP_OPTIONAL'] === '1',
  );
  if (verdict.message) process.stderr.write(`${verdict.message}\n`);
  process.exitCode = verdict.code;
});
