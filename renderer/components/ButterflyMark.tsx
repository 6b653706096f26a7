// The product mark: resources/ui/butterfly.svg when it is drawn, else the same shape inline.
import { uiImageUrl } from '../assets';

export function ButterflyMark({ size = 32 }: { size?: number }) {
  const url = uiImageUrl('butterfly');
  if (url) return <img className="mark" src={url} width={size} height={size} alt="" />;
  return (
    <svg className="mark" viewBox="0 0 64 64" width={size} height={size} aria-hidden="true">
      <path d="M31 30C26 16 12 8 6 14c-5 6 3 16 25 18z" fill="#2f6fd6" />
      <path d="M33 30C38 16 52 8 58 14c5 6-3 16-25 18z" fill="#2f6fd6" />
      <path d="M31 34C22 36 12 44 16 52c4 6 12-2 15-16z" fill="#41a447" />
      <path d="M33 34c9 2 19 10 15 18-4 6-12-2-15-16z" fill="#41a447" />
      <rect x="30" y="22" width="4" height="28" rx="2" fill="#333" />
    </svg>
  );
}
