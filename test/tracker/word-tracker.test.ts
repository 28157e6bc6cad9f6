// The word tracker on a layout with AltGr and dead keys (the toy table).
import { describe, expect, it } from 'vitest';
import { KEY } from '../../src/keymap/keycodes.js';
import { Step, WordTracker } from '../../src/tracker/word-tracker.js';
import { toyTable as table } from '../support/toy-keymap.js';

describe('WordTracker on a layout with AltGr and dead keys', () => {
  const feed = (tr: WordTracker, codes: Array<number | [number, 0 | 1]>) => {
    let t = 0;
    const steps: Step[] = [];
    for (const c of codes) {
      if (Array.isArray(c)) steps.push(tr.key(c[0], c[1], t += 10));
      else { steps.push(tr.key(c, 1, t += 10)); tr.key(c, 0, t += 10); }
    }
    return steps;
  };

  it('AltGr is a level, not Alt: q with AltGr adds @ to the word instead of resetting it', () => {
    const tr = new WordTracker(table);
    feed(tr, [KEY.T, [KEY.RIGHTALT, 1], KEY.Q, [KEY.RIGHTALT, 0], KEY.E]);
    expect(tr.currentToken()).toBe('t@e');
    expect(tr.heldModifiers()).toEqual([]);
  });

  it('a dead key ends nothing and the letter it composes joins the word', () => {
    const tr = new WordTracker(table);
    const steps = feed(tr, [KEY.T, KEY.H, KEY.EQUAL, KEY.E]);
    expect(steps).toEqual([Step.Char, Step.Char, Step.None, Step.Char]);
    expect(tr.currentToken()).toBe('thé');
    // Dead key + Space types the accent: no word end.
    expect(feed(tr, [KEY.EQUAL, KEY.SPACE])).toEqual([Step.None, Step.Char]);
    expect(tr.currentToken()).toBe('thé´');
  });

  it('a dead key with no composition leaves the word unjudged; Backspace mid-sequence forgets it', () => {
    const tr = new WordTracker(table);
    feed(tr, [KEY.T, KEY.EQUAL, KEY.Q, KEY.H]);
    expect(feed(tr, [KEY.SPACE])).toEqual([Step.WordEnd]);
    expect(tr.token).toBe('');
    feed(tr, [KEY.T, KEY.H, KEY.EQUAL, KEY.BACKSPACE, KEY.E]);
    expect(feed(tr, [KEY.SPACE])).toEqual([Step.WordEnd]);
    expect(tr.token).toBe('');
  });
});
