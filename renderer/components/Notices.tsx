// Sentences a person should read (a failed action), each a small dismissable alert. They lie over the
// bottom of the list rather than push it away, scroll when there are several (the newest in view), and
// leave on their own after a few seconds (renderer/stores/ui.ts).
import { useLayoutEffect, useRef } from 'react';
import { dismissNotice, useUi } from '../stores/ui';

/** The notices of one window: a conversation's (scope = its id) or the main window's (no scope). */
export function Notices({ scope }: { scope?: string }) {
  const all = useUi((s) => s.notices);
  const notices = all.filter((n) => n.scope === scope);
  const box = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = box.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [all]);
  if (notices.length === 0) return null;
  return (
    <div ref={box} className="notices">
      {notices.map((n) => (
        <div key={n.id} role="alert" className="notice">
          <span className="notice-text">
            {n.message}
            {n.action && (
              <>
                {' '}
                <button type="button" className="link" onClick={n.action.run}>
                  {n.action.label}
                </button>
              </>
            )}
          </span>
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
