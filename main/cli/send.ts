// msnp send: sign in, open a conversation, deliver one message, report what comes back, leave.
import type { CommandOptions } from './args';
import type { Reporter } from './output';
import { deliveries, withSession } from './session';

export class DeliveryError extends Error {
  override name = 'DeliveryError';
}

export async function runSend(opts: CommandOptions, out: Reporter, signal: AbortSignal): Promise<void> {
  await withSession(opts, out, signal, async ({ conversations }) => {
    const c = conversations.open([opts.to!]);
    // A refused call says why (offline, appearing offline); the delivery failure only says "could not be reached".
    let callFailed: string | undefined;
    const offCall = c.on('callFailed', (e) => {
      callFailed ??= e.message;
    });
    const ids = c.sendText(opts.message!);
    const results = await deliveries(c, ids);
    offCall();
    const failed = results.find((r) => r.status === 'failed');
    for (const r of results) out.event('delivery', { ...r }, null);
    if (failed) throw new DeliveryError(callFailed ?? failed.error ?? 'The message was not delivered.');
    out.event('delivered', { to: opts.to, parts: ids.length }, `Message delivered to ${opts.to}`);
  });
}
