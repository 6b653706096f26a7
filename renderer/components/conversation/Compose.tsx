// The compose box: Enter (or Ctrl+Enter) sends, Shift+Enter breaks the line; typing notices go out at
// most every 5 seconds; the emoticon button inserts a shortcut at the caret. Its text is local state,
// so typing re-renders this box and nothing else, however long the history is.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { MAX_MESSAGE_CHARS, type FontSettings } from '../../../app/conversation';
import { EMOTICONS } from '../../../app/emoticons';
import { sendMessage, typing, typingDone } from '../../conversationActions';
import { emoticonUrl } from '../../assets';
import { useSession } from '../../stores/session';
import { textStyle } from './conversationText';

function styleOf(font: FontSettings) {
  const { font: face, bold, italic, underline, strikeout, color } = font;
  return { font: face, bold, italic, underline, strikeout, color };
}

export function Compose({ id, disabled, autoFocus }: { id: string; disabled: string; autoFocus: boolean }) {
  const [text, setText] = useState('');
  const [picker, setPicker] = useState(false);
  const font = useSession((s) => s.settings.font);
  const area = useRef<HTMLTextAreaElement>(null);

  const send = () => {
    if (text.trim() === '' || disabled) return;
    sendMessage(id, text, styleOf(font));
    typingDone(id);
    setText('');
    area.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key !== 'Enter' || e.shiftKey || e.altKey || e.nativeEvent.isComposing) return;
    e.preventDefault();
    send();
  };

  const insert = (shortcut: string) => {
    const el = area.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    const next = `${text.slice(0, start)}${shortcut}${text.slice(end)}`.slice(0, MAX_MESSAGE_CHARS);
    setText(next);
    setPicker(false);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + shortcut.length, start + shortcut.length);
    });
  };

  return (
    <div className="compose">
      <div className="compose-tools">
        <button
          type="button"
          className="tool-button"
          aria-label="Emoticons"
          title="Emoticons"
          aria-haspopup="dialog"
          aria-expanded={picker}
          onClick={() => setPicker((p) => !p)}
        >
          <img src={emoticonUrl('smile')} alt="" width={19} height={19} />
        </button>
        {picker && <EmoticonPicker onPick={insert} onClose={() => setPicker(false)} />}
      </div>
      <textarea
        ref={area}
        className="compose-text"
        aria-label="Type your message"
        data-autofocus=""
        autoFocus={autoFocus}
        maxLength={MAX_MESSAGE_CHARS}
        readOnly={!!disabled}
        placeholder={disabled || undefined}
        value={text}
        style={textStyle(styleOf(font), font.size)}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value.trim() !== '') typing(id);
        }}
        onKeyDown={onKeyDown}
      />
      <button
        type="button"
        className="send default"
        onClick={send}
        disabled={text.trim() === '' || !!disabled}
        title={disabled || undefined}
      >
        Send
      </button>
    </div>
  );
}

function EmoticonPicker({ onPick, onClose }: { onPick: (shortcut: string) => void; onClose: () => void }) {
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    root.current?.querySelector('button')?.focus();
    const onDown = (e: MouseEvent) => {
      const t = e.target as Node;
      if (!root.current?.contains(t) && !(t instanceof Element && t.closest('[aria-label="Emoticons"]')))
        onClose();
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [onClose]);
  return (
    <div
      ref={root}
      className="emoticon-picker"
      role="dialog"
      aria-label="Choose an emoticon"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onClose();
        }
      }}
    >
      {EMOTICONS.map((e) => (
        <button
          key={e.id}
          type="button"
          className="emoticon-choice"
          title={`${e.label} ${e.shortcuts[0]}`}
          aria-label={`${e.label} ${e.shortcuts[0]}`}
          onClick={() => onPick(e.shortcuts[0]!)}
        >
          <img src={emoticonUrl(e.id)} alt="" width={19} height={19} />
        </button>
      ))}
    </div>
  );
}
