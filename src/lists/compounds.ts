// German compounds (Dateiname, Autobahnraststätte): Hunspell builds them from
// the .aff's COMPOUNDBEGIN/MIDDLE/END flags, which nspell does not support,
// so a compound the .dic does not list would be taken for a typo. A word is
// accepted here when the speller accepts it, or when it splits into two to
// four known parts of at least MIN_PART letters, optionally joined by the
// linking s (Arbeitsplatz). Lenient on purpose: a compound wrongly accepted
// costs one missed correction, one wrongly rejected costs a damaged word.
import type { LoadedSpeller } from './spelling.js';

const MIN_PART = 3;
const MAX_PARTS = 4;
const MAX_WORD = 64;

export class CompoundSpeller implements LoadedSpeller {
  readonly contractions: ReadonlyMap<string, string> = new Map();

  constructor(
    /** The speller's own answer for a whole word. */
    private readonly correct: (word: string) => boolean,
    /** Whether the speller's table holds this exact form (compound-only parts included). */
    private readonly known: (form: string) => boolean,
    readonly loadMs: number,
  ) {}

  isListed(word: string): boolean {
    return word.length > 0 && word.length <= MAX_WORD && this.known(word);
  }

  isCorrect(word: string): boolean {
    if (word.length === 0 || word.length > MAX_WORD) return false;
    if (this.correct(word)) return true;
    if (word.length < 2 * MIN_PART) return false;
    this.failed.fill(0, 0, (word.length + 1) * MAX_PARTS);
    return this.splits(word, 0, 1);
  }

  /** failed[from * MAX_PARTS + parts]: word[from..] cannot end a compound there (no work twice). */
  private readonly failed = new Uint8Array((MAX_WORD + 1) * MAX_PARTS);

  /** Whether word[from..] is `parts` - 1 already-found parts followed by known parts. */
  private splits(word: string, from: number, parts: number): boolean {
    const memo = from * MAX_PARTS + parts;
    if (this.failed[memo]) return false;
    for (let cut = from + MIN_PART; cut <= word.length - MIN_PART; cut++) {
      if (!this.part(word.slice(from, cut))) continue;
      if (this.last(word.slice(cut))) return true;
      // The linking s between two parts (Arbeit|s|platz).
      if (word.charCodeAt(cut) === 115 /* s */ && word.length - cut - 1 >= MIN_PART && this.last(word.slice(cut + 1))) return true;
      if (parts + 1 < MAX_PARTS && this.splits(word, cut, parts + 1)) return true;
    }
    this.failed[memo] = 1;
    return false;
  }

  /** A leading or middle part: as typed, or as the (capitalised) noun it is. */
  private part(p: string): boolean {
    if (this.known(p)) return true;
    const cap = p.charAt(0).toUpperCase() + p.slice(1);
    if (p !== cap && this.known(cap)) return true;
    // Forms nspell derives rather than lists (Autobahn).
    return this.correct(p) || (p !== cap && this.correct(cap));
  }

  /** The final part carries the inflection: the speller decides, as a noun or as typed. */
  private last(p: string): boolean {
    if (this.correct(p)) return true;
    const lower = p.toLowerCase();
    return this.correct(lower.charAt(0).toUpperCase() + lower.slice(1));
  }
}
