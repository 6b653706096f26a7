// What a window may do to the signed-in account (status, name, lists, privacy), each a call to the
// engine whose failure becomes one sentence. AccountService forwards these calls here.
import type { AddedAnswer, ChoosableStatus } from '../../app/contract';
import type { Blp } from '../../app/types';
import type { NotificationSession } from '../msnp/notificationSession';
import { ActionRefused, describeActionError, NotSignedInError } from './actionErrors';

export class AccountActions {
  constructor(private readonly online: () => NotificationSession | null) {}

  /**
   * Runs an action on the signed-in session; a failure becomes one sentence, as the rejection only: the
   * caller shows it (a window shows its own call's rejection, so a notice as well would say it twice).
   */
  async act<T>(
    doing: string,
    email: string | undefined,
    fn: (ns: NotificationSession) => Promise<T>,
  ): Promise<T> {
    try {
      const ns = this.online();
      if (!ns) throw new NotSignedInError(doing);
      return await fn(ns);
    } catch (err) {
      // Not logged here: whoever called logs it once, with the server's words as its cause.
      throw new Error(describeActionError(err, doing, email), { cause: err });
    }
  }

  setStatus(status: ChoosableStatus): Promise<void> {
    return this.act('change your status', undefined, (ns) => ns.setStatusRequest(status));
  }

  setNickname(nickname: string): Promise<void> {
    return this.act('change your name', undefined, (ns) => ns.setNickname(nickname));
  }

  addContact(email: string): Promise<void> {
    return this.act(`add ${email} to your contact list`, email, async (ns) => {
      if (email.toLowerCase() === ns.state.self.email.toLowerCase())
        throw new ActionRefused('You cannot add yourself to your contact list.');
      if (ns.state.contact(email)?.lists.has('FL'))
        throw new ActionRefused(`${email} is already on your contact list.`);
      await ns.addToList('FL', email, email);
      // As the 3.0 client did: someone you add may also see you, unless you blocked them.
      const lists = ns.state.contact(email)?.lists;
      if (!lists?.has('AL') && !lists?.has('BL'))
        await ns.addToList('AL', email, ns.state.contact(email)?.nickname ?? email);
    });
  }

  removeContact(email: string): Promise<void> {
    return this.act(`remove ${email} from your contact list`, email, async (ns) => {
      if (!ns.state.contact(email)?.lists.has('FL'))
        throw new ActionRefused(`${email} is not on your contact list.`);
      await ns.removeFromList('FL', email);
    });
  }

  block(email: string): Promise<void> {
    return this.act(`block ${email}`, email, (ns) => ns.block(email));
  }

  unblock(email: string): Promise<void> {
    return this.act(`unblock ${email}`, email, (ns) => ns.unblock(email));
  }

  answerAdded(answer: AddedAnswer): Promise<void> {
    const { email } = answer;
    return this.act(`answer ${email}`, email, async (ns) => {
      const lists = () => ns.state.contact(email)?.lists;
      const nickname = ns.state.contact(email)?.nickname ?? email;
      if (answer.allow && !lists()?.has('AL')) {
        if (lists()?.has('BL')) await ns.unblock(email);
        else await ns.addToList('AL', email, nickname);
      } else if (!answer.allow && !lists()?.has('BL')) {
        if (lists()?.has('AL')) await ns.block(email);
        else await ns.addToList('BL', email, nickname);
      }
      if (answer.addToList && !lists()?.has('FL')) await ns.addToList('FL', email, nickname);
    });
  }

  setAllOthers(blp: Blp): Promise<void> {
    return this.act('change who can see you', undefined, (ns) => ns.setBlp(blp));
  }

  setAlertOnAdd(alert: boolean): Promise<void> {
    return this.act('change the add alert', undefined, (ns) => ns.setGtc(alert ? 'A' : 'N'));
  }
}
