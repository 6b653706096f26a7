// The protocol inspector's plain data: what main keeps of the traffic (the ring in main/service/inspector)
// and what a window asks of it. Pure types and constants, shared by the contract, main and the renderer.

export type InspectorConnectionKind = 'ns' | 'sb' | 'ftp';

export interface InspectorConnection {
  /** 'ns1', 'sb3', 'ftp2': unique for the life of the app. */
  id: string;
  kind: InspectorConnectionKind;
  /** For people and transcript sections: "NS 127.0.0.1:1863", "SB 2 127.0.0.1:1864". */
  label: string;
  /** The console can still write to it. */
  open: boolean;
}

/** A deviation the engine tolerated (or a request left unanswered), by the engine's warning code. */
export interface InspectorFlag {
  code: string;
  message: string;
}

export interface InspectorLine {
  id: number;
  at: number;
  /** 'note': no traffic line matched a warning, so it stands alone. */
  direction: 'in' | 'out' | 'note';
  connection: string;
  /** Masked: no password, MD5 answer or Passport ticket. */
  line: string;
  payload?: string;
  /** The TrID field, when the line has one. */
  trId: number | null;
  command: string;
  flags: InspectorFlag[];
  /** An error reply's meaning, from the protocol documents. */
  error?: string;
}

export interface InspectorFilter {
  /** A connection id; absent: every connection. */
  connection?: string;
  /** A command name such as CHG (case-insensitive); absent: every command. */
  command?: string;
  deviationsOnly?: boolean;
  /** Text the line or its payload contains (case-insensitive). */
  search?: string;
}

export interface InspectorQuery extends InspectorFilter {
  /** The first matching line to return, counting from the oldest. */
  offset: number;
  limit: number;
}

export interface InspectorPage {
  /** Lines that match the filter. */
  matching: number;
  /** Lines kept in all (the ring holds at most INSPECTOR_CAPACITY). */
  total: number;
  lines: InspectorLine[];
  connections: InspectorConnection[];
}

export interface InspectorSendRequest {
  connection: string;
  /** The command without its TrID: "CHG NLN", "PNG", "MSG N". */
  line: string;
  /** For MSG, PAG, SDC and QRY: the length is added to the line. */
  payload?: string;
}

export type InspectorExportFormat = 'transcript' | 'jsonl';

/** The most lines one inspectorQuery returns. */
export const INSPECTOR_MAX_PAGE = 1000;
/** The lines main keeps; older ones drop off. */
export const INSPECTOR_CAPACITY = 100_000;
/** The longest command and payload the console sends. */
export const INSPECTOR_MAX_LINE = 1024;
export const INSPECTOR_MAX_PAYLOAD = 8192;

/** The commands a client sends with a payload: the console shows its payload box for them. */
export const PAYLOAD_COMMANDS: readonly string[] = ['MSG', 'PAG', 'SDC', 'QRY'];
