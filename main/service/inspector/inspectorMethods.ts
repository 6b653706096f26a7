// The account service's protocol-inspector calls: queries and the console go to the traffic, an export is
// written as saveConversation writes a conversation (a save dialog on the desktop, a download in a browser).
import type { SavedConversation } from '../../../app/conversation';
import type {
  InspectorExportFormat,
  InspectorFilter,
  InspectorPage,
  InspectorQuery,
  InspectorSendRequest,
} from '../../../app/inspector';
import { errorMessage } from '../../msnp/errors';
import { ActionRefused } from '../actionErrors';
import { saveText } from '../textSave';
import { exportJsonLines, exportTranscript } from './inspectorExport';
import type { InspectorTraffic } from './inspectorTraffic';

export interface InspectorMethodsDeps {
  traffic: InspectorTraffic;
  environment: 'desktop' | 'browser';
  /** The desktop's save dialog; absent in browser mode, where the page downloads the text. */
  chooseTextSavePath?: (fileName: string) => Promise<string | null>;
  warn(message: string): void;
  now(): number;
}

/** "butterfly-traffic-2026-12-04-1805.txt" in local time, as a person would look for it. */
function fileNameOf(format: InspectorExportFormat, at: number): string {
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}-${two(d.getHours())}${two(d.getMinutes())}`;
  return `butterfly-traffic-${stamp}.${format === 'transcript' ? 'txt' : 'jsonl'}`;
}

export class InspectorMethods {
  constructor(private readonly deps: InspectorMethodsDeps) {}

  /** The inspector window asks first for a page: that is when recording starts. */
  query(query: InspectorQuery): InspectorPage {
    this.deps.traffic.startRecording();
    return this.deps.traffic.ring.query(query);
  }

  clear(): void {
    this.deps.traffic.clear();
  }

  send(request: InspectorSendRequest): { trId: number | null } {
    try {
      return this.deps.traffic.send(request);
    } catch (err) {
      throw new ActionRefused(errorMessage(err), { cause: err });
    }
  }

  /** The text of an export, for tests and for the save below. */
  async text(format: InspectorExportFormat, filter: InspectorFilter): Promise<string> {
    const entries = this.deps.traffic.ring.matching(filter);
    if (format === 'jsonl') return exportJsonLines(entries);
    const at = new Date(this.deps.now()).toISOString();
    return exportTranscript(entries, [
      `Traffic from Butterfly's protocol inspector, exported ${at}.`,
      'Passwords, MD5 answers, Passport tickets and cookies are masked.',
    ]);
  }

  async export(format: InspectorExportFormat, filter: InspectorFilter): Promise<SavedConversation> {
    const fileName = fileNameOf(format, this.deps.now());
    const text = await this.text(format, filter);
    return saveText(this.deps, fileName, text, 'the traffic');
  }
}
