// Builds the three bundles electron-builder packages: out/main, out/preload and out/renderer.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;
const { version } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string };

export default defineConfig({
  main: {
    build: {
      rolldownOptions: { input: { index: resolve(root, 'main/shell/index.ts') } },
    },
  },
  preload: {
    define: { __BUTTERFLY_VERSION__: JSON.stringify(version) },
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
