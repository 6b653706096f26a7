// msnp login: sign in through the dispatch redirect, sync, set the status, stay --wait seconds, sign out.
import type { CommonOptions } from './args';
import type { Reporter } from './output';
import { withSession } from './session';

export async function runLogin(opts: CommonOptions, out: Reporter, signal: AbortSignal): Promise<void> {
  await withSession(opts, out, signal, async () => {});
}
