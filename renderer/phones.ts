// A contact's shared phone numbers (BPR's PHH, PHW, PHM) and the MOB flag, in words, for the contact
// list's tooltips and the Properties dialog. The numbers come from the wire: shown through displayText.
import { displayText } from '../app/displayText';
import type { Contact, Phones } from '../app/types';
import { fullName } from './status';

export const PHONE_LABELS = [
  ['PHH', 'Home phone'],
  ['PHW', 'Work phone'],
  ['PHM', 'Mobile phone'],
] as const;

/** The numbers a person shares, labelled, in the order 3.0 listed them; empty ones are left out. */
export function sharedPhones(phones: Phones): { key: string; label: string; number: string }[] {
  const out: { key: string; label: string; number: string }[] = [];
  for (const [key, label] of PHONE_LABELS) {
    const number = displayText(phones[key] ?? '').trim();
    if (number) out.push({ key, label, number });
  }
  return out;
}

/** MOB Y: the person has a mobile device set up and lets people page it. */
export function acceptsPages(phones: Phones): boolean {
  return phones.MOB === 'Y';
}

/** A contact row's tooltip: name and address, the sandbox's note, each shared number, whether they take pages. */
export function contactTooltip(contact: Contact): string {
  const lines = [fullName(contact)];
  if (contact.note) lines.push(contact.note);
  for (const p of sharedPhones(contact.phones)) lines.push(`${p.label}: ${p.number}`);
  if (acceptsPages(contact.phones)) lines.push('Accepts pages');
  return lines.join('\n');
}
