// The contact list: a virtualized listbox ("Contacts Currently Online (n)" and "Contacts Not Online (n)"
// groups, as 3.0 named them) that renders only the rows in view, with arrow keys, Home/End, PageUp/PageDown,
// Enter, a first letter, and the context menu key or Shift+F10. A Search box above it filters by name or
// address (Ctrl+F or "/" from the list).
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
} from 'react';
import { openConversation } from '../actions';
import { displayName } from '../status';
import { filteredSectionsSelector, noMatchSentence } from '../stores/contactFilter';
import { keyOf, selectSections, useContacts } from '../stores/contacts';
import { selectionAfterChange, setSelectedContact as setSelected, useUi } from '../stores/ui';
import { scrollToReveal, visibleRange } from '../virtualRange';
import { contactMenuEntries } from './contactMenu';
import { ContactRow, type RowHandlers } from './ContactRow';
import { PopupMenu } from './Menu';

export const ROW_HEIGHT = 18;
const OVERSCAN = 10;

const optionId = (email: string) => `contact-${encodeURIComponent(email)}`;

/**
 * Rows are keyed by slot (row index modulo a fixed pool), not by person: a row scrolling out hands its DOM
 * to the row scrolling in, so scrolling updates text instead of creating and destroying elements.
 */
const SLOT_POOL = 256;
const slotKey = (row: number, rendered: number) => row % Math.max(SLOT_POOL, rendered);

/** `stale`: the list as last seen while main reconnects; greyed, since nobody's presence can be trusted. */
export function ContactList({ stale = false }: { stale?: boolean }) {
  const [query, setQuery] = useState('');
  // One memo per list, so the same matches keep the same object and the list does not re-render.
  const selectFiltered = useMemo(() => filteredSectionsSelector(selectSections), []);
  const sections = useContacts((s) => selectFiltered(s, query));
  const viewport = useRef<HTMLDivElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);
  const selected = useUi((s) => s.selectedContact);
  const [menu, setMenu] = useState<{ email: string; left: number; top: number } | null>(null);

  const { online, offline } = sections;
  const order = useMemo(() => [...online, ...offline], [online, offline]);
  // Everyone on the list, search or not: someone the search hides has not left, so keeps the selection.
  const everyone = useContacts(selectSections);
  const fullOrder = useMemo(() => [...everyone.online, ...everyone.offline], [everyone]);
  const count = online.length + offline.length + 2;
  const rowOf = useCallback(
    (email: string) => {
      const i = online.indexOf(email);
      if (i >= 0) return i + 1;
      const j = offline.indexOf(email);
      return j >= 0 ? online.length + 2 + j : -1;
    },
    [online, offline],
  );

  useLayoutEffect(() => {
    const el = viewport.current;
    if (!el) return;
    setHeight(el.clientHeight);
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // A selected person who leaves the list (deleted) hands the selection to their neighbour: the next
  // person, or the previous one at the end. A menu open for someone who left closes.
  const lastOrder = useRef<string[]>(fullOrder);
  useEffect(() => {
    const before = lastOrder.current;
    lastOrder.current = fullOrder;
    setSelected((was) => selectionAfterChange(before, fullOrder, was));
  }, [fullOrder]);
  useEffect(() => {
    setMenu((m) => (m && !order.includes(keyOf(m.email)) ? null : m));
  }, [order]);

  const reveal = (email: string) => {
    const el = viewport.current;
    const row = rowOf(email);
    if (!el || row < 0) return;
    const top = scrollToReveal(row, el.scrollTop, el.clientHeight, ROW_HEIGHT);
    if (top !== el.scrollTop) {
      el.scrollTop = top;
      setScrollTop(top);
    }
  };

  const choose = (email: string | undefined) => {
    if (email === undefined) return;
    setSelected(email);
    reveal(email);
  };

  const openMenuFor = (email: string) => {
    const row = document.getElementById(optionId(email))?.getBoundingClientRect();
    const box = viewport.current?.getBoundingClientRect();
    if (row) setMenu({ email, left: row.left + 24, top: row.bottom });
    else if (box) setMenu({ email, left: box.left + 24, top: box.top + 24 });
  };

  // Stable handlers, so memoized rows re-render only for their own changes.
  const handlers = useMemo<RowHandlers>(
    () => ({
      select: (email) => setSelected(email),
      open: (email) => void openConversation([email]),
      menu: (email, at) => setMenu({ email, ...at }),
    }),
    [],
  );

  const changeQuery = (text: string) => {
    setQuery(text);
    // A new set of rows starts at the top.
    const el = viewport.current;
    if (el && el.scrollTop !== 0) {
      el.scrollTop = 0;
      setScrollTop(0);
    }
  };

  const onSearchKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape') {
      // First Escape clears the search; with nothing typed it goes back to the list.
      if (query) changeQuery('');
      else viewport.current?.focus();
    } else if (e.key === 'ArrowDown' || (e.key === 'Enter' && query)) {
      if (order.length === 0) return;
      setSelected(order[0]!);
      viewport.current?.focus();
      reveal(order[0]!);
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = selected ? order.indexOf(selected) : -1;
    const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
    if ((e.key === 'f' && (e.ctrlKey || e.metaKey) && !e.altKey) || e.key === '/') {
      search.current?.focus();
      search.current?.select();
      e.preventDefault();
      e.stopPropagation();
      return;
    }
    switch (e.key) {
      case 'Escape':
        if (!query) return;
        changeQuery('');
        break;
      case 'ArrowDown':
        choose(order[Math.min(order.length - 1, at + 1)]);
        break;
      case 'ArrowUp':
        choose(order[at < 0 ? 0 : Math.max(0, at - 1)]);
        break;
      case 'PageDown':
        choose(order[Math.min(order.length - 1, Math.max(0, at) + page)]);
        break;
      case 'PageUp':
        choose(order[Math.max(0, at - page)]);
        break;
      case 'Home':
        choose(order[0]);
        break;
      case 'End':
        choose(order[order.length - 1]);
        break;
      case 'Enter':
        if (selected) void openConversation([selected]);
        break;
      case 'ContextMenu':
        if (selected) openMenuFor(selected);
        break;
      case 'F10':
        if (!e.shiftKey) return;
        if (selected) openMenuFor(selected);
        break;
      default: {
        if (e.key.length !== 1 || e.ctrlKey || e.metaKey || e.altKey) return;
        const byEmail = useContacts.getState().byEmail;
        const ch = e.key.toLowerCase();
        const rotated = [...order.slice(at + 1), ...order.slice(0, at + 1)];
        choose(rotated.find((k) => (byEmail[k]?.nickname || k).toLowerCase().startsWith(ch)));
        break;
      }
    }
    e.preventDefault();
    e.stopPropagation();
  };

  const { first, last } = visibleRange({
    scrollTop,
    viewportHeight: height,
    rowHeight: ROW_HEIGHT,
    count,
    overscan: OVERSCAN,
  });
  const rows = (list: string[], offset: number) => {
    const from = Math.max(0, first - offset);
    const to = Math.min(list.length - 1, last - offset);
    const row = (i: number, key: string | number) => {
      const email = list[i]!;
      return (
        <ContactRow
          key={key}
          id={optionId(email)}
          email={email}
          top={(offset + i) * ROW_HEIGHT}
          selected={email === selected}
          posInSet={i + 1}
          setSize={list.length}
          handlers={handlers}
        />
      );
    };
    const out = [];
    for (let i = from; i <= to; i += 1) out.push(row(i, slotKey(offset + i, last - first + 1)));
    // The selected row stays rendered when scrolled far away, so aria-activedescendant names an element.
    const at = selected ? list.indexOf(selected) : -1;
    if (at >= 0 && (at < from || at > to)) out.push(row(at, 'selected'));
    return out;
  };

  const menuContact = menu ? useContacts.getState().byEmail[keyOf(menu.email)] : undefined;
  const noMatch = noMatchSentence(query, sections);
  return (
    <div className="list-frame">
      <div className="list-search">
        <input
          ref={search}
          type="search"
          aria-label="Search contacts"
          aria-controls="contact-listbox"
          placeholder="Search"
          value={query}
          maxLength={200}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => changeQuery(e.target.value)}
          onKeyDown={onSearchKeyDown}
        />
      </div>
      <div
        ref={viewport}
        id="contact-listbox"
        className={`list-viewport${stale ? ' stale' : ''}`}
        role="listbox"
        aria-label="Contacts"
        aria-disabled={stale || undefined}
        tabIndex={0}
        aria-activedescendant={selected ? optionId(selected) : undefined}
        onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
        onKeyDown={onKeyDown}
        onFocus={() => {
          // Functional: a click's mousedown has already chosen a row by the time focus arrives.
          setSelected((was) => was ?? order[0] ?? null);
        }}
      >
        <div className="list-spacer" style={{ height: count * ROW_HEIGHT }}>
          <div role="group" aria-labelledby="section-online">
            <div id="section-online" className="row section" style={{ top: 0 }} role="presentation">
              Contacts Currently Online ({online.length})
            </div>
            {rows(online, 1)}
          </div>
          <div role="group" aria-labelledby="section-offline">
            <div
              id="section-offline"
              className="row section"
              style={{ top: (online.length + 1) * ROW_HEIGHT }}
              role="presentation"
            >
              Contacts Not Online ({offline.length})
            </div>
            {rows(offline, online.length + 2)}
          </div>
        </div>
      </div>
      {noMatch ? (
        <p className="list-empty" role="status">
          {noMatch}
        </p>
      ) : (
        order.length === 0 &&
        !query.trim() && (
          <p className="list-empty">No one is on your list yet. Choose Add a Contact… from the File menu.</p>
        )
      )}
      {menu && menuContact && (
        <PopupMenu
          label={displayName(menuContact)}
          at={{ left: menu.left, top: menu.top }}
          entries={contactMenuEntries(menuContact)}
          onClose={(reason) => {
            setMenu(null);
            if (reason !== 'dismiss') viewport.current?.focus();
          }}
        />
      )}
    </div>
  );
}
