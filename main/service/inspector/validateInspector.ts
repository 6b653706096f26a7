// Argument checks for the protocol inspector's calls: a filter, a page, an export format, a console command.
import type { MethodArgs } from '../../../app/contract';
import {
  INSPECTOR_MAX_LINE,
  INSPECTOR_MAX_PAGE,
  INSPECTOR_MAX_PAYLOAD,
  type InspectorFilter,
  type InspectorQuery,
  type InspectorSendRequest,
} from '../../../app/inspector';
import { bool, count, fail, id, isRecord, none, one, onlyKeys, text } from '../checks';

type InspectorMethod = 'inspectorQuery' | 'inspectorClear' | 'inspectorExport' | 'inspectorSend';

const FILTER_KEYS = ['connection', 'command', 'deviationsOnly', 'search'] as const;

function readFilter(v: Record<string, unknown>): InspectorFilter {
  const filter: InspectorFilter = {};
  if (v['connection'] !== undefined) filter.connection = id(v['connection'], 'The connection');
  if (v['command'] !== undefined) {
    const command = text(v['command'], 'The command', 3).trim();
    if (command !== '' && !/^[A-Za-z0-9]{1,3}$/.test(command))
      fail('A command name has three letters or digits, such as CHG.');
    if (command !== '') filter.command = command.toUpperCase();
  }
  if (v['deviationsOnly'] !== undefined) filter.deviationsOnly = bool(v['deviationsOnly'], 'Deviations only');
  if (v['search'] !== undefined) {
    const search = text(v['search'], 'The search', 200);
    if (search !== '') filter.search = search;
  }
  return filter;
}

function filter(v: unknown): InspectorFilter {
  if (!isRecord(v)) fail('The filter is missing.');
  onlyKeys(v, FILTER_KEYS, 'The filter');
  return readFilter(v);
}

function whole(v: unknown, what: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    fail(`${what} must be a whole number from ${min} to ${max}.`);
  return v;
}

function query(v: unknown): InspectorQuery {
  if (!isRecord(v)) fail('The query is missing.');
  onlyKeys(v, [...FILTER_KEYS, 'offset', 'limit'], 'The query');
  return {
    ...readFilter(v),
    offset: whole(v['offset'], 'The first line', 0, Number.MAX_SAFE_INTEGER),
    limit: whole(v['limit'], 'The number of lines', 0, INSPECTOR_MAX_PAGE),
  };
}

function sendRequest(v: unknown): InspectorSendRequest {
  if (!isRecord(v)) fail('The command to send is missing.');
  onlyKeys(v, ['connection', 'line', 'payload'], 'The command to send');
  const line = text(v['line'], 'The command', INSPECTOR_MAX_LINE);
  // A line break would let one typed line become two commands.
  if (/[\r\n\0]/.test(line)) fail('Type one command on one line; a payload goes in the payload box.');
  const request: InspectorSendRequest = { connection: id(v['connection'], 'The connection'), line };
  if (v['payload'] !== undefined) request.payload = text(v['payload'], 'The payload', INSPECTOR_MAX_PAYLOAD);
  return request;
}

export const INSPECTOR_CHECKERS: { [M in InspectorMethod]: (args: unknown[]) => MethodArgs<M> } = {
  inspectorQuery: one(query),
  inspectorClear: none,
  inspectorExport: (args) => {
    count(args, 2);
    const format = args[0];
    if (format !== 'transcript' && format !== 'jsonl') fail('Export as a transcript or as JSON lines.');
    return [format, filter(args[1])];
  },
  inspectorSend: one(sendRequest),
};
