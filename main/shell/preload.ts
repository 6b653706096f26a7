// The bridge between the sandboxed renderer and main. It is built as CommonJS, which sandboxed preloads require.
// For now it only says which version is running; the typed messenger contract (app/) replaces this later.
import { contextBridge } from 'electron';

// Replaced at build time by electron.vite.config.ts with package.json's version.
declare const __BUTTERFLY_VERSION__: string;

/** What the renderer sees as window.butterfly. Mirrored in renderer/bridge.ts until the contract moves to app/. */
export interface ButterflyBridge {
  readonly version: string;
}

const api = { version: __BUTTERFLY_VERSION__ } satisfies ButterflyBridge;

contextBridge.exposeInMainWorld('butterfly', api);
