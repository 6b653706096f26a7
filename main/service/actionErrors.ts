// One sentence for an action the server refused or that could not be done (adding a contact, changing
// your name...). The numeric code and the engine's own words go to the log, not to the person.
import {
  ConnectionError,
  InvalidInputError,
  MsnpError,
  NameTooLongError,
  OwnAddressError,
  ServiceNotOfferedError,
  TimeoutError,
} from '../msnp/errors';

/** A refusal decided here, before asking the server: its message is already the sentence to show. */
export class ActionRefused extends Error {
  override name = 'ActionRefused';
}

export class NotSignedInError extends ActionRefused {
  override name = 'NotSignedInError';
  constructor(what = 'do that') {
    super(`You need to be signed in to ${what}.`);
  }
}

/** `doing` completes "Could not …" ("add bob@example.com"); `email` is whom the action was about, if anyone. */
export function describeActionError(err: unknown, doing: string, email?: string): string {
  if (err instanceof ActionRefused) return err.message;
  // The engine's own refusal of input it checked before asking the server.
  if (err instanceof NameTooLongError) return 'That name is too long. Choose a shorter one.';
  // The engine's errors that are already the sentence to show.
  if (err instanceof ServiceNotOfferedError || err instanceof OwnAddressError || err instanceof InvalidInputError)
    return err.message;
  // An address is written as it is; only the stand-in starts a sentence with a capital.
  const Who = email ?? 'That person';
  if (err instanceof MsnpError) {
    switch (err.code) {
      case 201:
      case 208:
        return email
          ? `${email} is not a valid e-mail address, so Butterfly could not ${doing}.`
          : `The server refused an invalid value, so Butterfly could not ${doing}.`;
      case 205:
        return `${Who} is not a member of this service. Check the address and try again.`;
      case 207:
        // Some servers answer an address they do not know with 207; about yourself it means "already signed in".
        if (email) return `${email} is not a member of this service. Check the address and try again.`;
        break;
      case 209:
        return 'The server does not allow that name. Choose another one.';
      case 210:
        return `Your list is full, so Butterfly could not ${doing}. Remove someone first.`;
      case 215:
        return `${Who} is already on that list.`;
      case 216:
        return `${Who} is not on that list.`;
      case 218:
        return 'That setting is already in effect.';
      case 219:
        return `${Who} cannot be on both your allow list and your block list.`;
      case 713:
      case 800:
        return `You are changing things too quickly, so Butterfly could not ${doing}. Wait a moment and try again.`;
    }
    return `The server refused to ${doing} (error ${err.code}). Try again later.`;
  }
  if (err instanceof TimeoutError)
    return `The server did not answer in time, so Butterfly could not ${doing}. Try again.`;
  if (err instanceof ConnectionError)
    return `The connection to the server was lost, so Butterfly could not ${doing}.`;
  return `Butterfly could not ${doing}. Try again.`;
}
