// The inspector's console: a command typed on the notification server or an open switchboard, its TrID
// filled in by main. MSG, PAG, SDC and QRY get a payload box whose byte length goes on the line.
import { useState, type FormEvent } from 'react';
import { PAYLOAD_COMMANDS, type InspectorConnection } from '../../../app/inspector';
import { sendFromConsole } from '../../inspectorActions';
import { payloadBytes } from '../../inspectorPayload';

/** The command the console sent, so the list can highlight its reply. */
export interface ReplyWatch {
  connection: string;
  trId: number | null;
  /** Only lines after this one can be the reply. */
  afterId: number;
  /** Without a TrID: the reply's name (QNG for PNG), or null for the next line. */
  command: string | null;
}

export function InspectorConsole({
  connections,
  lastId,
  onSent,
}: {
  connections: InspectorConnection[];
  lastId: number;
  onSent(watch: ReplyWatch): void;
}) {
  const open = connections.filter((c) => c.open && c.kind !== 'ftp');
  const [target, setTarget] = useState('');
  const [line, setLine] = useState('');
  const [payload, setPayload] = useState('');
  const [result, setResult] = useState('');
  const connection = open.some((c) => c.id === target)
    ? target
    : (open.find((c) => c.kind === 'ns')?.id ?? '');
  const name = line.trim().split(/\s+/)[0]?.toUpperCase() ?? '';
  const carries = PAYLOAD_COMMANDS.includes(name);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!connection) return setResult('No connection is open. Sign in first.');
    const afterId = lastId;
    const outcome = await sendFromConsole({ connection, line, ...(carries ? { payload } : {}) });
    if (!outcome.ok) return setResult(outcome.error);
    const { trId } = outcome.value;
    onSent({ connection, trId, afterId, command: trId === null ? (name === 'PNG' ? 'QNG' : null) : null });
    setResult(
      trId === null
        ? `Sent ${name}; its reply is highlighted.`
        : `Sent ${name} with TrID ${trId}; its reply is highlighted.`,
    );
  };

  return (
    <form className="inspector-console" aria-label="Console" onSubmit={(e) => void submit(e)}>
      <div className="inspector-console-row">
        <label>
          Send on{' '}
          <select value={connection} onChange={(e) => setTarget(e.target.value)} disabled={open.length === 0}>
            {open.length === 0 && <option value="">No open connection</option>}
            {open.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <label className="inspector-console-command">
          Command{' '}
          <input
            value={line}
            maxLength={1024}
            spellCheck={false}
            placeholder="CHG NLN (the TrID is filled in)"
            onChange={(e) => setLine(e.target.value)}
          />
        </label>
        <button type="submit" disabled={line.trim() === '' || !connection}>
          Send
        </button>
      </div>
      {carries && (
        <label className="inspector-console-payload">
          Payload ({payloadBytes(payload)} bytes)
          <textarea
            value={payload}
            rows={3}
            spellCheck={false}
            maxLength={8192}
            onChange={(e) => setPayload(e.target.value)}
          />
        </label>
      )}
      {result && <p className="inspector-console-result">{result}</p>}
    </form>
  );
}
