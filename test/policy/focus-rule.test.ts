import { describe, expect, it } from 'vitest';
import { DEFAULT_FOCUS_SETTINGS, globMatches, ruleFor, type Focus, type FocusSettings } from '../../src/policy/focus-rule.js';

const at = (role: Focus['role'], app: string | null = 'gedit', extra: Partial<Focus> = {}): Focus => ({ app, role, source: 'atspi', ...extra });
const with_ = (s: Partial<FocusSettings>): FocusSettings => ({ ...DEFAULT_FOCUS_SETTINGS, ...s });

describe('ruleFor', () => {
  it('a password field is never corrected, whatever the settings say', () => {
    const everything = with_({ terminals: true, appsListOnly: ['*'], unknownFocus: 'correct' });
    expect(ruleFor(at('password'), everything)).toEqual({ scope: 'password', rule: 'password' });
    expect(ruleFor(at('password', 'xterm'), everything).scope).toBe('password');
  });

  it('text, entries and other widgets are corrected by default', () => {
    for (const role of ['text', 'entry', 'other'] as const) expect(ruleFor(at(role), DEFAULT_FOCUS_SETTINGS)).toEqual({ scope: 'all', rule: 'correct' });
  });

  it('terminals (by role, or by a known terminal app) are off unless terminals = true', () => {
    expect(ruleFor(at('terminal', 'my-vte-app'), DEFAULT_FOCUS_SETTINGS)).toEqual({ scope: 'off', rule: 'terminal' });
    expect(ruleFor(at('unknown', 'Alacritty', { source: 'compositor' }), DEFAULT_FOCUS_SETTINGS).rule).toBe('terminal');
    expect(ruleFor(at('other', 'org.gnome.Terminal'), DEFAULT_FOCUS_SETTINGS).rule).toBe('terminal');
    expect(ruleFor(at('terminal'), with_({ terminals: true }))).toEqual({ scope: 'all', rule: 'correct' });
  });

  it('[apps] off and list_only match app names as case-insensitive globs', () => {
    const s = with_({ appsOff: ['keepass*', 'org.gnome.Calculator'], appsListOnly: ['code'] });
    expect(ruleFor(at('text', 'KeePassXC'), s)).toEqual({ scope: 'off', rule: 'app-off' });
    expect(ruleFor(at('entry', 'org.gnome.calculator'), s).rule).toBe('app-off');
    expect(ruleFor(at('text', 'Code'), s)).toEqual({ scope: 'list-only', rule: 'app-list-only' });
    expect(ruleFor(at('text', 'codeblocks'), s).rule).toBe('correct');
    // An off-listed terminal with terminals = true stays off.
    expect(ruleFor(at('terminal', 'keepassxc'), with_({ ...s, terminals: true })).rule).toBe('app-off');
  });

  it('the compositor\'s window name counts as much as the AT-SPI app name', () => {
    const s = with_({ appsOff: ['org.gnome.*'] });
    expect(ruleFor({ app: 'gedit', role: 'text', source: 'atspi', window: 'org.gnome.gedit' }, s).rule).toBe('app-off');
    expect(ruleFor({ app: null, role: 'unknown', source: 'none', window: 'Alacritty' }, DEFAULT_FOCUS_SETTINGS).rule).toBe('terminal');
    // A password field stays a password field whatever window the compositor names.
    expect(ruleFor({ app: 'x', role: 'password', source: 'atspi', window: 'org.gnome.gedit' }, s).rule).toBe('password');
  });

  it('an unknown focus follows unknown_focus; a focus whose role is being asked is paused', () => {
    const none: Focus = { app: null, role: 'unknown', source: 'none' };
    expect(ruleFor(none, DEFAULT_FOCUS_SETTINGS).rule).toBe('correct');
    expect(ruleFor(none, with_({ unknownFocus: 'off' }))).toEqual({ scope: 'off', rule: 'unknown-off' });
    expect(ruleFor(at('unknown', 'firefox', { source: 'compositor' }), with_({ unknownFocus: 'off' })).rule).toBe('unknown-off');
    expect(ruleFor(at('unknown', 'gedit', { pending: true }), DEFAULT_FOCUS_SETTINGS)).toEqual({ scope: 'off', rule: 'pending' });
  });
});

describe('globMatches', () => {
  it.each([
    ['firefox', 'Firefox', true], ['fire*', 'firefox-esr', true], ['*fox', 'firefox', true], ['f?refox', 'firefox', true],
    ['org.*.terminal', 'org.gnome.Terminal', true], ['firefox', 'firefox-esr', false], ['*a*b', 'aXbXc', false], ['', 'x', false], ['*', '', true],
  ])('%s ~ %s: %s', (glob, name, want) => {
    expect(globMatches(glob, name)).toBe(want);
  });
});
