// The engine under each focus scope (focus-rule.ts): what a password field,
// an off rule and a lists-only app let it do.
import { describe, expect, it } from 'vitest';
import { keys } from '../support/keys.js';
import { driveKeys, testData, wordSpeller, TEST_WORDS } from '../support/replay.js';
import { Engine } from '../../src/engine/engine.js';
import { simulate } from '../../src/drive/type-through.js';
import { Policy, type Fallback } from '../../src/policy/policy.js';
import { UsKeymap } from '../../src/keymap/us.js';
import type { WordLearner } from '../../src/policy/learner.js';
import type { Scope } from '../../src/policy/focus-rule.js';

function engineWith(): { engine: Engine; learnt: string[] } {
  const learnt: string[] = [];
  const fallback: Fallback = { suggest: (w) => (w === 'mial' ? 'mail' : null) };
  const learner = { saw: (w: string) => { learnt.push(w); } } as unknown as WordLearner;
  const policy = new Policy(testData(), [{ code: 'en', speller: wordSpeller(TEST_WORDS), fallback }], null, learner);
  return { engine: new Engine(new UsKeymap(), policy), learnt };
}

function typeIn(scope: Scope, text: string): { screen: string; learnt: string[]; engine: Engine } {
  const { engine, learnt } = engineWith();
  engine.setScope(scope);
  return { screen: driveKeys(keys(text), engine).screen, learnt, engine };
}

describe('focus scopes', () => {
  it('all: lists, dictionary and learning as usual', () => {
    const r = typeIn('all', '"teh mial zorbulax "');
    expect(r.screen).toBe('the mail zorbulax ');
    expect(r.learnt).toEqual(['zorbulax']);
  });

  it('password: nothing corrected, nothing learnt, no words counted', () => {
    const r = typeIn('password', '"teh mial zorbulax adn" enter');
    expect(r.screen).toBe('teh mial zorbulax adn\n');
    expect(r.learnt).toEqual([]);
    expect(r.engine.wordsSeen).toBe(0);
  });

  it('off: nothing corrected or learnt', () => {
    const r = typeIn('off', '"teh mial zorbulax "');
    expect(r.screen).toBe('teh mial zorbulax ');
    expect(r.learnt).toEqual([]);
  });

  it('list-only: the lists correct; the dictionary and the learner are not asked', () => {
    const r = typeIn('list-only', '"teh mial zorbulax dont "');
    expect(r.screen).toBe("the mial zorbulax don't ");
    expect(r.learnt).toEqual([]);
  });

  it('a scope change forgets the word in progress: a password typed before the focus moved is not the next field\'s word', () => {
    const { engine } = engineWith();
    const { keyboard } = simulate(engine);
    const type = (text: string) => {
      for (const item of keys(text)) if ('code' in item) keyboard.press(item.code, item.value, item.timeMs);
    };
    // Half a word in a password field, then the focus moves to a text field and the word goes on.
    engine.setScope('password');
    type('"te"');
    engine.setScope('all');
    type('"h teh "');
    // "h" alone is no typo; the next "teh" is corrected: the password's letters were forgotten.
    expect(keyboard.screen.text).toBe('teh the ');
  });

  it('Backspace after a correction does not undo once the focus moved', () => {
    const { engine } = engineWith();
    const { keyboard } = simulate(engine);
    const type = (text: string) => {
      for (const item of keys(text)) if ('code' in item) keyboard.press(item.code, item.value, item.timeMs);
    };
    type('"teh "');
    expect(keyboard.screen.text).toBe('the ');
    engine.setScope('off');
    engine.setScope('all');
    type('bs');
    expect(keyboard.screen.text).toBe('the');
  });
});
