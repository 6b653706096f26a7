// Synthesizes Butterfly's event sounds: short, original, made of nothing but sine and triangle tones with envelopes.
// Deterministic (no randomness, no clock): the same code always yields the same bytes, and a unit test checks that
// the committed files in resources/sounds/ are exactly what this script produces.
//
//   npx tsx resources/tools/sounds.ts      writes resources/sounds/{online,message,mail,alert}.wav
//
// Format: RIFF/WAVE, PCM, 16-bit signed little-endian, mono, 22050 Hz.
import { writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SAMPLE_RATE = 22050;
export const SOUND_NAMES = ['online', 'message', 'mail', 'alert'] as const;
export type SoundName = (typeof SOUND_NAMES)[number];

/** Peak level after normalizing, as a fraction of full scale (about -3 dB: loud enough, never clipping). */
const PEAK = 0.7;
/** Every sound ends with a short linear fade so the last sample is silence and nothing clicks. */
const FADE_SECONDS = 0.02;

type Wave = (phase: number) => number;
const sine: Wave = (phase) => Math.sin(2 * Math.PI * phase);
/** A triangle wave: softer than a square, brighter than a sine. */
const triangle: Wave = (phase) => {
  const p = phase - Math.floor(phase);
  return p < 0.25 ? 4 * p : p < 0.75 ? 2 - 4 * p : 4 * p - 4;
};

interface Partial {
  /** Multiple of the note's frequency (need not be a whole number: bells are inharmonic). */
  ratio: number;
  gain: number;
  /** Decay time constant in seconds (amplitude falls to 1/e after this long). */
  decay: number;
  wave?: Wave;
}

interface Note {
  /** Start, in seconds from the beginning of the sound. */
  at: number;
  frequency: number;
  gain: number;
  /** Attack time in seconds: a short linear rise that avoids a click. */
  attack: number;
  partials: Partial[];
  /** Optional pitch glide: the frequency falls from frequency * (1 + glide) to frequency with time constant glideTime. */
  glide?: number;
  glideTime?: number;
}

/** Renders notes into a float buffer of `seconds` length, then normalizes and fades the tail. */
function render(seconds: number, notes: Note[]): Float64Array {
  const length = Math.round(seconds * SAMPLE_RATE);
  const out = new Float64Array(length);
  for (const note of notes) {
    const start = Math.round(note.at * SAMPLE_RATE);
    for (const partial of note.partials) {
      const wave = partial.wave ?? sine;
      let phase = 0;
      for (let i = start; i < length; i++) {
        const t = (i - start) / SAMPLE_RATE;
        const envelope = Math.min(1, t / note.attack) * Math.exp(-t / partial.decay);
        if (t > note.attack && envelope < 1e-5) break;
        out[i]! += note.gain * partial.gain * envelope * wave(phase);
        const glide = note.glide ? 1 + note.glide * Math.exp(-t / (note.glideTime ?? 0.02)) : 1;
        phase += (note.frequency * partial.ratio * glide) / SAMPLE_RATE;
        phase -= Math.floor(phase);
      }
    }
  }
  let peak = 0;
  for (const v of out) peak = Math.max(peak, Math.abs(v));
  const scale = peak > 0 ? PEAK / peak : 0;
  const fade = Math.round(FADE_SECONDS * SAMPLE_RATE);
  for (let i = 0; i < length; i++) {
    const tail = Math.min(1, (length - 1 - i) / fade);
    out[i] = out[i]! * scale * tail;
  }
  return out;
}

// Equal-tempered pitches used below.
const C5 = 523.25;
const E5 = 659.26;
const G5 = 783.99;
const A5 = 880.0;
const C6 = 1046.5;
const E6 = 1318.51;

/** A soft chime voice: a sine with a quiet octave and twelfth that die away sooner. */
const chime = (decay: number): Partial[] => [
  { ratio: 1, gain: 1, decay },
  { ratio: 2, gain: 0.25, decay: decay * 0.5 },
  { ratio: 3, gain: 0.08, decay: decay * 0.3 },
];

const DESIGNS: Record<SoundName, () => Float64Array> = {
  // Contact online: a rising two-note chime, a fourth apart (E5 then A5), the second ringing longer.
  online: () =>
    render(0.95, [
      { at: 0, frequency: E5, gain: 0.8, attack: 0.006, partials: chime(0.18) },
      { at: 0.13, frequency: A5, gain: 1, attack: 0.006, partials: chime(0.3) },
    ]),

  // New message: a soft double knock, low thuds whose pitch drops quickly, like knuckles on a wooden door.
  message: () => {
    const knock = (at: number, gain: number): Note => ({
      at,
      frequency: 190,
      gain,
      attack: 0.002,
      glide: 0.6,
      glideTime: 0.015,
      partials: [
        { ratio: 1, gain: 1, decay: 0.045 },
        { ratio: 2.3, gain: 0.35, decay: 0.02 },
        { ratio: 4.1, gain: 0.12, decay: 0.01 },
      ],
    });
    return render(0.42, [knock(0, 0.9), knock(0.15, 1)]);
  },

  // New mail: a bright three-note arpeggio up a major chord (C5 E5 G5), each note a triangle with a sine octave.
  mail: () => {
    const voice: Partial[] = [
      { ratio: 1, gain: 0.6, decay: 0.22, wave: triangle },
      { ratio: 2, gain: 0.25, decay: 0.12 },
    ];
    return render(1.0, [
      { at: 0, frequency: C5, gain: 0.85, attack: 0.005, partials: voice },
      { at: 0.11, frequency: E5, gain: 0.9, attack: 0.005, partials: voice },
      {
        at: 0.22,
        frequency: G5,
        gain: 1,
        attack: 0.005,
        partials: voice.map((p) => ({ ...p, decay: p.decay * 1.6 })),
      },
    ]);
  },

  // New alert: a small bell. Inharmonic partials (the modal ratios of a struck bar/bell) decaying at different
  // rates give the metallic ring; a quiet high C6/E6 shimmer at the strike brightens the attack.
  alert: () =>
    render(1.3, [
      {
        at: 0,
        frequency: A5,
        gain: 1,
        attack: 0.003,
        partials: [
          { ratio: 1, gain: 1, decay: 0.45 },
          { ratio: 2.756, gain: 0.45, decay: 0.22 },
          { ratio: 5.404, gain: 0.2, decay: 0.1 },
          { ratio: 8.933, gain: 0.08, decay: 0.05 },
        ],
      },
      { at: 0, frequency: C6, gain: 0.12, attack: 0.003, partials: [{ ratio: 1, gain: 1, decay: 0.08 }] },
      { at: 0, frequency: E6, gain: 0.08, attack: 0.003, partials: [{ ratio: 1, gain: 1, decay: 0.06 }] },
    ]),
};

/** Encodes float samples in [-1, 1] as a 16-bit mono PCM WAV file. */
export function encodeWav(samples: Float64Array, sampleRate = SAMPLE_RATE): Uint8Array {
  const dataBytes = samples.length * 2;
  const bytes = new Uint8Array(44 + dataBytes);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string): void => {
    for (let i = 0; i < text.length; i++) bytes[offset + i] = text.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true); // fmt chunk size
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true); // byte rate
  view.setUint16(32, 2, true); // block align
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.max(-1, Math.min(1, samples[i]!));
    view.setInt16(44 + i * 2, Math.round(v * 32767), true);
  }
  return bytes;
}

/** Every sound as WAV bytes, computed in memory; the same on every call. */
export function generateSounds(): Record<SoundName, Uint8Array> {
  const result = {} as Record<SoundName, Uint8Array>;
  for (const name of SOUND_NAMES) result[name] = encodeWav(DESIGNS[name]());
  return result;
}

/** Where the generated files live: resources/sounds/, next to this tools/ folder. */
export const SOUNDS_DIR = fileURLToPath(new URL('../sounds/', import.meta.url));

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  mkdirSync(SOUNDS_DIR, { recursive: true });
  for (const [name, bytes] of Object.entries(generateSounds())) {
    const file = resolve(SOUNDS_DIR, `${name}.wav`);
    writeFileSync(file, bytes);
    console.log(`${file}: ${bytes.length} bytes, ${((bytes.length - 44) / 2 / SAMPLE_RATE).toFixed(2)} s`);
  }
}
