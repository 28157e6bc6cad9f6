// What the daemon answers to each control command (the `data` of an ok
// reply, see protocol.ts). The daemon builds them; the CLI and the tray read
// them. Counts only: no reply ever carries a typed word except `test-screen`
// (tests only) and correction events the user opted into.
import type { CorrectionSource } from '../engine/types.js';

/** `ping` */
export interface PingData {
  pid: number;
}

/** `enable`, `disable`, `toggle` */
export interface EnabledData {
  enabled: boolean;
}

/** `reload` */
export interface ReloadData {
  problems: string[];
  lists: { user: number; default: number; ignored: number };
}

/** The keyboard layout in force: "de", and where it came from ("config.toml", "localectl", …). */
export interface LayoutStatus {
  name: string;
  source: string;
}

/** One input device as `devices` lists it. */
export interface KeyboardState {
  path: string;
  name: string;
  keyboard: boolean;
  pointer: boolean;
  state: 'reading' | 'grabbed' | 'error';
  error?: string;
}

/** `devices` */
export interface DevicesData {
  devices: KeyboardState[];
}

/** `status` */
export interface StatusData {
  pid: number;
  enabled: boolean;
  mode: 'grab' | 'snoop';
  uptimeSec: number;
  keyboards: { name: string; path: string }[];
  lists: { user: number; default: number; ignored: number };
  userFile: string;
  problems: string[];
  autoIgnored: string[];
  layout: LayoutStatus;
  /** The active languages and where they came from. */
  languages: { codes: string[]; source: string; unsupported: string[] };
  /** Connections subscribed to correction events. */
  subscribers: number;
  /** What has the focus (role and app, never text) and the rule in force there. */
  focus?: FocusStatus;
  /** The login session the daemon follows, or why it follows none. */
  session?: SessionStatus;
}

export interface FocusStatus {
  /** What follows the focus ("atspi"), or null with why nothing does. */
  follower: string | null;
  why?: string;
  /** What follows the focused window too ("sway"), when anything does. */
  windows?: string;
  app: string | null;
  /** The focused window's app id or class, as the compositor says. */
  window?: string;
  role: 'password' | 'terminal' | 'text' | 'entry' | 'other' | 'unknown';
  /** The rule in force (focus-rule.ts's RuleName). */
  rule: string;
  /** False while a rule pauses corrections here. */
  correcting: boolean;
}

export interface SessionStatus {
  /** logind's session id, or null when logind is not followed. */
  id: string | null;
  active: boolean;
  why?: string;
}

export type BySource = Record<CorrectionSource, number>;

export interface Counts {
  wordsSeen: number;
  corrections: BySource;
  reverted: BySource;
}

/** `stats` */
export interface StatsData {
  since: string;
  session: Counts;
  total: Counts;
  /** This run: how often each pausing focus rule came into force (counts by rule, never by app). */
  pauses?: Record<string, number>;
}

/** `test-screen` (tests only) */
export interface TestScreenData {
  text: string;
  /** Shortcut presses (Ctrl/Alt/Super chords) the stand-in application received. */
  shortcuts: number;
}
