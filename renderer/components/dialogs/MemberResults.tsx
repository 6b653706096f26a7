// The directory's answer: a list you can walk with the keyboard (name, city, state and country of each
// person found) and the screen around it. Every field comes from the wire: shown through displayText.
import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import type { MemberResult, MemberSearch } from '../../../app/services';
import { displayText } from '../../../app/displayText';

/** A short list, by ISO code; the directory takes any two letters. */
export const COUNTRIES: readonly { code: string; name: string }[] = [
  { code: '', name: 'Any country' },
  { code: 'AU', name: 'Australia' },
  { code: 'BR', name: 'Brazil' },
  { code: 'CA', name: 'Canada' },
  { code: 'FR', name: 'France' },
  { code: 'DE', name: 'Germany' },
  { code: 'IE', name: 'Ireland' },
  { code: 'IT', name: 'Italy' },
  { code: 'JP', name: 'Japan' },
  { code: 'MX', name: 'Mexico' },
  { code: 'NL', name: 'Netherlands' },
  { code: 'ES', name: 'Spain' },
  { code: 'SE', name: 'Sweden' },
  { code: 'GB', name: 'United Kingdom' },
  { code: 'US', name: 'United States' },
];

/** A country's name when the list has it, else the code as the directory sent it. */
export function countryName(code: string): string {
  const upper = code.toUpperCase();
  return (upper && COUNTRIES.find((c) => c.code === upper)?.name) || displayText(code);
}

/** "Stillwater, OK, United States", leaving out what the directory left empty. */
export function placeOf(r: MemberResult): string {
  return [displayText(r.city), displayText(r.state), r.country ? countryName(r.country) : '']
    .filter((p) => p !== '')
    .join(', ');
}

export function nameOf(r: MemberResult): string {
  return displayText(`${r.firstName} ${r.lastName}`);
}

interface Props {
  results: MemberResult[];
  selected: number | null;
  onSelect: (index: number) => void;
  /** Double-click or Enter: invite that person. */
  onActivate: (index: number) => void;
}

export function ResultList({ results, selected, onSelect, onActivate }: Props) {
  const prefix = useId();
  const idOf = (index: number) => `${prefix}-result-${index}`;
  const list = useRef<HTMLDivElement>(null);
  // Arriving at the results puts you in the list, the first person chosen, ready for the arrow keys.
  useEffect(() => list.current?.focus(), []);

  const select = (r: MemberResult | undefined) => {
    if (!r) return;
    onSelect(r.index);
    requestAnimationFrame(() => document.getElementById(idOf(r.index))?.scrollIntoView({ block: 'nearest' }));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = results.findIndex((r) => r.index === selected);
    if (e.key === 'ArrowDown') select(results[Math.min(results.length - 1, at + 1)]);
    else if (e.key === 'ArrowUp') select(results[Math.max(0, at - 1)]);
    else if (e.key === 'Home') select(results[0]);
    else if (e.key === 'End') select(results.at(-1));
    else if (e.key === 'Enter' && selected !== null) onActivate(selected);
    else return;
    e.preventDefault();
  };

  return (
    <div className="member-results">
      {/* The column titles are for the eye; each option is named in full for a screen reader. */}
      <div className="member-row member-head" aria-hidden="true">
        <span>Name</span>
        <span>City</span>
        <span>State</span>
        <span>Country</span>
      </div>
      <div
        role="listbox"
        aria-label="People found"
        ref={list}
        tabIndex={0}
        className="member-list"
        aria-activedescendant={selected !== null ? idOf(selected) : undefined}
        onKeyDown={onKeyDown}
        onFocus={() => {
          if (selected === null && results[0]) onSelect(results[0].index);
        }}
      >
        {results.map((r) => {
          // The directory gives no address: the name and place in full, for a cut column.
          const whole = [nameOf(r), placeOf(r)].filter((p) => p !== '').join(', ');
          return (
            <div
              key={r.index}
              id={idOf(r.index)}
              role="option"
              aria-selected={r.index === selected}
              aria-label={whole}
              title={whole}
              className={`member-row${r.index === selected ? ' selected' : ''}`}
              onMouseDown={() => onSelect(r.index)}
              onDoubleClick={() => onActivate(r.index)}
            >
              <span>{nameOf(r)}</span>
              <span>{displayText(r.city)}</span>
              <span>{displayText(r.state)}</span>
              <span>{r.country ? countryName(r.country) : ''}</span>
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** The people found (or the sentence that no one was), with Invite for the one chosen. */
export function ResultsScreen({
  search,
  selected,
  onSelect,
  onInvite,
  onBack,
  onClose,
}: {
  search: MemberSearch;
  selected: number | null;
  onSelect: (index: number) => void;
  onInvite: (index: number | null) => void;
  onBack: () => void;
  onClose: () => void;
}) {
  const count = search.results.length;
  if (count === 0)
    return (
      <div className="dialog find-results">
        <p role="status">No one in the directory matches that search.</p>
        <p className="hint">Check the spelling, or leave out the city, state or country.</p>
        <div className="buttons">
          <button type="button" className="default" onClick={onBack} autoFocus>
            &lt; Back
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    );
  const found = count === 1 ? '1 person found.' : `${count} people found.`;
  return (
    <div className="dialog find-results">
      <p role="status">
        {search.total > count ? `${search.total} people found; showing the first ${count}.` : found}
      </p>
      <ResultList results={search.results} selected={selected} onSelect={onSelect} onActivate={onInvite} />
      <p className="hint">
        The directory does not show e-mail addresses. Choose a person and press Invite to send them an
        invitation by e-mail.
      </p>
      <div className="buttons">
        <button type="button" onClick={onBack}>
          &lt; Back
        </button>
        <button
          type="button"
          className="default"
          disabled={selected === null}
          onClick={() => onInvite(selected)}
        >
          Invite…
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
