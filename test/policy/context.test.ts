import { describe, expect, it } from 'vitest';
import { buildEngine } from '../../src/engine-factory.js';
import { UsKeymap } from '../../src/keymap/us.js';
import { typeThrough } from '../../src/drive/type-through.js';
import { BigramModel, bigramKey, previousWord } from '../../src/policy/context.js';
import { buildBigramData, deserializeBigramData, serializeBigramData } from '../../src/lists/context-data.js';

describe('previous word', () => {
  it('takes the plain word before the token, and nothing across a sentence end or a non-word', () => {
    expect(previousWord('the ')).toBe('the');
    expect(previousWord('We heard a loud, ')).toBe('loud');
    expect(previousWord('("Loud" ')).toBe('loud');
    expect(previousWord('It ended. ')).toBeNull();
    expect(previousWord('line\n')).toBeNull();
    expect(previousWord('v2 ')).toBeNull();
    expect(previousWord('')).toBeNull();
  });
});

describe('bigram model', () => {
  const words = ['the', 'house', 'noise', 'loud'];
  const data = deserializeBigramData(serializeBigramData(buildBigramData('the house 90\nthe noise 10\nloud noise 50\nunknown pair 7\n', words)));

  it('keeps P(second | first) among the listed pairs, through the file format', () => {
    expect(data.keys.length).toBe(3);
    const at = [...data.keys].indexOf(bigramKey(0, 1));
    expect(data.probs[at]).toBeCloseTo(0.9);
  });

  it('raises a word seen after the previous one and lowers one never seen after it', () => {
    const m = new BigramModel(data, 0.5);
    expect(m.knows(3)).toBe(true);
    expect(m.knows(1)).toBe(false);
    expect(m.lift(3, 2, 0.01)).toBeGreaterThan(0); // loud noise
    expect(m.lift(3, 1, 0.01)).toBeCloseTo(Math.log(0.5)); // loud house: never listed
  });
});

describe('context in the engine (built data)', () => {
  it('lets the previous word pick the candidate: the hoise -> house, loud hoise -> noise', async () => {
    const { engine } = await buildEngine({ correction: 'dictionary', configDir: '/nonexistent/autocorrector-test', keymap: new UsKeymap() });
    expect(engine.policy.fallback).not.toBeNull();
    expect(typeThrough('the hoise ', engine).text).toBe('the house ');
    engine.forget();
    expect(typeThrough('a loud hoise ', engine).text).toBe('a loud noise ');
    engine.forget();
    // After a sentence end there is no previous word: no context, the word's own frequency decides.
    expect(typeThrough('It was loud. hoise ', engine).text).toBe('It was loud. house ');
    // After a reset (a click, the cursor moved) the previous word is unknown: no context either.
    engine.forget();
    typeThrough('a loud ', engine);
    engine.forget();
    expect(typeThrough('hoise ', engine).text).toBe('house ');
  });
});
