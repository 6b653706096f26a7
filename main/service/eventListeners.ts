// The service's listeners (the windows, over IPC or the WebSocket): each event goes to every one, and one
// that throws is warned about without keeping the event from the others.
import type { MessengerEvent } from '../../app/contract';
import { errorMessage } from '../msnp/errors';

export type Listener = (event: MessengerEvent) => void;

export class EventListeners {
  private readonly listeners = new Set<Listener>();

  constructor(private readonly warn: (message: string) => void) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(event: MessengerEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (err) {
        this.warn(`An event listener failed: ${errorMessage(err)}`);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
