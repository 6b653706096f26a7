// Sentences a person should read (a failed action), each a small dismissable alert.
import { dismissNotice, useUi } from '../stores/ui';

export function Notices() {
  const notices = useUi((s) => s.notices);
  if (notices.length === 0) return null;
  return (
    <div className="notices">
      {notices.map((n) => (
        <div key={n.id} role="alert" className="notice">
          <span className="notice-text">{n.message}</span>
          <button
            type="button"
            className="notice-close"
            aria-label="Dismiss"
            title="Dismiss"
            onClick={() => dismissNotice(n.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
