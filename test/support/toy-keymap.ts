// A hand-made layout table with AltGr and a dead key, shared by the keymap
// and tracker tests (no libxkbcommon needed).
import { KEY } from '../../src/keymap/keycodes.js';
import { TableKeymap } from '../../src/keymap/table.js';

/** A row: [plain, Shift, Caps, Shift+Caps, AltGr, AltGr+Shift, AltGr+Caps, AltGr+Shift+Caps]. */
const letter = (lo: string, hi: string, alt: string | null = null) => [lo, hi, hi, lo, alt, alt, alt, alt];
export const toyTable = new TableKeymap({
  name: 'toy',
  chars: {
    [KEY.Q]: letter('q', 'Q', '@'),
    [KEY.E]: letter('e', 'E', '€'),
    [KEY.T]: letter('t', 'T'),
    [KEY.H]: letter('h', 'H'),
    [KEY.N1]: ['1', '!', '1', '!', null, null, null, null],
    [KEY.KP1]: ['1', '1', '1', '1', null, null, null, null],
    [KEY.SPACE]: new Array(8).fill(' '),
  },
  dead: { [KEY.EQUAL]: ['\u0301', '\u0300', '\u0301', '\u0300', null, null, null, null] },
  levelThreeKeys: [KEY.RIGHTALT],
});
