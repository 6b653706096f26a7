// Every conformance check, in the order the report lists them (by area, as AREAS orders them).
import { AREAS, type Check } from '../check';
import { SIGN_IN_CHECKS } from './signIn';
import { SYNC_CHECKS } from './sync';

const ALL: Check[] = [...SIGN_IN_CHECKS, ...SYNC_CHECKS];

export const CHECKS: readonly Check[] = AREAS.flatMap((area) => ALL.filter((c) => c.area === area));
