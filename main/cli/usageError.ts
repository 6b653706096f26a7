// A mistake on the command line: one sentence, exit status 2. Its own module so that every parser can throw
// it (and read options the same way) without importing the others.
import { parseArgs } from 'node:util';

export class UsageError extends Error {
  override name = 'UsageError';
}

type OptionSpec = Readonly<Record<string, { type: 'string' | 'boolean' }>>;

/** node:util's parseArgs, strict and without positionals, its refusal cut to the one sentence a usage error is. */
export function parseOptions(
  argv: string[],
  options: OptionSpec,
): Record<string, string | boolean | undefined> {
  try {
    return parseArgs({ args: argv, strict: true, allowPositionals: false, options }).values as Record<
      string,
      string | boolean | undefined
    >;
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]!.replace(/\. To specify.*$/, ''));
  }
}
