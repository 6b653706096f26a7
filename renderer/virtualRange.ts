// The window math of the virtualized contact list: which rows to render for a scroll position.

export interface RangeInput {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  count: number;
  /** Extra rows rendered above and below the visible ones, so fast scrolling shows no gap. */
  overscan: number;
}

/** Inclusive indexes of the rows to render; last < first (and both 0/-1) when there is nothing to render. */
export interface Range {
  first: number;
  last: number;
}

export function visibleRange({ scrollTop, viewportHeight, rowHeight, count, overscan }: RangeInput): Range {
  if (count <= 0 || rowHeight <= 0) return { first: 0, last: -1 };
  const top = Math.max(0, scrollTop);
  const height = Math.max(0, viewportHeight);
  const firstVisible = Math.min(count - 1, Math.floor(top / rowHeight));
  // A row that starts exactly at the bottom edge is not visible.
  const lastVisible = Math.min(count - 1, Math.max(firstVisible, Math.ceil((top + height) / rowHeight) - 1));
  const pad = Math.max(0, Math.floor(overscan));
  return { first: Math.max(0, firstVisible - pad), last: Math.min(count - 1, lastVisible + pad) };
}

/** The scrollTop that brings row `index` fully into view, or the current one when it is visible already. */
export function scrollToReveal(
  index: number,
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return scrollTop;
}
