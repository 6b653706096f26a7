// A small typed event emitter: listeners keyed by event name with typed payloads.

export type Listener<T> = (payload: T) => void;

export class Emitter<Events extends object> {
  // Each list is replaced, never changed in place, when a listener comes or goes: an emit already under way
  // keeps the list it started with, and emitting (per command, per list line) copies nothing.
  private readonly listeners = new Map<keyof Events, readonly Listener<never>[]>();

  on<K extends keyof Events>(event: K, fn: Listener<Events[K]>): () => void {
    const list = this.listeners.get(event) ?? [];
    if (!list.includes(fn as Listener<never>)) this.listeners.set(event, [...list, fn as Listener<never>]);
    return () => this.off(event, fn);
  }

  once<K extends keyof Events>(event: K, fn: Listener<Events[K]>): () => void {
    const off = this.on(event, (payload) => {
      off();
      fn(payload);
    });
    return off;
  }

  off<K extends keyof Events>(event: K, fn: Listener<Events[K]>): void {
    const list = this.listeners.get(event);
    if (!list?.includes(fn as Listener<never>)) return;
    const rest = list.filter((l) => l !== fn);
    if (rest.length > 0) this.listeners.set(event, rest);
    else this.listeners.delete(event);
  }

  /** Lets a producer skip building a payload nobody will read (the raw-traffic event is per command). */
  hasListeners(event: keyof Events): boolean {
    return this.listeners.has(event);
  }

  protected emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const list = this.listeners.get(event);
    if (!list) return;
    for (let i = 0; i < list.length; i++) (list[i] as Listener<Events[K]>)(payload);
  }

  removeAllListeners(): void {
    this.listeners.clear();
  }
}
