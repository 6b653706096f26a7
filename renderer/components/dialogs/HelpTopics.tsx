// Help ▸ Help Topics (or F1): a short local help page in our own words, one section a topic. The contents
// are buttons that move focus to their section, and the text scrolls with the keyboard.
import { useId, useRef, type ReactNode } from 'react';
import { useCloseWindow } from '../windowContext';

interface Topic {
  title: string;
  body: ReactNode;
}

const TOPICS: readonly Topic[] = [
  {
    title: 'Signing in',
    body: (
      <>
        <p>
          Choose a server, type your e-mail address and password, and click Sign In.{' '}
          <b>Local sandbox (built in)</b> is a test server inside Butterfly with a demo account, so you can
          try everything without an account anywhere.
        </p>
        <p>
          Choose your status before you sign in, or later from File ▸ My Status or the line with your name.
          File ▸ Sign Out ends the session; if the connection drops on its own, Butterfly signs in again by
          itself.
        </p>
      </>
    ),
  },
  {
    title: 'Adding contacts',
    body: (
      <p>
        File ▸ Add a Contact… adds someone by e-mail address. If you do not know the address, Tools ▸ Search
        for a Contact… looks for a member by name; the directory does not give out addresses, so you send that
        person an invitation instead. To remove someone, select them and choose File ▸ Delete Contact.
      </p>
    ),
  },
  {
    title: 'Conversations',
    body: (
      <p>
        Double-click someone who is online, or choose File ▸ Send an Instant Message. Enter sends, Shift+Enter
        starts a new line and Esc closes the window. Invite ▸ To Join This Conversation brings someone else
        in. You can only send instant messages to people who are online; for anyone else, use File ▸ Send
        Mail.
      </p>
    ),
  },
  {
    title: 'Files',
    body: (
      <p>
        File ▸ Send a File to offers a file to someone online; in a conversation, use Send a File or drop the
        file on the window. When someone offers you a file, choose Accept (Alt+C) or Decline (Alt+D). Accept
        only files you expected: a program can harm your computer. File ▸ Open Received Files shows the files
        you have received; Tools ▸ Options ▸ Messages chooses where they are saved.
      </p>
    ),
  },
  {
    title: 'Privacy',
    body: (
      <p>
        Appear Offline (in My Status) hides you from everyone while you stay signed in. Block someone from
        their menu in the list, and they cannot see you or reach you. Tools ▸ Options ▸ Privacy holds your
        allow and block lists, what everyone else may do, and whether to be told when someone adds you. Never
        give out your password or credit card number in a conversation.
      </p>
    ),
  },
  {
    title: 'Pages',
    body: (
      <p>
        A page is a short message (up to 110 characters) to the mobile device of a contact who accepts pages;
        a small device beside their name shows who does. Choose Tools ▸ Send a Page… and, if you like, one of
        your numbers to call back. Give your own numbers, and whether people may page you, in Tools ▸ Options
        ▸ Phone. Tools ▸ Pages Received… lists the pages sent to you.
      </p>
    ),
  },
];

export function HelpTopics() {
  const close = useCloseWindow();
  const id = useId();
  const sections = useRef<(HTMLElement | null)[]>([]);
  const show = (index: number) => {
    const section = sections.current[index];
    section?.scrollIntoView({ block: 'start' });
    section?.focus({ preventScroll: true });
  };
  return (
    <div className="dialog help">
      <nav aria-label="Help topics" className="help-contents">
        <ul>
          {TOPICS.map((t, i) => (
            <li key={t.title}>
              <button type="button" className="link" onClick={() => show(i)} autoFocus={i === 0}>
                {t.title}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="help-text" role="document" tabIndex={0} aria-label="Help text">
        {TOPICS.map((t, i) => (
          <section
            key={t.title}
            ref={(el) => {
              sections.current[i] = el;
            }}
            tabIndex={-1}
            aria-labelledby={`${id}-${i}`}
          >
            <h3 id={`${id}-${i}`}>{t.title}</h3>
            {t.body}
          </section>
        ))}
      </div>
      <div className="buttons">
        <button type="button" onClick={close}>
          Close
        </button>
      </div>
    </div>
  );
}
