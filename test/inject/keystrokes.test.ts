import { describe, expect, it } from 'vitest';
import { EV_KEY, KEY } from '../../src/keymap/keycodes.js';
import { UsKeymap } from '../../src/keymap/us.js';
import { editKeystrokes } from '../../src/inject/keystrokes.js';
import type { Edit } from '../../src/engine/types.js';

const us = new UsKeymap();
const edit = (erase: number, text: string): Edit => ({ kind: 'correction', erase, text, typed: '', fix: text, source: 'default' });

/** Key events only, as `+code`/`-code`, for readable assertions. */
function keysOf(events: number[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < events.length; i += 3) {
    if (events[i] === EV_KEY) out.push(`${events[i + 2] ? '+' : '-'}${events[i + 1]}`);
  }
  return out;
}

describe('editKeystrokes', () => {
  it('erases then types, each event followed by a SYN report', () => {
    const ev = editKeystrokes(edit(1, 'a'), us, false, [])!;
    expect(keysOf(ev)).toEqual([`+${KEY.BACKSPACE}`, `-${KEY.BACKSPACE}`, `+${KEY.A}`, `-${KEY.A}`]);
    expect(ev.length).toBe(4 * 6);
  });
  it('releases held modifiers around the injection and restores them', () => {
    const ev = keysOf(editKeystrokes(edit(0, 'T'), us, false, [KEY.RIGHTSHIFT])!);
    expect(ev).toEqual([`-${KEY.RIGHTSHIFT}`, `+${KEY.LEFTSHIFT}`, `+${KEY.T}`, `-${KEY.T}`, `-${KEY.LEFTSHIFT}`, `+${KEY.RIGHTSHIFT}`]);
  });
  it('with Caps Lock on, capitals need no Shift and lower case does', () => {
    expect(keysOf(editKeystrokes(edit(0, 'T'), us, true, [])!)).toEqual([`+${KEY.T}`, `-${KEY.T}`]);
    expect(keysOf(editKeystrokes(edit(0, 'h'), us, true, [])!)).toContain(`+${KEY.LEFTSHIFT}`);
  });
  it('returns null for a character the layout cannot type', () => {
    expect(editKeystrokes(edit(1, 'café'), us, false, [])).toBeNull();
  });
});
