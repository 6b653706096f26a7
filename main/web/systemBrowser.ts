// Opens an http(s) address in the system's web browser, for links and the Hotmail inbox in browser mode
// (the server runs on the same machine as the browser). The address is one argument, never shell text.
import { spawn } from 'node:child_process';
import { ONLY_WEB_LINKS, webUrl } from '../service/webUrl';

/** The opener command for this platform and the arguments that carry the address. */
export function openerCommand(
  url: string,
  platform: NodeJS.Platform = process.platform,
): { command: string; args: string[] } {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  // Not `cmd /c start`: cmd would read "&" and "^" in the address as its own syntax.
  if (platform === 'win32') return { command: 'rundll32', args: ['url.dll,FileProtocolHandler', url] };
  return { command: 'xdg-open', args: [url] };
}

export function openInSystemBrowser(url: string): Promise<void> {
  const safe = webUrl(url);
  if (safe === null) return Promise.reject(new Error(ONLY_WEB_LINKS));
  const { command, args } = openerCommand(safe);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore', detached: true, shell: false });
    child.once('error', () =>
      reject(new Error(`Butterfly could not start a web browser. Open ${safe} yourself.`)),
    );
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
