// The architecture's import rules, read from the sources: app/ is pure, the engine never reaches for the
// app around it, browser mode and the CLI never import the shell or electron, the renderer never imports
// main/, and only the shell imports electron.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(rel));
    else if (/\.tsx?$/.test(entry.name)) out.push(rel);
  }
  return out;
}

/** Every module a file imports (static, re-exported or dynamic), resolved to a root-relative path when relative. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  const specs = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^import\s+)['"]([^'"]+)['"]/gm)].map(
    (m) => m[1]!,
  );
  return specs.map((s) =>
    s.startsWith('.') ? path.relative(root, path.resolve(root, path.dirname(file), s)) : s,
  );
}

const isElectron = (spec: string): boolean => spec === 'electron' || spec.startsWith('electron/');

function offences(dirs: string[], bad: (spec: string) => boolean): string[] {
  return dirs.flatMap((d) =>
    sources(d).flatMap((f) =>
      importsOf(f)
        .filter(bad)
        .map((spec) => `${f} imports ${spec}`),
    ),
  );
}

describe('the layers', () => {
  it('reads imports at all (a rule that finds no file proves nothing)', () => {
    assert.ok(importsOf('main/web/staticFiles.ts').includes('main/service/rendererCsp'));
    assert.ok(sources('main/shell').length > 3);
  });

  it('app/ is pure TypeScript: no node:, electron, react or anything outside app/', () => {
    assert.deepEqual(
      offences(
        ['app'],
        (s) =>
          s.startsWith('node:') ||
          isElectron(s) ||
          s === 'react' ||
          (s.includes('/') && !s.startsWith('app/')),
      ),
      [],
    );
  });

  it('the engine (main/msnp) imports neither electron nor the service, shell, web or CLI around it', () => {
    assert.deepEqual(
      offences(['main/msnp'], (s) => isElectron(s) || /^main\/(service|shell|web|cli)\//.test(s)),
      [],
    );
  });

  it('browser mode, the CLI and the service import neither electron nor the shell', () => {
    assert.deepEqual(
      offences(['main/web', 'main/cli', 'main/service'], (s) => isElectron(s) || s.startsWith('main/shell/')),
      [],
    );
  });

  it('the renderer never imports main/', () => {
    assert.deepEqual(
      offences(['renderer'], (s) => s.startsWith('main/')),
      [],
    );
  });
});
