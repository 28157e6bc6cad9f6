// The apostrophe rule against the real speller (nspell + dictionary-en) and
// empty lists, so every change below comes from the rule alone.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSpelling } from '../../src/lists/spelling.js';
import { apostropheSlot, restoreApostrophe } from '../../src/policy/apostrophe.js';
import { Policy } from '../../src/policy/policy.js';
import type { Speller } from '../../src/policy/speller.js';

describe('apostrophe rule', () => {
  let speller: Speller;
  let policy: Policy;
  const fix = (token: string, sentenceStart = false) => policy.decide(token, sentenceStart)?.replacement ?? token;

  beforeAll(async () => {
    speller = await loadSpelling();
    policy = new Policy({ user: new Map(), defaults: new Map(), ignored: new Set() }, speller);
  });

  it('puts the apostrophe back into contractions the speller knows', () => {
    const cases: Record<string, string> = {
      dont: "don't", couldnt: "couldn't", shouldnt: "shouldn't", youre: "you're", theyre: "they're",
      wouldve: "would've", youll: "you'll", hed: "he'd", youve: "you've", im: "I'm", ive: "I've",
    };
    for (const [typed, want] of Object.entries(cases)) expect(fix(typed), typed).toBe(want);
  });

  it('leaves words alone: real words, non-contractions, possessives', () => {
    // cant, wont, ill, id, shed, well are words; farm has no contraction ending;
    // thats and companys would need 's, which a misspelt plural also ends in.
    for (const w of ['cant', 'wont', 'ill', 'id', 'shed', 'well', 'were', 'farm', 'thats', 'companys', 'xyzzynt']) {
      expect(fix(w), w).toBe(w);
    }
  });

  it('follows the casing rules of the default list', () => {
    expect(fix('Dont', true)).toBe("Don't");
    expect(fix('Dont', false)).toBe('Dont'); // mid-sentence: a name, as far as we know
    expect(fix('DONT')).toBe("DON'T");
    expect(fix('IM')).toBe('IM'); // too short to tell from an acronym
    expect(fix('Im', true)).toBe("I'm");
  });

  it("never turns an elision into a contraction: 'im is him", () => {
    expect(fix("'im")).toBe("'im");
  });

  it('says which rule made the change', () => {
    expect(policy.decide('dont')).toMatchObject({ source: 'default', explain: 'apostrophe rule' });
  });

  it('finds the one place an apostrophe can go, without lookups', () => {
    expect(apostropheSlot('dont')).toBe(3);
    expect(apostropheSlot('youre')).toBe(3);
    expect(apostropheSlot('youll')).toBe(3);
    expect(apostropheSlot('im')).toBe(1);
    expect(apostropheSlot('thats')).toBe(-1);
    expect(apostropheSlot('nt')).toBe(-1);
    expect(restoreApostrophe('farm', speller.contractions!)).toBeNull();
  });

  it("takes the dictionary's contractions, keeping their spelling (I'm)", () => {
    const c = speller.contractions!;
    expect(c.get("don't")).toBe("don't");
    expect(c.get("i'm")).toBe("I'm");
    expect(c.get("would've")).toBe("would've");
    expect([...c.keys()].every((k) => /^[a-z]+'(t|re|ve|ll|d|m)$/.test(k))).toBe(true);
    expect(c.size).toBeGreaterThan(40);
  });
});
