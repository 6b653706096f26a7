// A small single-select listbox (the Privacy tab's allow and block lists): click or arrow keys to select.
import type { KeyboardEvent } from 'react';

export interface PickItem {
  key: string;
  label: string;
  title?: string;
}

interface Props {
  label: string;
  items: PickItem[];
  selected: string | null;
  onSelect: (key: string) => void;
  /** Double-click or Enter: the list's main action. */
  onActivate?: (key: string) => void;
}

export function PickList({ label, items, selected, onSelect, onActivate }: Props) {
  const idOf = (key: string) => `${label.replace(/\W+/g, '-')}-${encodeURIComponent(key)}`;

  const select = (key: string | undefined) => {
    if (key === undefined) return;
    onSelect(key);
    requestAnimationFrame(() => document.getElementById(idOf(key))?.scrollIntoView({ block: 'nearest' }));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = items.findIndex((i) => i.key === selected);
    if (e.key === 'ArrowDown') select(items[Math.min(items.length - 1, at + 1)]?.key);
    else if (e.key === 'ArrowUp') select(items[Math.max(0, at - 1)]?.key);
    else if (e.key === 'Home') select(items[0]?.key);
    else if (e.key === 'End') select(items[items.length - 1]?.key);
    else if (e.key === 'Enter' && selected && onActivate) onActivate(selected);
    else return;
    e.preventDefault();
  };

  return (
    <div
      role="listbox"
      aria-label={label}
      tabIndex={0}
      className="picklist"
      aria-activedescendant={selected ? idOf(selected) : undefined}
      onKeyDown={onKeyDown}
      onFocus={() => {
        if (!selected && items[0]) onSelect(items[0].key);
      }}
    >
      {items.map((item) => (
        <div
          key={item.key}
          id={idOf(item.key)}
          role="option"
          aria-selected={item.key === selected}
          className={item.key === selected ? 'selected' : undefined}
          title={item.title}
          onMouseDown={() => onSelect(item.key)}
          onDoubleClick={() => onActivate?.(item.key)}
        >
          {item.label}
        </div>
      ))}
    </div>
  );
}
