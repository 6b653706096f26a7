// One contact in the list. It reads its own entry from the store, so a change to one person re-renders
// one row (a BPR that changes someone's numbers too); everything else arrives as stable props.
import { memo, type MouseEvent } from 'react';
import { selectContact, useContacts } from '../stores/contacts';
import { acceptsPages, contactTooltip } from '../phones';
import { displayName, isBlocked, statusSuffix } from '../status';
import { MobileFigure } from './MobileFigure';
import { StatusFigure } from './StatusFigure';

export interface RowHandlers {
  select: (email: string) => void;
  open: (email: string) => void;
  menu: (email: string, at: { left: number; top: number }) => void;
}

interface Props {
  email: string;
  id: string;
  top: number;
  selected: boolean;
  posInSet: number;
  setSize: number;
  handlers: RowHandlers;
}

export const ContactRow = memo(function ContactRow({
  email,
  id,
  top,
  selected,
  posInSet,
  setSize,
  handlers,
}: Props) {
  const contact = useContacts(selectContact(email));
  if (!contact) return null;
  const blocked = isBlocked(contact);
  const suffix = statusSuffix(contact.status);
  const name = displayName(contact);

  const onContextMenu = (e: MouseEvent) => {
    e.preventDefault();
    handlers.select(email);
    handlers.menu(email, { left: e.clientX, top: e.clientY });
  };

  return (
    <div
      id={id}
      role="option"
      aria-selected={selected}
      aria-posinset={posInSet}
      aria-setsize={setSize}
      className={`row contact${selected ? ' selected' : ''}${blocked ? ' blocked' : ''}`}
      style={{ top }}
      title={contactTooltip(contact)}
      onMouseDown={() => handlers.select(email)}
      onDoubleClick={() => handlers.open(email)}
      onContextMenu={onContextMenu}
    >
      <StatusFigure status={contact.status} blocked={blocked} />
      <span className="name">{name}</span>
      {suffix && <span className="suffix">{suffix}</span>}
      {acceptsPages(contact.phones) && <MobileFigure />}
    </div>
  );
});
