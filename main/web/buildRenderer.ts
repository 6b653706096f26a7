// Makes sure out/renderer holds a build of the current sources before browser mode serves it. Only the
// renderer is built (with the renderer section of electron.vite.config.ts, exactly as `electron-vite build`
// would), so browser mode needs neither the Electron binary nor a main bundle that compiles.
import { existsSync } from 'node:fs';
import { readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** What the renderer bundle is made from; a change to any of these makes the build stale. */
const SOURCES = [
  'renderer',
  'app',
  'resources',
  'electron.vite.config.ts',
  'package.json',
  'package-lock.json',
];

function rendererOutDir(projectRoot: string): string {
  return join(projectRoot, 'out', 'renderer');
}

async function newestMtime(path: string): Promise<number> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  // A directory's own mtime changes when a file in it is added, removed or renamed.
  let newest = info.mtimeMs;
  for (const entry of await readdir(path)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, await newestMtime(join(path, entry)));
  }
  return newest;
}

/** Whether out/renderer is missing or older than any of its sources. */
async function isRendererStale(projectRoot: string): Promise<boolean> {
  const index = join(rendererOutDir(projectRoot), 'index.html');
  if (!existsSync(index)) return true;
  const built = (await stat(index)).mtimeMs;
  const sources = await Promise.all(SOURCES.map((s) => newestMtime(join(projectRoot, s))));
  return sources.some((m) => m > built);
}

/**
 * Builds the renderer into out/renderer when it is stale (or always, with force). Returns the directory to
 * serve and whether it built. The build goes to a scratch directory first and is swapped in, so a server
 * already serving out/renderer never sees a half-written bundle.
 */
export async function ensureRendererBuilt(
  projectRoot: string,
  force = false,
): Promise<{ dir: string; built: boolean }> {
  const dir = rendererOutDir(projectRoot);
  if (!force && !(await isRendererStale(projectRoot))) return { dir, built: false };

  const scratch = join(projectRoot, 'out', `.renderer-${process.pid}-${Date.now()}`);
  const savedEnv = {
    NODE_ENV: process.env['NODE_ENV'],
    NODE_ENV_ELECTRON_VITE: process.env['NODE_ENV_ELECTRON_VITE'],
  };
  try {
    // electron-vite's build() sets this before resolving; the renderer preset reads it to use relative URLs.
    process.env['NODE_ENV_ELECTRON_VITE'] = 'production';
    const { resolveConfig } = await import('electron-vite');
    const { build } = await import('vite');
    const resolved = await resolveConfig({ root: projectRoot, logLevel: 'warn' }, 'build', 'production');
    const renderer = resolved.config?.renderer;
    if (!renderer) throw new Error('electron.vite.config.ts has no renderer section.');
    renderer.logLevel = 'warn';
    renderer.build = { ...renderer.build, outDir: scratch, emptyOutDir: true };
    await build(renderer);
    await rm(dir, { recursive: true, force: true });
    await rename(scratch, dir);
  } finally {
    await rm(scratch, { recursive: true, force: true });
    for (const [key, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
  return { dir: resolve(dir), built: true };
}
