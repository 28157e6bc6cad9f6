// config.toml: the user's settings. A pure parser (text → settings + problems
// with file:line) and a loader that keeps the last good settings when the file
// is broken, like the corrections lists do.
//
//   mode = "grab"                      # or "snoop"
//   toggle_hotkey = "ctrl+alt+shift+c" # a chord: modifiers + one key
//   idle_reset_seconds = 10            # a pause this long starts a new word
//   notifications = false              # desktop notifications from the tray (opt-in)
//   notify_corrections = false         # ...also one per correction (rate-limited)
//   notify_show_fix = false            # ...showing "teh → the" (only then does the
//                                      #    daemon put words in its socket's events)
//   correction = "list"                # or "dictionary"
//   learn = true                       # learn words you keep typing (learned.txt, 0600)
//   layout = "de"                      # xkb layout ("us:dvorak", "us(dvorak)"); with
//   variant = "", model = "", options = ""  # unset: the system's layout
//   languages = ["de", "en"]           # unset: the session's locale (see languages.ts)
//   terminals = false                  # correct in terminals too
//   unknown_focus = "correct"          # or "off": where nothing says what has the focus
//   [apps]                             # matched against app id, WM_CLASS or AT-SPI name
//   off = ["keepassxc", "org.gnome.*"] #   never corrected in (globs, any case)
//   list_only = ["code"]               #   lists only: no dictionary, nothing learnt
import { join } from 'node:path';
import { parse, TomlError } from 'smol-toml';
import { KEY } from '../keymap/keycodes.js';
import { decodeUtf8File } from '../text/decode.js';
import { KeyLines } from '../text/key-lines.js';
import type { LineError } from '../text/line-error.js';
import { readSmallFile } from '../files/read-small-file.js';
import { parseLanguagesSetting, type Language } from './languages.js';
import { DEFAULT_FOCUS_SETTINGS, type FocusSettings } from '../policy/focus-rule.js';

export const SETTINGS_FILE = 'config.toml';

export function settingsPath(dir: string): string {
  return join(dir, SETTINGS_FILE);
}

export interface Chord {
  /** As written in the file, normalised: "ctrl+alt+shift+c". */
  text: string;
  /** Modifier keys, each satisfied by either side (e.g. [LEFTCTRL, RIGHTCTRL]). */
  modifiers: number[][];
  /** The one non-modifier key. */
  key: number;
}

export interface Settings {
  mode: 'grab' | 'snoop';
  toggleHotkey: Chord;
  idleResetSeconds: number;
  notifications: boolean;
  notifyCorrections: boolean;
  /** Correction notifications show the typed word and its fix (opt-in: words are private). */
  notifyShowFix: boolean;
  correction: 'list' | 'dictionary';
  /** Learn the words the user keeps typing that no list knows (learned.txt). */
  learn: boolean;
  /** xkb names; layout '' means the system's layout. */
  layout: string;
  variant: string;
  model: string;
  options: string;
  /** config.toml's `languages`; null means: from the session's locale. */
  languages: Language[] | null;
  /** Where corrections act: terminals, per-app rules, unknown focus (focus-rule.ts). */
  focus: FocusSettings;
}

// Ctrl+Alt+Shift+C: no common desktop application or environment binds it
// (Ctrl+Shift+C is a terminal's copy; the extra Alt keeps clear of it).
export const DEFAULT_HOTKEY = 'ctrl+alt+shift+c';

const MODIFIERS: Record<string, number[]> = {
  ctrl: [KEY.LEFTCTRL, KEY.RIGHTCTRL],
  control: [KEY.LEFTCTRL, KEY.RIGHTCTRL],
  alt: [KEY.LEFTALT, KEY.RIGHTALT],
  shift: [KEY.LEFTSHIFT, KEY.RIGHTSHIFT],
  meta: [KEY.LEFTMETA, KEY.RIGHTMETA],
  super: [KEY.LEFTMETA, KEY.RIGHTMETA],
  win: [KEY.LEFTMETA, KEY.RIGHTMETA],
};
// Canonical spelling and order in `Chord.text`.
const MODIFIER_ORDER = ['ctrl', 'alt', 'shift', 'meta'];
const MODIFIER_CANON: Record<string, string> = { control: 'ctrl', super: 'meta', win: 'meta' };

// Friendlier names for keys whose KEY name is a code ("N1") or a symbol.
const KEY_ALIASES: Record<string, number> = {
  '0': KEY.N0, '1': KEY.N1, '2': KEY.N2, '3': KEY.N3, '4': KEY.N4,
  '5': KEY.N5, '6': KEY.N6, '7': KEY.N7, '8': KEY.N8, '9': KEY.N9,
  esc: KEY.ESC, escape: KEY.ESC, return: KEY.ENTER, space: KEY.SPACE,
  '-': KEY.MINUS, '=': KEY.EQUAL, '[': KEY.LEFTBRACE, ']': KEY.RIGHTBRACE,
  ';': KEY.SEMICOLON, '\'': KEY.APOSTROPHE, '`': KEY.GRAVE, '\\': KEY.BACKSLASH,
  ',': KEY.COMMA, '.': KEY.DOT, '/': KEY.SLASH, pause: 119,
};

function keyCode(name: string): number | undefined {
  if (name in KEY_ALIASES) return KEY_ALIASES[name];
  const upper = name.toUpperCase();
  if (/^N\d$/.test(upper)) return undefined; // write digits as digits
  const code = (KEY as Record<string, number>)[upper];
  // A modifier by side ("leftctrl") is not a chord's key.
  if (code !== undefined && Object.values(MODIFIERS).some((codes) => codes.includes(code))) return undefined;
  return code;
}

/** Parses "ctrl+alt+shift+c". Needs at least one modifier and exactly one other key. */
export function parseChord(text: string): { chord: Chord } | { error: string } {
  const parts = text.trim().toLowerCase().split(/\s*\+\s*/);
  if (parts.some((p) => p === '')) return { error: `"${text}" is not a chord: write modifiers and a key joined by +, e.g. "${DEFAULT_HOTKEY}"` };
  const mods = new Set<string>();
  let key: { name: string; code: number } | null = null;
  for (const p of parts) {
    if (p in MODIFIERS) {
      const canon = MODIFIER_CANON[p] ?? p;
      if (mods.has(canon)) return { error: `"${text}" names ${canon} twice` };
      mods.add(canon);
      continue;
    }
    const code = keyCode(p);
    if (code === undefined) return { error: `"${text}": unknown key "${p}" (use names like a, f5, space, enter, 1)` };
    if (key !== null) return { error: `"${text}" has two non-modifier keys ("${key.name}" and "${p}"); a chord is modifiers plus one key` };
    key = { name: p, code };
  }
  if (key === null) return { error: `"${text}" has no key besides the modifiers` };
  if (mods.size === 0) return { error: `"${text}" needs at least one modifier (ctrl, alt, shift, meta): a plain key would be taken from your typing` };
  // A chord of only Shift and a typing key would fire while typing capitals.
  if (mods.size === 1 && mods.has('shift')) return { error: `"${text}": shift alone is pressed while typing; add ctrl, alt or meta` };
  const ordered = MODIFIER_ORDER.filter((m) => mods.has(m));
  return {
    chord: {
      text: [...ordered, key.name].join('+'),
      modifiers: ordered.map((m) => [...MODIFIERS[m]]),
      key: key.code,
    },
  };
}

function defaultChord(): Chord {
  const r = parseChord(DEFAULT_HOTKEY);
  if ('error' in r) throw new Error(r.error);
  return r.chord;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  mode: 'grab',
  toggleHotkey: defaultChord(),
  idleResetSeconds: 10,
  // Opt-in: a notification is an interruption the user did not ask for.
  notifications: false,
  notifyCorrections: false,
  notifyShowFix: false,
  correction: 'list',
  learn: true,
  layout: '',
  variant: '',
  model: '',
  options: '',
  languages: null,
  focus: DEFAULT_FOCUS_SETTINGS,
});

// The longest idle reset that still means something (an hour).
const MAX_IDLE_RESET_SECONDS = 3600;

export interface ParsedSettings {
  /** `base` with every good value from the file applied. */
  settings: Settings;
  /** Bad values: each one left at its `base` value. */
  errors: LineError[];
  /** Unknown keys: ignored. */
  warnings: LineError[];
  /** False when the text as a whole is not TOML (then `settings` is `base`). */
  parsed: boolean;
}

function typeName(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Date) return 'a date';
  if (v !== null && typeof v === 'object') return 'a table';
  return typeof v === 'string' ? 'a string' : typeof v === 'boolean' ? 'true/false' : 'a number';
}

/**
 * Parses config.toml's text over `base` (the defaults, or the last good
 * settings). Never throws.
 */
export function parseSettings(text: string, file: string, base: Readonly<Settings> = DEFAULT_SETTINGS): ParsedSettings {
  const settings: Settings = { ...base };
  const errors: LineError[] = [];
  const warnings: LineError[] = [];
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (err) {
    const line = err instanceof TomlError ? err.line : 1;
    const gist = err instanceof Error ? err.message.split('\n')[0].replace(/^Invalid TOML document:\s*/, '') : String(err);
    errors.push({ file, line, message: `TOML syntax: ${gist}` });
    return { settings, errors, warnings, parsed: false };
  }
  const lines = new KeyLines(text.split(/\r?\n/));
  const bad = (key: string, message: string) => errors.push({ file, line: lines.lineOf(key), message: `${key}: ${message}` });
  const oneOf = <T extends string>(key: string, v: unknown, allowed: readonly T[]): T | undefined => {
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    bad(key, `must be ${allowed.map((a) => `"${a}"`).join(' or ')}, not ${typeof v === 'string' ? JSON.stringify(v) : typeName(v)}`);
    return undefined;
  };

  for (const [key, v] of Object.entries(doc)) {
    switch (key) {
      case 'mode': {
        const m = oneOf(key, v, ['grab', 'snoop'] as const);
        if (m) settings.mode = m;
        break;
      }
      case 'correction': {
        const c = oneOf(key, v, ['list', 'dictionary'] as const);
        if (c) settings.correction = c;
        break;
      }
      case 'toggle_hotkey': {
        if (typeof v !== 'string') {
          bad(key, `must be a chord in quotes, e.g. "${DEFAULT_HOTKEY}", not ${typeName(v)}`);
          break;
        }
        const r = parseChord(v);
        if ('error' in r) bad(key, r.error);
        else settings.toggleHotkey = r.chord;
        break;
      }
      case 'idle_reset_seconds': {
        const n = typeof v === 'bigint' ? Number(v) : v;
        if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0 || n > MAX_IDLE_RESET_SECONDS) {
          bad(key, `must be a number of seconds above 0 and at most ${MAX_IDLE_RESET_SECONDS}`);
        } else {
          settings.idleResetSeconds = n;
        }
        break;
      }
      case 'notifications':
        if (typeof v === 'boolean') settings.notifications = v;
        else bad(key, `must be true or false, not ${typeName(v)}`);
        break;
      case 'layout':
      case 'variant':
      case 'model':
      case 'options':
        // xkb names: letters, digits and _ - : ( ) , + only.
        if (typeof v === 'string' && /^[\w\-:(),+ ]*$/.test(v)) settings[key] = v.trim();
        else bad(key, `must be an xkb name in quotes, e.g. ${key === 'layout' ? '"de" or "us(dvorak)"' : key === 'options' ? '"compose:ralt"' : '"nodeadkeys"'}`);
        break;
      case 'languages': {
        const r = parseLanguagesSetting(v);
        if ('error' in r) bad(key, r.error);
        else settings.languages = r.languages;
        break;
      }
      case 'notify_corrections':
        if (typeof v === 'boolean') settings.notifyCorrections = v;
        else bad(key, `must be true or false, not ${typeName(v)}`);
        break;
      case 'learn':
        if (typeof v === 'boolean') settings.learn = v;
        else bad(key, `must be true or false, not ${typeName(v)}`);
        break;
      case 'terminals':
        if (typeof v === 'boolean') settings.focus = { ...settings.focus, terminals: v };
        else bad(key, `must be true or false, not ${typeName(v)}`);
        break;
      case 'unknown_focus': {
        const u = oneOf(key, v, ['correct', 'off'] as const);
        if (u) settings.focus = { ...settings.focus, unknownFocus: u };
        break;
      }
      case 'apps':
        parseApps(v, (k, message) => errors.push({ file, line: lines.lineOf(k), message: `apps.${k}: ${message}` }),
          (k, message) => warnings.push({ file, line: lines.lineOf(k), message }), settings);
        break;
      case 'notify_show_fix':
        if (typeof v === 'boolean') settings.notifyShowFix = v;
        else bad(key, `must be true or false, not ${typeName(v)}`);
        break;
      default:
        warnings.push({ file, line: lines.lineOf(key), message: `unknown setting ${JSON.stringify(key)} is ignored (known: mode, toggle_hotkey, idle_reset_seconds, notifications, notify_corrections, notify_show_fix, correction, learn, layout, variant, model, options, languages, terminals, unknown_focus, apps)` });
    }
  }
  return { settings, errors, warnings, parsed: true };
}

/** `[apps]`: `off` and `list_only`, each a list of app names or globs. */
function parseApps(
  v: unknown,
  bad: (key: string, message: string) => void,
  warn: (key: string, message: string) => void,
  settings: Settings,
): void {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Date) {
    bad('apps', `must be a table ([apps] with off = [...] and list_only = [...]), not ${typeName(v)}`);
    return;
  }
  for (const [k, list] of Object.entries(v as Record<string, unknown>)) {
    if (k !== 'off' && k !== 'list_only') {
      warn(k, `unknown setting "apps.${k}" is ignored (known: apps.off, apps.list_only)`);
      continue;
    }
    if (!Array.isArray(list) || list.some((g) => typeof g !== 'string' || g.trim() === '')) {
      bad(k, 'must be a list of application names in quotes, e.g. ["firefox", "org.gnome.*"]');
      continue;
    }
    const globs = list.map((g: string) => g.trim());
    settings.focus = { ...settings.focus, [k === 'off' ? 'appsOff' : 'appsListOnly']: globs };
  }
}

export interface SettingsLoad extends ParsedSettings {
  /** No config.toml: the defaults (or `base`), no errors. */
  missing: boolean;
}

/**
 * Reads `<dir>/config.toml` over `base`. A file that cannot be read or parsed
 * leaves `base` whole (pass the last good settings when reloading); a bad
 * value leaves that one setting at its `base` value.
 */
export function loadSettings(dir: string, base: Readonly<Settings> = DEFAULT_SETTINGS): SettingsLoad {
  const file = settingsPath(dir);
  const fail = (message: string, line = 0): SettingsLoad =>
    ({ settings: { ...base }, errors: [{ file, line, message }], warnings: [], parsed: false, missing: false });
  let bytes: Buffer;
  try {
    bytes = readSmallFile(file, 1024 * 1024, 'larger than 1 MiB; is this the right file?');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { settings: { ...base }, errors: [], warnings: [], parsed: true, missing: true };
    return fail(`cannot read: ${code === 'EACCES' ? 'permission denied' : (err as Error).message}`);
  }
  const decoded = decodeUtf8File(bytes, file);
  if ('error' in decoded) return fail(decoded.error.message, decoded.error.line);
  return { ...parseSettings(decoded.text, file, base), missing: false };
}
