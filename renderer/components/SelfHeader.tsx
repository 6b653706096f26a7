// Your own name and status at the top of the list: a click opens the status menu (with Rename…), and
// renaming happens in place.
import { useRef, useState, type KeyboardEvent } from 'react';
import { CHOOSABLE_STATUSES } from '../../app/contract';
import { setNickname, setStatus } from '../actions';
import { selectSelf, useSession } from '../stores/session';
import { statusWords } from '../status';
import { PopupMenu, type MenuEntry } from './Menu';
import { StatusFigure } from './StatusFigure';

export function statusMenuEntries(current: string, onRename?: () => void): MenuEntry[] {
  const entries: MenuEntry[] = CHOOSABLE_STATUSES.map((s) => ({
    type: 'item',
    label: statusWords(s),
    checked: s === current,
    onSelect: () => setStatus(s),
  }));
  if (onRename) entries.push({ type: 'separator' }, { type: 'item', label: 'Rename…', onSelect: onRename });
  return entries;
}

export function SelfHeader() {
  const self = useSession(selectSelf);
  const button = useRef<HTMLButtonElement>(null);
  const [menuAt, setMenuAt] = useState<{ left: number; top: number } | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);

  if (!self) return null;

  const open = () => {
    const r = button.current?.getBoundingClientRect();
    if (r) setMenuAt({ left: r.left, top: r.bottom });
  };

  const finishRename = (save: boolean) => {
    const name = renaming?.trim() ?? '';
    setRenaming(null);
    if (save && name && name !== self.nickname) setNickname(name);
    requestAnimationFrame(() => button.current?.focus());
  };

  const onRenameKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') finishRename(true);
    else if (e.key === 'Escape') finishRename(false);
    else return;
    e.preventDefault();
  };

  return (
    <div className="self">
      <StatusFigure status={self.status} />
      {renaming !== null ? (
        <input
          className="rename"
          aria-label="Your name as others see it"
          value={renaming}
          maxLength={129}
          autoFocus
          onFocus={(e) => e.currentTarget.select()}
          onChange={(e) => setRenaming(e.target.value)}
          onKeyDown={onRenameKey}
          onBlur={() => finishRename(true)}
        />
      ) : (
        <button
          ref={button}
          type="button"
          className="self-button"
          aria-haspopup="menu"
          aria-expanded={menuAt !== null}
          title="Click to change your status or your name"
          onClick={() => (menuAt ? setMenuAt(null) : open())}
        >
          <span className="self-name">{self.nickname || self.email}</span>{' '}
          <span className="self-status">({statusWords(self.status)})</span>
          <span aria-hidden="true"> ▾</span>
        </button>
      )}
      {menuAt && (
        <PopupMenu
          label="My Status"
          at={menuAt}
          entries={statusMenuEntries(self.status, () => setRenaming(self.nickname || self.email))}
          boundary={button}
          onClose={(reason) => {
            setMenuAt(null);
            if (reason === 'cancel') button.current?.focus();
          }}
        />
      )}
    </div>
  );
}
