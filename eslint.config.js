// Lint rules, including the architecture's import boundaries (DEVELOPERS.md):
// app/ is pure, the engine never sees electron, the renderer never sees main/ or Node.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'net', 'path', 'os', 'child_process', 'crypto', 'events', 'http', 'stream'];

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'test/artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['app/**/*.ts', 'app/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'app/ is shared with the renderer: no Node modules.' },
            { group: ['electron', 'electron/*'], message: 'app/ must not import electron.' },
            { group: ['react', 'react-dom', 'react/*', 'zustand'], message: 'app/ must not import UI libraries.' },
            { group: ['**/main/**', '**/renderer/**', '../main', '../renderer'], message: 'app/ imports nothing of main/ or renderer/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['main/msnp/**/*.ts', 'main/sandbox/**/*.ts', 'main/cli/**/*.ts', 'main/service/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'The engine, sandbox, CLI and account service run in plain Node: no electron.' },
            { group: ['**/renderer/**', '**/shell/**'], message: 'The engine must not import the renderer or the Electron shell.' },
          ],
        },
      ],
    },
  },
  {
    // Browser mode runs without Electron; it shares the account service (call dispatch included) and takes only
    // RENDERER_CSP from the shell (main/shell/windowOptions.ts), never electron itself.
    files: ['main/web/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'Browser mode runs in plain Node: no electron.' },
            { group: ['**/renderer/**'], message: 'Browser mode serves the built renderer; it does not import it.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'The renderer runs sandboxed: no Node modules.' },
            { group: ['electron', 'electron/*'], message: 'The renderer talks to main only through the bridge.' },
            { group: ['**/main/**', '../main', '../../main'], message: 'The renderer never imports main/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
