// Browser mode draws the windows main would open on the desktop (dialogs, conversations) as 3.0-style child
// windows over the page: a title bar you can drag, a close button, and role=dialog named by the title.
import { useRef, useState, type PointerEvent } from 'react';
import type { WindowRoute } from '../../app/contract';
import { closeInlineWindow, showInlineWindow, useUi, type InlineWindow } from '../stores/ui';
import { RouteView, useRouteTitle } from './RouteView';
import { CloseWindowContext } from './windowContext';

const WIDTHS: Partial<Record<string, number>> = { options: 420, conversation: 440, added: 380, about: 340 };

function widthOf(route: WindowRoute): number {
  if (route.kind === 'conversation') return WIDTHS.conversation!;
  if (route.kind === 'dialog') return WIDTHS[route.dialog] ?? 320;
  return 320;
}

let opened = 0;

export function InlineWindows() {
  const windows = useUi((s) => s.windows);
  return (
    <>
      {windows
        .filter((w) => w.route.kind !== 'toast' && w.route.kind !== 'contactList')
        .map((w, i, all) => (
          <ChildWindow key={w.key} window={w} front={i === all.length - 1} z={10 + i} />
        ))}
    </>
  );
}

function ChildWindow({ window: w, front, z }: { window: InlineWindow; front: boolean; z: number }) {
  const title = useRouteTitle(w.route);
  const close = () => closeInlineWindow(w.key);
  // Cascade new windows to the right of the contact list.
  const [pos, setPos] = useState(() => {
    const n = opened++ % 6;
    return { left: 340 + n * 24, top: 40 + n * 24 };
  });
  const drag = useRef<{ x: number; y: number } | null>(null);

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if ((e.target as HTMLElement).closest('button')) return;
    drag.current = { x: e.clientX - pos.left, y: e.clientY - pos.top };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    setPos({ left: Math.max(0, e.clientX - drag.current.x), top: Math.max(0, e.clientY - drag.current.y) });
  };

  return (
    <div
      role="dialog"
      aria-label={title}
      className={`child-window${front ? ' front' : ''}`}
      style={{ left: pos.left, top: pos.top, width: widthOf(w.route), zIndex: z }}
      onMouseDown={() => {
        if (!front) showInlineWindow(w.route);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && w.route.kind === 'dialog') close();
      }}
    >
      <div
        className="title-bar"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={() => {
          drag.current = null;
        }}
      >
        <span className="title-text">{title}</span>
        <button type="button" className="title-close" aria-label="Close" onClick={close}>
          ×
        </button>
      </div>
      <div className="child-body">
        <CloseWindowContext value={close}>
          <RouteView route={w.route} />
        </CloseWindowContext>
      </div>
    </div>
  );
}
