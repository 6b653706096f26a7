// Builds the three bundles electron-builder packages: out/main, out/preload and out/renderer.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    // electron-vite's default public dir for main is resources/, whose `?asset` imports it leaves in place
    // (expecting resources/ to be packaged). Pointing it at a folder that does not exist makes it copy an
    // imported asset (the tray icon) into out/main, the only folder electron-builder packages.
    publicDir: resolve(root, 'main', 'public'),
    build: {
      // Bundle the engine's dependencies (fast-xml-parser) so the packaged app needs no node_modules at all.
      externalizeDeps: false,
      rolldownOptions: { input: { index: resolve(root, 'main/shell/index.ts') } },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require node_modules or load ES modules: one self-contained CommonJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'main/shell/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    // Vite's own JSX transform; @vitejs/plugin-react's Fast Refresh needs an inline script the CSP forbids.
    oxc: { jsx: { runtime: 'automatic' } },
    build: {
      rolldownOptions: { input: { index: resolve(root, 'renderer/index.html') } },
    },
  },
});
