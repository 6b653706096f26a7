// The small mobile device after the name of someone who accepts pages (MOB Y), as 3.0 showed one. Drawn
// here as inline SVG (our own art), so it needs no file and takes the row's colours.
export function MobileFigure() {
  return (
    <svg
      className="mobile-figure"
      role="img"
      aria-label="accepts pages"
      width={9}
      height={14}
      viewBox="0 0 9 14"
    >
      <path d="M6.5 0.5v2" stroke="#333" strokeLinecap="round" />
      <rect x={0.5} y={2.5} width={8} height={11} rx={1.5} fill="#3b4a66" stroke="#1c2438" />
      <rect x={2} y={4} width={5} height={3.5} fill="#b8e0a8" />
      <path d="M2 9.5h1M4 9.5h1M6 9.5h1M2 11.5h1M4 11.5h1M6 11.5h1" stroke="#dfe6f2" />
    </svg>
  );
}
