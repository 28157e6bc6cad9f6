// Which keyboard layout is in force and where that came from: config.toml,
// else the system's settings. Shell module (reads files, runs localectl).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Keymap } from '../keymap/keymap.js';
import { UsKeymap } from '../keymap/us.js';
import { layoutLabel, xkbNames as names, type XkbNames } from '../keymap/layout-names.js';
import { XkbError, xkbKeymap } from './xkb-library.js';

export interface LayoutSettings {
  layout: string;
  variant: string;
  model: string;
  options: string;
}

export interface LayoutChoice {
  names: XkbNames;
  /** Where it came from, as shown by `status`: "config.toml", "localectl", … */
  source: string;
}

export interface SystemSources {
  env: NodeJS.ProcessEnv;
  /** The text of a file, or null when it cannot be read. */
  readFile(path: string): string | null;
  /** `localectl status` output, or null when there is none (no systemd, no D-Bus). */
  localectl(): string | null;
}

/** `/etc/default/keyboard` (Debian's console-setup file): XKBLAYOUT="de" and friends. */
export function parseDefaultKeyboard(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*(XKB[A-Z]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S*))/.exec(line);
    if (m) out[m[1]] = m[2] ?? m[3] ?? m[4] ?? '';
  }
  return out;
}

/** `localectl status`: "X11 Layout: de" and friends. */
export function parseLocalectl(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*X11 (Layout|Model|Variant|Options):\s*(.*?)\s*$/.exec(line);
    if (m) out[m[1].toLowerCase()] = m[2] === 'n/a' ? '' : m[2];
  }
  return out;
}

/**
 * Where the layout is looked for, first found wins (shown by `status`). The
 * environment comes before the system files: XKB_DEFAULT_* in the daemon's
 * environment is an explicit choice for it (and what xkbcommon itself reads).
 */
export const LAYOUT_ORDER = 'config.toml, XKB_DEFAULT_*, localectl, /etc/default/keyboard, us';

/** The layout config.toml names, else the system's; xkb's default (us) when none says. */
export function chooseLayout(settings: LayoutSettings, sys: SystemSources): LayoutChoice {
  if (settings.layout.trim() !== '') {
    return { names: names(settings.layout, settings.variant, settings.model, settings.options), source: 'config.toml' };
  }
  const e = sys.env;
  if (e.XKB_DEFAULT_LAYOUT) {
    return {
      names: names(e.XKB_DEFAULT_LAYOUT, e.XKB_DEFAULT_VARIANT ?? '', e.XKB_DEFAULT_MODEL, e.XKB_DEFAULT_OPTIONS, e.XKB_DEFAULT_RULES),
      source: 'XKB_DEFAULT_LAYOUT',
    };
  }
  const lc = sys.localectl();
  const l = lc === null ? {} : parseLocalectl(lc);
  if (l.layout) return { names: names(l.layout, l.variant ?? '', l.model, l.options), source: 'localectl' };
  const kb = sys.readFile('/etc/default/keyboard');
  const d = kb === null ? {} : parseDefaultKeyboard(kb);
  if (d.XKBLAYOUT) return { names: names(d.XKBLAYOUT, d.XKBVARIANT ?? '', d.XKBMODEL, d.XKBOPTIONS), source: '/etc/default/keyboard' };
  return { names: names('us', ''), source: 'default' };
}

export const realSystem: SystemSources = {
  env: process.env,
  readFile: (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  },
  localectl: () => {
    try {
      // Loaded only here: a daemon whose config.toml names its layout never needs child_process.
      const { execFileSync } = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
      return execFileSync('localectl', ['status'], { encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      return null;
    }
  },
};

export interface LoadedLayout {
  keymap: Keymap;
  /** "de", "us(dvorak)"; "us" for the built-in fallback. */
  layout: string;
  source: string;
  /** Set when the layout could not be built and the US table stands in. */
  warning?: string;
}

/** Builds the chosen layout through libxkbcommon, or falls back to the US table with a warning. */
export function loadLayout(choice: LayoutChoice): LoadedLayout {
  try {
    const keymap = xkbKeymap(choice.names);
    return { keymap, layout: keymap.name, source: choice.source };
  } catch (err) {
    if (!(err instanceof XkbError)) throw err;
    const wanted = layoutLabel(choice.names);
    return {
      keymap: new UsKeymap(),
      layout: 'us',
      source: 'built-in table',
      warning: `keyboard layout ${wanted} (from ${choice.source}) cannot be used: ${err.message}; typing as US layout`,
    };
  }
}

/**
 * The layout for a command: `flag` (e.g. try's --layout "us:dvorak") if
 * given, else config.toml's in `configDir`, else the system's.
 */
export function commandLayout(flag: string | undefined, settings: LayoutSettings, sys: SystemSources = realSystem): LoadedLayout {
  const choice = flag !== undefined && flag.trim() !== ''
    ? { names: names(flag, ''), source: '--layout' }
    : chooseLayout(settings, sys);
  return loadLayout(choice);
}
