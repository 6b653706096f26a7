// What the protocol inspector asks of main: pages of lines, a clear, an export saved or downloaded, a
// command sent from its console. A failure comes back as one sentence for the inspector to show.
import type {
  InspectorExportFormat,
  InspectorFilter,
  InspectorPage,
  InspectorQuery,
  InspectorSendRequest,
} from '../app/inspector';
import { api } from './bridge';
import { downloadText } from './downloadText';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

async function outcomeOf<T>(call: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (err) {
    return {
      ok: false,
      error: err instanceof Error && err.message ? err.message : 'Something went wrong. Try again.',
    };
  }
}

export const queryTraffic = (query: InspectorQuery): Promise<Outcome<InspectorPage>> =>
  outcomeOf(() => api.inspectorQuery(query));

export const clearTraffic = (): Promise<Outcome<void>> => outcomeOf(() => api.inspectorClear());

export const sendFromConsole = (request: InspectorSendRequest): Promise<Outcome<{ trId: number | null }>> =>
  outcomeOf(() => api.inspectorSend(request));

/** Desktop: main asks where and writes the file; browser mode: the text downloads from here. */
export async function exportTraffic(
  format: InspectorExportFormat,
  filter: InspectorFilter,
): Promise<Outcome<string>> {
  const saved = await outcomeOf(() => api.inspectorExport(format, filter));
  if (!saved.ok) return saved;
  const value = saved.value;
  if (value.kind === 'cancelled') return { ok: true, value: '' };
  if (value.kind === 'saved') return { ok: true, value: `Saved as ${value.path}.` };
  const type = format === 'jsonl' ? 'application/x-ndjson' : 'text/plain;charset=utf-8';
  downloadText(value.fileName, value.text, type);
  return { ok: true, value: `Downloaded ${value.fileName}.` };
}
