// Options ▸ Connection, as 3.0 had it: a SOCKS 4, SOCKS 5 or HTTP proxy server for the connections to the
// notification server and the conversations, from the next sign-in. The edits wait for Apply or OK like
// every tab's; the password is sent only when typed (the field stays empty over a kept one).
import { useId, useState } from 'react';
import type { ProxyKind, ProxySettings } from '../../../app/contract';
import { saveSettings } from '../../actions';
import { useSession } from '../../stores/session';
import { useOfferEdits, type PendingApply } from './pendingApply';

const KINDS: readonly { kind: ProxyKind; label: string }[] = [
  { kind: 'none', label: 'None' },
  { kind: 'socks4', label: 'SOCKS 4' },
  { kind: 'socks5', label: 'SOCKS 5' },
  { kind: 'http', label: 'HTTP' },
];

/** The usual port of each kind, filled in when the port was still the other kind's usual one. */
const USUAL_PORT: Record<ProxyKind, number> = { none: 1080, socks4: 1080, socks5: 1080, http: 8080 };

interface Fields {
  type: ProxyKind;
  host: string;
  port: string;
  user: string;
}

const fieldsOf = (p: ProxySettings): Fields => ({
  type: p.type,
  host: p.host,
  port: String(p.port),
  user: p.user,
});

/** The port typed, or null when it is not one. */
function portOf(text: string): number | null {
  const port = Number(text.trim());
  return /^\d{1,5}$/.test(text.trim()) && port >= 1 && port <= 65535 ? port : null;
}

/** What is wrong with the fields before anything is sent, in one sentence; '' when nothing is. */
function problemOf(f: Fields): string {
  if (f.type === 'none') return '';
  if (f.host.trim() === '') return 'Type the address of the proxy server.';
  if (portOf(f.port) === null) return 'The proxy port is a number from 1 to 65535.';
  return '';
}

export function ConnectionTab({ pending }: { pending: PendingApply }) {
  const id = useId();
  const proxy = useSession((s) => s.settings.proxy);
  const keepsOnDisk = useSession((s) => s.settings.canRememberPassword);
  const [edits, setEdits] = useState<Fields | null>(null);
  /** undefined: keep the password kept (if any); '': forget it; else the new one. */
  const [password, setPassword] = useState<string | undefined>(undefined);
  const [error, setError] = useState('');
  const [saved, setSaved] = useState(false);

  const held = fieldsOf(proxy);
  const shown = edits ?? held;
  const off = shown.type === 'none';
  const takesPassword = shown.type === 'socks5' || shown.type === 'http';
  const changed =
    password !== undefined ||
    (edits !== null && (Object.keys(held) as (keyof Fields)[]).some((k) => edits[k].trim() !== held[k]));

  const edit = (change: Partial<Fields>) => {
    setEdits({ ...shown, ...change });
    setSaved(false);
    setError('');
  };
  const choose = (type: ProxyKind) => {
    const usual = Number(shown.port) === USUAL_PORT[shown.type];
    edit({ type, port: usual ? String(USUAL_PORT[type]) : shown.port });
  };

  const save = async (): Promise<boolean> => {
    const problem = problemOf(shown);
    if (problem) {
      setError(problem);
      return false;
    }
    // With None the fields are kept for later as they are, but a port that is none is not.
    const port = portOf(shown.port) ?? proxy.port;
    const failure = await saveSettings({
      proxy: {
        type: shown.type,
        host: shown.host.trim(),
        port,
        user: shown.user.trim(),
        ...(password !== undefined && takesPassword ? { password } : {}),
      },
    });
    if (failure) {
      setError(failure);
      return false;
    }
    setEdits(null);
    setPassword(undefined);
    setSaved(true);
    return true;
  };
  useOfferEdits(pending, changed ? save : null);

  const kept = proxy.hasPassword && password === undefined;
  return (
    <div className="connection-tab">
      <fieldset className="group">
        <legend>Connect through a proxy server</legend>
        <div role="radiogroup" aria-label="Proxy server type" className="proxy-kinds">
          {KINDS.map(({ kind, label }) => (
            <label key={kind} className="check">
              <input
                type="radio"
                name={`${id}-kind`}
                checked={shown.type === kind}
                onChange={() => choose(kind)}
              />
              {label}
            </label>
          ))}
        </div>
        <div className="proxy-grid">
          <label htmlFor={`${id}-host`}>Server</label>
          <input
            id={`${id}-host`}
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={shown.host}
            disabled={off}
            onChange={(e) => edit({ host: e.target.value })}
          />
          <label htmlFor={`${id}-port`}>Port</label>
          <input
            id={`${id}-port`}
            className="proxy-port"
            type="text"
            inputMode="numeric"
            autoComplete="off"
            value={shown.port}
            disabled={off}
            onChange={(e) => edit({ port: e.target.value })}
          />
          <label htmlFor={`${id}-user`}>User name</label>
          <input
            id={`${id}-user`}
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={shown.user}
            disabled={off}
            onChange={(e) => edit({ user: e.target.value })}
          />
          <label htmlFor={`${id}-password`}>Password</label>
          <div className="proxy-password">
            <input
              id={`${id}-password`}
              type="password"
              autoComplete="new-password"
              value={password ?? ''}
              placeholder={kept ? '(kept)' : ''}
              disabled={!takesPassword}
              onChange={(e) => {
                setPassword(e.target.value);
                setSaved(false);
              }}
            />
            {kept && takesPassword && (
              <button type="button" onClick={() => setPassword('')}>
                Forget
              </button>
            )}
          </div>
        </div>
      </fieldset>
      <p className="hint">
        Butterfly uses the proxy from the next sign-in, for the server and your conversations; files are sent
        directly, and the built-in sandbox never uses it.{' '}
        {takesPassword &&
          (keepsOnDisk
            ? 'The password is kept encrypted on this computer.'
            : 'The password is kept only until Butterfly stops.')}
      </p>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : (
        saved && <p role="status">The connection settings were saved.</p>
      )}
    </div>
  );
}
