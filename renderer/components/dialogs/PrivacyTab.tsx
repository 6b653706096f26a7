// Options ▸ Privacy: who may see you and reach you. Block list and allow list side by side with the buttons
// that move the selected person, "All others" (BLP) and the add alert (GTC). The moves and choices are held
// until the dialog's Apply or OK, which sends them one by one; a refusal shows here and keeps the rest held.
import { useMemo, useState } from 'react';
import type { Blp } from '../../../app/types';
import { openDialog, setAlertOnAdd, setAllOthers, setBlocked } from '../../actions';
import { useOfferEdits, type PendingApply } from './pendingApply';
import { privacyLists, useContacts } from '../../stores/contacts';
import { useSession } from '../../stores/session';
import { PickList, type PickItem } from '../PickList';
import { displayName, fullName } from '../../status';
import { ViewReverseListButton } from './ReverseList';

export function PrivacyTab({ pending: held }: { pending?: PendingApply }) {
  const online = useSession((s) => s.session.phase === 'online');
  const byEmail = useContacts((s) => s.byEmail);
  const ids = useContacts((s) => s.ids);
  const privacy = useContacts((s) => s.privacy);
  const pending = useContacts((s) => s.pendingAdds);
  const [allowSel, setAllowSel] = useState<string | null>(null);
  const [blockSel, setBlockSel] = useState<string | null>(null);
  /** Each person moved and not yet applied: true to the block list, false to the allow list. */
  const [moves, setMoves] = useState<ReadonlyMap<string, boolean>>(new Map());
  const [blpEdit, setBlpEdit] = useState<Blp | null>(null);
  const [alertEdit, setAlertEdit] = useState<boolean | null>(null);
  const [error, setError] = useState('');
  const allOthers = blpEdit ?? privacy.blp;
  const alertOnAdd = alertEdit ?? privacy.gtc === 'A';

  const changed = moves.size > 0 || blpEdit !== null || alertEdit !== null;
  const save = async (): Promise<boolean> => {
    // One call at a time; each applied edit is let go at once, so a refusal leaves only the rest held.
    const fail = (failure: string) => {
      setError(failure);
      return false;
    };
    for (const [email, blocked] of moves) {
      const failure = await setBlocked(email, blocked);
      if (failure) return fail(failure);
      setMoves((m) => new Map([...m].filter(([e]) => e !== email)));
    }
    if (blpEdit !== null) {
      const failure = await setAllOthers(blpEdit);
      if (failure) return fail(failure);
      setBlpEdit(null);
    }
    if (alertEdit !== null) {
      const failure = await setAlertOnAdd(alertEdit);
      if (failure) return fail(failure);
      setAlertEdit(null);
    }
    setError('');
    return true;
  };
  useOfferEdits(held, online && changed ? save : null);

  const lists = useMemo(() => {
    const actual = privacyLists(byEmail, ids);
    const blocked = (c: (typeof actual.allow)[number], now: boolean) => moves.get(c.email) ?? now;
    const allow = [
      ...actual.allow.filter((c) => !blocked(c, false)),
      ...actual.block.filter((c) => !blocked(c, true)),
    ];
    const block = [
      ...actual.block.filter((c) => blocked(c, true)),
      ...actual.allow.filter((c) => blocked(c, false)),
    ];
    const item = (c: (typeof allow)[number]): PickItem => ({
      key: c.email,
      label: displayName(c),
      title: fullName(c),
    });
    return { allow: allow.map(item), block: block.map(item) };
  }, [byEmail, ids, moves]);

  if (!online) return <p className="tab-note">Sign in to see and change who can see you and contact you.</p>;

  const allowSelected = lists.allow.some((i) => i.key === allowSel) ? allowSel : null;
  const blockSelected = lists.block.some((i) => i.key === blockSel) ? blockSel : null;
  /** Holds a move; moving someone back to where the server has them is no edit. */
  const move = (email: string, toBlock: boolean) => {
    const now = privacyLists(byEmail, ids).block.some((c) => c.email === email);
    setMoves((m) => {
      const next = new Map(m);
      if (now === toBlock) next.delete(email);
      else next.set(email, toBlock);
      return next;
    });
  };
  const moveToAllow = (email: string | null) => {
    if (!email) return;
    move(email, false);
    setAllowSel(email);
    setBlockSel(null);
  };
  const moveToBlock = (email: string | null) => {
    if (!email) return;
    move(email, true);
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
      <fieldset className="group all-others">
        <legend>All others (people on neither list)</legend>
        <label className="check">
          <input
            type="radio"
            name="all-others"
            checked={allOthers === 'AL'}
            onChange={() => setBlpEdit(privacy.blp === 'AL' ? null : 'AL')}
          />
          Allowed to see when I am online and contact me
        </label>
        <label className="check">
          <input
            type="radio"
            name="all-others"
            checked={allOthers === 'BL'}
            onChange={() => setBlpEdit(privacy.blp === 'BL' ? null : 'BL')}
          />
          Blocked
        </label>
      </fieldset>
      <label className="check">
        <input
          type="checkbox"
          checked={alertOnAdd}
          onChange={(e) => setAlertEdit(e.target.checked === (privacy.gtc === 'A') ? null : e.target.checked)}
        />
        Alert me when other users add me to their contact lists
      </label>
      <div className="view-added">
        <span>See who has added you to their contact list.</span>
        <ViewReverseListButton />
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
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
