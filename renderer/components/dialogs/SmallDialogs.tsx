// The short dialogs: About, Verify your account, a contact's phone numbers, and Page.
import { displayText } from '../../../app/displayText';
import { displayName } from '../../status';
import { keyOf, useContacts } from '../../stores/contacts';
import { useSession } from '../../stores/session';
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
      {protocol && <p>Signed in with {protocol}.</p>}
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

const PHONE_LABELS = [
  ['PHH', 'Home phone'],
  ['PHW', 'Work phone'],
  ['PHM', 'Mobile phone'],
] as const;

export function Phones({ email }: { email: string }) {
  const contact = useContacts((s) => s.byEmail[keyOf(email)]);
  const name = displayName({ email, nickname: contact?.nickname ?? '' });
  const phones = contact?.phones ?? {};
  const any = PHONE_LABELS.some(([k]) => phones[k]);
  return (
    <div className="dialog phones">
      <p>
        Phone numbers <b>{name}</b> chose to share:
      </p>
      {any ? (
        <dl className="phone-list">
          {PHONE_LABELS.filter(([k]) => phones[k]).map(([k, label]) => (
            <div key={k}>
              <dt>{label}</dt>
              <dd>{displayText(phones[k] ?? '')}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <p className="hint">{name} has not shared any phone numbers.</p>
      )}
      <p className="hint">
        {phones.MOB === 'Y' ? `${name} accepts pages on a mobile device.` : `${name} does not accept pages.`}
      </p>
      <OkButton />
    </div>
  );
}

export function Page({ email }: { email: string }) {
  const contact = useContacts((s) => s.byEmail[keyOf(email)]);
  const name = displayName({ email, nickname: contact?.nickname ?? '' });
  return (
    <div className="dialog page">
      <p>
        Send a short message to <b>{name}</b>&apos;s mobile device.
      </p>
      <label htmlFor="page-text">Message</label>
      <textarea id="page-text" rows={4} maxLength={110} disabled />
      <p role="status" className="hint">
        Paging arrives in a later version of Butterfly.
      </p>
      <OkButton label="Close" />
    </div>
  );
}
