// Options ▸ Privacy: who may see you and reach you. Block list and allow list side by side with the buttons
// that move the selected person, "All others" (BLP) and the add alert (GTC).
import { useMemo, useState } from 'react';
import type { Blp } from '../../../app/types';
import { block, openDialog, requestAlertOnAdd, requestAllOthers, unblock } from '../../actions';
import { usePendingChoice } from '../../hooks/usePendingChoice';
import { privacyLists, useContacts } from '../../stores/contacts';
import { useSession } from '../../stores/session';
import { PickList, type PickItem } from '../PickList';
import { displayName } from '../../status';
import { ViewReverseListButton } from './ReverseList';

export function PrivacyTab() {
  const online = useSession((s) => s.session.phase === 'online');
  const byEmail = useContacts((s) => s.byEmail);
  const ids = useContacts((s) => s.ids);
  const privacy = useContacts((s) => s.privacy);
  const pending = useContacts((s) => s.pendingAdds);
  const [allowSel, setAllowSel] = useState<string | null>(null);
  const [blockSel, setBlockSel] = useState<string | null>(null);
  const allOthers = usePendingChoice<Blp>(privacy.blp, requestAllOthers);
  const alertOnAdd = usePendingChoice(privacy.gtc === 'A', requestAlertOnAdd);

  const lists = useMemo(() => {
    const { allow, block } = privacyLists(byEmail, ids);
    const item = (c: (typeof allow)[number]): PickItem => ({
      key: c.email,
      label: displayName(c),
      title: c.email,
    });
    return { allow: allow.map(item), block: block.map(item) };
  }, [byEmail, ids]);

  if (!online) return <p className="tab-note">Sign in to see and change who can see you and contact you.</p>;

  const allowSelected = lists.allow.some((i) => i.key === allowSel) ? allowSel : null;
  const blockSelected = lists.block.some((i) => i.key === blockSel) ? blockSel : null;
  const moveToAllow = (email: string | null) => {
    if (!email) return;
    unblock(email);
    setAllowSel(email);
    setBlockSel(null);
  };
  const moveToBlock = (email: string | null) => {
    if (!email) return;
    block(email);
    setBlockSel(email);
    setAllowSel(null);
  };

  return (
    <div className="privacy">
      <p>Choose who can see when you are online and send you messages.</p>
      <div className="lists">
        <ListColumn
          label="My Allow List"
          items={lists.allow}
          selected={allowSelected}
          onSelect={setAllowSel}
          onActivate={moveToBlock}
        />
        {/* As in the period client: allow list left, block list right, arrows pointing where the person goes. */}
        <div className="move-buttons">
          <button type="button" disabled={!allowSelected} onClick={() => moveToBlock(allowSelected)}>
            Block &gt;&gt;
          </button>
          <button type="button" disabled={!blockSelected} onClick={() => moveToAllow(blockSelected)}>
            &lt;&lt; Allow
          </button>
        </div>
        <ListColumn
          label="My Block List"
          items={lists.block}
          selected={blockSelected}
          onSelect={setBlockSel}
          onActivate={moveToAllow}
        />
      </div>
      <fieldset className="group all-others" aria-busy={allOthers.pending}>
        <legend>All others (people on neither list)</legend>
        <label className="check">
          <input
            type="radio"
            name="all-others"
            checked={allOthers.shown === 'AL'}
            onChange={() => allOthers.choose('AL')}
          />
          Allowed to see when I am online and contact me
        </label>
        <label className="check">
          <input
            type="radio"
            name="all-others"
            checked={allOthers.shown === 'BL'}
            onChange={() => allOthers.choose('BL')}
          />
          Blocked
        </label>
      </fieldset>
      <label className="check">
        <input
          type="checkbox"
          checked={alertOnAdd.shown}
          aria-busy={alertOnAdd.pending}
          onChange={(e) => alertOnAdd.choose(e.target.checked)}
        />
        Alert me when other users add me to their contact lists
      </label>
      <div className="view-added">
        <span>See who has added you to their contact list.</span>
        <ViewReverseListButton />
      </div>
      {pending.length > 0 && (
        <p className="pending">
          {pending.length === 1
            ? '1 person has added you and awaits your answer.'
            : `${pending.length} people have added you and await your answer.`}{' '}
          <button
            type="button"
            className="link"
            onClick={() => pending.forEach((p) => openDialog('added', p.email))}
          >
            Answer…
          </button>
        </p>
      )}
    </div>
  );
}

/** One titled list of the tab (the title is for the eye; the list is named by its own label). */
function ListColumn(props: Parameters<typeof PickList>[0]) {
  return (
    <div className="list-column">
      <span className="list-title" aria-hidden="true">
        {props.label}
      </span>
      <PickList {...props} />
    </div>
  );
}
