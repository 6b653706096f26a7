// Browser mode's toasts: a stack at the bottom right of the page, the newest on top, sliding in.
import { useUi } from '../stores/ui';
import { Toast } from './Toast';

export function ToastStack() {
  const toasts = useUi((s) => s.toasts);
  if (toasts.length === 0) return null;
  const oldestFirst = [...toasts].sort((a, b) => a.createdAt - b.createdAt);
  return (
    <div className="toast-stack" aria-label="Notifications" role="region">
      {oldestFirst.map((t) => (
        <Toast key={t.id} toast={t} inline />
      ))}
    </div>
  );
}
