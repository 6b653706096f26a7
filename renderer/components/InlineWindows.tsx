// Browser mode draws the windows main would open on the desktop (dialogs, conversations) as 3.0-style child
// windows over the page: a title bar you can drag, a close button, and role=dialog named by the title.
import { useEffect, useLayoutEffect, useRef, useState, type PointerEvent } from 'react';
import type { WindowRoute } from '../../app/contract';
import { CONVERSATION_SIZE, DIALOG_SIZES, INSPECTOR_SIZE } from '../../app/routes';
import {
  clearAttention,
  closeInlineWindow,
  focusFirstControl,
  isChildWindow,
  showInlineWindow,
  useUi,
  type InlineWindow,
} from '../stores/ui';
import { clampToDesktop, type Point } from '../windowGeometry';
import { leave } from '../conversationActions';
import { forgetConversation } from '../stores/conversations';
import { RouteView, useRouteTitle } from './RouteView';
import { WindowErrorBoundary } from './WindowErrorBoundary';
import { CloseWindowContext } from './windowContext';

/** The same width as the desktop window of this route. */
function widthOf(route: WindowRoute): number {
  if (route.kind === 'conversation') return CONVERSATION_SIZE.width;
  if (route.kind === 'dialog') return DIALOG_SIZES[route.dialog].width;
  if (route.kind === 'inspector') return INSPECTOR_SIZE.width;
  return 320;
}

let opened = 0;

/** Where `el` may go inside its desktop (the positioned page it sits on), wanting `want`. */
function fitted(el: HTMLElement | null, want: Point): Point {
  const desktop = el?.offsetParent;
  if (!el || !desktop) return { left: Math.max(0, want.left), top: Math.max(0, want.top) };
  return clampToDesktop(
    want,
    { width: el.offsetWidth, height: el.offsetHeight },
    { width: desktop.clientWidth, height: desktop.clientHeight },
  );
}

export function InlineWindows() {
  const windows = useUi((s) => s.windows);
  return (
    <>
      {windows.filter(isChildWindow).map((w, i, all) => (
        <ChildWindow key={w.key} window={w} front={i === all.length - 1} z={10 + i} />
      ))}
    </>
  );
}

function ChildWindow({ window: w, front, z }: { window: InlineWindow; front: boolean; z: number }) {
  const title = useRouteTitle(w.route);
  const attention = useUi((s) => s.attention.includes(w.key));
  const close = () => {
    closeInlineWindow(w.key);
    // Closing a conversation's window leaves the conversation, as in 3.0 (its lines stay in main); the
    // window of a conversation whose session ended is the last place it showed.
    if (w.route.kind === 'conversation') {
      leave(w.route.id);
      forgetConversation(w.route.id);
    }
  };
  // Cascade new windows to the right of the contact list.
  const [pos, setPos] = useState(() => {
    // The inspector is nearly as big as the page: it starts in the corner.
    if (w.route.kind === 'inspector') return { left: 8, top: 8 };
    const n = opened++ % 6;
    return { left: 340 + n * 24, top: 40 + n * 24 };
  });
  const drag = useRef<{ x: number; y: number } | null>(null);
  const root = useRef<HTMLDivElement>(null);

  // The cascade (and a window that grows, or a page made smaller) could put the title bar's close button
  // past the page's edge: keep the whole window on the desktop, before it is first painted.
  useLayoutEffect(() => {
    const el = root.current;
    const desktop = el?.offsetParent;
    if (!el || !desktop) return;
    const fit = () =>
      setPos((p) => {
        const next = fitted(el, p);
        return next.left === p.left && next.top === p.top ? p : next;
      });
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(el);
    observer.observe(desktop);
    return () => observer.disconnect();
  }, []);

  // Opened or raised by a person: take focus (unless it is already inside, e.g. an autoFocus field or the
  // click that raised the window). After a frame, so a click's own focus change has happened.
  const raised = w.raised ?? 0;
  useEffect(() => {
    if (!front || raised === 0) return;
    const frame = requestAnimationFrame(() => {
      const el = root.current;
      if (el && !el.contains(document.activeElement)) focusFirstControl(el);
    });
    return () => cancelAnimationFrame(frame);
  }, [front, raised]);

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if ((e.target as HTMLElement).closest('button')) return;
    drag.current = { x: e.clientX - pos.left, y: e.clientY - pos.top };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!drag.current) return;
    setPos(fitted(root.current, { left: e.clientX - drag.current.x, top: e.clientY - drag.current.y }));
  };

  return (
    <div
      ref={root}
      role="dialog"
      aria-label={title}
      data-window-key={w.key}
      data-window-root="child"
      tabIndex={-1}
      className={`child-window${front ? ' front' : ''}${attention ? ' attention' : ''}`}
      // The inspector's list fills a fixed height (within the page); other windows are as tall as what they hold.
      style={{
        left: pos.left,
        top: pos.top,
        zIndex: z,
        ...(w.route.kind === 'inspector'
          ? {
              width: `min(${INSPECTOR_SIZE.width}px, calc(100% - 16px))`,
              height: `min(${INSPECTOR_SIZE.height}px, calc(100% - 16px))`,
            }
          : { width: `min(${widthOf(w.route)}px, calc(100% - 8px))` }),
      }}
      onMouseDown={() => {
        if (!front) showInlineWindow(w.route);
        clearAttention(w.key);
      }}
      onFocus={() => {
        // Tabbing or clicking into a window behind brings it to the front, as on Windows.
        if (!front) showInlineWindow(w.route, false);
        clearAttention(w.key);
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
          <WindowErrorBoundary onClose={close}>
            <RouteView route={w.route} />
          </WindowErrorBoundary>
        </CloseWindowContext>
      </div>
    </div>
  );
}
