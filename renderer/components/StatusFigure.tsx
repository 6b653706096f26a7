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

/** One little person standing at `x` in the 64-unit box of SigningInFigures. */
function Person({ x, colour, late = false }: { x: number; colour: string; late?: boolean }) {
  return (
    <g className={late ? 'late' : undefined} fill={colour} stroke="#333" strokeWidth="1.2">
      <circle cx={x} cy="24" r="7" />
      <path d={`M${x - 11} 50c0-12 4-17 11-17s11 5 11 17z`} />
    </g>
  );
}

/**
 * While signing in, as 3.0 showed: two figures turning round in turn (still when the person asks for
 * reduced motion). Decoration only: the words beside it say what is happening.
 */
export function SigningInFigures({ size = 40 }: { size?: number }) {
  return (
    <svg className="signing-in" viewBox="0 0 64 64" width={size} height={size} aria-hidden="true">
      <Person x={21} colour={FALLBACK.online!} />
      <Person x={43} colour={FALLBACK.phone!} late />
    </svg>
  );
}
