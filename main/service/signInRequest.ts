// A sign-in before and after the server: the request from the form checked before anything reaches the
// network (the protocol versions, the server's address, the password typed or remembered for this address
// on this server) and turned into the SignInDetails a session opens with; the built-in sandbox started when
// it is the server; and, once signed in, what the form pre-fills next time and the password kept or forgotten.
import { SANDBOX_SERVER, type SignInRequest } from '../../app/contract';
import { errorMessage } from '../msnp/errors';
import type { SessionControllerDeps } from './sessionController';
import type { SignInDetails } from './sessionWiring';
import { checkProtocols, DEFAULT_PROTOCOL_CHOICE, normalizeServer } from './settingsStore';
import { describeSignInError, type SignInFailure } from './signInErrors';

/** A sign-in that stopped before reaching the server; its message is the sentence to show. */
export class SignInRefused extends Error {}

/** The sentence for a failed sign-in (or try to reconnect) to `where`. */
export function signInFailure(err: unknown, where: string): SignInFailure {
  return err instanceof SignInRefused
    ? { message: err.message, needsVerification: false }
    : describeSignInError(err, where);
}

/** The request (its address already trimmed) checked and completed; a SignInRefused says what is wrong. */
export function signInDetails(
  request: SignInRequest,
  email: string,
  deps: Pick<SessionControllerDeps, 'store' | 'vault'>,
): SignInDetails {
  const protocols = protocolsFor(request.protocols, deps);
  const serverId = request.server === SANDBOX_SERVER ? SANDBOX_SERVER : normalizeServer(request.server);
  if (!serverId) throw new SignInRefused('That is not a server address. Type it as host or host:port.');
  const password = request.password !== '' ? request.password : deps.vault.get(serverId, email);
  if (!password)
    throw new SignInRefused(
      'Type your password to sign in; none is remembered for this address on this server.',
    );
  return { server: serverId, email, password, protocols, status: request.status };
}

function protocolsFor(requested: readonly string[], deps: Pick<SessionControllerDeps, 'store'>): string[] {
  const wanted = requested.length > 0 ? requested : deps.store.value.protocols;
  const checked = checkProtocols(wanted);
  if (!checked.ok) throw new SignInRefused(checked.message);
  return checked.protocols.length > 0 ? checked.protocols : [...DEFAULT_PROTOCOL_CHOICE];
}

/** The built-in sandbox's address, started on first use. */
export async function startSandbox(
  deps: Pick<SessionControllerDeps, 'sandbox' | 'warn'>,
): Promise<{ host: string; port: number }> {
  try {
    return await deps.sandbox.address();
  } catch (err) {
    deps.warn(`The built-in sandbox could not start: ${errorMessage(err)}`);
    throw new SignInRefused('The built-in sandbox could not be started. Restart Butterfly and try again.');
  }
}

/** After a successful sign-in: the form pre-fills these next time, and the password is kept or forgotten as asked. */
export async function rememberSignIn(
  deps: Pick<SessionControllerDeps, 'store' | 'vault' | 'settingsChanged'>,
  serverId: string,
  email: string,
  remember: boolean,
  password: string,
): Promise<void> {
  const { store, vault } = deps;
  await store.rememberSignIn(serverId, email);
  if (remember) await vault.remember(serverId, email, password);
  else await vault.forget(email, serverId);
  deps.settingsChanged();
}
