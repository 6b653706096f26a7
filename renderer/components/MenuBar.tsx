// The window's menu bar (role=menubar): Left/Right move between menus, Down/Enter opens one, Alt+letter
// and F10 reach it from anywhere in the window.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { PopupMenu, type CloseReason, type MenuEntry } from './Menu';

export interface MenuBarMenu {
  label: string;
  entries: MenuEntry[];
}

/**
 * Several windows share one page in browser mode, each with its menu bar: the keys go to the bar of the
 * window holding the focus, or to the main window's when nothing is focused.
 */
function ownsKeyboard(bar: HTMLElement | null): boolean {
  const root = bar?.closest('[data-window-root]');
  if (!root) return true;
  const active = document.activeElement;
  const inAWindow = active && active !== document.body ? active.closest('[data-window-root]') : null;
  return inAWindow ? inAWindow === root : root.getAttribute('data-window-root') === 'main';
}

export function MenuBar({ menus }: { menus: MenuBarMenu[] }) {
  const bar = useRef<HTMLDivElement>(null);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);
  const [current, setCurrent] = useState(0);
  const [open, setOpen] = useState<{ index: number; left: number; top: number } | null>(null);

  const openAt = useCallback((index: number) => {
    const button = buttons.current[index];
    if (!button) return;
    const r = button.getBoundingClientRect();
    setCurrent(index);
    setOpen({ index, left: r.left, top: r.bottom });
  }, []);

  const openIndex = useRef<number | null>(null);
  useEffect(() => {
    openIndex.current = open?.index ?? null;
  }, [open]);

  const close = useCallback((reason: CloseReason) => {
    const was = openIndex.current;
    setOpen(null);
    if (was !== null && reason !== 'dismiss') buttons.current[was]?.focus();
  }, []);

  // Alt+F opens File and so on; F10 focuses the bar, as in Windows.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (!ownsKeyboard(bar.current)) return;
      if (e.key === 'F10' && !e.shiftKey) {
        e.preventDefault();
        buttons.current[0]?.focus();
        setCurrent(0);
        return;
      }
      if (!e.altKey || e.ctrlKey || e.metaKey || e.key.length !== 1) return;
      const index = menus.findIndex((m) => m.label[0]?.toLowerCase() === e.key.toLowerCase());
      if (index < 0) return;
      e.preventDefault();
      openAt(index);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [menus, openAt]);

  const step = (from: number, direction: -1 | 1) => (from + direction + menus.length) % menus.length;

  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    switch (e.key) {
      case 'ArrowRight':
      case 'ArrowLeft': {
        const next = step(index, e.key === 'ArrowRight' ? 1 : -1);
        setCurrent(next);
        buttons.current[next]?.focus();
        break;
      }
      case 'ArrowDown':
      case 'Enter':
      case ' ':
        openAt(index);
        break;
      case 'Home':
        setCurrent(0);
        buttons.current[0]?.focus();
        break;
      case 'End':
        setCurrent(menus.length - 1);
        buttons.current[menus.length - 1]?.focus();
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const menu = open ? menus[open.index] : undefined;
  return (
    <div ref={bar} role="menubar" aria-label="Menu bar" className="menubar">
      {menus.map((m, i) => (
        <button
          key={m.label}
          ref={(el) => {
            buttons.current[i] = el;
          }}
          type="button"
          role="menuitem"
          aria-haspopup="menu"
          aria-expanded={open?.index === i}
          tabIndex={current === i ? 0 : -1}
          className={`menubar-item${open?.index === i ? ' open' : ''}`}
          onClick={() => (open?.index === i ? close('cancel') : openAt(i))}
          onMouseEnter={() => {
            if (open && open.index !== i) openAt(i);
          }}
          onKeyDown={(e) => onKeyDown(e, i)}
        >
          <u>{m.label[0]}</u>
          {m.label.slice(1)}
        </button>
      ))}
      {open && menu && (
        <PopupMenu
          key={open.index}
          label={menu.label}
          entries={menu.entries}
          at={{ left: open.left, top: open.top }}
          boundary={bar}
          onClose={close}
          onNavigate={(direction) => openAt(step(open.index, direction))}
        />
      )}
    </div>
  );
}
