// Browser mode's half of Automatic Idle: the page notes its last keyboard, mouse or touch input and tells the
// service how long ago that was, now and then; the service decides (main/service/idlePolicy.ts). The desktop
// reads the whole system's idle time in main instead, so desktop windows never report.

/** How often the idle time is reported; going Idle can come this much after the minutes chosen. */
export const IDLE_REPORT_MS = 15_000;
/** The shortest wait before Idle (IDLE_MINUTES_RANGE.min): a report below it cannot have made you Idle. */
const SHORTEST_IDLE_MS = 60_000;
const INPUT_EVENTS = ['keydown', 'mousemove', 'mousedown', 'wheel', 'touchstart'] as const;

/** Starts the reports; returns the function that stops them. */
export function startIdleReports(target: Window, report: (idleMs: number) => Promise<void>): () => void {
  let lastInput = Date.now();
  let lastReported = 0;
  const send = (): void => {
    lastReported = Date.now() - lastInput;
    // Nothing to tell the person: a lost report is followed by the next one.
    report(lastReported).catch(() => {});
  };
  // Input only notes the time (mousemove fires constantly); it reports at once only when the last report may
  // have made the person Idle, so the status comes back on the first move.
  const onInput = (): void => {
    lastInput = Date.now();
    if (lastReported >= SHORTEST_IDLE_MS) send();
  };
  for (const type of INPUT_EVENTS) target.addEventListener(type, onInput, { capture: true, passive: true });
  const timer = setInterval(send, IDLE_REPORT_MS);
  return () => {
    clearInterval(timer);
    for (const type of INPUT_EVENTS) target.removeEventListener(type, onInput, { capture: true });
  };
}
