// "2 alerts": the .NET alerts received this session, under the Hotmail line. A click opens the list; each
// alert's text opens its page, "Change alert settings" its subscription page (http(s) only, checked by main).
import { useState } from 'react';
import type { Alert } from '../../app/types';
import { openExternal } from '../actions';
import { useSession } from '../stores/session';

function clock(at: number): string {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** Only an image main fetched and handed over as data is drawn; the page loads nothing from the network. */
export function alertIcon(data: string | undefined): string | undefined {
  return data !== undefined &&
    /^data:image\/(png|gif|jpeg|bmp|webp|x-icon|vnd\.microsoft\.icon);base64,/.test(data)
    ? data
    : undefined;
}

function AlertItem({ alert }: { alert: Alert }) {
  const icon = alertIcon(alert.iconData);
  return (
    <li className="alert-item">
      {icon ? (
        <img src={icon} width={16} height={16} alt="" />
      ) : (
        <span className="alert-bell" aria-hidden="true" />
      )}
      <div>
        {alert.actionUrl ? (
          <button
            type="button"
            className="link"
            title="Open this alert's page"
            onClick={() => openExternal(alert.actionUrl)}
          >
            {alert.text}
          </button>
        ) : (
          <span>{alert.text}</span>
        )}
        <span className="alert-meta">
          {clock(alert.receivedAt)}
          {alert.subscriptionUrl && (
            <>
              {' · '}
              <button type="button" className="link" onClick={() => openExternal(alert.subscriptionUrl)}>
                Change alert settings
              </button>
            </>
          )}
        </span>
      </div>
    </li>
  );
}

export function AlertsLine() {
  const alerts = useSession((s) => s.alerts);
  const [open, setOpen] = useState(false);
  if (alerts.length === 0) return null;
  const label = `${alerts.length} alert${alerts.length === 1 ? '' : 's'} this session`;
  return (
    <div className="alerts">
      <button type="button" className="link" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? '▾' : '▸'} {label}
      </button>
      {open && (
        <ul className="alert-list" aria-label="Alerts">
          {[...alerts].reverse().map((a) => (
            <AlertItem key={`${a.id}-${a.messageId}-${a.receivedAt}`} alert={a} />
          ))}
        </ul>
      )}
    </div>
  );
}
