import { describe, expect, it } from 'vitest';
import { replay, testEngine } from '../support/replay.js';

// Each case: a key stream in the test notation (test/support/keys.ts), the text
// the application ends up showing, and the edits the engine made.
describe('replay: key streams through engine and a stand-in application', () => {
  const cases: Array<[string, string, string, string[]]> = [
    ['plain typo at space', '"teh "', 'the ', ['teh->the']],
    ['correct word untouched', '"the dog "', 'the dog ', []],
    ['rollover: next key down before the last is up',
      'd:t d:e u:t d:h u:e d:space u:h u:space', 'the ', ['teh->the']],
    ['release order reversed does not reorder letters',
      'd:t d:e d:h u:h u:e u:t space', 'the ', ['teh->the']],
    ['Shift held across the first letter (Teh)', 'd:lshift t u:lshift "eh "', 'The ', ['Teh->The']],
    ['Shift held across the whole word (TEH)', 'd:lshift t e h u:lshift space', 'THE ', ['TEH->THE']],
    ['right Shift released late still keeps the word',
      'd:rshift d:t u:rshift u:t "eh "', 'The ', ['Teh->The']],
    ['Caps Lock on: TEH', 'caps "teh " caps', 'THE ', ['TEH->THE']],
    ['Caps Lock with Shift types lower case', 'caps d:lshift t u:lshift "eh " caps', 'tEH ', []],
    ['Backspace inside a word', '"tex" bs "h "', 'teh'.replace('teh', 'the') + ' ', ['teh->the']],
    ['Backspace makes a typo out of a word', '"thx" bs bs "eh "', 'the ', ['teh->the']],
    ['autorepeat types letters', 'd:t r:t u:t "eh "', 'tteh ', []],
    ['apostrophe inside a word belongs to it', '"dont "', "don't ", ["dont->don't"]],
    ["it's is a word", `"it's "`, "it's ", []],
    ['word end at Enter', '"teh" enter', 'the\n', ['teh->the']],
    ['word end at keypad Enter', '"teh" kpenter', 'the\n', ['teh->the']],
    ['word end at Tab', '"teh" tab', 'the\t', ['teh->the']],
    ['word end at period', '"teh."', 'the.', ['teh->the']],
    ['word end at comma', '"teh,"', 'the,', ['teh->the']],
    ['word end at semicolon', '"teh" semicolon', 'the;', ['teh->the']],
    ['word end at colon', '"teh" d:lshift semicolon u:lshift', 'the:', ['teh->the']],
    ['word end at ! with Shift held', '"teh" d:lshift 1 u:lshift', 'the!', ['teh->the']],
    ['word end at ?', '"teh" d:lshift slash u:lshift', 'the?', ['teh->the']],
    ['word end at )', 'd:lshift 9 u:lshift "teh" d:lshift 0 u:lshift', '(the)', ['teh->the']],
    ['word end at ]', 'lbrace "teh" rbrace', '[the]', ['teh->the']],
    ['word end at }', 'd:lshift lbrace u:lshift "teh" d:lshift rbrace u:lshift', '{the}', ['teh->the']],
    ['word end at closing double quote', 'd:lshift apos u:lshift "teh" d:lshift apos u:lshift', '"the"', ['teh->the']],
    ['single-quoted word', `apos "teh" apos space`, "'the' ", ["teh'->the'"]],
    ['a Capitalised word mid-sentence is a name; at a sentence start it is fixed', '"a " d:lshift t u:lshift "eh. " d:lshift t u:lshift "eh x " d:lshift t u:lshift "eh" enter ' +
      'd:lshift t u:lshift "eh " d:lshift 9 t u:lshift "eh" d:lshift 0 u:lshift " "',
      'a Teh. The x Teh\nThe (Teh) ', ['Teh->The', 'Teh->The']],
    ['each word of a sentence', '"i recieve teh mail adn thier dog."', 'i receive the mail and their dog.',
      ['recieve->receive', 'teh->the', 'adn->and', 'thier->their']],
  ];
  for (const [name, stream, screen, edits] of cases) {
    it(name, () => {
      const r = replay(stream);
      expect(r.screen).toBe(screen);
      expect(r.edits).toEqual(edits);
    });
  }
});

describe('replay: the word is forgotten', () => {
  const resets: Array<[string, string]> = [
    ['left arrow', '"teh" left "  "'],
    ['right arrow', '"teh" right " "'],
    ['up arrow', '"teh" up " "'],
    ['down arrow', '"teh" down " "'],
    ['Home', '"teh" home " "'],
    ['End', '"teh" end " "'],
    ['Page Up', '"teh" pgup " "'],
    ['Page Down', '"teh" pgdn " "'],
    ['Delete', '"teh" del " "'],
    ['Escape', '"teh" esc " "'],
    ['Ctrl+Backspace', '"teh" d:lctrl bs u:lctrl " "'],
    ['Ctrl+V', '"teh" d:lctrl v u:lctrl " "'],
    ['Alt chord', '"teh" d:lalt b u:lalt " "'],
    ['Meta chord', '"teh" d:lmeta a u:lmeta " "'],
    ['a mouse click', '"teh" click " "'],
    ['an idle gap over 10 s', '"te" t:10001 "h "'],
  ];
  for (const [name, stream] of resets) {
    it(`on ${name}`, () => {
      expect(replay(stream).edits).toEqual([]);
    });
  }
  it('but not on a gap under the idle limit', () => {
    expect(replay('"te" t:9000 "h "').edits).toEqual(['teh->the']);
  });
  it('but not on a volume key', () => {
    expect(replay('"te" volup "h "').edits).toEqual(['teh->the']);
  });
  it('and a new word after the reset is corrected again', () => {
    expect(replay('"foo" left "teh "').edits).toEqual(['teh->the']);
  });
  it('Backspace past the start of what was seen taints the token', () => {
    expect(replay('bs "teh "').edits).toEqual([]);
  });
  it('a keypad key taints the token', () => {
    expect(replay('kp1 "teh "').edits).toEqual([]);
  });
});

describe('replay: plain words only', () => {
  const untouched: Array<[string, string]> = [
    ['digit after', '"teh2 "'],
    ['digit before', '"2teh "'],
    ['underscore', '"user" d:lshift minus u:lshift "teh "'],
    ['url', '"http" d:lshift semicolon u:lshift slash slash "teh.com "'],
    ['www', '"www.teh.com "'],
    ['email', '"a" d:lshift 2 u:lshift "teh.org "'],
    ['inner capital', 'i d:lshift p u:lshift "hone "'],
    ['inner capital typo', '"t" d:lshift e u:lshift "h "'],
    ['hyphenated', '"well" minus "teh "'],
    ['path', 'slash "teh "'],
  ];
  for (const [name, stream] of untouched) {
    it(`leaves ${name} alone`, () => {
      expect(replay(stream).edits).toEqual([]);
    });
  }
});

describe('replay: undo', () => {
  it('Backspace right after a correction shows the word as typed, without the boundary', () => {
    const r = replay('"teh " bs');
    expect(r.screen).toBe('teh');
    expect(r.edits).toEqual(['teh->the', 'undo teh']);
  });
  it('the reverted occurrence is not corrected again when the word ends once more', () => {
    const r = replay('"teh " bs " next"');
    expect(r.screen).toBe('teh next');
  });
  it('after the word, typos are corrected again', () => {
    expect(replay('"teh " bs " teh "').screen).toBe('teh the ');
  });
  it('changing the reverted word makes it a new word', () => {
    expect(replay('"teh " bs bs bs bs "hte "').edits).toEqual(['teh->the', 'undo teh', 'hte->the']);
  });
  it('undo after punctuation restores the punctuation-free word', () => {
    expect(replay('"teh," bs').screen).toBe('teh');
  });
  it('undo keeps Shift: Teh! then Backspace', () => {
    expect(replay('d:lshift t u:lshift "eh" d:lshift 1 u:lshift bs').screen).toBe('Teh');
  });
  it('a key between correction and Backspace means a plain Backspace', () => {
    const r = replay('"teh " "a" bs bs');
    expect(r.screen).toBe('the');
    expect(r.edits).toEqual(['teh->the']);
  });
  it('no undo across Enter (the line may be gone)', () => {
    expect(replay('"teh" enter bs').screen).toBe('the');
  });
  it('counts reverts per typo', () => {
    const engine = testEngine();
    replay('"teh " bs ". " d:lshift t u:lshift "eh " bs', engine);
    expect(engine.reverts.get('teh')).toBe(2);
  });
});

describe('replay: lists and switches', () => {
  it('user corrections win over the default list', () => {
    const r = replay('"teh "', testEngine({ user: { teh: 'tea' } }));
    expect(r.screen).toBe('tea ');
  });
  it('user corrections apply even to correctly spelt words', () => {
    expect(replay('"cat "', testEngine({ user: { cat: 'dog' } })).screen).toBe('dog ');
  });
  it('disabled engine corrects nothing but keeps tracking', () => {
    const engine = testEngine({ enabled: false });
    expect(replay('"teh "', engine).edits).toEqual([]);
    engine.setEnabled(true);
    expect(replay('"teh "', engine).edits).toEqual(['teh->the']);
  });
});

describe('engine: an edit that never reached the screen', () => {
  it('leaves no undo behind and tracks the text as typed', async () => {
    const { keys } = await import('../support/keys.js');
    const engine = testEngine();
    let edit = null;
    for (const ev of keys('"teh "')) if (!('click' in ev)) edit = engine.key(ev) ?? edit;
    expect(edit).not.toBeNull();
    engine.dropped(edit!);
    for (const ev of keys('bs')) if (!('click' in ev)) expect(engine.key(ev)).toBeNull();
    expect(engine.tracker.currentToken()).toBe('teh');
  });
});
