// The short dialogs: About and Verify your account.
import { selectServerLabel, useSession } from '../../stores/session';
import { ButterflyMark } from '../ButterflyMark';
import { useCloseWindow } from '../windowContext';

function OkButton({ label = 'OK' }: { label?: string }) {
  const close = useCloseWindow();
  return (
    <div className="buttons">
      <button type="button" className="default" onClick={close} autoFocus>
        {label}
      </button>
    </div>
  );
}

export function About() {
  const version = useSession((s) => s.version);
  const protocol = useSession((s) => s.protocol);
  const server = useSession(selectServerLabel);
  const online = useSession((s) => s.session.phase === 'online');
  return (
    <div className="dialog about">
      <div className="about-head">
        <ButterflyMark size={48} />
        <div>
          <h2>Butterfly</h2>
          <p>Version {version || 'unknown'}</p>
        </div>
      </div>
      <p>
        A messenger in the style of MSN Messenger 3.0 that speaks MSNP5 (and MSNP2 to MSNP4) to today&apos;s
        revival servers.
      </p>
      {/* The protocol version lives here (and in the inspector), not in the status bar. */}
      <dl className="about-connection">
        <dt>Protocol</dt>
        <dd>{online && protocol ? protocol : 'Not signed in'}</dd>
        <dt>Server</dt>
        <dd>{online && server ? server : 'Not signed in'}</dd>
      </dl>
      <p className="hint">
        Butterfly is not made or endorsed by Microsoft. Every picture and sound in it was made for this
        project.
      </p>
      <OkButton />
    </div>
  );
}

export function Verify() {
  return (
    <div className="dialog verify">
      <p>The server will not sign you in until your e-mail address is verified.</p>
      <p>
        Open the verification message the service sent to your address, follow its link, then sign in again.
      </p>
      <OkButton />
    </div>
  );
}
