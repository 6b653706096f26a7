// The selected traffic line in full: its flags, an error code's meaning, and its payload with the headers
// apart and XML indented. Everything is React text: a payload from the wire is never HTML.
import type { InspectorLine } from '../../../app/inspector';
import { clockOf, splitPayload } from '../../inspectorPayload';

export function LineDetail({ line, label }: { line: InspectorLine | null; label: string }) {
  if (!line) {
    return (
      <section className="inspector-detail" aria-label="Line details">
        <p className="inspector-hint">Select a line to see its payload and what it means.</p>
      </section>
    );
  }
  const payload = line.payload === undefined ? null : splitPayload(line.payload);
  return (
    <section className="inspector-detail" aria-label="Line details">
      <p className="inspector-detail-head">
        {clockOf(line.at)} · {line.direction === 'in' ? 'from' : line.direction === 'out' ? 'to' : 'about'}{' '}
        {label}
      </p>
      <pre className="inspector-detail-line">{line.line}</pre>
      {line.error && <p className="inspector-meaning">{line.error}</p>}
      {line.flags.map((f, i) => (
        <p key={i} className="inspector-meaning flag">
          ⚠ {f.code}: {f.message}
        </p>
      ))}
      {payload && (
        <pre className="inspector-payload" aria-label="Payload">
          {payload.headers.length > 0 && (
            <span className="inspector-headers">{payload.headers.join('\n')}</span>
          )}
          {payload.headers.length > 0 && '\n\n'}
          {payload.body}
        </pre>
      )}
    </section>
  );
}
