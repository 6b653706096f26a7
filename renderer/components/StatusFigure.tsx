// The little person in front of a name, coloured by status; its alt text says the status in words.
import type { Status } from '../../app/types';
import { figureUrl } from '../assets';
import { figureAlt, statusFigure } from '../status';

const FALLBACK: Record<string, string> = {
  online: '#2fa82a',
  offline: '#c0392b',
  busy: '#d35400',
  away: '#d4a017',
  phone: '#2f6fd6',
  blocked: '#7f0000',
};

export function StatusFigure({ status, blocked = false }: { status: Status; blocked?: boolean }) {
  const figure = statusFigure(status, blocked);
  const alt = figureAlt(status, blocked);
  const url = figureUrl(figure);
  if (url) return <img className="figure" src={url} width={16} height={16} alt={alt} draggable={false} />;
  return (
    <span
      className="figure figure-fallback"
      role="img"
      aria-label={alt}
      style={{ background: FALLBACK[figure] }}
    />
  );
}
