// Argument checks for the member services (Find a Member, invitations, pages, phones, web pages).
import type { MethodArgs } from '../../app/contract';
import {
  INVITATION_MAX_BYTES,
  PAGE_MAX_CHARS,
  isWebService,
  type CallbackPhone,
  type InvitationRequest,
  type MemberQuery,
  type PhonesPatch,
} from '../../app/services';
import { bool, count, email, fail, isRecord, one, onlyKeys, text } from './checks';

type ServiceMethod = 'openService' | 'findMembers' | 'sendInvitation' | 'sendPage' | 'setPhones';

const CALLBACKS: readonly CallbackPhone[] = ['PHH', 'PHW', 'PHM'];

function field(v: unknown, what: string, max: number): string {
  return v === undefined ? '' : text(v, what, max);
}

function query(v: unknown): MemberQuery {
  if (!isRecord(v)) fail('The search is missing.');
  onlyKeys(v, ['firstName', 'lastName', 'city', 'state', 'country'], 'The search');
  return {
    firstName: text(v['firstName'], 'The first name', 100),
    lastName: text(v['lastName'], 'The last name', 100),
    city: field(v['city'], 'The city', 100),
    state: field(v['state'], 'The state', 2),
    country: field(v['country'], 'The country', 2),
  };
}

function invitation(v: unknown): InvitationRequest {
  if (!isRecord(v)) fail('The invitation is missing.');
  onlyKeys(v, ['to', 'message', 'lcid'], 'The invitation');
  const to = v['to'];
  const target =
    typeof to === 'number'
      ? Number.isSafeInteger(to) && to >= 1
        ? to
        : fail('Choose one of the search results to invite.')
      : email(to);
  const message = text(v['message'], 'The personal message', INVITATION_MAX_BYTES);
  const lcid = text(v['lcid'], 'The language', 6);
  if (!/^0x[0-9a-fA-F]{4}$/.test(lcid)) fail('A language is a code such as 0x0409.');
  return { to: target, message, lcid };
}

function phones(v: unknown): PhonesPatch {
  if (!isRecord(v)) fail('The phone numbers are missing.');
  onlyKeys(v, ['PHH', 'PHW', 'PHM', 'MOB'], 'The phone numbers');
  const patch: PhonesPatch = {};
  for (const key of ['PHH', 'PHW', 'PHM'] as const)
    if (v[key] !== undefined) patch[key] = text(v[key], 'A phone number', 95);
  if (v['MOB'] !== undefined) patch.MOB = bool(v['MOB'], 'Allow pages');
  return patch;
}

export const SERVICE_CHECKERS: { [M in ServiceMethod]: (args: unknown[]) => MethodArgs<M> } = {
  openService: (args) => {
    if (args.length !== 1 && args.length !== 2)
      fail('This call takes the service, and an address for COMPOSE.');
    if (!isWebService(args[0])) fail('There is no such service.');
    return args.length === 2 ? [args[0], email(args[1])] : [args[0]];
  },
  findMembers: one(query),
  sendInvitation: one(invitation),
  sendPage: (args) => {
    count(args, 1);
    const v = args[0];
    if (!isRecord(v)) fail('The page is missing.');
    onlyKeys(v, ['email', 'text', 'callback'], 'The page');
    const callback = v['callback'];
    if (callback !== null && !CALLBACKS.includes(callback as CallbackPhone))
      fail('The call-back number must be home, work or mobile.');
    return [
      {
        email: email(v['email']),
        text: text(v['text'], 'The page', PAGE_MAX_CHARS * 2),
        callback: callback as CallbackPhone | null,
      },
    ];
  },
  setPhones: one(phones),
};
