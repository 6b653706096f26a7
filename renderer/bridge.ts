// The renderer's only way to reach main. Absent when the page runs outside Electron (browser mode, later).

/** Mirrors ButterflyBridge in main/shell/preload.ts until the typed contract moves to app/. */
export interface ButterflyBridge {
  readonly version: string;
}

declare global {
  interface Window {
    readonly butterfly?: ButterflyBridge;
  }
}

export const bridge: ButterflyBridge | undefined = window.butterfly;
