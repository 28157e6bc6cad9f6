// The directories autocorrector writes into hold typed words (ignored.txt,
// learned.txt, stats): they are the user's alone.
import { chmodSync, lstatSync, mkdirSync } from 'node:fs';

/**
 * Creates `dir` (and missing parents) mode 0700. An existing directory of
 * ours that group or others can enter is narrowed to 0700 as well (the tray
 * of an older version created the config directory 0755); one of another
 * user, or a symlink, is left as it is.
 */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = lstatSync(dir);
  if (st.isDirectory() && st.uid === process.getuid?.() && (st.mode & 0o077) !== 0) chmodSync(dir, st.mode & 0o700);
}
