// The calls of Find a Member and of invitations by e-mail. Their dialogs show a failure themselves, so each
// call resolves to its value or to the failure sentence main sent, never to a rejected promise.
import type { InvitationRequest, MemberQuery, MemberSearch } from '../app/services';
import { api } from './bridge';

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

async function outcomeOf<T>(call: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (err) {
    const error = err instanceof Error && err.message ? err.message : 'Something went wrong. Try again.';
    return { ok: false, error };
  }
}

export const findMembers = (query: MemberQuery): Promise<Outcome<MemberSearch>> =>
  outcomeOf(() => api.findMembers(query));

/** Resolves to the confirmation sentence main wrote. */
export const sendInvitation = (request: InvitationRequest): Promise<Outcome<string>> =>
  outcomeOf(() => api.sendInvitation(request));
