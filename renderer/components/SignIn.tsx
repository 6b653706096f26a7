// The main window while signed out: the sign-in form, its progress with Cancel, and every failure as a sentence.
import { useEffect, useId, useState, type FormEvent } from 'react';
import {
  CHOOSABLE_STATUSES,
  SANDBOX_DEMO_ACCOUNT,
  SANDBOX_SERVER,
  type ChoosableStatus,
} from '../../app/contract';
import { STATUS_NAMES } from '../../app/types';
import { addServer, cancelSignIn, removeServer, signIn } from '../actions';
import { useSession } from '../stores/session';
import { ButterflyMark } from './ButterflyMark';
import { SigningInFigures } from './StatusFigure';
import { ServerTesting } from './SignInAdvanced';

const ALL_PROTOCOLS = ['MSNP5', 'MSNP4', 'MSNP3', 'MSNP2'];
const OTHER = '__other__';
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const SANDBOX_DEMO = SANDBOX_DEMO_ACCOUNT;

export function SignIn() {
  const settings = useSession((s) => s.settings);
  const session = useSession((s) => s.session);
  const ids = useId();

  const servers = [...settings.servers].sort(
    (a, b) => Number(b.id === SANDBOX_SERVER) - Number(a.id === SANDBOX_SERVER),
  );
  const initialServer = settings.lastServer || servers[0]?.id || SANDBOX_SERVER;
  // The sandbox's own account is public, password included: pre-fill it rather than make people type it.
  const demo =
    initialServer === SANDBOX_SERVER && (!settings.lastEmail || settings.lastEmail === SANDBOX_DEMO.email);

  const [email, setEmail] = useState(demo ? SANDBOX_DEMO.email : settings.lastEmail);
  const [password, setPassword] = useState(demo ? SANDBOX_DEMO.password : '');
  const [server, setServer] = useState(initialServer);
  const [otherServer, setOtherServer] = useState('');
  const [protocols, setProtocols] = useState(
    settings.protocols.length > 0 ? settings.protocols : ALL_PROTOCOLS,
  );
  const [status, setStatus] = useState<ChoosableStatus>('NLN');
  const [remember, setRemember] = useState(settings.rememberedPassword && settings.canRememberPassword);
  const [problem, setProblem] = useState('');

  // Signed in, the form keeps no password to show after signing out, unless main remembers it.
  const keepPassword = remember && settings.canRememberPassword;
  useEffect(() => {
    if (session.phase === 'online' && !keepPassword) setPassword('');
  }, [session.phase, keepPassword]);

  const busy = session.phase === 'signingIn' || session.phase === 'signingOut';
  // A remembered password belongs to one address on one server; main refuses it anywhere else.
  const usesRemembered =
    settings.rememberedPassword &&
    password === '' &&
    email.trim() === settings.lastEmail &&
    server === settings.lastServer;
  const error = problem || (session.phase === 'signedOut' ? session.error : '');

  const chooseServer = (value: string) => {
    setServer(value);
    if (value === SANDBOX_SERVER && (email.trim() === '' || email.trim() === SANDBOX_DEMO.email)) {
      setEmail(SANDBOX_DEMO.email);
      setPassword(SANDBOX_DEMO.password);
    }
  };

  // Only a server someone typed can go; the built-in sandbox always stays.
  const removable = server !== SANDBOX_SERVER && servers.some((s) => s.id === server);
  const removeChosen = async () => {
    const failed = await removeServer(server);
    setProblem(failed);
    if (!failed) chooseServer(SANDBOX_SERVER);
  };

  const toggleProtocol = (p: string, on: boolean) =>
    setProtocols((was) => ALL_PROTOCOLS.filter((x) => (x === p ? on : was.includes(x))));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const address = email.trim();
    const host = server === OTHER ? otherServer.trim() : server;
    const why =
      address === ''
        ? 'Type your e-mail address, for example someone@example.com.'
        : !EMAIL.test(address)
          ? `"${address}" is not an e-mail address. Check it and try again.`
          : password === '' && !usesRemembered
            ? 'Type your password.'
            : host === ''
              ? "Type the server's address, for example messenger.example.com:1863."
              : protocols.length === 0
                ? 'Choose at least one protocol version under Advanced.'
                : '';
    setProblem(why);
    if (why) return;
    if (server === OTHER) {
      const failed = await addServer(host);
      if (failed) return setProblem(failed);
    }
    const failed = await signIn({
      email: address,
      password,
      server: host,
      protocols,
      status,
      remember: remember && settings.canRememberPassword,
    });
    // A cancelled sign-in is not a failure worth a sentence; the session's own error covers the rest.
    if (
      failed &&
      useSession.getState().session.phase === 'signedOut' &&
      useSession.getState().session.error === ''
    )
      setProblem(failed);
  };

  return (
    <div className="signin">
      <header className="banner">
        <ButterflyMark />
        <div>
          <h1>Butterfly</h1>
          <p className="banner-sub">Sign in to see who is online.</p>
        </div>
      </header>
      <form className="signin-form" onSubmit={(e) => void submit(e)} noValidate>
        <fieldset disabled={busy}>
          <label htmlFor={`${ids}-email`}>E-mail address</label>
          <input
            id={`${ids}-email`}
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            autoFocus
          />

          <label htmlFor={`${ids}-password`}>Password</label>
          <input
            id={`${ids}-password`}
            type="password"
            autoComplete="current-password"
            value={password}
            placeholder={usesRemembered ? '(remembered)' : undefined}
            onChange={(e) => setPassword(e.target.value)}
          />

          <label className="check">
            <input
              type="checkbox"
              checked={remember && settings.canRememberPassword}
              disabled={!settings.canRememberPassword}
              aria-describedby={settings.canRememberPassword ? undefined : `${ids}-remember-why`}
              onChange={(e) => setRemember(e.target.checked)}
            />
            Remember my password
          </label>
          {!settings.canRememberPassword && (
            <p id={`${ids}-remember-why`} className="hint">
              This computer cannot keep a password encrypted, so Butterfly will not store it.
            </p>
          )}

          <label htmlFor={`${ids}-server`}>Server</label>
          <div className="server-choice">
            <select id={`${ids}-server`} value={server} onChange={(e) => chooseServer(e.target.value)}>
              {servers.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
              {!servers.some((s) => s.id === SANDBOX_SERVER) && (
                <option value={SANDBOX_SERVER}>Local sandbox (built in)</option>
              )}
              <option value={OTHER}>Other server…</option>
            </select>
            {removable && (
              <button
                type="button"
                title={`Take ${server} off this list`}
                aria-label={`Remove ${server} from the list`}
                onClick={() => void removeChosen()}
              >
                Remove
              </button>
            )}
          </div>
          {server === OTHER && (
            <>
              <label htmlFor={`${ids}-host`}>Server address (host:port)</label>
              <input
                id={`${ids}-host`}
                type="text"
                placeholder="messenger.example.com:1863"
                value={otherServer}
                onChange={(e) => setOtherServer(e.target.value)}
              />
            </>
          )}
          {server === SANDBOX_SERVER && (
            <p className="hint sandbox-hint">
              The built-in sandbox runs on this computer, with bots to talk to. Sign in as{' '}
              <b>{SANDBOX_DEMO.email}</b> with the password <b>{SANDBOX_DEMO.password}</b>.
            </p>
          )}

          <label htmlFor={`${ids}-status`}>Sign in as</label>
          <select
            id={`${ids}-status`}
            value={status}
            onChange={(e) => setStatus(e.target.value as ChoosableStatus)}
          >
            {CHOOSABLE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_NAMES[s]}
              </option>
            ))}
          </select>

          <details className="advanced">
            <summary>Advanced</summary>
            <fieldset className="group">
              <legend>Protocol versions to offer</legend>
              {ALL_PROTOCOLS.map((p) => (
                <label key={p} className="check">
                  <input
                    type="checkbox"
                    checked={protocols.includes(p)}
                    onChange={(e) => toggleProtocol(p, e.target.checked)}
                  />
                  {p}
                </label>
              ))}
            </fieldset>
            <ServerTesting />
          </details>

          <div className="buttons">
            <button type="submit" className="default">
              Sign In
            </button>
          </div>
        </fieldset>
        {session.phase === 'signingIn' && (
          <div className="progress">
            <SigningInFigures />
            <p role="status">{session.progress || 'Signing in…'}</p>
            <button type="button" onClick={cancelSignIn}>
              Cancel
            </button>
          </div>
        )}
        {error && !busy && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </form>
    </div>
  );
}
