// The replay server of main/replay for tests: a recorded C:/S: session becomes a byte-exact conformance
// test of the client, which must send every line the transcript has.
import { readFile } from 'node:fs/promises';
import { startReplayServer } from '../../main/replay/serve';
import { filledLine, readScripts } from '../../main/replay/script';

type Step = { from: 'C'; line: string } | { from: 'S'; bytes: Buffer };

/** The transcript as steps, placeholders filled for a replay server on `port`, payloads framed with their length. */
export async function loadTranscript(file: string, port: number): Promise<Step[][]> {
  return readScripts(await readFile(file, 'utf8')).map((script) =>
    script.lines.map((l): Step => {
      const { line, payload } = filledLine(l, port);
      if (l.direction === 'C') return { from: 'C', line };
      return { from: 'S', bytes: Buffer.from(`${line}\r\n${payload ?? ''}`, 'utf8') };
    }),
  );
}

export interface ReplayServer {
  port: number;
  /** Lines the client sent that did not match, each as one sentence. */
  mismatches: string[];
  /** Resolves when every connection's script has been played to its end. */
  finished: Promise<void>;
  close(): Promise<void>;
}

export async function startReplay(file: string): Promise<ReplayServer> {
  const mismatches: string[] = [];
  const replay = await startReplayServer(await readFile(file, 'utf8'), {
    onMismatch: (m) => mismatches.push(m.message),
  });
  return { port: replay.port, mismatches, finished: replay.finished, close: () => replay.close() };
}
