// The wait before each try to reconnect: one owned timer at a time, cleared when the tries stop, each wait
// as long as the schedule says (reconnectPolicy.ts), and the moment it ends, for the windows' countdown.
import { DEFAULT_BACKOFF, reconnectDelayMs, type Backoff } from './reconnectPolicy';

export interface ReconnectOptions {
  /** The waits between tries (tests shorten them). */
  backoff?: Partial<Backoff>;
  /** The jitter's random source, [0, 1) like Math.random (tests fix it). */
  random?: () => number;
}

export class ReconnectWait {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly backoff: Backoff;
  private readonly random: () => number;

  constructor(
    options: ReconnectOptions = {},
    private readonly now: () => number = Date.now,
  ) {
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.random = options.random ?? Math.random;
  }

  /** Waits before try number `attempt`, then runs `then`; returns when the wait ends (ms since the epoch). */
  start(attempt: number, then: () => void): number {
    this.clear();
    const delay = reconnectDelayMs(attempt, this.backoff, this.random);
    this.timer = setTimeout(() => {
      this.timer = null;
      then();
    }, delay);
    return this.now() + delay;
  }

  get waiting(): boolean {
    return this.timer !== null;
  }

  /** No try comes from this wait any more. */
  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
