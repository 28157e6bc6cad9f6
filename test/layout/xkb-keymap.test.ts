// Layouts through libxkbcommon: decoding with Shift, Caps Lock and AltGr, the
// reverse map, dead keys, and the engine correcting on a German keyboard.
// Needs libxkbcommon0 + xkb-data (.ci/run installs them); CI never skips.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { typeThrough } from '../../src/drive/type-through.js';
import { typeText } from '../../src/simulate/typist.js';
import { KEY } from '../../src/keymap/keycodes.js';
import type { Keymap } from '../../src/keymap/keymap.js';
import { chooseLayout, commandLayout, parseDefaultKeyboard, parseLocalectl, type SystemSources } from '../../src/layout/layout-source.js';
import { parseLayout } from '../../src/keymap/layout-names.js';
import { xkbKeymap, XkbError } from '../../src/layout/xkb-library.js';
import { Policy } from '../../src/policy/policy.js';
import { keys } from '../support/keys.js';
import { TEST_WORDS, driveKeys, testData, wordSpeller } from '../support/replay.js';

import { skip, unavailable } from '../support/xkb.js';
if (skip) console.warn(`xkb tests skipped: ${unavailable}`);

const load = (layout: string) => xkbKeymap({ rules: '', model: '', options: '', ...parseLayout(layout) });
const L = (shift = false, capsLock = false, altGr = false) => ({ shift, capsLock, altGr });

/** Every character of `text` typed on `km` decodes back to itself. */
function roundTrip(km: Keymap, text: string, caps = false): string {
  let out = '';
  for (const ch of text) {
    const s = km.encode(ch, caps);
    if (s === null) return `cannot type ${ch}`;
    out += km.decode(s.code, L(s.shift, caps, s.altGr));
  }
  return out;
}

describe.skipIf(skip)(`xkb keymaps${skip ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('us: the same as the built-in table, no AltGr level', () => {
    const us = load('us');
    expect(us.name).toBe('us');
    expect(us.decode(KEY.Q, L())).toBe('q');
    expect(us.decode(KEY.Q, L(true))).toBe('Q');
    expect(us.decode(KEY.Q, L(false, true))).toBe('Q');
    expect(us.decode(KEY.Q, L(true, true))).toBe('q');
    expect(us.decode(KEY.N1, L(false, true))).toBe('1');
    expect(us.decode(KEY.ENTER, L())).toBe('\n');
    expect(us.decode(KEY.BACKSPACE, L())).toBeNull();
    expect(us.decode(KEY.LEFT, L())).toBeNull();
    expect(us.levelThreeKeys).not.toContain(KEY.RIGHTALT);
    expect(us.encode("'", false)).toEqual({ code: KEY.APOSTROPHE, shift: false, altGr: false });
    expect(us.encode('é', false)).toBeNull();
  });

  it('de: z/y swapped, umlauts and ß are keys, AltGr gives @ and €, Caps Lock', () => {
    const de = load('de');
    expect(de.decode(KEY.Z, L())).toBe('y');
    expect(de.decode(KEY.Y, L())).toBe('z');
    expect(de.decode(KEY.Y, L(true))).toBe('Z');
    expect(de.decode(KEY.SEMICOLON, L())).toBe('ö');
    expect(de.decode(KEY.APOSTROPHE, L(false, true))).toBe('Ä');
    expect(de.decode(KEY.LEFTBRACE, L(true))).toBe('Ü');
    expect(de.decode(KEY.MINUS, L())).toBe('ß');
    expect(de.decode(KEY.MINUS, L(true))).toBe('?');
    expect(de.levelThreeKeys).toContain(KEY.RIGHTALT);
    expect(de.decode(KEY.Q, L(false, false, true))).toBe('@');
    expect(de.decode(KEY.E, L(false, false, true))).toBe('€');
    // Reverse map: the key and the level that type each character.
    expect(de.encode('y', false)).toEqual({ code: KEY.Z, shift: false, altGr: false });
    expect(de.encode('Z', false)).toEqual({ code: KEY.Y, shift: true, altGr: false });
    expect(de.encode('Z', true)).toEqual({ code: KEY.Y, shift: false, altGr: false });
    expect(de.encode('@', false)).toEqual({ code: KEY.Q, shift: false, altGr: true });
    expect(de.encode("'", false)).toEqual({ code: KEY.BACKSLASH, shift: true, altGr: false });
    expect(de.encode('ü', true)).toEqual({ code: KEY.LEFTBRACE, shift: true, altGr: false });
    expect(roundTrip(de, "Grüße, y'all! {€@}")).toBe("Grüße, y'all! {€@}");
    expect(roundTrip(de, 'Grün', true)).toBe('Grün');
    // Caps Lock turns ß into ẞ and Shift gives ?: no stroke types ß then.
    expect(de.encode('ß', true)).toBeNull();
    // é needs a dead key: ´ (the key right of ß) then e; ^ is the dead circumflex then Space.
    expect(de.encode('é', false)).toEqual({ code: KEY.E, shift: false, altGr: false, dead: { code: KEY.EQUAL, shift: false, altGr: false } });
    expect(de.encode('^', false)).toEqual({ code: KEY.SPACE, shift: false, altGr: false, dead: { code: KEY.GRAVE, shift: false, altGr: false } });
    expect(de.encode('ñ', false)).toBeNull();
    expect(de.deadKey!(KEY.EQUAL, L())).toBe('\u0301');
    expect(de.deadKey!(KEY.GRAVE, L())).toBe('\u0302');
    expect(de.decode(KEY.EQUAL, L())).toBeNull();
  });

  it('fr (azerty): a/q and z/w swapped, digits need Shift, é is a key', () => {
    const fr = load('fr');
    expect(fr.decode(KEY.Q, L())).toBe('a');
    expect(fr.decode(KEY.A, L())).toBe('q');
    expect(fr.decode(KEY.W, L())).toBe('z');
    expect(fr.decode(KEY.SEMICOLON, L())).toBe('m');
    expect(fr.decode(KEY.N2, L())).toBe('é');
    expect(fr.decode(KEY.N2, L(true))).toBe('2');
    expect(fr.decode(KEY.N2, L(false, true))).toBe('É');
    expect(fr.decode(KEY.N0, L(false, false, true))).toBe('@');
    expect(fr.encode('2', false)).toEqual({ code: KEY.N2, shift: true, altGr: false });
    expect(fr.encode('m', false)).toEqual({ code: KEY.SEMICOLON, shift: false, altGr: false });
    expect(fr.deadKey!(KEY.LEFTBRACE, L())).toBe('\u0302');
    expect(roundTrip(fr, 'Déjà vu à 2 €')).toBe('Déjà vu à 2 €');
  });

  it('us(dvorak) and us:dvorak', () => {
    for (const name of ['us(dvorak)', 'us:dvorak']) {
      const dv = load(name);
      expect(dv.name).toBe('us(dvorak)');
      expect(dv.decode(KEY.Q, L())).toBe("'");
      expect(dv.decode(KEY.S, L())).toBe('o');
      expect(dv.decode(KEY.K, L(true))).toBe('T');
      expect(dv.decode(KEY.K, L(false, true))).toBe('T');
      expect(dv.encode('t', false)).toEqual({ code: KEY.K, shift: false, altGr: false });
      expect(roundTrip(dv, 'The quick brown fox.')).toBe('The quick brown fox.');
    }
  });

  it('gb: Shift+2 is ", Shift+3 is £, # has its own key', () => {
    const gb = load('gb');
    expect(gb.decode(KEY.N2, L(true))).toBe('"');
    expect(gb.decode(KEY.N3, L(true))).toBe('£');
    expect(gb.decode(KEY.APOSTROPHE, L(true))).toBe('@');
    expect(gb.decode(KEY.BACKSLASH, L())).toBe('#');
    expect(gb.encode('"', false)).toEqual({ code: KEY.N2, shift: true, altGr: false });
    expect(gb.encode('£', false)).toEqual({ code: KEY.N3, shift: true, altGr: false });
    expect(gb.decode(KEY.N4, L(false, false, true))).toBe('€');
    expect(gb.encode('€', false)).toEqual({ code: KEY.N4, shift: false, altGr: true });
  });

  it('an unknown layout is an XkbError naming it, and commandLayout falls back to US with a warning', () => {
    expect(() => load('nosuchlayout')).toThrow(XkbError);
    expect(() => load('nosuchlayout')).toThrow(/nosuchlayout/);
    const r = commandLayout('nosuchlayout', { layout: '', variant: '', model: '', options: '' });
    expect(r.layout).toBe('us');
    expect(r.warning).toMatch(/nosuchlayout \(from --layout\) cannot be used.*typing as US layout/);
  });
});

describe.skipIf(skip)('the engine on a German keyboard', () => {
  function run(text: string, user: Record<string, string> = {}) {
    const de = load('de');
    const engine = new Engine(de, new Policy(testData({ yuo: 'you', zeor: 'zero', didnt: "didn't", ...user }), wordSpeller(TEST_WORDS)), {});
    const untypable = typeText(text, de).find((step) => 'opaque' in step);
    if (untypable) throw new Error(`cannot type ${JSON.stringify(untypable)}`);
    const r = typeThrough(text, engine);
    return { screen: r.text, edits: r.edits.map((e) => `${e.typed}->${e.text}`) };
  }

  it('teh, yuo (y on the Z key), zeor (z on the Y key), Teh, and didnt -> didn\'t (\' is Shift+# here)', () => {
    const r = run('teh yuo zeor. Teh didnt ');
    expect(r.screen).toBe("the you zero. The didn't ");
    expect(r.edits).toEqual(['teh->the', 'yuo->you', 'zeor->zero', 'Teh->The', "didnt->didn't"]);
  });

  it('umlauts and ß are part of a word: a fix with them is typed, a word with them is judged whole', () => {
    const r = run('grüsse teh. fusse ', { grüsse: 'grüße', fusse: 'Füße' });
    expect(r.screen).toBe('grüße the. Füße ');
  });

  it('a fix with é is typed as the dead key ´ then e; one with ñ (no key, no dead key) is skipped, not garbled', () => {
    expect(run('cafe ', { cafe: 'café' })).toEqual({ screen: 'café ', edits: ['cafe->café'] });
    expect(run('teh nino ', { nino: 'niño' })).toEqual({ screen: 'the nino ', edits: ['teh->the'] });
  });

  it('dead keys end nothing: caf´e composes é, and no correction fires mid-sequence', () => {
    const de = load('de');
    const engine = new Engine(de, new Policy(testData({ café: 'coffee', caf: 'WRONG', te: 'WRONG' }), wordSpeller(TEST_WORDS)), {});
    // ´ is the key right of ß (KEY_EQUAL); ´ then Space types a lone ´, which ends nothing either.
    const acute = [{ code: KEY.EQUAL, value: 1 }, { code: KEY.EQUAL, value: 0 }];
    const stream = [keys('"caf"'), acute, keys('"e" space "t"'), acute, keys('space "e" space')].flat()
      .map((e, i) => ({ ...e, timeMs: i * 10 }));
    const r = driveKeys(stream.filter((item) => 'code' in item), engine);
    const edits = r.edits.map((e) => `${e.typed}->${e.text}`);
    const screen = { text: r.screen };
    expect(edits).toEqual(['café->coffee']);
    expect(screen.text).toBe('coffee t´e ');
  });
});

describe('where the layout comes from', () => {
  const none: SystemSources = { env: {}, readFile: () => null, localectl: () => null };
  const empty = { layout: '', variant: '', model: '', options: '' };

  it('parses us:dvorak and us(dvorak); an explicit variant wins', () => {
    expect(parseLayout('us:dvorak')).toEqual({ layout: 'us', variant: 'dvorak' });
    expect(parseLayout('us(dvorak)')).toEqual({ layout: 'us', variant: 'dvorak' });
    expect(parseLayout('de', 'nodeadkeys')).toEqual({ layout: 'de', variant: 'nodeadkeys' });
    expect(parseLayout('us(dvorak)', 'intl')).toEqual({ layout: 'us', variant: 'intl' });
  });

  it('config.toml first, then XKB_DEFAULT_*, localectl, /etc/default/keyboard, else us', () => {
    const sys: SystemSources = {
      env: { XKB_DEFAULT_LAYOUT: 'fr', XKB_DEFAULT_OPTIONS: 'compose:ralt' },
      localectl: () => '   System Locale: LANG=de_DE.UTF-8\n       VC Keymap: de\n      X11 Layout: de\n       X11 Model: pc105\n     X11 Variant: n/a\n',
      readFile: (p) => (p === '/etc/default/keyboard' ? 'XKBMODEL="pc105"\nXKBLAYOUT="gb,us"\nXKBVARIANT="extd,"\nXKBOPTIONS=""\n' : null),
    };
    expect(chooseLayout({ ...empty, layout: 'us:dvorak' }, sys)).toEqual({
      names: { rules: '', model: '', layout: 'us', variant: 'dvorak', options: '' }, source: 'config.toml',
    });
    expect(chooseLayout(empty, sys)).toEqual({
      names: { rules: '', model: '', layout: 'fr', variant: '', options: 'compose:ralt' }, source: 'XKB_DEFAULT_LAYOUT',
    });
    expect(chooseLayout(empty, { ...sys, env: {} })).toEqual({
      names: { rules: '', model: 'pc105', layout: 'de', variant: '', options: '' }, source: 'localectl',
    });
    expect(chooseLayout(empty, { ...sys, env: {}, localectl: () => null })).toEqual({
      names: { rules: '', model: 'pc105', layout: 'gb,us', variant: 'extd,', options: '' }, source: '/etc/default/keyboard',
    });
    expect(chooseLayout(empty, none).source).toBe('default');
    expect(chooseLayout(empty, none).names.layout).toBe('us');
  });

  it('reads the two system files', () => {
    expect(parseDefaultKeyboard('# c\nXKBLAYOUT=de\nXKBVARIANT=\'nodeadkeys\'\n')).toEqual({ XKBLAYOUT: 'de', XKBVARIANT: 'nodeadkeys' });
    expect(parseLocalectl('X11 Layout: us\nX11 Options: ctrl:nocaps\n')).toEqual({ layout: 'us', options: 'ctrl:nocaps' });
  });
});
