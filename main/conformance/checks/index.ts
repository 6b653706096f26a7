// Every conformance check, in the order the report lists them (by area, as AREAS orders them).
import { AREAS, type Check } from '../check';
import { SIGN_IN_CHECKS } from './signIn';
import { SYNC_CHECKS } from './sync';
import { PRESENCE_CHECKS } from './presenceSeen';
import { LIST_CHECKS } from './listChanges';
import { PRIVACY_CHECKS } from './privacyRules';
import { SWITCHBOARD_CHECKS } from './switchboard';
import { SERVICE_CHECKS } from './services';
import { INPUT_CHECKS } from './badInput';

const ALL: Check[] = [
  ...SIGN_IN_CHECKS,
  ...SYNC_CHECKS,
  ...PRESENCE_CHECKS,
  ...LIST_CHECKS,
  ...PRIVACY_CHECKS,
  ...SWITCHBOARD_CHECKS,
  ...SERVICE_CHECKS,
  ...INPUT_CHECKS,
];

export const CHECKS: readonly Check[] = AREAS.flatMap((area) => ALL.filter((c) => c.area === area));
