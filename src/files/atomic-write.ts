// Replaces a file's whole text so that no reader (the daemon, a crash) ever
// sees half of it.
import { closeSync, constants, fchmodSync, fchownSync, fsyncSync, lstatSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { FileError, ioMessage } from './file-error.js';

/**
 * Replaces `path` with `text` atomically: a temp file beside it, fsync,
 * rename, fsync of the directory. A symlink is followed so dotfile managers
 * keep their link. Without `mode` the file is private (it may hold typed
 * words): a new one is 0600, an existing one keeps its mode less group and
 * others. With `mode` (system files setup writes), a new file gets it and an
 * existing one keeps its own. The owner is kept when run as root.
 */
export function writeFileAtomic(path: string, text: string, newMode?: number): void {
  let target = path;
  try {
    if (lstatSync(path).isSymbolicLink()) target = realpathSync(path);
  } catch {
    // missing: a new file at `path`
  }
  const isPrivate = newMode === undefined;
  let mode = newMode ?? 0o600;
  let owner: { uid: number; gid: number } | null = null;
  try {
    const st = statSync(target);
    mode = st.mode & (isPrivate ? 0o7700 : 0o7777);
    owner = { uid: st.uid, gid: st.gid };
  } catch {
    // new file
  }
  const dir = dirname(target);
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number;
  try {
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch (err) {
    throw new FileError(`${path}: cannot write: ${ioMessage(err)}`, 'io');
  }
  try {
    try {
      const buf = Buffer.from(text, 'utf8');
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
      // The umask applied at open; the chosen mode wins.
      fchmodSync(fd, mode);
      if (owner && process.getuid?.() === 0) fchownSync(fd, owner.uid, owner.gid);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (err) {
    try { unlinkSync(tmp); } catch { /* already gone */ }
    throw new FileError(`${path}: cannot write: ${ioMessage(err)}`, 'io');
  }
  // The rename itself is durable only once the directory is synced.
  try {
    const dfd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
    try { fsyncSync(dfd); } finally { closeSync(dfd); }
  } catch {
    // some file systems refuse fsync on a directory; the rename is still atomic
  }
}

