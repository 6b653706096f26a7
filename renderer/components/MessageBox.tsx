// A small modal box drawn over the window it belongs to (the contact list, a dialog), as Windows drew
// its message boxes: a title bar, the content, the buttons. Focus stays inside while it is open; Escape
// is its Cancel and goes no further (it must not close the dialog underneath); closing gives focus back.
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

interface Props {
  title: string;
  /** 'alertdialog' for a question that needs an answer (Delete?), 'dialog' for something to look at. */
  role?: 'dialog' | 'alertdialog';
  children: ReactNode;
  /** The buttons; the one marked data-autofocus takes focus when the box opens. */
  buttons: ReactNode;
  onCancel: () => void;
  /** Where focus goes once the box closes; by default where it was when the box opened. */
  returnFocus?: () => HTMLElement | null | undefined;
}

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function MessageBox({ title, role = 'dialog', children, buttons, onCancel, returnFocus }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const bodyId = useId();
  // Read at close time, so the latest callback decides.
  const focusBack = useRef(returnFocus);
  focusBack.current = returnFocus;

  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const el = box.current;
    (
      el?.querySelector<HTMLElement>('[data-autofocus]') ?? el?.querySelector<HTMLElement>(FOCUSABLE)
    )?.focus();
    return () => {
      const target = focusBack.current?.() ?? opener;
      // After this render: the element may be re-rendered or replaced by the change that closed the box.
      requestAnimationFrame(() => {
        if (target?.isConnected) target.focus();
      });
    };
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
      return;
    }
    if (e.key !== 'Tab') return;
    const all = [...(box.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
    if (all.length === 0) return;
    const at = all.indexOf(document.activeElement as HTMLElement);
    const next = e.shiftKey ? (at <= 0 ? all.length - 1 : at - 1) : at === all.length - 1 ? 0 : at + 1;
    e.preventDefault();
    all[next]!.focus();
  };

  return (
    <div className="modal-layer" onMouseDown={(e) => e.target === e.currentTarget && e.preventDefault()}>
      <div
        ref={box}
        className="msgbox"
        role={role}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        onKeyDown={onKeyDown}
      >
        <div className="title-bar">
          <span id={titleId} className="title-text">
            {title}
          </span>
          <button type="button" className="title-close" aria-label="Close" onClick={onCancel}>
            ×
          </button>
        </div>
        <div id={bodyId} className="msgbox-body">
          {children}
        </div>
        <div className="buttons">{buttons}</div>
      </div>
    </div>
  );
}
