// Shared set-up for browser-mode tests: a MessengerApi stand-in that records calls and emits events on
// demand, a static directory with a file outside it to aim at, and ws clients that await what they need.
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import type { AppSnapshot, MessengerApi, MessengerEvent, WireMessage } from '../../app/contract';
import { DEFAULT_FONT, type SavedConversation } from '../../app/conversation';

export const SNAPSHOT: AppSnapshot = {
  session: { phase: 'signedOut', progress: '', error: '', needsVerification: false },
  account: null,
  settings: {
    servers: [{ id: 'sandbox', label: 'Local sandbox (built in)' }],
    lastServer: 'sandbox',
    lastEmail: '',
    protocols: ['MSNP5', 'MSNP4'],
    rememberedPassword: false,
    canRememberPassword: false,
    sounds: true,
    toasts: true,
    messageToasts: false,
    emoticons: true,
    askWhereToSave: false,
    downloadsFolder: '/tmp/downloads',
    messageLog: false,
    font: { ...DEFAULT_FONT },
    strictMode: false,
    keepAliveSeconds: 60,
    signInToasts: true,
    mailToasts: true,
    alertToasts: true,
    idleAway: true,
    idleMinutes: 5,
    runAtStartup: false,
    runAtStartupSupported: false,
    runInBackground: true,
    proxy: { type: 'none', host: '', port: 1080, user: '', hasPassword: false },
  },
  toasts: [],
  environment: 'browser',
  version: '0.0.0-test',
  conversations: [],
  invitations: [],
  pages: [],
};

/** Answers getSnapshot with SNAPSHOT and every other call with undefined, recording what it was asked. */
export class FakeApi implements MessengerApi {
  readonly calls: { method: string; args: unknown[] }[] = [];
  private readonly listeners = new Set<(event: MessengerEvent) => void>();

  get listenerCount(): number {
    return this.listeners.size;
  }

  emit(event: MessengerEvent): void {
    for (const l of this.listeners) l(event);
  }

  private record(method: string, ...args: unknown[]): Promise<void> {
    this.calls.push({ method, args });
    return Promise.resolve();
  }

  getSnapshot(): Promise<AppSnapshot> {
    this.calls.push({ method: 'getSnapshot', args: [] });
    return Promise.resolve(structuredClone(SNAPSHOT));
  }
  subscribe(listener: (event: MessengerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  signIn = (...a: unknown[]) => this.record('signIn', ...a);
  cancelSignIn = () => this.record('cancelSignIn');
  signOut = () => this.record('signOut');
  forgetPassword = (...a: unknown[]) => this.record('forgetPassword', ...a);
  updateSettings = (...a: unknown[]) => this.record('updateSettings', ...a);
  addServer = (...a: unknown[]) => this.record('addServer', ...a);
  removeServer = (...a: unknown[]) => this.record('removeServer', ...a);
  setStatus = (...a: unknown[]) => this.record('setStatus', ...a);
  reportActivity = (...a: unknown[]) => this.record('reportActivity', ...a);
  setNickname = (...a: unknown[]) => this.record('setNickname', ...a);
  addContact = (...a: unknown[]) => this.record('addContact', ...a);
  openService = (...a: unknown[]) => this.record('openService', ...a).then(() => null);
  findMembers = (...a: unknown[]) => this.record('findMembers', ...a).then(() => ({ results: [], total: 0 }));
  sendInvitation = (...a: unknown[]) => this.record('sendInvitation', ...a).then(() => 'sent');
  sendPage = (...a: unknown[]) => this.record('sendPage', ...a);
  setPhones = (...a: unknown[]) => this.record('setPhones', ...a);
  inspectorQuery = (...a: unknown[]) => this.record('inspectorQuery', ...a).then(() => ({ matching: 0, total: 0, lines: [], connections: [] }));
  inspectorClear = () => this.record('inspectorClear');
  inspectorExport = (...a: unknown[]) => this.record('inspectorExport', ...a).then(() => ({ kind: 'cancelled' as const }));
  inspectorSend = (...a: unknown[]) => this.record('inspectorSend', ...a).then(() => ({ trId: 1 }));
  removeContact = (...a: unknown[]) => this.record('removeContact', ...a);
  block = (...a: unknown[]) => this.record('block', ...a);
  unblock = (...a: unknown[]) => this.record('unblock', ...a);
  answerAdded = (...a: unknown[]) => this.record('answerAdded', ...a);
  setAllOthers = (...a: unknown[]) => this.record('setAllOthers', ...a);
  setAlertOnAdd = (...a: unknown[]) => this.record('setAlertOnAdd', ...a);
  openInbox = () => this.record('openInbox').then(() => null);
  openExternal = (...a: unknown[]) => this.record('openExternal', ...a).then(() => null);
  openWindow = (...a: unknown[]) => this.record('openWindow', ...a);
  openConversation = async (...a: unknown[]): Promise<string> => {
    await this.record('openConversation', ...a);
    return 'c1';
  };
  toastClicked = (...a: unknown[]) => this.record('toastClicked', ...a).then(() => null);
  dismissToast = (...a: unknown[]) => this.record('dismissToast', ...a);
  sendMessage = (...a: unknown[]) => this.record('sendMessage', ...a);
  sendTyping = (...a: unknown[]) => this.record('sendTyping', ...a);
  inviteToConversation = (...a: unknown[]) => this.record('inviteToConversation', ...a);
  leaveConversation = (...a: unknown[]) => this.record('leaveConversation', ...a);
  getConversationLines = async (...a: unknown[]) => {
    await this.record('getConversationLines', ...a);
    return [];
  };
  saveConversation = async (...a: unknown[]): Promise<SavedConversation> => {
    await this.record('saveConversation', ...a);
    return { kind: 'cancelled' };
  };
  offerFile = (...a: unknown[]) => this.record('offerFile', ...a);
  acceptInvitation = (...a: unknown[]) => this.record('acceptInvitation', ...a);
  declineInvitation = (...a: unknown[]) => this.record('declineInvitation', ...a);
  cancelInvitation = (...a: unknown[]) => this.record('cancelInvitation', ...a);
  chooseDownloadFolder = () => this.record('chooseDownloadFolder').then(() => null);
  showReceivedFile = (...a: unknown[]) => this.record('showReceivedFile', ...a);
  openReceivedFolder = () => this.record('openReceivedFolder');
  quit = () => this.record('quit');
  sendEmail = (...a: unknown[]) => this.record('sendEmail', ...a).then(() => null);
}

/** tmp/site holds the "build"; tmp/package.json and tmp/secret.txt sit beside it, out of bounds. */
export async function makeSite(): Promise<{ root: string; site: string; cleanup(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'butterfly-web-'));
  const site = join(root, 'site');
  await mkdir(join(site, 'assets'), { recursive: true });
  await writeFile(join(site, 'index.html'), '<!doctype html><title>Butterfly</title><p>hello</p>\n');
  await writeFile(join(site, 'assets', 'index-abc.js'), 'console.log("hi");\n');
  await writeFile(join(site, 'assets', 'index-abc.css'), 'body { color: black; }\n');
  await writeFile(join(site, '.hidden'), 'hidden\n');
  await writeFile(join(root, 'package.json'), '{"name":"secret"}\n');
  await writeFile(join(root, 'secret.txt'), 'secret\n');
  await symlink(join(root, 'secret.txt'), join(site, 'assets', 'link.txt'));
  return { root, site, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Resolves once open, or rejects with the HTTP status of a refused upgrade. */
export function openSocket(url: string, origin: string | undefined): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin === undefined ? {} : { origin });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`refused with ${res.statusCode}`), { status: res.statusCode }));
      res.resume();
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

/** Reads WireMessages off a socket in order. */
export class Inbox {
  private readonly queue: WireMessage[] = [];
  private waiter: ((m: WireMessage) => void) | null = null;

  constructor(ws: WebSocket) {
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as WireMessage;
      if (this.waiter) {
        const w = this.waiter;
        this.waiter = null;
        w(message);
      } else this.queue.push(message);
    });
  }

  next(): Promise<WireMessage> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }
}

export function closed(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })),
  );
}
