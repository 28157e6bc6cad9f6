// Where autocorrector keeps its files, per the XDG Base Directory spec.
// `env` and `home` are parameters so tests need not touch the real home.
import { homedir, tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

const APP = 'autocorrector';

type Env = Readonly<Record<string, string | undefined>>;

// The spec says relative values are invalid and must be ignored.
function xdg(env: Env, name: string): string | undefined {
  const v = env[name];
  return v && isAbsolute(v) ? v : undefined;
}

/** The config dir: `--config-dir` if given, else $XDG_CONFIG_HOME/autocorrector, else ~/.config/autocorrector. */
export function configDir(override?: string, env: Env = process.env, home: string = homedir()): string {
  if (override !== undefined && override !== '') return resolve(override);
  return join(xdg(env, 'XDG_CONFIG_HOME') ?? join(home, '.config'), APP);
}

/** The user's own corrections list inside a config dir. */
export function userCorrectionsPath(dir: string): string {
  return join(dir, 'corrections.toml');
}

/**
 * Where the control socket lives: $XDG_RUNTIME_DIR/autocorrector. Without
 * that variable (no login session) a per-user dir under the temp dir, which
 * the daemon must create mode 0700.
 */
export function runtimeDir(env: Env = process.env): string {
  const r = xdg(env, 'XDG_RUNTIME_DIR');
  if (r) return join(r, APP);
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return join(tmpdir(), `${APP}-${uid}`);
}

/** Persistent state (stats, learned words): $XDG_STATE_HOME/autocorrector, else ~/.local/state/autocorrector. */
export function stateDir(env: Env = process.env, home: string = homedir()): string {
  return join(xdg(env, 'XDG_STATE_HOME') ?? join(home, '.local', 'state'), APP);
}
