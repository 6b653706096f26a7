// What an invitation by e-mail carries besides its addressee, shared by Find a Member's invitation screen and
// Invite a Friend: the optional personal message with its byte count, and the language of the invitation.
import { useId, useState } from 'react';
import { INVITATION_LANGUAGES, INVITATION_MAX_BYTES } from '../../../app/services';
import { sendInvitation } from '../../directoryActions';

const encoder = new TextEncoder();

/** The message's size as sent: UTF-8, each line break as CRLF (the engine converts it). */
export function messageBytes(message: string): number {
  return encoder.encode(message.replace(/\r?\n/g, '\r\n')).length;
}

export const DEFAULT_LCID = '0x0409';

export interface Draft {
  message: string;
  lcid: string;
}

export const EMPTY_DRAFT: Draft = { message: '', lcid: DEFAULT_LCID };

export const TOO_LONG = `The personal message is too long; shorten it to ${INVITATION_MAX_BYTES} bytes.`;

interface FieldsProps {
  draft: Draft;
  onChange: (draft: Draft) => void;
  /** While sending: the fields keep focus but take no typing. */
  readOnly: boolean;
  autoFocus?: boolean;
}

export function InvitationFields({ draft, onChange, readOnly, autoFocus }: FieldsProps) {
  const id = useId();
  const bytes = messageBytes(draft.message);
  const over = bytes > INVITATION_MAX_BYTES;
  return (
    <>
      <label htmlFor={`${id}-message`}>Personal message (optional)</label>
      <textarea
        id={`${id}-message`}
        className="invitation-message"
        rows={4}
        value={draft.message}
        autoFocus={autoFocus}
        readOnly={readOnly}
        aria-describedby={`${id}-count`}
        aria-invalid={over || undefined}
        onChange={(e) => onChange({ ...draft, message: e.target.value })}
      />
      <p id={`${id}-count`} className={over ? 'byte-count error' : 'byte-count hint'}>
        {bytes} of {INVITATION_MAX_BYTES} bytes
      </p>
      <div className="language-row">
        <label htmlFor={`${id}-language`}>Language of the invitation</label>
        <select
          id={`${id}-language`}
          value={draft.lcid}
          disabled={readOnly}
          onChange={(e) => onChange({ ...draft, lcid: e.target.value })}
        >
          {INVITATION_LANGUAGES.map((l) => (
            <option key={l.lcid} value={l.lcid}>
              {l.label}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}

/** Sending one invitation: busy while main works, then the confirmation sentence or the failure sentence. */
export function useSendInvitation() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [sent, setSent] = useState('');

  const send = async (to: string | number, draft: Draft): Promise<void> => {
    if (busy) return;
    if (messageBytes(draft.message) > INVITATION_MAX_BYTES) {
      setError(TOO_LONG);
      return;
    }
    setBusy(true);
    setError('');
    const outcome = await sendInvitation({ to, message: draft.message, lcid: draft.lcid });
    setBusy(false);
    if (outcome.ok) setSent(outcome.value);
    else setError(outcome.error);
  };

  const reset = () => {
    setError('');
    setSent('');
  };

  return { busy, error, sent, send, reset, setError };
}

/** The end of a sent invitation: main's sentence, and what to do next. */
export function SentScreen({
  sentence,
  again,
  onAgain,
  onClose,
}: {
  sentence: string;
  again: string;
  onAgain: () => void;
  onClose: () => void;
}) {
  return (
    <div className="dialog invitation-sent">
      <p role="status">{sentence}</p>
      <div className="buttons">
        <button type="button" onClick={onAgain}>
          {again}
        </button>
        <button type="button" className="default" onClick={onClose} autoFocus>
          OK
        </button>
      </div>
    </div>
  );
}
