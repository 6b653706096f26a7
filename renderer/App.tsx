// A placeholder contact-list window in the spirit of Messenger 3.0: signed out, one way to sign in.
import { useState } from 'react';
import { bridge } from './bridge';

export function App() {
  const [asked, setAsked] = useState(false);
  return (
    <div className="window">
      <header className="banner">
        <ButterflyMark />
        <h1>Butterfly</h1>
      </header>
      <main className="signed-out">
        <p>You are not signed in.</p>
        <button type="button" className="link" onClick={() => setAsked(true)}>
          Click here to sign in
        </button>
        {/* Always rendered, so screen readers announce the text when it appears. */}
        <p role="status">{asked ? 'Signing in arrives in a later version of Butterfly.' : ''}</p>
      </main>
      <footer className="status-bar">
        {bridge ? `Version ${bridge.version}` : 'Not running in the desktop app'}
      </footer>
    </div>
  );
}

function ButterflyMark() {
  return (
    <svg className="mark" viewBox="0 0 64 64" width="32" height="32" aria-hidden="true">
      <path d="M31 30C26 16 12 8 6 14c-5 6 3 16 25 18z" fill="#2f6fd6" />
      <path d="M33 30C38 16 52 8 58 14c5 6-3 16-25 18z" fill="#2f6fd6" />
      <path d="M31 34C22 36 12 44 16 52c4 6 12-2 15-16z" fill="#41a447" />
      <path d="M33 34c9 2 19 10 15 18-4 6-12-2-15-16z" fill="#41a447" />
      <rect x="30" y="22" width="4" height="28" rx="2" fill="#333" />
    </svg>
  );
}
