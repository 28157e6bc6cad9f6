// evdev key codes (linux/input-event-codes.h) that the engine cares about.
export const EV_SYN = 0;
export const EV_KEY = 1;
export const EV_MSC = 4;
export const EV_LED = 0x11;
export const EV_REP = 0x14;
export const SYN_REPORT = 0;

export const KEY = {
  ESC: 1,
  N1: 2, N2: 3, N3: 4, N4: 5, N5: 6, N6: 7, N7: 8, N8: 9, N9: 10, N0: 11,
  MINUS: 12, EQUAL: 13, BACKSPACE: 14, TAB: 15,
  Q: 16, W: 17, E: 18, R: 19, T: 20, Y: 21, U: 22, I: 23, O: 24, P: 25,
  LEFTBRACE: 26, RIGHTBRACE: 27, ENTER: 28, LEFTCTRL: 29,
  A: 30, S: 31, D: 32, F: 33, G: 34, H: 35, J: 36, K: 37, L: 38,
  SEMICOLON: 39, APOSTROPHE: 40, GRAVE: 41, LEFTSHIFT: 42, BACKSLASH: 43,
  Z: 44, X: 45, C: 46, V: 47, B: 48, N: 49, M: 50,
  COMMA: 51, DOT: 52, SLASH: 53, RIGHTSHIFT: 54, KPASTERISK: 55, LEFTALT: 56,
  SPACE: 57, CAPSLOCK: 58,
  F1: 59, F2: 60, F3: 61, F4: 62, F5: 63, F6: 64, F7: 65, F8: 66, F9: 67, F10: 68,
  NUMLOCK: 69, SCROLLLOCK: 70,
  KP7: 71, KP8: 72, KP9: 73, KPMINUS: 74, KP4: 75, KP5: 76, KP6: 77, KPPLUS: 78,
  KP1: 79, KP2: 80, KP3: 81, KP0: 82, KPDOT: 83,
  KEY_102ND: 86, F11: 87, F12: 88,
  KPENTER: 96, RIGHTCTRL: 97, KPSLASH: 98, SYSRQ: 99, RIGHTALT: 100,
  HOME: 102, UP: 103, PAGEUP: 104, LEFT: 105, RIGHT: 106, END: 107, DOWN: 108,
  PAGEDOWN: 109, INSERT: 110, DELETE: 111,
  LEFTMETA: 125, RIGHTMETA: 126, COMPOSE: 127,
} as const;

// Mouse / touchpad buttons: BTN_MOUSE range and BTN_TOUCH / tool buttons.
export const BTN_MOUSE_FIRST = 0x110; // BTN_LEFT
export const BTN_MOUSE_LAST = 0x117; // BTN_TASK
export const BTN_TOUCH = 0x14a;

export function isPointerButton(code: number): boolean {
  return (code >= BTN_MOUSE_FIRST && code <= BTN_MOUSE_LAST) || code === BTN_TOUCH;
}

export const KEY_PRESS = 1;
export const KEY_RELEASE = 0;
export const KEY_REPEAT = 2;
export type KeyValue = 0 | 1 | 2;
