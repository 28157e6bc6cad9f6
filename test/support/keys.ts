import { KEY } from '../../src/keymap/keycodes.js';
import type { KeyInput } from '../../src/engine/types.js';

// Readable names for the notation below.
const NAMES: Record<string, number> = {
  space: KEY.SPACE, enter: KEY.ENTER, kpenter: KEY.KPENTER, tab: KEY.TAB, bs: KEY.BACKSPACE,
  esc: KEY.ESC, del: KEY.DELETE, caps: KEY.CAPSLOCK,
  lshift: KEY.LEFTSHIFT, rshift: KEY.RIGHTSHIFT, lctrl: KEY.LEFTCTRL, rctrl: KEY.RIGHTCTRL,
  lalt: KEY.LEFTALT, ralt: KEY.RIGHTALT, lmeta: KEY.LEFTMETA,
  left: KEY.LEFT, right: KEY.RIGHT, up: KEY.UP, down: KEY.DOWN,
  home: KEY.HOME, end: KEY.END, pgup: KEY.PAGEUP, pgdn: KEY.PAGEDOWN,
  comma: KEY.COMMA, dot: KEY.DOT, semicolon: KEY.SEMICOLON, apos: KEY.APOSTROPHE,
  slash: KEY.SLASH, minus: KEY.MINUS, lbrace: KEY.LEFTBRACE, rbrace: KEY.RIGHTBRACE,
  volup: 115, kp1: KEY.KP1,
  '1': KEY.N1, '2': KEY.N2, '3': KEY.N3, '4': KEY.N4, '5': KEY.N5, '6': KEY.N6,
  '7': KEY.N7, '8': KEY.N8, '9': KEY.N9, '0': KEY.N0,
};
for (const ch of 'abcdefghijklmnopqrstuvwxyz') {
  NAMES[ch] = (KEY as Record<string, number>)[ch.toUpperCase()];
}

export function keyCode(name: string): number {
  const code = NAMES[name];
  if (code === undefined) throw new Error(`unknown key name: ${name}`);
  return code;
}

/** A pointer click in a key stream. */
export const CLICK = { click: true } as const;
export type StreamItem = KeyInput | typeof CLICK;

/**
 * A compact key-stream notation, after kanata's simulation tests:
 *   d:x  press x      u:x  release x      r:x  autorepeat of x
 *   x    tap x (press then release)        t:N  N ms pass
 *   "text" each character tapped (letters, space, digits, . , ' only)
 *   click  a mouse button
 * Every event advances the clock by 10 ms.
 */
export function keys(script: string): StreamItem[] {
  const out: StreamItem[] = [];
  let t = 0;
  const ev = (code: number, value: 0 | 1 | 2): void => {
    out.push({ code, value, timeMs: t });
    t += 10;
  };
  const tokens = script.match(/"[^"]*"|\S+/g) ?? [];
  for (const tok of tokens) {
    if (tok.startsWith('"')) {
      for (const ch of tok.slice(1, -1)) {
        const name = ch === ' ' ? 'space' : ch === '.' ? 'dot' : ch === ',' ? 'comma' : ch === "'" ? 'apos' : ch;
        ev(keyCode(name), 1);
        ev(keyCode(name), 0);
      }
    } else if (tok === 'click') {
      out.push(CLICK);
    } else if (tok.startsWith('t:')) {
      t += Number(tok.slice(2));
    } else if (/^[dur]:/.test(tok)) {
      ev(keyCode(tok.slice(2)), tok[0] === 'd' ? 1 : tok[0] === 'u' ? 0 : 2);
    } else {
      ev(keyCode(tok), 1);
      ev(keyCode(tok), 0);
    }
  }
  return out;
}
