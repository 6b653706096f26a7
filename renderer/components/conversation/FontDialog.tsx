// Edit ▸ Font…: the Windows font dialog of the period, inside the conversation window. Face, style, size,
// effects and colour, with a sample; OK keeps the choice for this account (main remembers it).
import { useEffect, useRef, useState } from 'react';
import { FONT_COLORS, FONT_FACES, FONT_SIZES, type FontSettings } from '../../../app/conversation';
import { setFont } from '../../conversationActions';
import { useSession } from '../../stores/session';
import { textStyle } from './conversationText';

const STYLES = ['Regular', 'Italic', 'Bold', 'Bold Italic'] as const;
type StyleName = (typeof STYLES)[number];

const COLOR_NAMES: Record<string, string> = {
  '#000000': 'Black',
  '#800000': 'Maroon',
  '#008000': 'Green',
  '#808000': 'Olive',
  '#000080': 'Navy',
  '#800080': 'Purple',
  '#008080': 'Teal',
  '#808080': 'Gray',
  '#c0c0c0': 'Silver',
  '#ff0000': 'Red',
  '#00ff00': 'Lime',
  '#ffff00': 'Yellow',
  '#0000ff': 'Blue',
  '#ff00ff': 'Fuchsia',
  '#00ffff': 'Aqua',
  '#ffffff': 'White',
};

function styleName(f: FontSettings): StyleName {
  return f.bold ? (f.italic ? 'Bold Italic' : 'Bold') : f.italic ? 'Italic' : 'Regular';
}

export function FontDialog({ onClose }: { onClose: () => void }) {
  const current = useSession((s) => s.settings.font);
  const [font, setDraft] = useState<FontSettings>(current);
  const root = useRef<HTMLDivElement>(null);
  const change = (patch: Partial<FontSettings>) => setDraft((f) => ({ ...f, ...patch }));
  const faces = FONT_FACES.includes(font.font) ? FONT_FACES : [font.font, ...FONT_FACES];

  useEffect(() => {
    root.current?.querySelector<HTMLElement>('select')?.focus();
  }, []);

  const ok = () => {
    setFont(font);
    onClose();
  };

  return (
    <div className="modal-layer">
      <div
        ref={root}
        className="font-dialog dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Font"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onClose();
          } else if (e.key === 'Enter' && (e.target as HTMLElement).tagName !== 'BUTTON') {
            e.preventDefault();
            ok();
          }
        }}
      >
        <div className="title-bar" aria-hidden="true">
          <span className="title-text">Font</span>
        </div>
        <div className="font-grid">
          <label>
            Font:
            <select value={font.font} onChange={(e) => change({ font: e.target.value })}>
              {faces.map((f) => (
                <option key={f} value={f} style={{ fontFamily: `"${f}"` }}>
                  {f}
                </option>
              ))}
            </select>
          </label>
          <label>
            Font style:
            <select
              value={styleName(font)}
              onChange={(e) => {
                const v = e.target.value as StyleName;
                change({ bold: v.startsWith('Bold'), italic: v.endsWith('Italic') });
              }}
            >
              {STYLES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <label>
            Size:
            <select value={font.size} onChange={(e) => change({ size: Number(e.target.value) })}>
              {FONT_SIZES.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
        </div>
        <fieldset className="group">
          <legend>Effects</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={font.strikeout}
              onChange={(e) => change({ strikeout: e.target.checked })}
            />
            Strikeout
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={font.underline}
              onChange={(e) => change({ underline: e.target.checked })}
            />
            Underline
          </label>
          <span className="colors-label" aria-hidden="true">
            Color:
          </span>
          <div className="colors" role="radiogroup" aria-label="Color">
            {FONT_COLORS.map((c) => (
              <button
                key={c}
                type="button"
                role="radio"
                aria-checked={font.color === c}
                aria-label={COLOR_NAMES[c] ?? c}
                title={COLOR_NAMES[c] ?? c}
                className={`swatch${font.color === c ? ' chosen' : ''}`}
                style={{ background: c }}
                onClick={() => change({ color: c })}
              />
            ))}
          </div>
        </fieldset>
        <fieldset className="group">
          <legend>Sample</legend>
          <div className="font-sample" style={textStyle(font, font.size)}>
            AaBbYyZz
          </div>
        </fieldset>
        <p className="hint">
          Others see your font, style and colour; the size is only how text looks to you.
        </p>
        <div className="buttons">
          <button type="button" className="default" onClick={ok}>
            OK
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </div>
    </div>
  );
}
