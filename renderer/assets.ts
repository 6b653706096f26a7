// Images and sounds from resources/, bundled by Vite. Globs rather than imports, so a file still being
// drawn is simply absent (and the UI falls back) instead of breaking the build.
import type { SoundName } from '../app/contract';
import type { Figure } from './status';

const statusFiles = import.meta.glob<string>('../resources/status/*.svg', {
  eager: true,
  import: 'default',
  query: '?url',
});
const uiFiles = import.meta.glob<string>('../resources/ui/*.svg', {
  eager: true,
  import: 'default',
  query: '?url',
});
const emoticonFiles = import.meta.glob<string>('../resources/emoticons/*.svg', {
  eager: true,
  import: 'default',
  query: '?url',
});
// Audio must not become a data: URL: the CSP's default-src (which media falls under) is 'self' only.
const soundFiles = import.meta.glob<string>('../resources/sounds/*.wav', {
  eager: true,
  import: 'default',
  query: '?no-inline',
});

function byName(files: Record<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [path, url] of Object.entries(files)) {
    const name = path.slice(path.lastIndexOf('/') + 1).replace(/\.\w+$/, '');
    out.set(name, url);
  }
  return out;
}

const status = byName(statusFiles);
const ui = byName(uiFiles);
const emoticons = byName(emoticonFiles);
const sounds = byName(soundFiles);

export function figureUrl(figure: Figure): string | undefined {
  return status.get(figure);
}

export function uiImageUrl(name: 'butterfly' | 'hotmail' | 'tray'): string | undefined {
  return ui.get(name);
}

/** The image of the emoticon with this id (see app/emoticons.ts), or undefined while it is not drawn. */
export function emoticonUrl(id: string): string | undefined {
  return emoticons.get(id);
}

export function soundUrl(name: SoundName): string | undefined {
  return sounds.get(name);
}
