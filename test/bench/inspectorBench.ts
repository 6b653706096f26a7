// The protocol inspector's ring with 100,000 lines: a filtered query (command, deviations only, search) and a
// page fetch, each against the floor of the same work: one linear pass over the same stored entries doing
// only the comparison (or, for a page, copying the same lines out of an array).
import { TrafficRing, type TrafficEntry } from '../../main/service/inspector/trafficRing';
import { median } from './stats';

export interface InspectorMeasure {
  ms: number;
  baselineMs: number;
  ratio: number;
}

export interface InspectorBenchResult {
  lines: number;
  rounds: number;
  command: InspectorMeasure;
  deviations: InspectorMeasure;
  search: InspectorMeasure;
  page: InspectorMeasure;
}

const LINES = 100_000;
const PAGES_PER_SAMPLE = 50;

function fill(ring: TrafficRing): TrafficEntry[] {
  const ns = ring.addConnection('ns1', 'ns', 'NS 127.0.0.1:1863');
  const sb = ring.addConnection('sb1', 'sb', 'SB 1 127.0.0.1:1864');
  const kept: TrafficEntry[] = [];
  for (let i = 0; i < LINES; i++) {
    const email = `contact${i % 5000}@example.com`;
    let e: TrafficEntry;
    switch (i % 10) {
      case 0:
        e = ring.push(ns, 'out', `CHG ${i} NLN`);
        break;
      case 1:
        e = ring.push(ns, 'in', `CHG ${i - 1} NLN 0`);
        if (i % 100 === 1)
          ring.addFlag(e, { code: 'chg-trailing-field', message: 'CHG was answered with extra fields' });
        break;
      case 2:
        e = ring.push(
          sb,
          'in',
          `MSG ${email} Contact%20${i} 120`,
          `MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nmessage number ${i}`,
        );
        break;
      case 3:
      case 4:
        e = ring.push(ns, 'in', `NLN BSY ${email} Contact%20${i}`);
        break;
      default:
        e = ring.push(ns, 'in', `BPR 6 ${email} PHH 1%20(222)%20333%20${i}`);
    }
    kept.push(e);
  }
  return kept;
}

function time(work: () => unknown): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

/** Runs each pair in turns (the order flipping), the ratio is the median of the per-round ratios. */
function pair(
  rounds: number,
  measured: (round: number) => unknown,
  baseline: (round: number) => unknown,
): InspectorMeasure {
  const ms: number[] = [];
  const base: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < rounds + 5; r++) {
    let a: number;
    let b: number;
    if (r % 2 === 0) {
      a = time(() => measured(r));
      b = time(() => baseline(r));
    } else {
      b = time(() => baseline(r));
      a = time(() => measured(r));
    }
    if (r < 5) continue;
    ms.push(a);
    base.push(b);
    ratios.push(a / b);
  }
  return { ms: median(ms), baselineMs: median(base), ratio: median(ratios) };
}

let sink = 0;

export function runInspectorBench(rounds = 21): InspectorBenchResult {
  const ring = new TrafficRing(LINES);
  const kept = fill(ring);
  // Two filters in turn, so the ring's remembered matches never serve the query: each is a whole pass.
  const names = ['CHG', 'BPR'];
  const command = pair(
    rounds,
    (r) => (sink += ring.query({ command: names[r % 2]!, offset: 0, limit: 100 }).matching),
    (r) => {
      const want = names[r % 2]!;
      const ids: number[] = [];
      for (let i = 0; i < kept.length; i++) if (kept[i]!.command === want) ids.push(i);
      sink += ids.length;
    },
  );
  const deviations = pair(
    rounds,
    (r) =>
      (sink += ring.query({
        deviationsOnly: true,
        connection: r % 2 ? 'ns1' : undefined,
        offset: 0,
        limit: 100,
      }).matching),
    (r) => {
      const ids: number[] = [];
      for (let i = 0; i < kept.length; i++) {
        const e = kept[i]!;
        if (e.flags !== null && (r % 2 === 0 || e.connection.id === 'ns1')) ids.push(i);
      }
      sink += ids.length;
    },
  );
  const words = ['contact4321@', 'message number 777'];
  // The ring lowers each line once, on the first search; both then read that lowered copy.
  ring.query({ search: 'warm', offset: 0, limit: 1 });
  const search = pair(
    rounds,
    (r) => (sink += ring.query({ search: words[r % 2]!, offset: 0, limit: 100 }).matching),
    (r) => {
      const want = words[r % 2]!;
      const ids: number[] = [];
      for (let i = 0; i < kept.length; i++) if (kept[i]!.lower!.includes(want)) ids.push(i);
      sink += ids.length;
    },
  );
  // A page while scrolling: the filter is remembered, so this is the cost of one screen of lines. One page
  // takes some microseconds, below what a single timing resolves, so each sample is PAGES_PER_SAMPLE pages.
  ring.query({ offset: 0, limit: 1 });
  const offsetOf = (r: number, k: number) => ((r * PAGES_PER_SAMPLE + k) * 7919) % (LINES - 200);
  const page = pair(
    rounds * 2,
    (r) => {
      for (let k = 0; k < PAGES_PER_SAMPLE; k++)
        sink += ring.query({ offset: offsetOf(r, k), limit: 200 }).lines.length;
    },
    (r) => {
      for (let k = 0; k < PAGES_PER_SAMPLE; k++) {
        const from = offsetOf(r, k);
        const out = kept.slice(from, from + 200).map((e) => ({
          id: e.id,
          at: e.at,
          line: e.line,
          payload: e.payload,
          connection: e.connection.id,
          flags: e.flags ? [...e.flags] : [],
        }));
        sink += out.length;
      }
    },
  );
  page.ms /= PAGES_PER_SAMPLE;
  page.baselineMs /= PAGES_PER_SAMPLE;
  if (sink === -1) console.log('');
  return { lines: LINES, rounds, command, deviations, search, page };
}
