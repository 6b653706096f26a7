import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { SAMPLE_RATE, SOUND_NAMES, SOUNDS_DIR, generateSounds } from '../../resources/tools/sounds';

const RESOURCES = fileURLToPath(new URL('../../resources/', import.meta.url));

function filesUnder(dir: string, ext: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path, ext));
    else if (entry.name.endsWith(ext)) out.push(path);
  }
  return out.sort();
}

// ---- SVG ----

interface SvgCheck {
  viewBox: string;
  problems: string[];
}

/** Parses an SVG and lists anything unsafe to show in the renderer: scripts, event handlers, outside references. */
function checkSvg(text: string): SvgCheck {
  const problems: string[] = [];
  const valid = XMLValidator.validate(text);
  if (valid !== true)
    return { viewBox: '', problems: [`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`] };
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    preserveOrder: true,
    ignoreDeclaration: true,
    commentPropName: '#comment',
  });
  type Node = Record<string, unknown> & { ':@'?: Record<string, string> };
  const tree = parser.parse(text) as Node[];
  const elements = tree.filter((n) => !('#comment' in n) && !('#text' in n));
  if (elements.length !== 1) problems.push(`expected one root element, found ${elements.length}`);
  const root = elements[0] ?? {};
  const rootName = Object.keys(root).find((k) => k !== ':@');
  if (rootName !== 'svg') problems.push(`root element is <${rootName}>, not <svg>`);
  const viewBox = root[':@']?.viewBox ?? '';
  if (root[':@']?.xmlns !== 'http://www.w3.org/2000/svg') problems.push('root lacks the SVG namespace');

  const walk = (nodes: Node[]): void => {
    for (const node of nodes) {
      const name = Object.keys(node).find((k) => k !== ':@') ?? '';
      if (name === '#comment' || name === '#text') continue;
      const local = name.toLowerCase().replace(/^.*:/, '');
      if (['script', 'foreignobject', 'iframe', 'embed', 'object', 'image', 'use', 'a'].includes(local)) {
        problems.push(`element <${name}>`);
      }
      for (const [attr, value] of Object.entries(node[':@'] ?? {})) {
        const lower = attr.toLowerCase();
        if (/^on/.test(lower)) problems.push(`event handler ${attr}`);
        if (/(^|:)href$/.test(lower) && !String(value).startsWith('#'))
          problems.push(`external ${attr}="${value}"`);
        for (const m of String(value).matchAll(/url\(\s*['"]?([^'")\s]*)/gi)) {
          if (!m[1]!.startsWith('#')) problems.push(`external url(${m[1]}) in ${attr}`);
        }
        if (/javascript:/i.test(String(value))) problems.push(`javascript: in ${attr}`);
      }
      const children = node[name];
      if (Array.isArray(children)) walk(children as Node[]);
    }
  };
  walk(elements);
  // Belt and braces for anything the parser might have normalized away.
  if (/<\s*script/i.test(text)) problems.push('contains <script');
  if (/\son[a-z]+\s*=/i.test(text)) problems.push('contains an on*= attribute');
  if (/<!ENTITY|<!DOCTYPE/i.test(text)) problems.push('contains a DOCTYPE or entity declaration');
  if (/@import/i.test(text)) problems.push('contains a CSS @import');
  return { viewBox, problems };
}

describe('SVG resources', () => {
  const svgs = filesUnder(RESOURCES, '.svg');

  it('include the status figures, UI marks and one image per emoticon', () => {
    const names = new Set(svgs.map((f) => relative(RESOURCES, f).split('\\').join('/')));
    for (const name of [
      'status/online.svg',
      'status/offline.svg',
      'status/busy.svg',
      'status/away.svg',
      'status/phone.svg',
      'status/blocked.svg',
      'ui/hotmail.svg',
      'ui/butterfly.svg',
      'ui/tray.svg',
      'icons/icon.svg',
    ]) {
      assert.ok(names.has(name), `missing ${name}`);
    }
    assert.ok(svgs.length >= 30);
  });

  for (const file of svgs) {
    const name = relative(RESOURCES, file);
    it(`${name} is a well-formed, self-contained SVG with a viewBox`, () => {
      const { viewBox, problems } = checkSvg(readFileSync(file, 'utf8'));
      assert.deepEqual(problems, []);
      assert.match(viewBox, /^0 0 \d+ \d+$/);
      if (/^(status|emoticons)[/\\]|^ui[/\\](hotmail|tray)/.test(name)) {
        const size = name.startsWith('emoticons') ? '19' : '16';
        assert.equal(viewBox, `0 0 ${size} ${size}`);
      }
    });
  }

  it('the checker catches what it should', () => {
    const svg = (body: string, attrs = ''): string =>
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"${attrs}>${body}</svg>`;
    assert.deepEqual(checkSvg(svg('<rect width="1" height="1"/>')).problems, []);
    assert.notDeepEqual(checkSvg(svg('<script>alert(1)</script>')).problems, []);
    assert.notDeepEqual(checkSvg(svg('', ' onload="x()"')).problems, []);
    assert.notDeepEqual(checkSvg(svg('<image href="http://evil/x.png"/>')).problems, []);
    assert.notDeepEqual(checkSvg(svg('<rect fill="url(http://evil/x#g)"/>')).problems, []);
    assert.notDeepEqual(checkSvg(svg('<rect')).problems, []);
    assert.notDeepEqual(
      checkSvg('<html xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>').problems,
      [],
    );
  });
});

// ---- WAV ----

interface WavInfo {
  format: number;
  channels: number;
  sampleRate: number;
  byteRate: number;
  blockAlign: number;
  bitsPerSample: number;
  dataOffset: number;
  dataLength: number;
}

/** Reads a RIFF/WAVE header chunk by chunk, checking the sizes against the file's length. */
function parseWav(bytes: Uint8Array): WavInfo {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number): string => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  assert.equal(tag(0), 'RIFF');
  assert.equal(view.getUint32(4, true), bytes.length - 8, 'RIFF size matches the file size');
  assert.equal(tag(8), 'WAVE');
  let fmt: Omit<WavInfo, 'dataOffset' | 'dataLength'> | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    assert.ok(body + size <= bytes.length, `chunk ${id} runs past the end`);
    if (id === 'fmt ') {
      assert.ok(size >= 16);
      fmt = {
        format: view.getUint16(body, true),
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        byteRate: view.getUint32(body + 8, true),
        blockAlign: view.getUint16(body + 12, true),
        bitsPerSample: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      assert.ok(fmt, 'fmt comes before data');
      assert.equal(body + size, bytes.length, 'data length matches the file size');
      return { ...fmt, dataOffset: body, dataLength: size };
    }
    offset = body + size + (size & 1);
  }
  throw new Error('no data chunk');
}

describe('sound resources', () => {
  const generated = generateSounds();

  for (const name of SOUND_NAMES) {
    it(`${name}.wav is short, 16-bit mono PCM at 22050 Hz, and audible`, () => {
      const file = join(SOUNDS_DIR, `${name}.wav`);
      assert.ok(existsSync(file), `missing ${file}; run npx tsx resources/tools/sounds.ts`);
      const bytes = new Uint8Array(readFileSync(file));
      const wav = parseWav(bytes);
      assert.equal(wav.format, 1, 'PCM');
      assert.equal(wav.channels, 1);
      assert.equal(wav.sampleRate, 22050);
      assert.equal(wav.sampleRate, SAMPLE_RATE);
      assert.equal(wav.bitsPerSample, 16);
      assert.equal(wav.blockAlign, 2);
      assert.equal(wav.byteRate, 22050 * 2);
      assert.equal(wav.dataLength % 2, 0);
      const samples = wav.dataLength / 2;
      const seconds = samples / wav.sampleRate;
      assert.ok(seconds > 0.1 && seconds < 1.5, `duration ${seconds} s`);

      const view = new DataView(bytes.buffer, bytes.byteOffset + wav.dataOffset, wav.dataLength);
      let peak = 0;
      for (let i = 0; i < samples; i++) peak = Math.max(peak, Math.abs(view.getInt16(i * 2, true)));
      assert.ok(peak > 32768 * 0.25, `peak ${peak} is too quiet`);
      assert.ok(peak < 32767, 'no clipping');
      assert.equal(view.getInt16(0, true), 0, 'starts from silence');
      assert.equal(view.getInt16((samples - 1) * 2, true), 0, 'ends in silence');
    });

    it(`${name}.wav is exactly what the generator produces`, () => {
      const onDisk = new Uint8Array(readFileSync(join(SOUNDS_DIR, `${name}.wav`)));
      assert.ok(
        Buffer.from(generated[name]).equals(onDisk),
        'regenerate with npx tsx resources/tools/sounds.ts',
      );
    });
  }

  it('the generator is deterministic', () => {
    const again = generateSounds();
    for (const name of SOUND_NAMES) assert.ok(Buffer.from(again[name]).equals(Buffer.from(generated[name])));
  });
});
