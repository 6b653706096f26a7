import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { hashToRoute } from '../app/routes';
import { App } from './App';
// With its extension: the lint rule that keeps Node's 'events' module out of the renderer matches './events'.
import { startEvents } from './events.ts';
import './styles/base.css';
import './styles/list.css';
import './styles/windows.css';
import './styles/conversation.css';
import './styles/findMember.css';
import './styles/pages.css';
import './styles/inspector.css';
import './styles/help.css';

const root = document.getElementById('root');
if (!root) throw new Error('renderer/index.html has no #root element.');

// A window is one route for its whole life; an unknown hash falls back to the contact list.
const route = hashToRoute(window.location.hash) ?? { kind: 'contactList' };
startEvents({ playsSounds: route.kind === 'contactList' });

createRoot(root).render(
  <StrictMode>
    <App route={route} />
  </StrictMode>,
);
