// Owned timers: everything a session schedules is tracked here and cleared on close,
// so a closed session leaves nothing running and tests never hang.

export class Timers {
  private readonly live = new Set<NodeJS.Timeout>();
  private disposed = false;

  /** Schedules fn once; returns a cancel function. */
  timeout(fn: () => void, ms: number): () => void {
    if (this.disposed) return () => {};
    const handle = setTimeout(() => {
      this.live.delete(handle);
      fn();
    }, ms);
    this.live.add(handle);
    return () => {
      clearTimeout(handle);
      this.live.delete(handle);
    };
  }

  interval(fn: () => void, ms: number): () => void {
    if (this.disposed) return () => {};
    const handle = setInterval(fn, ms);
    this.live.add(handle);
    return () => {
      clearInterval(handle);
      this.live.delete(handle);
    };
  }

  get count(): number {
    return this.live.size;
  }

  clearAll(): void {
    this.disposed = true;
    for (const handle of this.live) clearTimeout(handle);
    this.live.clear();
  }
}
