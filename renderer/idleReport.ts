// Browser mode's half of Automatic Idle: the page notes its last keyboard, mouse or touch input and tells the
// service how long ago that was, now and then; the service decides (main/service/idlePolicy.ts). The desktop
// reads the whole system's idle time in main instead, so desktop windows never report.

/** How often the idle time is reported; going Idle can come this much after the minutes chosen. */
export const IDLE_REPORT_MS = 15_000;
/** The shortest wait before Idle (IDLE_MINUTES_RANGE.min): a report below it cannot have made you Idle. */
const SHORTEST_IDLE_MS = 60_000;
const INPUT_EVENTS = ['keydown', 'mousemove', 'mousedown', 'wheel', 'touchstart'] as const;
/**
 * Where the page's tabs share their last input: every tab reports, and the service takes each report as the
 * truth, so a forgotten tab would otherwise make you Idle while you type in another.
 */
export const SHARED_INPUT_KEY = 'butterfly.lastInput';
/** How often input is written to the shared store at most (mousemove fires constantly). */
const SHARE_EVERY_MS = 1_000;

/** The part of localStorage used: a store the page's tabs share. */
export type SharedStore = Pick<Storage, 'getItem' | 'setItem'>;

/** Starts the reports; returns the function that stops them. */
export function startIdleReports(
  target: Pick<Window, 'addEventListener' | 'removeEventListener'>,
  report: (idleMs: number) => Promise<void>,
  shared: SharedStore | null = null,
): () => void {
  let lastInput = Date.now();
  let lastShared = 0;
  let lastReported = 0;
  const share = (): void => {
    lastShared = lastInput;
    try {
      shared?.setItem(SHARED_INPUT_KEY, String(lastInput));
    } catch {
      // A full or blocked store: this tab then reports its own input only.
    }
  };
  const latestInput = (): number => {
    let other = NaN;
    try {
      other = Number(shared?.getItem(SHARED_INPUT_KEY));
    } catch {
      // As above.
    }
    // Another tab's input counts, but never a time ahead of this one's clock.
    return Number.isFinite(other) && other > lastInput && other <= Date.now() ? other : lastInput;
  };
  const send = (): void => {
    lastInput = latestInput();
    lastReported = Date.now() - lastInput;
    // Nothing to tell the person: a lost report is followed by the next one.
    report(lastReported).catch(() => {});
  };
  // Input only notes the time; it reports at once only when the last report may have made the person Idle,
  // so the status comes back on the first move.
  const onInput = (): void => {
    lastInput = Date.now();
    if (lastInput - lastShared >= SHARE_EVERY_MS) share();
    if (lastReported >= SHORTEST_IDLE_MS) send();
  };
  share();
  for (const type of INPUT_EVENTS) target.addEventListener(type, onInput, { capture: true, passive: true });
  const timer = setInterval(send, IDLE_REPORT_MS);
  return () => {
    clearInterval(timer);
    for (const type of INPUT_EVENTS) target.removeEventListener(type, onInput, { capture: true });
  };
}
