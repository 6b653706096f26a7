// npm run bench: every figure is a ratio against a baseline measured in the same run, written to BENCHMARKS.md.
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCodecBench } from './codecBench';
import { runSignInBench } from './signInBench';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function fmt(n: number, digits = 2): string {
  return n.toFixed(digits);
}

async function main(): Promise<void> {
  const codec = runCodecBench();
  console.log(`codec: ${fmt(codec.codecMBps, 1)} MB/s vs bare split ${fmt(codec.bareMBps, 1)} MB/s -> ${fmt(codec.ratio)}x (target >= 0.5)`);
  const signIn = await runSignInBench();
  console.log(`sign-in of ${signIn.contacts} contacts: ${fmt(signIn.signInMs, 1)} ms vs raw ${fmt(signIn.rawMs, 1)} ms -> ${fmt(signIn.ratio)}x (target <= 3)`);

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const md = `# Benchmarks

Written by \`npm run bench\` (${new Date().toISOString().slice(0, 10)}). Every figure is a ratio against a baseline
measured in the same run on the same machine, so the ratios mean more than the absolute numbers.

Machine: ${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}.

| benchmark | measured | baseline | ratio | target | met |
| --- | --- | --- | --- | --- | --- |
| Framing + command codec over ${(codec.bytes / 2 ** 20).toFixed(2)} MiB of NS traffic (${codec.lines} commands, 64 KiB chunks) | ${fmt(codec.codecMBps, 1)} MB/s | bare CRLF split and decode of the same chunks: ${fmt(codec.bareMBps, 1)} MB/s | ${fmt(codec.ratio)} | >= 0.5 | ${codec.ratio >= 0.5 ? 'yes' : 'no'} |
| Sign-in + SYN of ${signIn.contacts} contacts with BPR lines (dispatch, redirect, NS, SYN, CHG) | ${fmt(signIn.signInMs, 1)} ms | the same ${(signIn.bytesFromServer / 2 ** 20).toFixed(2)} MiB crossing a loopback socket unparsed: ${fmt(signIn.rawMs, 1)} ms | ${fmt(signIn.ratio)} | <= 3 | ${signIn.ratio <= 3 ? 'yes' : 'no'} |

How each is measured:
- Codec: \`test/bench/codecBench.ts\`. The baseline finds each LF and decodes the line to a string, nothing more;
  the codec frames the same chunks (payloads cut by byte length, warnings checked) and parses every command's
  name and TrID (fields are split on first use). Best of repeated runs over at least 400 ms each.
- Sign-in: \`test/bench/signInBench.ts\`. The test server runs in a child process; the client time runs from
  connecting to the dispatch port to being online with every list synced. The baseline sends the same number
  of bytes over a fresh loopback connection to a reader that only counts them. Median of 5 rounds after a warm-up.
`;
  await writeFile(path.join(root, 'BENCHMARKS.md'), md);
  console.log('wrote BENCHMARKS.md');
}

main().catch((err) => {
  console.error(`bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
