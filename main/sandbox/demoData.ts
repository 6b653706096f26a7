// Ready-made sandbox accounts: a small cast that shows every list state, and a generated account with
// thousands of contacts for load tests and benchmarks.
import type { SandboxAccountInit } from './accounts';

/**
 * A few people who between them show a mutual contact, a pending add, a block, phone numbers, unread
 * mail and an unverified account. Passwords equal the local part of the address.
 */
export function demoAccounts(): SandboxAccountInit[] {
  return [
    {
      email: 'alice@example.com',
      password: 'alice',
      nickname: 'Alice Liddell',
      phones: { PHH: '1 (222) 333 4444', MOB: 'Y' },
      forward: ['bob@example.com', 'carol@example.com'],
      allow: ['bob@example.com', 'carol@example.com'],
      block: ['mallory@example.com'],
      mail: { inboxUnread: 3, foldersUnread: 1 },
    },
    {
      email: 'bob@example.com',
      password: 'bob',
      nickname: 'Bob Ünïcode ☃',
      phones: { PHW: '+44 20 7946 0000' },
      forward: ['alice@example.com'],
      allow: ['alice@example.com'],
    },
    { email: 'carol@example.com', password: 'carol', nickname: 'Carol', forward: ['alice@example.com'], allow: ['alice@example.com'] },
    // Mallory has Alice on her list, but Alice blocked her; Erin added Alice, who has not decided yet.
    { email: 'mallory@example.com', password: 'mallory', nickname: 'Mallory', forward: ['alice@example.com'] },
    { email: 'erin@example.com', password: 'erin', nickname: 'Erin 100% real', forward: ['alice@example.com'], blp: 'BL' },
    { email: 'dave@example.com', password: 'dave', nickname: 'Dave', verified: false },
  ];
}

export interface LargeAccount {
  /** The big account first, then its contacts. */
  accounts: SandboxAccountInit[];
  owner: SandboxAccountInit;
}

/**
 * An account with `contacts` people on its forward and allow lists, each of whom has it on their forward
 * list (so they are on its reverse list too). Names and phone numbers vary so a sync exercises encoding.
 */
export function largeAccount(email: string, password: string, contacts: number): LargeAccount {
  const domain = email.slice(email.indexOf('@') + 1) || 'example.com';
  const people: SandboxAccountInit[] = [];
  for (let i = 1; i <= contacts; i += 1) {
    const address = `contact${String(i).padStart(5, '0')}@${domain}`;
    people.push({
      email: address,
      password: `pw${i}`,
      nickname: contactName(i),
      phones: contactPhones(i),
      forward: [email],
    });
  }
  const addresses = people.map((p) => p.email);
  const owner: SandboxAccountInit = { email, password, nickname: `Big List (${contacts})`, forward: addresses, allow: addresses };
  return { accounts: [owner, ...people], owner };
}

function contactName(i: number): string {
  if (i % 11 === 0) return `Contact ${i} — 100% ☕`;
  if (i % 7 === 0) return `Zoë Ünïcode ${i}`;
  return `Contact ${i}`;
}

function contactPhones(i: number): SandboxAccountInit['phones'] {
  const phones: NonNullable<SandboxAccountInit['phones']> = {};
  if (i % 3 === 0) phones.PHH = `1 (555) ${String(i).padStart(7, '0')}`;
  if (i % 4 === 0) phones.PHW = `+44 20 ${String(i).padStart(8, '0')}`;
  if (i % 5 === 0) phones.MOB = 'Y';
  return phones;
}
