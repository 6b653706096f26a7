// A toast: the product mark, a title and body whose text becomes a link on hover; a click does the toast's
// action in main. The desktop shows one per window; browser mode stacks them in the page.
import type { Toast as ToastData } from '../../app/contract';
import { dismissToast, toastClicked } from '../actions';
import { ButterflyMark } from './ButterflyMark';
import { alertIcon } from './AlertsLine';

export function Toast({
  toast,
  inline = false,
  leaving = false,
}: {
  toast: ToastData;
  inline?: boolean;
  /** Sliding out: no longer clickable, nor announced. */
  leaving?: boolean;
}) {
  const icon = alertIcon(toast.icon);
  return (
    <div
      className={`toast${inline ? ' inline' : ''}${leaving ? ' leaving' : ''}`}
      inert={leaving || undefined}
    >
      <div className="toast-head">
        <ButterflyMark size={16} />
        <span>Butterfly</span>
      </div>
      {/* A long name is cut short in the toast: the tooltip has its whole text. */}
      <button
        type="button"
        className="toast-body"
        title={toast.body ? `${toast.title}\n${toast.body}` : toast.title}
        onClick={() => toastClicked(toast)}
      >
        {icon && <img className="toast-icon" src={icon} width={32} height={32} alt="" />}
        <span className="toast-title">{toast.title}</span>
        {toast.body && <span className="toast-text">{toast.body}</span>}
      </button>
      <button
        type="button"
        className="toast-close"
        aria-label="Close"
        title="Close"
        onClick={() => dismissToast(toast.id)}
      >
        ×
      </button>
    </div>
  );
}
