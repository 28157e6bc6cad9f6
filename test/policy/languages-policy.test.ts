// The policy with several languages (issue 19): a word any active language
// accepts is never changed; the English list and apostrophe rule act only
// while English is active and the sentence reads as English.
import { describe, expect, it } from 'vitest';
import { Policy, type Fallback, type PolicyLanguage } from '../../src/policy/policy.js';
import { SentenceLanguage } from '../../src/policy/language-guess.js';
import { TEST_WORDS, testData, wordSpeller } from '../support/replay.js';

const GERMAN = 'der die das und ist nicht ein als im haus Haus wir haben gesagt Straße';
const en = (fallback: Fallback | null = null): PolicyLanguage => ({ code: 'en', speller: wordSpeller(TEST_WORDS), fallback });
const de = (fallback: Fallback | null = null): PolicyLanguage => ({ code: 'de', speller: wordSpeller(GERMAN), fallback, capitalisedNouns: true });
const data = () => ({ ...testData(), defaults: new Map([...testData().defaults, ['als', 'also'], ['ein', 'in'], ['nciht', 'night']]) });
const fixed = (guess: string): Fallback => ({ suggest: () => guess });

/** Feeds a sentence word by word; returns what each word became (or itself). */
function type(p: Policy, text: string): string {
  p.forget();
  let start = true;
  return text.split(' ').map((w) => {
    const d = p.decide(w, start);
    start = /[.!?]$/.test(w);
    return d ? d.replacement : w;
  }).join(' ');
}

describe('Policy with languages', () => {
  it('German alone: German words stay, the English default list and apostrophe rule are off', () => {
    const p = new Policy(data(), [de()]);
    expect(type(p, 'das ist als ein Haus im teh dont')).toBe('das ist als ein Haus im teh dont');
  });

  it('German alone: a German typo goes to the German fallback, a Capitalised one too (nouns)', () => {
    const p = new Policy(data(), [de(fixed('nicht'))]);
    expect(p.decide('nciht', false)?.fix).toBe('nicht');
    expect(new Policy(data(), [de(fixed('Haus'))]).decide('Hasu', false)?.fix).toBe('Haus');
    expect(new Policy(data(), [en(fixed('house'))]).decide('Hasu', false)).toBeNull(); // English: a name
  });

  it('a word any active language accepts is never changed, even with a list entry for it', () => {
    const p = new Policy(data(), [de(), en()]);
    expect(p.decide('als', false)).toBeNull();
    expect(p.decide('haus', false)).toBeNull(); // a German noun typed in lower case
  });

  it('the user list still wins over every language', () => {
    const p = new Policy({ ...data(), user: new Map([['als', 'ALS']]) }, [de(), en()]);
    expect(p.decide('als', false)?.fix).toBe('ALS');
  });

  it('German and English: English rules act in an English sentence, not in a German one', () => {
    const p = new Policy(data(), [de(), en()]);
    expect(type(p, 'the cat is teh dog')).toBe('the cat is the dog');
    expect(type(p, 'wir haben das teh gesagt')).toBe('wir haben das teh gesagt');
    // The next sentence starts with the last one's language until its own words tell.
    expect(type(p, 'das ist nicht gut. dont')).toBe('das ist nicht gut. dont');
  });

  it('with no words to go by (a lone word), English rules act', () => {
    const p = new Policy(data(), [de(), en()]);
    p.forget();
    expect(p.decide('teh', true)?.fix).toBe('the');
  });

  it('a typo in a German sentence asks the German fallback only', () => {
    const asked: string[] = [];
    const spy = (code: string, answer: string | null): Fallback => ({ suggest: () => (asked.push(code), answer) });
    const p = new Policy(data(), [{ ...de(), fallback: spy('de', null) }, { ...en(), fallback: spy('en', 'night') }]);
    expect(type(p, 'wir haben das nciht')).toBe('wir haben das nciht');
    expect(asked).toEqual(['de']);
  });
});

describe('SentenceLanguage', () => {
  const guess = () => new SentenceLanguage([{ code: 'de', speller: wordSpeller(GERMAN) }, { code: 'en', speller: wordSpeller(TEST_WORDS) }]);

  it('reads function words and spelling, keeps the last verdict over a new sentence, forgets on reset', () => {
    const g = guess();
    expect(g.current()).toBeNull();
    g.observe('Wir', true);
    g.observe('haben', false);
    expect(g.current()).toBe('de');
    g.observe('the', true);
    expect(g.current()).toBe('en');
    g.observe('xyz', true);
    expect(g.current()).toBe('en');
    g.reset();
    expect(g.current()).toBeNull();
  });
});
