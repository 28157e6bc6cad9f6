import { describe, expect, it } from 'vitest';
import { replay, testEngine } from '../support/replay.js';

// A fix with spaces in it must not swallow the start of the next word.
describe('a correction whose fix has several words', () => {
  const engine = () => testEngine({ user: { brb: 'be right back', teh: 'the' } });

  it('leaves the next words correctable', () => {
    expect(replay('"brb brb teh brb. teh "', engine()).screen).toBe('be right back be right back the be right back. the ');
  });

  it('Backspace puts back what was typed, and the word after is corrected', () => {
    const r = replay('"brb " bs " teh "', engine());
    expect(r.screen).toBe('brb the ');
    expect(r.edits).toEqual(['brb->be right back', 'undo brb', 'teh->the']);
  });
});
