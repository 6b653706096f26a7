// Your own name and status at the top of the list: a click opens the status menu (with Rename…), and
// renaming happens in place.
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { CHOOSABLE_STATUSES } from '../../app/contract';
import { setNickname, setStatus } from '../actions';
import { selectSelf, useSession } from '../stores/session';
import { displayName, renameProblem, statusWords } from '../status';
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
  const [renameError, setRenameError] = useState('');
  const errorId = useId();
  // Escape or Enter closes the field, and its removal may still fire blur: finish only once.
  const renameDone = useRef(false);

  if (!self) return null;

  const open = () => {
    const r = button.current?.getBoundingClientRect();
    if (r) setMenuAt({ left: r.left, top: r.bottom });
  };

  const startRename = () => {
    renameDone.current = false;
    setRenameError('');
    setRenaming(displayName(self));
  };

  /** Saves (or cancels) the rename; a name that cannot be used keeps the field open with the reason. */
  const finishRename = (save: boolean) => {
    if (renaming === null || renameDone.current) return;
    const name = renaming.trim();
    if (save) {
      const problem = renameProblem(name);
      if (problem) {
        setRenameError(problem);
        return;
      }
    }
    renameDone.current = true;
    setRenaming(null);
    setRenameError('');
    if (save && name !== self.nickname) setNickname(name);
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
        <div className="rename-box">
          <input
            className="rename"
            aria-label="Your name as others see it"
            aria-invalid={renameError ? true : undefined}
            aria-describedby={renameError ? errorId : undefined}
            value={renaming}
            maxLength={129}
            autoFocus
            onFocus={(e) => e.currentTarget.select()}
            onChange={(e) => {
              setRenaming(e.target.value);
              setRenameError('');
            }}
            onKeyDown={onRenameKey}
            onBlur={() => finishRename(true)}
          />
          {renameError && (
            <p id={errorId} role="alert" className="rename-error">
              {renameError}
            </p>
          )}
        </div>
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
          <span className="self-name">{displayName(self)}</span>{' '}
          <span className="self-status">({statusWords(self.status)})</span>
          <span aria-hidden="true"> ▾</span>
        </button>
      )}
      {menuAt && (
        <PopupMenu
          label="My Status"
          at={menuAt}
          entries={statusMenuEntries(self.status, startRename)}
          boundary={button}
          onClose={(reason) => {
            setMenuAt(null);
            // Back to the button after a choice too (Rename… then moves focus into its field).
            if (reason !== 'dismiss') button.current?.focus();
          }}
        />
      )}
    </div>
  );
}
