import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_HOTKEY, DEFAULT_SETTINGS, loadSettings, parseChord, parseSettings } from '../../src/config/settings.js';
import { formatError } from '../../src/lists/corrections.js';
import { KEY } from '../../src/keymap/keycodes.js';

const F = '/cfg/config.toml';
const msgs = (errs: { file: string; line: number; message: string }[]) => errs.map(formatError);

describe('parseChord', () => {
  it('parses the default and normalises order and names', () => {
    const r = parseChord(DEFAULT_HOTKEY);
    expect(r).toEqual({ chord: {
      text: 'ctrl+alt+shift+c',
      modifiers: [[KEY.LEFTCTRL, KEY.RIGHTCTRL], [KEY.LEFTALT, KEY.RIGHTALT], [KEY.LEFTSHIFT, KEY.RIGHTSHIFT]],
      key: KEY.C,
    } });
    expect(parseChord(' Super + Control+F12 ')).toMatchObject({ chord: { text: 'ctrl+meta+f12', key: KEY.F12 } });
    expect(parseChord('alt+1')).toMatchObject({ chord: { key: KEY.N1 } });
    expect(parseChord('ctrl+alt+space')).toMatchObject({ chord: { key: KEY.SPACE } });
  });

  it.each([
    ['c', /at least one modifier/],
    ['shift+c', /shift alone/],
    ['ctrl+alt', /no key besides/],
    ['ctrl+a+b', /two non-modifier keys/],
    ['ctrl+ctrl+a', /ctrl twice/],
    ['ctrl+hyper', /unknown key "hyper"/],
    ['ctrl+leftshift', /unknown key/],
    ['ctrl++a', /not a chord/],
    ['', /not a chord/],
    ['ctrl+n1', /unknown key/],
  ])('rejects %j', (text, why) => {
    const r = parseChord(text);
    expect('error' in r && r.error).toMatch(why);
  });
});

describe('parseSettings', () => {
  it('empty text: the defaults', () => {
    expect(parseSettings('', F)).toEqual({ settings: { ...DEFAULT_SETTINGS }, errors: [], warnings: [], parsed: true });
    expect(DEFAULT_SETTINGS).toMatchObject({ mode: 'grab', idleResetSeconds: 10, notifications: false, notifyCorrections: false, notifyShowFix: false, correction: 'list' });
  });

  it('reads every setting', () => {
    const r = parseSettings(`# mine
mode = "snoop"
toggle_hotkey = "meta+alt+k"
idle_reset_seconds = 2.5
notifications = false
notify_corrections = true
notify_show_fix = true
correction = "dictionary"
learn = false
layout = "us(dvorak)"
variant = "intl"
model = "pc105"
options = "compose:ralt,grp:alt_shift_toggle"
languages = ["de", "en"]
terminals = true
unknown_focus = "off"
[apps]
off = ["keepassxc", "org.gnome.*"]
list_only = ["Code"]
`, F);
    expect(r.errors).toEqual([]);
    expect(r.settings).toEqual({
      mode: 'snoop', idleResetSeconds: 2.5, notifications: false, notifyCorrections: true, notifyShowFix: true, correction: 'dictionary', learn: false,
      layout: 'us(dvorak)', variant: 'intl', model: 'pc105', options: 'compose:ralt,grp:alt_shift_toggle', languages: ['de', 'en'],
      toggleHotkey: { text: 'alt+meta+k', modifiers: [[KEY.LEFTALT, KEY.RIGHTALT], [KEY.LEFTMETA, KEY.RIGHTMETA]], key: KEY.K },
      focus: { terminals: true, unknownFocus: 'off', appsOff: ['keepassxc', 'org.gnome.*'], appsListOnly: ['Code'] },
    });
  });

  it('where it corrects: bad values are errors with their line, and leave the rest in force', () => {
    const r = parseSettings(`terminals = "yes"
unknown_focus = "maybe"
[apps]
off = "firefox"
list_only = ["code", ""]
offf = ["x"]
`, F);
    expect(r.errors.map((e) => `${e.line}: ${e.message}`)).toEqual([
      '1: terminals: must be true or false, not a string',
      '2: unknown_focus: must be "correct" or "off", not "maybe"',
      '4: apps.off: must be a list of application names in quotes, e.g. ["firefox", "org.gnome.*"]',
      '5: apps.list_only: must be a list of application names in quotes, e.g. ["firefox", "org.gnome.*"]',
    ]);
    expect(r.warnings.map((e) => `${e.line}: ${e.message}`)).toEqual(['6: unknown setting "apps.offf" is ignored (known: apps.off, apps.list_only)']);
    expect(r.settings.focus).toEqual(DEFAULT_SETTINGS.focus);
  });

  it('bad values: file:line errors, each setting left at its base value, the good ones applied', () => {
    const base = { ...DEFAULT_SETTINGS, mode: 'snoop' as const };
    const r = parseSettings(`notifications = false
mode = "turbo"

toggle_hotkey = "ctrl+alt+what"
idle_reset_seconds = -1
correction = 3
layout = "de; rm -rf"
notify_show_fix = "yes"
learn = "no"
`, F, base);
    expect(r.parsed).toBe(true);
    expect(msgs(r.errors)).toEqual([
      `${F}:2: mode: must be "grab" or "snoop", not "turbo"`,
      `${F}:4: toggle_hotkey: "ctrl+alt+what": unknown key "what" (use names like a, f5, space, enter, 1)`,
      `${F}:5: idle_reset_seconds: must be a number of seconds above 0 and at most 3600`,
      `${F}:6: correction: must be "list" or "dictionary", not a number`,
      `${F}:7: layout: must be an xkb name in quotes, e.g. "de" or "us(dvorak)"`,
      `${F}:8: notify_show_fix: must be true or false, not a string`,
      `${F}:9: learn: must be true or false, not a string`,
    ]);
    expect(r.settings).toEqual({ ...base, notifications: false });
  });

  it('unknown keys: warnings with their line, not errors', () => {
    const r = parseSettings('mode = "grab"\nmdoe = "snoop"\n[tray]\nicon = "x"\n', F);
    expect(r.errors).toEqual([]);
    expect(msgs(r.warnings)).toEqual([
      `${F}:2: unknown setting "mdoe" is ignored (known: mode, toggle_hotkey, idle_reset_seconds, notifications, notify_corrections, notify_show_fix, correction, learn, layout, variant, model, options, languages, terminals, unknown_focus, apps)`,
      `${F}:3: unknown setting "tray" is ignored (known: mode, toggle_hotkey, idle_reset_seconds, notifications, notify_corrections, notify_show_fix, correction, learn, layout, variant, model, options, languages, terminals, unknown_focus, apps)`,
    ]);
  });

  it('not TOML: one error at its line and the base settings whole', () => {
    const base = { ...DEFAULT_SETTINGS, notifications: false };
    const r = parseSettings('mode = "snoop"\nthis is not toml\n', F, base);
    expect(r.parsed).toBe(false);
    expect(r.settings).toEqual(base);
    expect(msgs(r.errors)[0]).toMatch(/^\/cfg\/config\.toml:2: TOML syntax: /);
  });
});

describe('loadSettings', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'ac-settings-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('missing file: defaults, no error', () => {
    expect(loadSettings(dir)).toMatchObject({ settings: DEFAULT_SETTINGS, errors: [], missing: true });
  });

  it('a broken edit keeps the last good settings', () => {
    writeFileSync(join(dir, 'config.toml'), 'mode = "snoop"\n');
    const good = loadSettings(dir);
    expect(good.settings.mode).toBe('snoop');
    writeFileSync(join(dir, 'config.toml'), 'mode = "snoop\n');
    const bad = loadSettings(dir, good.settings);
    expect(bad.settings).toEqual(good.settings);
    expect(formatError(bad.errors[0])).toMatch(/config\.toml:1: /);
  });

  it('bad bytes and directories: errors, never a throw', () => {
    writeFileSync(join(dir, 'config.toml'), Buffer.from([0x23, 0x0a, 0xc3, 0x28]));
    expect(msgs(loadSettings(dir).errors)).toEqual([`${join(dir, 'config.toml')}:2: not valid UTF-8 text`]);
    rmSync(join(dir, 'config.toml'));
    mkdirSync(join(dir, 'config.toml'));
    expect(loadSettings(dir).errors[0].message).toMatch(/not a regular file|directory/);
  });
});
