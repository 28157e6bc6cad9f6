// xkb options the tracker must follow: group switches of multi-layout
// keymaps ("us,de" + grp:…) and options that move Caps Lock (ctrl:nocaps,
// caps:escape). Keys are physical (US names): on the German group the Z key
// types y. Needs libxkbcommon0 + xkb-data, like xkb-keymap.test.ts.
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { editKeystrokes } from '../../src/inject/keystrokes.js';
import { EV_KEY, KEY } from '../../src/keymap/keycodes.js';
import { Role } from '../../src/keymap/key-roles.js';
import { xkbKeymap } from '../../src/layout/xkb-library.js';
import { Policy } from '../../src/policy/policy.js';
import { keys } from '../support/keys.js';
import { TEST_WORDS, driveKeys, testData, wordSpeller } from '../support/replay.js';

import { skip, unavailable } from '../support/xkb.js';

const load = (layout: string, options: string) => xkbKeymap({ rules: '', model: '', layout, variant: '', options });

/** Feeds a key script to an engine and a screen on `layout`: what the screen shows and which edits were made. */
function run(layout: string, options: string, script: string, capsLock = false) {
  const km = load(layout, options);
  const engine = new Engine(km, new Policy(testData({ yuo: 'you', zeor: 'zero', nino: 'niño', grun: 'grün' }), wordSpeller(TEST_WORDS)), {});
  engine.setCapsLock(capsLock);
  const r = driveKeys(keys(script), engine, (kb) => { if (capsLock) kb.screen.key(KEY.CAPSLOCK, 1); });
  return { screen: r.screen, edits: r.edits.map((e) => `${e.typed}->${e.text}`), group: engine.tracker.group, caps: engine.tracker.capsLock };
}

describe.skipIf(skip)(`group switching ("us,de")${skip ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('grp:alt_shift_toggle: Shift then Alt, or Alt then Shift, switches; keys decode and fixes type in the new group', () => {
    // us: the Z key types z. Then Shift+Alt: de, where the Z key types y and the Y key z.
    const r = run('us,de', 'grp:alt_shift_toggle', '"zeor " d:lshift d:lalt u:lalt u:lshift "zuo yeor " d:lalt d:lshift u:lshift u:lalt "zeor "');
    expect(r.screen).toBe('zero you zero zero ');
    expect(r.edits).toEqual(['zeor->zero', 'yuo->you', 'zeor->zero', 'zeor->zero']);
    expect(r.group).toBe(0);
  });

  it('grp:alt_shift_toggle: Shift alone and Alt alone do not switch; Shift held after the switch is no Shift', () => {
    const once = run('us,de', 'grp:alt_shift_toggle', 'd:lshift u:lshift d:lalt u:lalt "zuo "');
    expect(once.group).toBe(0);
    expect(once.screen).toBe('zuo ');
    // Alt then Shift: Shift acted as the group switch, so the letter after (Alt released) is lower case.
    const held = run('us,de', 'grp:alt_shift_toggle', 'd:lalt d:lshift u:lalt "zuo" u:lshift space');
    expect(held.group).toBe(1);
    expect(held.screen).toBe('you ');
  });

  it('grp:win_space_toggle: Super+Space switches and types nothing; Space alone is a space', () => {
    const r = run('us,de', 'grp:win_space_toggle', 'd:lmeta space u:lmeta "zuo " d:lmeta space u:lmeta "zuo "');
    expect(r.screen).toBe('you zuo ');
    expect(r.edits).toEqual(['yuo->you']);
  });

  it('grp:caps_toggle: Caps Lock switches groups, Shift+Caps Lock is Caps Lock', () => {
    const r = run('us,de', 'grp:caps_toggle', 'caps "zuo " d:lshift caps u:lshift "zuo "');
    expect(r.group).toBe(1);
    expect(r.caps).toBe(true);
    expect(r.screen).toBe('you YOU ');
  });

  it('a fix the active group cannot type is skipped even when another group could (ü on us)', () => {
    expect(run('us,de', 'grp:alt_shift_toggle', '"grun "').edits).toEqual([]);
    // On de, ü is the [ key.
    const de = run('us,de', 'grp:alt_shift_toggle', 'd:lshift d:lalt u:lalt u:lshift "grun "');
    expect(de).toMatchObject({ screen: 'grün ', edits: ['grun->grün'] });
  });

  it('editKeystrokes types in the group it is given', () => {
    const km = load('us,de', 'grp:alt_shift_toggle');
    const edit = { kind: 'correction' as const, erase: 0, text: 'y@', typed: '', fix: 'y@', source: 'default' as const };
    const downs = (ev: number[]) => ev.filter((_, i) => i % 3 === 1 && ev[i - 1] === EV_KEY && ev[i + 1] === 1);
    expect(downs(editKeystrokes(edit, km, false, [], 0)!)).toEqual([KEY.Y, KEY.LEFTSHIFT, KEY.N2]);
    expect(downs(editKeystrokes(edit, km, false, [], 1)!)).toEqual([KEY.Z, KEY.RIGHTALT, KEY.Q]);
  });
});

describe.skipIf(skip)('options that move Caps Lock', () => {
  it('the compiled roles: ctrl:nocaps makes Caps a Control key, caps:escape an Escape, caps:none nothing', () => {
    expect(load('us', '').role(KEY.CAPSLOCK, 0, 0)).toBe(Role.CapsLock);
    expect(load('us', 'ctrl:nocaps').role(KEY.CAPSLOCK, 0, 0)).toBe(Role.Control);
    expect(load('us', 'ctrl:swapcaps').role(KEY.LEFTCTRL, 0, 0)).toBe(Role.CapsLock);
    expect(load('us', 'caps:escape').role(KEY.CAPSLOCK, 0, 0)).toBe(Role.None);
    expect(load('us', 'caps:none').role(KEY.CAPSLOCK, 0, 0)).toBe(Role.Inert);
    expect(load('us', 'caps:backspace').role(KEY.CAPSLOCK, 0, 0)).toBe(Role.Backspace);
  });

  it('ctrl:nocaps: the Caps key does not toggle case; Caps+letter is a Control chord', () => {
    const r = run('us', 'ctrl:nocaps', 'caps "yuo " d:caps "u" u:caps "yuo "');
    expect(r.caps).toBe(false);
    expect(r.screen).toBe('you you ');
  });

  it('ctrl:swapcaps: Left Control is the Caps Lock', () => {
    const r = run('us', 'ctrl:swapcaps', 'lctrl "yuo "');
    expect(r.caps).toBe(true);
    expect(r.screen).toBe('YOU ');
  });

  it('caps:escape: the Caps key is Escape, which forgets the word as Escape does', () => {
    const esc = run('us', '', '"yuo" esc " yuo" esc " "');
    expect(esc.edits).toEqual([]);
    const r = run('us', 'caps:escape', '"yuo" caps " yuo" caps " yuo "');
    expect(r.caps).toBe(false);
    expect(r.edits).toEqual(['yuo->you']);
    expect(r.screen).toBe('yuo yuo you ');
  });

  it('caps:backspace: the Caps key erases like Backspace', () => {
    const r = run('us', 'caps:backspace', '"yuoo" caps space');
    expect(r.screen).toBe('you ');
  });
});
