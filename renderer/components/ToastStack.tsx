// Browser mode's toasts: a stack at the bottom right of the page, the newest on top, sliding in, and
// sliding down out of view before they are removed.
import { useEffect, useRef, useState } from 'react';
import type { Toast as ToastData } from '../../app/contract';
import { useUi } from '../stores/ui';
import { Toast } from './Toast';

/** How long a leaving toast stays for its slide-down (the CSS animation is a little shorter). */
const TOAST_EXIT_MS = 260;

export function ToastStack() {
  const toasts = useUi((s) => s.toasts);
  const [leaving, setLeaving] = useState<ToastData[]>([]);
  const previous = useRef<ToastData[]>(toasts);

  useEffect(() => {
    const ids = new Set(toasts.map((t) => t.id));
    const gone = previous.current.filter((t) => !ids.has(t.id));
    previous.current = toasts;
    if (gone.length === 0) return;
    const goneIds = new Set(gone.map((t) => t.id));
    setLeaving((was) => [...was.filter((t) => !goneIds.has(t.id) && !ids.has(t.id)), ...gone]);
    // Not cleared on a later change: each batch of leavers still goes after its own animation.
    setTimeout(() => setLeaving((was) => was.filter((t) => !goneIds.has(t.id))), TOAST_EXIT_MS);
  }, [toasts]);

  const current = new Set(toasts.map((t) => t.id));
  const all = [
    ...toasts.map((t) => ({ toast: t, leaving: false })),
    ...leaving.filter((t) => !current.has(t.id)).map((t) => ({ toast: t, leaving: true })),
  ];
  if (all.length === 0) return null;
  const oldestFirst = all.sort((a, b) => a.toast.createdAt - b.toast.createdAt);
  return (
    <div className="toast-stack" aria-label="Notifications" role="region">
      {oldestFirst.map(({ toast, leaving: out }) => (
        <Toast key={toast.id} toast={toast} inline leaving={out} />
      ))}
    </div>
  );
}
