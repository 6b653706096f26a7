// What the contact list shows, greyed, while Butterfly reconnects: the account as the windows last saw it
// online. The engine marks everyone offline the moment the connection drops, so the presence the windows
// heard is kept here, one status per person, from the sign-in's snapshot and every contact event after it.
import type { MessengerEvent } from '../../app/contract';
import type { AccountSnapshot, Status } from '../../app/types';

export class LastSeen {
  private readonly statuses = new Map<string, Status>();

  constructor(signedIn: AccountSnapshot) {
    for (const c of signedIn.contacts) this.statuses.set(c.email.toLowerCase(), c.status);
  }

  /** An event the windows were sent while online. */
  heard(event: MessengerEvent): void {
    if (event.type !== 'contact') return;
    const key = event.contact.email.toLowerCase();
    if (event.removed) this.statuses.delete(key);
    else this.statuses.set(key, event.contact.status);
  }

  /** The dropped session's account (lists, names, mail as they were) with the presence last heard. */
  view(dropped: AccountSnapshot, selfStatus: Status): AccountSnapshot {
    return {
      ...dropped,
      self: { ...dropped.self, status: selfStatus },
      contacts: dropped.contacts.map((c) => ({
        ...c,
        status: this.statuses.get(c.email.toLowerCase()) ?? c.status,
      })),
    };
  }
}
