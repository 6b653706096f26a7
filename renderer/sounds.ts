// Plays the app's sounds. Headless browsers and pages without a user gesture refuse to play: that is fine.
import type { SoundName } from '../app/contract';
import { soundUrl } from './assets';

export function playSound(name: SoundName): void {
  const url = soundUrl(name);
  if (!url || typeof Audio === 'undefined') return;
  try {
    const audio = new Audio(url);
    audio.play().catch(() => {
      // Autoplay policy or no audio device: a missed chime is not worth a notice.
    });
  } catch {
    // Same as above, for engines that throw instead of rejecting.
  }
}
