// What each window route draws, and its title (the desktop window's title, or the inline window's).
import type { DialogKind, WindowRoute } from '../../app/contract';
import { DIALOG_TITLES, INSPECTOR_TITLE } from '../../app/routes';
import { displayName } from '../status';
import { keyOf, useContacts } from '../stores/contacts';
import { useUi } from '../stores/ui';
import { Conversation, useMemberNames } from './Conversation';
import { AddContact } from './dialogs/AddContact';
import { Added } from './dialogs/Added';
import { Options } from './dialogs/Options';
import { About, Verify } from './dialogs/SmallDialogs';
import { FindMember, Invite } from './dialogs/FindMember';
import { Pages, SendPage } from './dialogs/PageDialogs';
import { Properties } from './dialogs/Properties';
import { HelpTopics } from './dialogs/HelpTopics';
import { ReceivedFiles } from './dialogs/ReceivedFiles';
import { SendMessage } from './dialogs/SendMessage';
import { MainWindow } from './MainWindow';
import { Toast } from './Toast';
import { Inspector } from './inspector/Inspector';

export function useRouteTitle(route: WindowRoute): string {
  const id = route.kind === 'conversation' ? route.id : '';
  const names = useMemberNames(id);
  const email = route.kind === 'dialog' ? route.email : undefined;
  const nickname = useContacts((s) => (email ? s.byEmail[keyOf(email)]?.nickname : undefined));
  const name = email ? displayName({ email, nickname: nickname ?? '' }) : undefined;
  switch (route.kind) {
    case 'contactList':
    case 'toast':
      return 'Butterfly';
    case 'inspector':
      return INSPECTOR_TITLE;
    case 'conversation':
      return names ? `${names} - Instant Message` : 'Instant Message';
    case 'dialog':
      if (route.dialog === 'added' && email) return `${email} Added You`;
      return name && (route.dialog === 'properties' || route.dialog === 'page' || route.dialog === 'invite')
        ? `${DIALOG_TITLES[route.dialog]} - ${name}`
        : DIALOG_TITLES[route.dialog];
  }
}

export function RouteView({ route }: { route: WindowRoute }) {
  switch (route.kind) {
    case 'contactList':
      return <MainWindow />;
    case 'conversation':
      return <Conversation id={route.id} />;
    case 'toast':
      return <ToastRoute id={route.id} />;
    case 'dialog':
      return <DialogView dialog={route.dialog} email={route.email} />;
    case 'inspector':
      return <Inspector />;
  }
}

function ToastRoute({ id }: { id: string }) {
  const toast = useUi((s) => s.toasts.find((t) => t.id === id));
  return toast ? <Toast toast={toast} /> : null;
}

function DialogView({ dialog, email }: { dialog: DialogKind; email: string | undefined }) {
  switch (dialog) {
    case 'options':
      return <Options />;
    case 'addContact':
      return <AddContact />;
    case 'about':
      return <About />;
    case 'verify':
      return <Verify />;
    case 'added':
      return email ? <Added email={email} /> : <Missing />;
    case 'properties':
      return email ? <Properties email={email} /> : <Missing />;
    case 'page':
      return <SendPage email={email} />;
    case 'pages':
      return <Pages />;
    case 'findMember':
      return <FindMember />;
    case 'invite':
      return <Invite email={email} />;
    case 'sendMessage':
      return <SendMessage />;
    case 'help':
      return <HelpTopics />;
    case 'receivedFiles':
      return <ReceivedFiles />;
  }
}

function Missing() {
  return <p className="dialog">This window needs a contact, and none was given.</p>;
}
