// Where the control socket and the daemon's pid file live, and the checks
// that keep that directory private to its user.
import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runtimeDir } from '../config/paths.js';

export class RuntimeDirError extends Error {}

export function socketPath(dir: string = runtimeDir()): string {
  return join(dir, 'control.sock');
}

export function pidPath(dir: string = runtimeDir()): string {
  return join(dir, 'daemon.pid');
}

/**
 * Creates the runtime dir 0700 if missing, then refuses it unless it is a
 * real directory (not a symlink) owned by us and closed to group and others:
 * the socket's privacy rests on it (see server.ts).
 */
export function ensurePrivateDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new RuntimeDirError(`cannot create ${dir}: ${(err as Error).message}`);
  }
  const st = lstatSync(dir);
  if (!st.isDirectory()) throw new RuntimeDirError(`${dir} is not a directory; remove it and start again`);
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) {
    throw new RuntimeDirError(`${dir} belongs to uid ${st.uid}, not to you (uid ${uid}); another user may be trying to intercept the control socket`);
  }
  if ((st.mode & 0o077) !== 0) {
    throw new RuntimeDirError(`${dir} is open to other users (mode ${(st.mode & 0o777).toString(8)}); fix it with \`chmod 700 ${dir}\``);
  }
  chmodSync(dir, 0o700); // also restores our own rwx if a user removed it
}

/**
 * A client's check before it connects: the socket's directory must be a
 * real directory of ours closed to everyone else, or another user could
 * have put a socket there to read what we send (and answer what they like).
 * Returns null when the directory is fine or missing (nothing runs), else why not.
 */
export function unsafeSocketDir(socket: string): string | null {
  const dir = dirname(socket);
  let st;
  try {
    st = lstatSync(dir);
  } catch {
    return null;
  }
  if (!st.isDirectory()) return `${dir} is not a directory`;
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) return `${dir} belongs to uid ${st.uid}, not to you (uid ${uid}); not talking to a socket another user controls`;
  if ((st.mode & 0o077) !== 0) return `${dir} is open to other users (mode ${(st.mode & 0o777).toString(8)}); not talking to a socket there (fix it with \`chmod 700 ${dir}\`)`;
  return null;
}
