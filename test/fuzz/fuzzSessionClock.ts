// A virtual clock for one fuzz run. While a run is active, the global timer functions schedule into the
// run's queue instead of the event loop, and the fake network schedules its deliveries there too; the
// run executes one queued item per macrotask (so every promise settles between two socket events, as
// with real I/O) and jumps the clock to the next item when nothing else is left. A silent server then
// costs no wall time, a run is the same on every machine, and the engine timers still pending after
// close can be counted exactly.

const real = {
  setTimeout: globalThis.setTimeout,
  clearTimeout: globalThis.clearTimeout,
  setInterval: globalThis.setInterval,
  clearInterval: globalThis.clearInterval,
  setImmediate: globalThis.setImmediate,
  dateNow: Date.now,
  performanceNow: performance.now.bind(performance),
};

/** What Date.now() reads at virtual time 0: fixed, so a run's timestamps are the same on every machine. */
const EPOCH = 1_700_000_000_000;

interface Item {
  at: number;
  seq: number;
  run: () => void;
  /** Set when a cancelled timer's item is still in the queue. */
  dead: boolean;
  timer: VirtualTimer | null;
}

/** What the engine gets back from setTimeout/setInterval while a run is active. */
export class VirtualTimer {
  item: Item | null = null;
  constructor(
    readonly world: World,
    readonly id: number,
    readonly repeat: number | null,
    readonly stack: string | undefined,
  ) {}
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  hasRef(): boolean {
    return true;
  }
  refresh(): this {
    return this;
  }
  [Symbol.toPrimitive](): number {
    return this.id;
  }
}

export class World {
  now = 0;
  executed = 0;
  /** Trace lines, when the run records one (replaying a failing seed). */
  readonly trace: string[] | null;
  private seq = 0;
  private readonly heap: Item[] = [];
  private readonly live = new Set<VirtualTimer>();
  private readonly keepStacks: boolean;

  constructor(options: { trace?: boolean; timerStacks?: boolean } = {}) {
    this.trace = options.trace ? [] : null;
    this.keepStacks = options.timerStacks ?? false;
  }

  note(text: string): void {
    this.trace?.push(`${String(this.now).padStart(6)} ms  ${text}`);
  }

  schedule(delay: number, run: () => void): void {
    this.push({ at: this.now + Math.max(0, delay), seq: this.seq++, run, dead: false, timer: null });
  }

  /** Schedules at an absolute time (never in the past). */
  scheduleAt(at: number, run: () => void): void {
    this.push({ at: Math.max(at, this.now), seq: this.seq++, run, dead: false, timer: null });
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.schedule(ms, resolve));
  }

  setTimer(fn: (...args: unknown[]) => void, ms: unknown, args: unknown[], repeat: boolean): VirtualTimer {
    // As Node: a delay that is not a number from 1 to 2^31-1 becomes 1.
    let delay = Number(ms);
    if (!(delay >= 1 && delay <= 0x7fffffff)) delay = 1;
    const stack = this.keepStacks ? new Error('timer created here').stack : undefined;
    const timer = new VirtualTimer(this, this.seq, repeat ? delay : null, stack);
    this.live.add(timer);
    const arm = (): void => {
      const item: Item = {
        at: this.now + delay,
        seq: this.seq++,
        dead: false,
        timer,
        run: () => {
          this.note(`engine ${repeat ? 'interval' : 'timeout'} of ${delay} ms fires`);
          timer.item = null;
          if (timer.repeat === null) this.live.delete(timer);
          else arm();
          fn(...args);
        },
      };
      timer.item = item;
      this.push(item);
    };
    arm();
    return timer;
  }

  clearTimer(timer: VirtualTimer): void {
    if (timer.item) timer.item.dead = true;
    timer.item = null;
    this.live.delete(timer);
  }

  /** Timers set and neither fired (a timeout) nor cleared. */
  pendingTimers(): VirtualTimer[] {
    return [...this.live];
  }

  /** The next item in time order, or null when nothing is left to happen. */
  next(): { at: number; run: () => void } | null {
    for (;;) {
      const item = this.pop();
      if (!item) return null;
      if (!item.dead) return item;
    }
  }

  private push(item: Item): void {
    const h = this.heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  private pop(): Item | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before(a: Item, b: Item): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

let active: World | null = null;
let installed = false;

/** The run whose clock the timer functions use now, if any. */
export function activeWorld(): World | null {
  return active;
}

export function setActiveWorld(world: World | null): void {
  active = world;
}

/** Lets every pending promise reaction and nextTick run: one real macrotask. */
export function drain(): Promise<void> {
  return new Promise((resolve) => real.setImmediate(resolve));
}

/**
 * Routes the global timer functions, Date.now() and performance.now() through the active run's clock (and
 * to the real ones otherwise): the engine measures stalls with performance.now().
 */
export function installVirtualTimers(): void {
  if (installed) return;
  installed = true;
  const g = globalThis as unknown as Record<string, unknown>;
  const make =
    (repeat: boolean, fallback: (...a: unknown[]) => unknown) =>
    (fn: (...args: unknown[]) => void, ms?: unknown, ...args: unknown[]): unknown =>
      active ? active.setTimer(fn, ms, args, repeat) : fallback(fn, ms, ...args);
  const clear =
    (fallback: (handle: unknown) => void) =>
    (handle: unknown): void => {
      if (handle instanceof VirtualTimer) handle.world.clearTimer(handle);
      else fallback(handle);
    };
  g.setTimeout = make(false, real.setTimeout as (...a: unknown[]) => unknown);
  g.setInterval = make(true, real.setInterval as (...a: unknown[]) => unknown);
  g.clearTimeout = clear(real.clearTimeout as (handle: unknown) => void);
  g.clearInterval = clear(real.clearInterval as (handle: unknown) => void);
  Date.now = () => (active ? EPOCH + active.now : real.dateNow());
  Object.defineProperty(performance, 'now', {
    configurable: true,
    writable: true,
    value: () => (active ? active.now : real.performanceNow()),
  });
}
