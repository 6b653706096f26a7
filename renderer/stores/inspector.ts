// The protocol inspector's domain: main keeps the lines; the windows hear only that more arrived.
import { create } from 'zustand';

export interface InspectorStore {
  /** The newest line's id in main's ring: a change means there is something new to ask for. */
  lastId: number;
  /** Lines kept in main. */
  total: number;
}

export const useInspector = create<InspectorStore>(() => ({ lastId: 0, total: 0 }));
