import { describe, expect, it } from 'vitest';
import {
  formatError,
  parseCorrections,
  type ListError,
} from '../../src/lists/corrections.js';
import { decodeUtf8File } from '../../src/text/decode.js';
import { rng } from '../bench/rng.js'; // deterministic, so a failure reproduces

const F = 'corrections.toml';

describe('parseCorrections', () => {
  it('reads typo = fix lines, lowercasing keys and keeping fixes as written', () => {
    const r = parseCorrections(
      [
        "teh = 'the'",
        'recieve = "receive"',
        "Britian = 'Britain'",
        '"dont" = "don\'t"',
        "alot = 'a lot'",
        "\"would'nt\" = \"wouldn't\"",
      ].join('\n'),
      F,
    );
    expect(r.errors).toEqual([]);
    expect(r.parsed).toBe(true);
    expect([...r.entries]).toEqual([
      ['teh', 'the'],
      ['recieve', 'receive'],
      ['britian', 'Britain'],
      ['dont', "don't"],
      ['alot', 'a lot'],
      ["would'nt", "wouldn't"],
    ]);
  });

  it('ignores comments and blank lines; an empty file is an empty list', () => {
    const r = parseCorrections("# my fixes\n\n  # indented comment\nteh = 'the' # trailing\n", F);
    expect(r.errors).toEqual([]);
    expect([...r.entries]).toEqual([['teh', 'the']]);
    expect(parseCorrections('', F)).toEqual({ entries: new Map(), errors: [], parsed: true });
  });

  it('reads the joshuar/autocorrector format (double-quoted, CRLF, BOM)', () => {
    const r = parseCorrections('\ufeffadn = "and"\r\nthier = "their"\r\n', F);
    expect(r.errors).toEqual([]);
    expect(r.entries.get('adn')).toBe('and');
    expect(r.entries.get('thier')).toBe('their');
  });

  it('reports a syntax error at its line and keeps nothing', () => {
    const text = "teh = 'the'\n# comment\nadn = = 'and'\nthier = 'their'\n";
    const r = parseCorrections(text, F);
    expect(r.parsed).toBe(false);
    expect(r.entries.size).toBe(0);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].line).toBe(3);
    expect(formatError(r.errors[0])).toMatch(/^corrections\.toml:3: TOML syntax: .+/);
    // the message is one line, without smol-toml's code excerpt
    expect(formatError(r.errors[0])).not.toContain('\n');
  });

  it('reports an unterminated string and a duplicate key at the right line', () => {
    expect(parseCorrections("a = 'x'\nb = 'y\nc = 'z'\n", F).errors[0].line).toBe(2);
    const dup = parseCorrections("teh = 'the'\nadn = 'and'\nteh = 'tea'\n", F);
    expect(dup.errors[0].line).toBe(3);
    expect(dup.parsed).toBe(false);
  });

  it('reports bad entries with their lines and keeps the good ones', () => {
    const text = [
      "teh = 'the'", // 1 good
      "\"can't of\" = \"can't have\"", // 2 key has a space
      "\"a-b\" = 'ab'", // 3 hyphen
      'num = 3', // 4 not a string
      "empty = ''", // 5 empty fix
      'nl = "two\\nlines"', // 6 control char
      "[section]", // 7 table
      "x = 'y'", // 8 (inside the table)
    ].join('\n');
    const r = parseCorrections(text, F);
    expect(r.parsed).toBe(true);
    expect([...r.entries]).toEqual([['teh', 'the']]);
    const lines = r.errors.map((e) => e.line).sort((a, b) => a - b);
    expect(lines).toEqual([2, 3, 4, 5, 6, 7]);
    for (const e of r.errors) expect(formatError(e)).toMatch(/^corrections\.toml:\d+: \S/);
    expect(r.errors.find((e) => e.line === 7)!.message).toMatch(/tables/);
  });

  it('rejects keys the tracker cannot type: digits, outer apostrophes, dots', () => {
    const r = parseCorrections("\"abc1\" = 'x'\n\"'tis\" = 'it is'\n\"dogs'\" = \"dog's\"\nok = 'fine'\n", F);
    expect([...r.entries.keys()]).toEqual(['ok']);
    expect(r.errors.map((e) => e.line)).toEqual([1, 2, 3]);
  });

  it('reports keys equal after lowercasing as repeats, keeping the first', () => {
    const r = parseCorrections("Teh = 'The'\nteh = 'the'\n", F);
    expect(r.entries.get('teh')).toBe('The');
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0].line).toBe(2);
  });

  it('rejects an overlong fix', () => {
    const r = parseCorrections(`x = '${'a'.repeat(201)}'\ny = '${'a'.repeat(200)}'\n`, F);
    expect([...r.entries.keys()]).toEqual(['y']);
    expect(r.errors[0].line).toBe(1);
  });

  it('never throws on deep nesting', () => {
    const r = parseCorrections('a = ' + '['.repeat(100000), F);
    expect(r.entries.size).toBe(0);
    expect(r.errors[0].line).toBeGreaterThanOrEqual(1);
  });
});

describe('formatError', () => {
  it('prints file:line: message, or file: message for whole-file problems', () => {
    expect(formatError({ file: 'a.toml', line: 4, message: 'bad' })).toBe('a.toml:4: bad');
    expect(formatError({ file: 'a.toml', line: 0, message: 'cannot read: permission denied' })).toBe(
      'a.toml: cannot read: permission denied',
    );
  });
});

describe('decodeUtf8File', () => {
  it('decodes UTF-8 and points at the line holding invalid bytes', () => {
    const ok = decodeUtf8File(new TextEncoder().encode("café = 'cafe'\n"), F);
    expect(ok).toEqual({ text: "café = 'cafe'\n" });
    const bad = decodeUtf8File(Uint8Array.from([0x61, 0x0a, 0x62, 0x0a, 0x63, 0xff, 0x0a]), F);
    expect('error' in bad && formatError(bad.error)).toBe('corrections.toml:3: not valid UTF-8 text');
  });
});


describe('random input', () => {
  const TOKENS = ["teh = 'the'", '=', "'", '"', '[', ']', '\n', '#', ' ', 'a', '\\', '{', '}', ',', '.', '\r', '\t', '1', 'é'];

  function check(bytes: Uint8Array): void {
    let errors: ListError[] = [];
    const decoded = decodeUtf8File(bytes, F);
    if ('error' in decoded) errors = [decoded.error];
    else errors = parseCorrections(decoded.text, F).errors;
    const lineCount = bytes.reduce((n, b) => n + (b === 0x0a ? 1 : 0), 1);
    for (const e of errors) {
      expect(e.line).toBeGreaterThanOrEqual(1);
      expect(e.line).toBeLessThanOrEqual(lineCount);
      expect(formatError(e)).toMatch(/^corrections\.toml:\d+: \S[^\n]*$/);
    }
  }

  it('random bytes never throw and always yield file:line messages', () => {
    const r = rng(1);
    for (let i = 0; i < 400; i++) {
      const bytes = new Uint8Array(Math.floor(r() * 300));
      for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(r() * 256);
      expect(() => check(bytes)).not.toThrow();
    }
  });

  it('random TOML-ish token soup never throws and always yields file:line messages', () => {
    const r = rng(2);
    for (let i = 0; i < 400; i++) {
      let s = '';
      const n = Math.floor(r() * 40);
      for (let j = 0; j < n; j++) s += TOKENS[Math.floor(r() * TOKENS.length)];
      expect(() => check(new TextEncoder().encode(s))).not.toThrow();
    }
  });
});
