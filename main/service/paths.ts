// Path checks shared by the shell (which files a window may load) and browser mode (which files it serves).
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** Whether `file` lies strictly inside `dir` (not the directory itself, not outside through ".."). */
export function isInside(dir: string, file: string): boolean {
  const rel = relative(resolve(dir), resolve(file));
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}
