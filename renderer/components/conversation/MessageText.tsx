// Message text as a person reads it: plain text (never HTML), http(s) links that open in the web
// browser on a click, and emoticons drawn as pictures whose alt text is the shortcut as typed.
import { Fragment, memo, useMemo, type MouseEvent } from 'react';
import { tokenizeMessage } from '../../../app/messageTokens';
import { openExternal } from '../../actions';
import { emoticonUrl } from '../../assets';

function openLink(e: MouseEvent<HTMLAnchorElement>, href: string): void {
  // The page itself never navigates: the address opens in the web browser (browser mode: a new tab).
  e.preventDefault();
  openExternal(href);
}

export const MessageText = memo(function MessageText({
  text,
  emoticons,
}: {
  text: string;
  emoticons: boolean;
}) {
  const tokens = useMemo(() => tokenizeMessage(text, { emoticons }), [text, emoticons]);
  return (
    <>
      {tokens.map((t, i) => {
        if (t.type === 'text') return <Fragment key={i}>{t.text}</Fragment>;
        if (t.type === 'link')
          return (
            <a key={i} href={t.href} rel="noopener noreferrer" onClick={(e) => openLink(e, t.href)}>
              {t.text}
            </a>
          );
        const url = emoticonUrl(t.id);
        if (!url) return <Fragment key={i}>{t.text}</Fragment>;
        return (
          <img
            key={i}
            className="emoticon"
            src={url}
            alt={t.text}
            title={`${t.label} ${t.text}`}
            width={19}
            height={19}
          />
        );
      })}
    </>
  );
});
