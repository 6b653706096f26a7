// The protocol inspector: the live traffic of every connection, filtered and paged by main (which keeps the
// lines), drawn as a virtualized list; the selected line's payload and meaning below it; the console last.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { InspectorConnection, InspectorFilter, InspectorLine } from '../../../app/inspector';
import { clearTraffic, exportTraffic, queryTraffic } from '../../inspectorActions';
import { useInspector } from '../../stores/inspector';
import { selectServerLabel, useSession } from '../../stores/session';
import { visibleRange } from '../../virtualRange';
import { InspectorConsole, type ReplyWatch } from './InspectorConsole';
import { LineDetail } from './LineDetail';
import { clockOf } from '../../inspectorPayload';

const ROW_HEIGHT = 18;
const OVERSCAN = 30;

interface Rows {
  /** Matching lines in all. */
  matching: number;
  /** The page fetched: lines[i] is matching line offset + i. */
  offset: number;
  lines: InspectorLine[];
}

const ARROWS: Record<InspectorLine['direction'], string> = { in: '←', out: '→', note: '!' };

/** Whether a line answers the command the console sent. */
export function isReply(line: InspectorLine, watch: ReplyWatch | null): boolean {
  if (!watch || line.direction !== 'in' || line.connection !== watch.connection || line.id <= watch.afterId)
    return false;
  return watch.trId !== null
    ? line.trId === watch.trId
    : watch.command === null || line.command === watch.command;
}

/** Which dialect the session speaks, and to which server: what a server developer checks first. */
function InspectorDialect() {
  const protocol = useSession((s) => s.protocol);
  const server = useSession(selectServerLabel);
  const online = useSession((s) => s.session.phase === 'online');
  return (
    <p className="inspector-dialect">
      {online && protocol ? `Speaking ${protocol} with ${server}.` : 'Not signed in.'}
    </p>
  );
}

export function Inspector() {
  const lastId = useInspector((s) => s.lastId);
  const total = useInspector((s) => s.total);
  const [filter, setFilter] = useState<InspectorFilter>({});
  // While paused, the view stays at the lastId it had when paused.
  const [pausedAt, setPausedAt] = useState<number | null>(null);
  const paused = pausedAt !== null;
  const shownId = pausedAt ?? lastId;
  const [rows, setRows] = useState<Rows>({ matching: 0, offset: 0, lines: [] });
  const [connections, setConnections] = useState<InspectorConnection[]>([]);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(300);
  const [follow, setFollow] = useState(true);
  const [selected, setSelected] = useState<InspectorLine | null>(null);
  const [watch, setWatch] = useState<ReplyWatch | null>(null);
  const [status, setStatus] = useState('');
  const list = useRef<HTMLDivElement>(null);
  const seq = useRef(0);

  const range = visibleRange({
    scrollTop,
    viewportHeight: viewport,
    rowHeight: ROW_HEIGHT,
    count: rows.matching,
    overscan: OVERSCAN,
  });

  useEffect(() => {
    const ask = ++seq.current;
    // Following the newest lines: ask for the tail of what matched last time; a grown count asks again.
    const visible = Math.ceil(viewport / ROW_HEIGHT) + OVERSCAN;
    const offset = follow ? Math.max(0, rows.matching - visible) : range.first;
    const limit = follow ? visible + OVERSCAN : Math.max(1, range.last - range.first + 1);
    void queryTraffic({ ...filter, offset, limit: Math.min(limit, 1000) }).then((outcome) => {
      if (ask !== seq.current) return;
      if (!outcome.ok) return setStatus(outcome.error);
      const page = outcome.value;
      setConnections(page.connections);
      setRows({ matching: page.matching, offset, lines: page.lines });
    });
    // rows.matching is read, not watched: a new count re-renders with a new range, which asks again.
  }, [filter, shownId, range.first, range.last, follow, viewport]);

  // Following: stay at the bottom as lines arrive and when the list gets shorter (the payload box opened).
  useLayoutEffect(() => {
    const el = list.current;
    if (el && follow) el.scrollTop = el.scrollHeight;
  }, [rows.matching, follow, viewport]);

  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    const measure = () => setViewport(el.clientHeight || 300);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const onScroll = useCallback(() => {
    const el = list.current;
    if (!el) return;
    setScrollTop(el.scrollTop);
    setFollow(el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT);
  }, []);

  const change = (patch: Partial<InspectorFilter>) => {
    setFilter((f) => ({ ...f, ...patch }));
    setFollow(true);
  };

  const onExport = async (format: 'transcript' | 'jsonl') => {
    const outcome = await exportTraffic(format, filter);
    setStatus(outcome.ok ? outcome.value : outcome.error);
  };

  const labelOf = (id: string) => connections.find((c) => c.id === id)?.label ?? id;
  const shown: InspectorLine[] = [];
  for (
    let i = Math.max(range.first, rows.offset);
    i <= range.last && i - rows.offset < rows.lines.length;
    i++
  )
    shown.push(rows.lines[i - rows.offset]!);

  return (
    <div className="inspector">
      <InspectorDialect />
      <div className="inspector-toolbar" role="toolbar" aria-label="Filters">
        <label>
          Connection{' '}
          <select
            value={filter.connection ?? ''}
            onChange={(e) => change({ connection: e.target.value || undefined })}
          >
            <option value="">All connections</option>
            {connections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
                {c.open ? '' : ' (closed)'}
              </option>
            ))}
          </select>
        </label>
        <label>
          Command{' '}
          <input
            className="inspector-command"
            value={filter.command ?? ''}
            maxLength={3}
            size={4}
            onChange={(e) => change({ command: e.target.value.trim() || undefined })}
          />
        </label>
        <label>
          <input
            type="checkbox"
            checked={filter.deviationsOnly === true}
            onChange={(e) => change({ deviationsOnly: e.target.checked || undefined })}
          />
          Deviations only
        </label>
        <label>
          Search{' '}
          <input
            type="search"
            value={filter.search ?? ''}
            maxLength={200}
            onChange={(e) => change({ search: e.target.value || undefined })}
          />
        </label>
        <button
          type="button"
          aria-pressed={paused}
          onClick={() => setPausedAt((at) => (at === null ? lastId : null))}
        >
          {paused ? 'Resume' : 'Pause'}
        </button>
        <button
          type="button"
          onClick={() => void clearTraffic().then((o) => setStatus(o.ok ? 'Cleared.' : o.error))}
        >
          Clear
        </button>
        <button type="button" onClick={() => void onExport('transcript')}>
          Export transcript
        </button>
        <button type="button" onClick={() => void onExport('jsonl')}>
          Export JSON lines
        </button>
      </div>
      <div
        className="inspector-list"
        ref={list}
        onScroll={onScroll}
        role="listbox"
        aria-label="Traffic"
        tabIndex={0}
      >
        <div style={{ height: rows.matching * ROW_HEIGHT, position: 'relative' }}>
          {shown.map((line, i) => {
            const index = Math.max(range.first, rows.offset) + i;
            const reply = isReply(line, watch);
            const flagged = line.flags.length > 0;
            return (
              <div
                key={line.id}
                role="option"
                aria-selected={selected?.id === line.id}
                className={`inspector-row ${line.direction}${flagged ? ' flagged' : ''}${reply ? ' reply' : ''}${line.error ? ' error' : ''}`}
                style={{ top: index * ROW_HEIGHT, height: ROW_HEIGHT }}
                onClick={() => setSelected(line)}
              >
                <span className="inspector-time">{clockOf(line.at)}</span>
                <span
                  className="inspector-arrow"
                  aria-label={
                    line.direction === 'in'
                      ? 'from the server'
                      : line.direction === 'out'
                        ? 'to the server'
                        : 'note'
                  }
                >
                  {ARROWS[line.direction]}
                </span>
                <span className="inspector-conn" title={labelOf(line.connection)}>
                  {line.connection}
                </span>
                <span className="inspector-text">
                  {line.line}
                  {reply && <span className="inspector-tag"> ◀ reply</span>}
                  {line.flags.map((f, k) => (
                    <span key={k} className="inspector-flag">
                      {' '}
                      ⚠ {f.code}: {f.message}
                    </span>
                  ))}
                </span>
              </div>
            );
          })}
        </div>
      </div>
      <LineDetail line={selected} label={selected ? labelOf(selected.connection) : ''} />
      <InspectorConsole connections={connections} lastId={lastId} onSent={setWatch} />
      <div className="inspector-status" role="status">
        {rows.matching} of {total} lines{paused ? ' (paused)' : ''}
        {status ? ` — ${status}` : ''}
      </div>
    </div>
  );
}
