// Where corrections may act, from what has the keyboard focus (issue 15).
// Pure: the focus comes from a follower in the shell (AT-SPI, the
// compositor), the settings from config.toml.

/** What kind of widget has the focus, as far as anything told us. */
export type FocusRole = 'password' | 'terminal' | 'text' | 'entry' | 'other' | 'unknown';

export interface Focus {
  /** Application name, app id or WM_CLASS; null when nothing said. */
  app: string | null;
  role: FocusRole;
  /** Who told us: the accessibility bus, the compositor, or nobody. */
  source: 'atspi' | 'compositor' | 'none';
  /** The focused window's app id or class, as the compositor says (sway/i3 IPC). */
  window?: string | null;
  /** A focus change was seen and its role is still being asked for. */
  pending?: boolean;
}

export const NO_FOCUS: Focus = Object.freeze({ app: null, role: 'unknown', source: 'none' });

export interface FocusSettings {
  /** Correct in terminals too (off by default: shells, passwords at prompts, commands). */
  terminals: boolean;
  /** Applications never corrected in (globs, case-insensitive). */
  appsOff: readonly string[];
  /** Applications corrected from the lists only (no dictionary, no learning). */
  appsListOnly: readonly string[];
  /** Where nothing tells us what has the focus. */
  unknownFocus: 'correct' | 'off';
}

export const DEFAULT_FOCUS_SETTINGS: Readonly<FocusSettings> = Object.freeze({
  terminals: false,
  appsOff: [],
  appsListOnly: [],
  unknownFocus: 'correct',
});

/** How far the engine may act. */
export type Scope = 'all' | 'list-only' | 'off' | 'password';

/** The rule in force: its name is shown by `status` and counted by stats (never the app). */
export type RuleName = 'password' | 'pending' | 'terminal' | 'app-off' | 'app-list-only' | 'unknown-off' | 'correct';

export interface RuleInForce {
  scope: Scope;
  rule: RuleName;
}

// App ids, WM_CLASSes and AT-SPI names of terminals whose widget may not say
// it is one (a terminal drawn by its own toolkit exports no terminal role).
const TERMINAL_APPS = [
  'xterm', 'uxterm', 'urxvt', 'rxvt*', 'st', 'st-256color', 'alacritty', 'kitty', 'foot', 'footclient',
  'wezterm*', 'org.wezfurlong.wezterm', 'ghostty', 'com.mitchellh.ghostty', 'konsole', 'org.kde.konsole',
  'gnome-terminal*', 'org.gnome.terminal', 'org.gnome.console', 'kgx', 'org.gnome.ptyxis', 'ptyxis',
  'xfce4-terminal', 'tilix', 'com.gexperts.tilix', 'terminator', 'lxterminal', 'mate-terminal',
  'qterminal', 'terminology', 'sakura', 'guake', 'yakuake', 'tilda', 'cool-retro-term', 'contour', 'rio',
];

/** Case-insensitive glob: * any run, ? one character; nothing else is special. */
export function globMatches(glob: string, name: string): boolean {
  const g = glob.toLowerCase();
  const s = name.toLowerCase();
  // Iterative match with one backtrack point per star: linear enough for app names.
  let gi = 0, si = 0, star = -1, mark = 0;
  while (si < s.length) {
    if (gi < g.length && (g[gi] === '?' || g[gi] === s[si])) { gi++; si++; }
    else if (gi < g.length && g[gi] === '*') { star = gi++; mark = si; }
    else if (star >= 0) { gi = star + 1; si = ++mark; }
    else return false;
  }
  while (gi < g.length && g[gi] === '*') gi++;
  return gi === g.length;
}

/** Whether a glob matches the app as AT-SPI names it or as the compositor does. */
function anyMatches(globs: readonly string[], focus: Focus): boolean {
  for (const name of [focus.app, focus.window]) {
    if (name && globs.some((g) => globMatches(g, name))) return true;
  }
  return false;
}

export function isTerminal(focus: Focus): boolean {
  return focus.role === 'terminal' || anyMatches(TERMINAL_APPS, focus);
}

/**
 * The rule for a focus. A password field wins over every setting; then the
 * user's per-app lists, then terminals, then an unknown focus.
 */
export function ruleFor(focus: Focus, s: Readonly<FocusSettings>): RuleInForce {
  if (focus.role === 'password') return { scope: 'password', rule: 'password' };
  // A new focus whose role is not known yet may be a password field.
  if (focus.pending) return { scope: 'off', rule: 'pending' };
  if (anyMatches(s.appsOff, focus)) return { scope: 'off', rule: 'app-off' };
  if (isTerminal(focus) && !s.terminals) return { scope: 'off', rule: 'terminal' };
  if (anyMatches(s.appsListOnly, focus)) return { scope: 'list-only', rule: 'app-list-only' };
  // Nothing says what the widget is (no accessibility bus, or an app that exports nothing).
  if (focus.role === 'unknown' && s.unknownFocus === 'off') return { scope: 'off', rule: 'unknown-off' };
  return { scope: 'all', rule: 'correct' };
}
