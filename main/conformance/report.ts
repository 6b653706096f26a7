// The conformance report: a table for people (one row per check, evidence for each one that did not pass,
// a summary line) and plain data for machines. Text from the server goes through wireText, so a hostile
// line cannot move the terminal's cursor.
import { wireText } from '../../app/wireText';
import { AREA_TITLES, type CheckResult, type Outcome } from './check';

export const OUTCOME_WORDS: Readonly<Record<Outcome, string>> = {
  pass: 'pass',
  deviation: 'deviation',
  fail: 'FAIL',
  'no-reply': 'no reply',
  'not-offered': 'not offered',
};

export interface Summary {
  total: number;
  pass: number;
  deviation: number;
  fail: number;
  'no-reply': number;
  'not-offered': number;
}

export function summarize(results: readonly CheckResult[]): Summary {
  const summary: Summary = {
    total: results.length,
    pass: 0,
    deviation: 0,
    fail: 0,
    'no-reply': 0,
    'not-offered': 0,
  };
  for (const r of results) summary[r.outcome] += 1;
  return summary;
}

/** 1 when something failed or went unanswered, and with failOnDeviation also when anything deviated. */
export function exitCodeOf(results: readonly CheckResult[], failOnDeviation: boolean): 0 | 1 {
  const bad = results.some(
    (r) => r.outcome === 'fail' || r.outcome === 'no-reply' || (failOnDeviation && r.outcome === 'deviation'),
  );
  return bad ? 1 : 0;
}

export function summaryLine(results: readonly CheckResult[]): string {
  const s = summarize(results);
  return (
    `${s.total} checks: ${s.pass} passed, ${s.deviation} deviated, ${s.fail} failed, ` +
    `${s['no-reply']} got no reply, ${s['not-offered']} not offered`
  );
}

/** How many evidence lines a row that did not pass shows (the JSON report keeps them all). */
const EVIDENCE_SHOWN = 12;

/** The lines shown: around the first deviation's line when it named one, else the last ones. */
function evidenceWindow(r: CheckResult): { from: number; to: number } {
  const line = r.deviations.find((d) => d.line !== undefined)?.line;
  const at = line === undefined ? -1 : r.evidence.findIndex((e) => e.direction === 'S' && e.line === line);
  if (at === -1) return { from: Math.max(0, r.evidence.length - EVIDENCE_SHOWN), to: r.evidence.length };
  const from = Math.max(0, at - (EVIDENCE_SHOWN - 3));
  return { from, to: Math.min(r.evidence.length, at + 3) };
}

/** One row of the table, as it is printed while the run goes on. */
export function formatRow(r: CheckResult): string {
  const head = `${OUTCOME_WORDS[r.outcome].padEnd(11)} ${r.id.padEnd(24)} ${r.title}`;
  const lines = [head];
  if (r.outcome !== 'pass') {
    lines.push(`            ${wireText(r.detail, 300)}`);
    for (const d of r.deviations) lines.push(`            [${d.code}]`);
    lines.push(`            see ${r.doc}`);
    const { from, to } = evidenceWindow(r);
    if (from > 0) lines.push(`            … ${from} earlier lines`);
    for (const e of r.evidence.slice(from, to))
      lines.push(`            ${e.connection.padEnd(5)} ${e.direction}: ${wireText(e.line, 160)}`);
  }
  return lines.join('\n');
}

export function formatReport(results: readonly CheckResult[]): string {
  const out: string[] = [];
  let area: string | null = null;
  for (const r of results) {
    if (r.area !== area) {
      area = r.area;
      out.push('', `== ${AREA_TITLES[r.area]}`);
    }
    out.push(formatRow(r));
  }
  out.push('', summaryLine(results));
  return out.join('\n').replace(/^\n/, '');
}

export function reportJson(results: readonly CheckResult[]): {
  summary: Summary;
  checks: readonly CheckResult[];
} {
  return { summary: summarize(results), checks: results };
}
