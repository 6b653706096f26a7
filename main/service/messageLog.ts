// The optional message log (off by default, as 3.0 kept none): every message sent or received, one JSON
// object per line, in userData/message-log/<your address>.jsonl. Appends are serialized; a failed write
// is reported once per session and never stops the conversation.
import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { MessageLine } from '../../app/conversation';
import { errorMessage } from '../msnp/errors';

export interface LoggedMessage {
  at: string;
  conversation: string[];
  direction: 'in' | 'out';
  from: string;
  nickname: string;
  text: string;
  /** Outgoing only: delivered or failed, with the reason. */
  delivery?: 'delivered' | 'failed';
  error?: string;
}

/** The log file of an account: its address made safe as a file name. */
export function messageLogFile(userDataDir: string, self: string): string {
  const safe =
    self
      .toLowerCase()
      .replace(/[^a-z0-9@._+-]/g, '_')
      .slice(0, 120) || 'account';
  return path.join(userDataDir, 'message-log', `${safe}.jsonl`);
}

export function logRecord(line: MessageLine, members: readonly string[]): LoggedMessage {
  const record: LoggedMessage = {
    at: new Date(line.at).toISOString(),
    conversation: [...members],
    direction: line.direction,
    from: line.from,
    nickname: line.nickname,
    text: line.text,
  };
  if (line.direction === 'out' && (line.delivery === 'delivered' || line.delivery === 'failed')) {
    record.delivery = line.delivery;
    if (line.error) record.error = line.error;
  }
  return record;
}

export class MessageLog {
  private chain: Promise<void> = Promise.resolve();
  private warned = false;

  constructor(
    /** Asked at each write: the account's address is only known once signed in. */
    private readonly file: () => string,
    private readonly warn: (message: string) => void,
  ) {}

  append(record: LoggedMessage): Promise<void> {
    const text = `${JSON.stringify(record)}\n`;
    this.chain = this.chain.then(async () => {
      try {
        const file = this.file();
        await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
        await appendFile(file, text, { encoding: 'utf8', mode: 0o600 });
      } catch (err) {
        if (!this.warned) this.warn(`Could not write the message log: ${errorMessage(err)}`);
        this.warned = true;
      }
    });
    return this.chain;
  }

  flush(): Promise<void> {
    return this.chain;
  }
}
