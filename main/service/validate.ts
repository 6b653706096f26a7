// Argument checks for every call that crosses from a window into main (IPC or WebSocket). A window is
// treated like the network: anything that is not exactly the contract's shape is refused with one sentence.
import { isAbsolute } from 'node:path';
import {
  CHOOSABLE_STATUSES,
  IDLE_MINUTES_RANGE,
  KEEP_ALIVE_RANGE,
  STORED_FLAGS,
  METHOD_NAMES,
  type DialogKind,
  type MethodArgs,
  type MethodName,
  type ProxyPatch,
  type SettingsPatch,
  type WindowRoute,
} from '../../app/contract';
import { MAX_LINES_PER_PAGE, MAX_MESSAGE_CHARS, type FileSource } from '../../app/conversation';
import { DIALOG_KINDS } from '../../app/routes';
import { readFont, readStyle } from './fonts';
import { checkProxy, checkProxyPassword } from './proxySettings';
import { readIdleMinutes, readKeepAlive } from './settingsStore';
import { SERVICE_CHECKERS } from './validateServices';
import { INSPECTOR_CHECKERS } from './inspector/validateInspector';
import {
  bool,
  count,
  email,
  fail,
  id,
  InvalidCallError,
  isRecord,
  none,
  one,
  onlyKeys,
  text,
} from './checks';
import { ONLY_WEB_LINKS, webUrl } from './webUrl';

export { InvalidCallError };

function protocols(v: unknown): string[] {
  if (!Array.isArray(v) || v.length > 8) fail('The protocol list must be a short list.');
  return v.map((p) => {
    if (typeof p !== 'string' || !/^MSNP\d{1,2}$/.test(p)) fail('Protocol versions look like MSNP5.');
    return p;
  });
}

/** Options ▸ Connection: the proxy, and its password when one was typed. */
function proxyPatch(v: unknown): ProxyPatch {
  if (!isRecord(v)) fail('The proxy setting is missing.');
  onlyKeys(v, ['type', 'host', 'port', 'user', 'password'], 'The proxy setting');
  const proxy = checkProxy(v);
  if (typeof proxy === 'string') fail(proxy);
  if (v['password'] === undefined) return proxy;
  const password = checkProxyPassword(v['password']);
  if (typeof password !== 'string') fail(password.error);
  return { ...proxy, password };
}

function route(v: unknown): WindowRoute {
  if (!isRecord(v)) fail('The window to open is missing.');
  switch (v['kind']) {
    case 'contactList':
    case 'inspector':
      onlyKeys(v, ['kind'], 'The window');
      return { kind: v['kind'] };
    case 'conversation':
    case 'toast':
      onlyKeys(v, ['kind', 'id'], 'The window');
      return { kind: v['kind'], id: id(v['id'], 'The window') };
    case 'dialog': {
      onlyKeys(v, ['kind', 'dialog', 'email'], 'The window');
      const dialog = v['dialog'];
      if (typeof dialog !== 'string' || !(DIALOG_KINDS as readonly string[]).includes(dialog))
        fail('There is no such dialog.');
      return v['email'] === undefined
        ? { kind: 'dialog', dialog: dialog as DialogKind }
        : { kind: 'dialog', dialog: dialog as DialogKind, email: email(v['email']) };
    }
    default:
      return fail('There is no such window.');
  }
}

type Checkers = { [M in MethodName]: (args: unknown[]) => MethodArgs<M> };

const conversationId = (v: unknown) => id(v, 'The conversation');
const invitationId = (v: unknown) => id(v, 'The invitation');

function fileSource(v: unknown): FileSource {
  if (!isRecord(v)) fail('The file to send is missing.');
  switch (v['kind']) {
    case 'choose':
      onlyKeys(v, ['kind'], 'The file to send');
      return { kind: 'choose' };
    case 'upload':
      onlyKeys(v, ['kind', 'uploadId'], 'The file to send');
      return { kind: 'upload', uploadId: id(v['uploadId'], 'The upload') };
    case 'path': {
      onlyKeys(v, ['kind', 'path'], 'The file to send');
      const path = text(v['path'], 'The file', 4096);
      if (path === '' || path.includes('\0')) fail('That is not a file.');
      return { kind: 'path', path };
    }
    default:
      return fail('That is not a file Butterfly can send.');
  }
}

const CHECKERS: Checkers = {
  getSnapshot: none,
  cancelSignIn: none,
  signOut: none,
  openInbox: none,
  signIn: one((v) => {
    if (!isRecord(v)) fail('The sign-in details are missing.');
    onlyKeys(v, ['email', 'password', 'server', 'protocols', 'status', 'remember'], 'The sign-in request');
    const status = v['status'];
    if (!CHOOSABLE_STATUSES.includes(status as never)) fail('That is not a status you can sign in with.');
    return {
      email: email(v['email']),
      password: text(v['password'], 'The password', 256),
      server: text(v['server'], 'The server', 300).trim(),
      protocols: protocols(v['protocols']),
      status: status as (typeof CHOOSABLE_STATUSES)[number],
      remember: bool(v['remember'], 'Remember me'),
    };
  }),
  forgetPassword: one(email),
  updateSettings: one((v) => {
    if (!isRecord(v)) fail('The settings are missing.');
    const flags = [
      'sounds',
      'toasts',
      'messageToasts',
      'emoticons',
      'askWhereToSave',
      'messageLog',
      ...STORED_FLAGS,
    ] as const;
    const others = [
      'protocols',
      'font',
      'maxFileSize',
      'strictMode',
      'keepAliveSeconds',
      'idleMinutes',
      'proxy',
      'downloadsFolder',
    ];
    onlyKeys(v, [...flags, ...others], 'The settings');
    const patch: SettingsPatch = {};
    for (const flag of flags) if (v[flag] !== undefined) patch[flag] = bool(v[flag], 'Each choice');
    if (v['protocols'] !== undefined) patch.protocols = protocols(v['protocols']);
    if (v['strictMode'] !== undefined) patch.strictMode = bool(v['strictMode'], 'Strict mode');
    if (v['proxy'] !== undefined) patch.proxy = proxyPatch(v['proxy']);
    if (v['downloadsFolder'] !== undefined) {
      const folder = text(v['downloadsFolder'], 'The folder for received files', 1000);
      if (!isAbsolute(folder) || [...folder].some((c) => c < ' '))
        fail('The folder for received files must be a whole path.');
      patch.downloadsFolder = folder;
    }
    if (v['keepAliveSeconds'] !== undefined) {
      const seconds = readKeepAlive(v['keepAliveSeconds']);
      if (seconds === null)
        fail(
          `The keep-alive interval is 0 (never) or ${KEEP_ALIVE_RANGE.min} to ${KEEP_ALIVE_RANGE.max} seconds.`,
        );
      patch.keepAliveSeconds = seconds;
    }
    if (v['idleMinutes'] !== undefined) {
      const minutes = readIdleMinutes(v['idleMinutes']);
      if (minutes === null)
        fail(
          `The minutes before you show as Idle are ${IDLE_MINUTES_RANGE.min} to ${IDLE_MINUTES_RANGE.max}.`,
        );
      patch.idleMinutes = minutes;
    }
    if (v['maxFileSize'] !== undefined) {
      const size = v['maxFileSize'];
      if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
        fail('The file size limit must be a whole number of bytes.');
      patch.maxFileSize = size;
    }
    if (v['font'] !== undefined) {
      const font = readFont(v['font']);
      if (typeof font === 'string') fail(font);
      patch.font = font;
    }
    return patch;
  }),
  addServer: one((v) => text(v, 'The server', 300).trim()),
  removeServer: one((v) => text(v, 'The server', 300).trim()),
  setStatus: one((v) => {
    if (!CHOOSABLE_STATUSES.includes(v as never)) fail('That is not a status you can choose.');
    return v as (typeof CHOOSABLE_STATUSES)[number];
  }),
  reportActivity: one((v) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
      fail('The time since your last input is missing.');
    // More than a day idle means the same as a day; the cap keeps the arithmetic plain.
    return Math.min(Math.floor(v), 86_400_000);
  }),
  setNickname: one((v) => {
    const s = text(v, 'Your name', 387).trim();
    if (s === '') fail('Your name cannot be empty.');
    return s;
  }),
  addContact: one(email),
  removeContact: one(email),
  block: one(email),
  unblock: one(email),
  answerAdded: one((v) => {
    if (!isRecord(v)) fail('The answer is missing.');
    onlyKeys(v, ['email', 'allow', 'addToList'], 'The answer');
    return {
      email: email(v['email']),
      allow: bool(v['allow'], 'Allow'),
      addToList: bool(v['addToList'], 'Add to my list'),
    };
  }),
  setAllOthers: one((v) => {
    if (v !== 'AL' && v !== 'BL') fail('"All others" must be allowed or blocked.');
    return v;
  }),
  setAlertOnAdd: one((v) => bool(v, 'The add alert')),
  openExternal: one((v) => {
    const url = webUrl(text(v, 'The link', 2048));
    if (url === null) fail(ONLY_WEB_LINKS);
    return url;
  }),
  openWindow: one(route),
  openConversation: one((v) => {
    if (!Array.isArray(v) || v.length === 0 || v.length > 16)
      fail('A conversation needs between one and sixteen people.');
    return v.map(email);
  }),
  toastClicked: one((v) => id(v, 'The toast')),
  dismissToast: one((v) => id(v, 'The toast')),
  sendMessage: (args) => {
    count(args, 3);
    const message = text(args[1], 'The message', MAX_MESSAGE_CHARS);
    if (message.trim() === '') fail('Type a message first.');
    const style = readStyle(args[2]);
    if (typeof style === 'string') fail(style);
    return [conversationId(args[0]), message, style];
  },
  sendTyping: one(conversationId),
  inviteToConversation: (args) => {
    count(args, 2);
    return [conversationId(args[0]), email(args[1])];
  },
  leaveConversation: one(conversationId),
  getConversationLines: (args) => {
    count(args, 3);
    const before = args[1];
    if (before !== null && (typeof before !== 'number' || !Number.isSafeInteger(before) || before < 1))
      fail('The line to page back from is not a line number.');
    const limit = args[2];
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LINES_PER_PAGE)
      fail(`Ask for between 1 and ${MAX_LINES_PER_PAGE} lines.`);
    return [conversationId(args[0]), before, limit];
  },
  saveConversation: one(conversationId),
  offerFile: (args) => {
    count(args, 2);
    return [conversationId(args[0]), fileSource(args[1])];
  },
  acceptInvitation: (args) => {
    if (args.length === 1) return [invitationId(args[0])];
    if (args.length !== 2)
      fail('This call takes the invitation, and { large: true } for a file over your limit.');
    const options = args[1];
    if (!isRecord(options)) fail('The answer to a large file is missing.');
    onlyKeys(options, ['large'], 'The answer to a large file');
    if (options['large'] !== true) fail('A large file is accepted only with { large: true }.');
    return [invitationId(args[0]), { large: true }];
  },
  declineInvitation: one(invitationId),
  cancelInvitation: one(invitationId),
  chooseDownloadFolder: none,
  showReceivedFile: one(invitationId),
  openReceivedFolder: none,
  quit: none,
  sendEmail: one(email),
  ...SERVICE_CHECKERS,
  ...INSPECTOR_CHECKERS,
};

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && (METHOD_NAMES as readonly string[]).includes(name);
}

/** Checks a call from a window: the method must be in the contract and its arguments exactly its shape. */
export function validateCall<M extends MethodName>(method: M, args: unknown): MethodArgs<M>;
export function validateCall(method: unknown, args: unknown): unknown[];
export function validateCall(method: unknown, args: unknown): unknown[] {
  if (!isMethodName(method)) fail('There is no such action.');
  if (!Array.isArray(args)) fail('The call is malformed.');
  return (CHECKERS[method] as (a: unknown[]) => unknown[])(args);
}
