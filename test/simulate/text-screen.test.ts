// The stand-in application's text: Backspace takes one character (both halves
// of a surrogate pair), and a long run keeps only its scrollback.
import { describe, expect, it } from 'vitest';
import { KEY } from '../../src/keymap/keycodes.js';
import { UsKeymap } from '../../src/keymap/us.js';
import { TextScreen } from '../../src/simulate/text-screen.js';

const backspace = (s: TextScreen) => {
  s.key(KEY.BACKSPACE, 1);
  s.key(KEY.BACKSPACE, 0);
};

describe('TextScreen', () => {
  it('Backspace removes a whole character, an emoji included', () => {
    const s = new TextScreen(new UsKeymap());
    for (const ch of ['a', '\u{1F600}', 'b']) s.insert(ch);
    backspace(s);
    expect(s.text).toBe('a\u{1F600}');
    backspace(s);
    expect(s.text).toBe('a');
    backspace(s);
    backspace(s);
    expect(s.text).toBe('');
  });

  it('keeps at least the last SCROLLBACK units of a long run, in order', () => {
    const s = new TextScreen(new UsKeymap());
    const n = 3 * TextScreen.SCROLLBACK + 7;
    for (let i = 0; i < n; i++) s.insert(String.fromCharCode(97 + (i % 26)));
    const text = s.text;
    expect(text.length).toBeGreaterThanOrEqual(TextScreen.SCROLLBACK);
    expect(text.length).toBeLessThanOrEqual(2 * TextScreen.SCROLLBACK);
    const first = n - text.length;
    for (const at of [0, 1, text.length - 1]) expect(text.charCodeAt(at)).toBe(97 + ((first + at) % 26));
  });
});
