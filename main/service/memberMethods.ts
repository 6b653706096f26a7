// The member services as the windows call them: Find a Member, invitations by e-mail, pages, your phone
// numbers and the server's web pages. Each failure is one sentence; the pages received are kept while the
// session lasts.
import type { MessengerEvent, OpenedUrl } from '../../app/contract';
import type {
  InvitationRequest,
  MemberQuery,
  MemberResult,
  MemberSearch,
  PageNotice,
  PageRequest,
  PhonesPatch,
  WebService,
} from '../../app/services';
import { WEB_SERVICES } from '../../app/services';
import { displayText } from '../../app/displayText';
import { MsnpError, TimeoutError } from '../msnp/errors';
import { pageFailure, type IncomingPage } from '../msnp/memberServices';
import type { NotificationSession } from '../msnp/notificationSession';
import { ActionRefused } from './actionErrors';
import type { AccountActions } from './accountActions';
import { pageToast, type ToastContent } from './toasts';

/** Pages kept for the list: the newest this many. */
export const MAX_PAGES = 100;

export interface MemberDeps {
  actions: AccountActions;
  online: () => NotificationSession | null;
  emit: (event: MessengerEvent) => void;
  openExternal: (url: string) => Promise<OpenedUrl>;
  toast: (content: ToastContent) => void;
  sound: () => void;
  now: () => number;
}

/** A search refusal in words; anything else goes on to the common sentences. */
function searchFailure(err: unknown): unknown {
  if (err instanceof TimeoutError)
    return new ActionRefused('The server did not answer the search. Try again later.');
  if (err instanceof MsnpError) {
    if (err.code === 301)
      return new ActionRefused('Your search returned too many results; please narrow it.');
    if (err.code === 502 || err.code === 715)
      return new ActionRefused('This server does not offer the member directory.');
    if (err.code === 201)
      return new ActionRefused('The directory could not search for that; check the names and try again.');
  }
  return err;
}

function invitationFailure(err: unknown, who: string): unknown {
  if (err instanceof TimeoutError)
    return new ActionRefused('The server did not answer the invitation. Try again later.');
  if (err instanceof MsnpError) {
    if (err.code === 502 || err.code === 715)
      return new ActionRefused('This server does not send invitations by e-mail.');
    if (err.code === 201)
      return new ActionRefused(`The server would not send an invitation to ${who}; check the address.`);
  }
  return err;
}

function place(r: MemberResult): string {
  return [r.city, r.state, r.country].filter((p) => p !== '').join(', ');
}

export class MemberMethods {
  private pages: PageNotice[] = [];
  private pagesOf: NotificationSession | null = null;
  /** The last search's results and the session it ran on: an index means something only there. */
  private lastSearch: { ns: NotificationSession; results: MemberResult[] } | null = null;
  private pageCount = 0;

  constructor(private readonly deps: MemberDeps) {}

  /** The pages of the session that is signed in now. */
  currentPages(): PageNotice[] {
    return this.pagesOf !== null && this.pagesOf === this.deps.online() ? [...this.pages] : [];
  }

  async findMembers(query: MemberQuery): Promise<MemberSearch> {
    this.lastSearch = null;
    return this.deps.actions.act('search the member directory', undefined, async (ns) => {
      const found = await ns.services.find(query).catch((err: unknown) => {
        throw searchFailure(err);
      });
      this.lastSearch = { ns, results: found.results };
      return found;
    });
  }

  async sendInvitation(request: InvitationRequest): Promise<string> {
    // An index names a result of the last search on this session; after a sign-in again it names nothing.
    const search =
      this.lastSearch !== null && this.lastSearch.ns === this.deps.online() ? this.lastSearch : null;
    const chosen =
      typeof request.to === 'number' ? search?.results.find((r) => r.index === request.to) : undefined;
    if (typeof request.to === 'number' && !chosen)
      throw new Error('Search again, then choose whom to invite.');
    const who = chosen ? `${chosen.firstName} ${chosen.lastName}` : String(request.to);
    await this.deps.actions.act(`invite ${who}`, chosen ? undefined : who, (ns) =>
      ns.services
        .invite(request.to, { message: request.message, lcid: request.lcid })
        .catch((err: unknown) => {
          throw invitationFailure(err, who);
        }),
    );
    const where = chosen && place(chosen) !== '' ? ` (${place(chosen)})` : '';
    return `Your invitation was sent to ${displayText(who)}${where}. The server e-mails it with instructions for getting Messenger.`;
  }

  async sendPage(request: PageRequest): Promise<void> {
    const ns = this.deps.online();
    const name = ns?.state.contact(request.email)?.nickname || request.email;
    await this.deps.actions.act(`page ${request.email}`, request.email, (session) =>
      session.services
        .page(request.email, request.text, request.callback ?? undefined)
        .catch((err: unknown) => {
          throw err instanceof MsnpError ? new ActionRefused(pageFailure(err, displayText(name))) : err;
        }),
    );
  }

  /** Sets each number given (in the order home, work, mobile, then paging), stopping at the first refusal. */
  async setPhones(patch: PhonesPatch): Promise<void> {
    await this.deps.actions.act('change your phone numbers', undefined, async (ns) => {
      for (const key of ['PHH', 'PHW', 'PHM'] as const) {
        const value = patch[key];
        if (value !== undefined && value.trim() !== (ns.state.self.phones[key] ?? ''))
          await ns.setPhone(key, value.trim());
      }
      if (patch.MOB !== undefined) {
        const value = patch.MOB ? 'Y' : 'N';
        if ((ns.state.self.phones.MOB ?? 'N') !== value) await ns.setPhone('MOB', value);
      }
    });
  }

  async openService(service: WebService, email?: string): Promise<OpenedUrl> {
    if (service === 'COMPOSE' && email === undefined) throw new Error('Choose whom to write to.');
    const doing =
      service === 'INBOX'
        ? 'open your Hotmail inbox'
        : service === 'COMPOSE'
          ? `write to ${email}`
          : `open ${WEB_SERVICES.find((s) => s.name === service)?.label ?? service}`;
    const url = await this.deps.actions.act(doing, email, (ns) =>
      ns.requestUrl(service, service === 'COMPOSE' ? email : undefined),
    );
    return this.deps.openExternal(url);
  }

  /** An IPG: kept for the list, and a toast (a failed page of yours says so). */
  addPage(ns: NotificationSession, page: IncomingPage): void {
    if (this.pagesOf !== ns) {
      this.pagesOf = ns;
      this.pages = [];
    }
    this.pageCount += 1;
    const from = ns.state.contact(page.from)?.nickname || page.from;
    const notice: PageNotice = {
      id: `page-${this.pageCount}`,
      from: page.from,
      text: page.text,
      failed: page.failed,
      receivedAt: this.deps.now(),
    };
    this.pages = [...this.pages, notice].slice(-MAX_PAGES);
    this.deps.emit({ type: 'pages', pages: [...this.pages] });
    this.deps.toast(pageToast(page, from));
    this.deps.sound();
  }
}
