// The people on your list as items of a PickList (the dialogs that ask whom: Send an Instant Message,
// Send a Page), in list order, online first.
import { useShallow } from 'zustand/react/shallow';
import type { Contact } from '../../app/types';
import { displayName } from '../status';
import { selectSections, useContacts } from '../stores/contacts';
import type { PickItem } from './PickList';

/** `include` picks who is listed; each item's key is the contact's key, its title the address. */
export function useContactItems(include: (contact: Contact, online: boolean) => boolean): PickItem[] {
  // Flat strings, compared shallowly, so a change elsewhere on the list does not redraw the dialog.
  const flat = useContacts(
    useShallow((s) => {
      const { online, offline } = selectSections(s);
      const pick = (keys: readonly string[], on: boolean) =>
        keys.flatMap((k) => {
          const c = s.byEmail[k];
          return c && include(c, on) ? [k, displayName(c), c.email] : [];
        });
      return [...pick(online, true), ...pick(offline, false)];
    }),
  );
  const items: PickItem[] = [];
  for (let i = 0; i + 2 < flat.length; i += 3)
    items.push({ key: flat[i]!, label: flat[i + 1]!, title: flat[i + 2]! });
  return items;
}
