// A Windows-style popup menu (role=menu) with full keyboard use: arrows, Home/End, Enter/Space, a first
// letter, Right/Left into and out of submenus, Escape to close. Used by the menu bar, the status menu and
// the contact context menu.
import {
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react';

export type MenuEntry =
  | {
      type: 'item';
      label: string;
      /** React key when labels may repeat (people's names); the label otherwise. */
      key?: string;
      onSelect?: () => void;
      disabled?: boolean;
      /** Tooltip, e.g. why the item is disabled. */
      title?: string;
      /** Radio-style mark (the current status), or with `toggle` a check mark (an option on or off). */
      checked?: boolean;
      toggle?: boolean;
      submenu?: MenuEntry[];
      icon?: ReactNode;
    }
  | { type: 'separator' };

export interface PopupMenuProps {
  label: string;
  entries: MenuEntry[];
  /** Viewport position of the top-left corner (top-level menus only). */
  at?: { left: number; top: number };
  /**
   * 'cancel' (Escape, Left in a submenu): close this level and give focus back to its opener;
   * 'chosen': an item ran, close every level; 'dismiss' (click outside, Tab): close without moving focus.
   */
  onClose: (reason: CloseReason) => void;
  /** Left/Right at a top-level menu: move to the neighbouring menu of the menu bar. */
  onNavigate?: (direction: -1 | 1) => void;
  /** Clicks inside these elements do not count as "outside" (the menu bar that toggles this menu). */
  boundary?: RefObject<HTMLElement | null>;
  submenu?: boolean;
}

type Item = Extract<MenuEntry, { type: 'item' }>;
export type CloseReason = 'cancel' | 'chosen' | 'dismiss';

export function PopupMenu({
  label,
  entries,
  at,
  onClose,
  onNavigate,
  boundary,
  submenu = false,
}: PopupMenuProps) {
  const root = useRef<HTMLDivElement>(null);
  const itemRefs = useRef<(HTMLDivElement | null)[]>([]);
  const [focus, setFocus] = useState(() => entries.findIndex((e) => e.type === 'item'));
  const [openSub, setOpenSub] = useState<number | null>(null);
  const [shift, setShift] = useState({ x: 0, y: 0, flip: false });

  // A submenu takes focus when it opens, so this level only focuses while none is open.
  useEffect(() => {
    if (openSub === null) itemRefs.current[focus]?.focus();
  }, [focus, openSub]);

  // Keep the menu on screen: nudge a top-level menu back inside the viewport, flip a submenu to the left.
  useLayoutEffect(() => {
    const el = root.current;
    if (!el) return;
    const r = el.getBoundingClientRect();
    const y = r.bottom > window.innerHeight ? Math.min(0, window.innerHeight - r.bottom - 2) : 0;
    if (submenu) setShift({ x: 0, y, flip: r.right > window.innerWidth });
    else setShift({ x: r.right > window.innerWidth ? window.innerWidth - r.right - 2 : 0, y, flip: false });
  }, [submenu]);

  useEffect(() => {
    if (submenu) return;
    const onDown = (e: MouseEvent) => {
      const t = e.target as Node;
      if (root.current?.contains(t) || boundary?.current?.contains(t)) return;
      onClose('dismiss');
    };
    const onBlur = () => onClose('dismiss');
    document.addEventListener('mousedown', onDown);
    window.addEventListener('blur', onBlur);
    return () => {
      document.removeEventListener('mousedown', onDown);
      window.removeEventListener('blur', onBlur);
    };
  }, [submenu, onClose, boundary]);

  const items = entries.map((e, i) => (e.type === 'item' ? i : -1)).filter((i) => i >= 0);

  const activate = (index: number) => {
    const entry = entries[index];
    if (!entry || entry.type !== 'item' || entry.disabled) return;
    if (entry.submenu) {
      setFocus(index);
      setOpenSub(index);
      return;
    }
    onClose('chosen');
    entry.onSelect?.();
  };

  const move = (delta: 1 | -1) => {
    const pos = items.indexOf(focus);
    const next = items[(pos + delta + items.length) % items.length];
    if (next !== undefined) setFocus(next);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    e.stopPropagation();
    const entry = entries[focus] as Item | undefined;
    switch (e.key) {
      case 'ArrowDown':
        move(1);
        break;
      case 'ArrowUp':
        move(-1);
        break;
      case 'Home':
        if (items[0] !== undefined) setFocus(items[0]);
        break;
      case 'End':
        if (items.length > 0) setFocus(items[items.length - 1]!);
        break;
      case 'Enter':
      case ' ':
        activate(focus);
        break;
      case 'ArrowRight':
        if (entry?.submenu && !entry.disabled) setOpenSub(focus);
        else onNavigate?.(1);
        break;
      case 'ArrowLeft':
        if (submenu) onClose('cancel');
        else onNavigate?.(-1);
        break;
      case 'Escape':
        onClose('cancel');
        break;
      case 'Tab':
        onClose('dismiss');
        return;
      default: {
        if (e.key.length !== 1 || e.ctrlKey || e.metaKey || e.altKey) return;
        const ch = e.key.toLowerCase();
        const pos = items.indexOf(focus);
        const order = [...items.slice(pos + 1), ...items.slice(0, pos + 1)];
        const hit = order.find((i) => (entries[i] as Item).label.toLowerCase().startsWith(ch));
        if (hit !== undefined) setFocus(hit);
        break;
      }
    }
    e.preventDefault();
  };

  const style = at ? { left: at.left + shift.x, top: at.top + shift.y } : { marginTop: shift.y };

  return (
    <div
      ref={root}
      role="menu"
      aria-label={label}
      className={submenu ? `menu submenu${shift.flip ? ' flip' : ''}` : 'menu'}
      style={style}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
    >
      {entries.map((entry, i) =>
        entry.type === 'separator' ? (
          <div key={`sep-${i}`} role="separator" className="menu-separator" />
        ) : (
          <div
            key={entry.key ?? entry.label}
            ref={(el) => {
              itemRefs.current[i] = el;
            }}
            role={
              entry.checked === undefined ? 'menuitem' : entry.toggle ? 'menuitemcheckbox' : 'menuitemradio'
            }
            aria-checked={entry.checked}
            aria-disabled={entry.disabled || undefined}
            aria-haspopup={entry.submenu ? 'menu' : undefined}
            aria-expanded={entry.submenu ? openSub === i : undefined}
            tabIndex={-1}
            title={entry.title}
            className={`menu-item${focus === i ? ' active' : ''}${entry.disabled ? ' disabled' : ''}`}
            onMouseEnter={() => {
              setFocus(i);
              setOpenSub(entry.submenu && !entry.disabled ? i : null);
            }}
            onClick={(e) => {
              // A click in a submenu must not also reach the item that holds it.
              e.stopPropagation();
              activate(i);
            }}
          >
            <span className="menu-check" aria-hidden="true">
              {entry.checked ? (entry.toggle ? '✓' : '●') : entry.icon}
            </span>
            <span className="menu-label">{entry.label}</span>
            {entry.submenu && (
              <span className="menu-arrow" aria-hidden="true">
                ▸
              </span>
            )}
            {entry.submenu && openSub === i && (
              <PopupMenu
                label={entry.label}
                entries={entry.submenu}
                submenu
                onClose={(reason) => {
                  setOpenSub(null);
                  if (reason !== 'cancel') onClose(reason);
                }}
              />
            )}
          </div>
        ),
      )}
    </div>
  );
}
