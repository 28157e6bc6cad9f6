// Learning the user's words: a word no list or dictionary knows, typed again
// and again and left alone each time (a project name, a term), becomes known
// to the dictionary fallback, so a later near miss of another word is not
// "corrected" into it and it is never changed itself.
// Pure: counts live in memory only (never on disk); the caller is told when
// a word is learnt and decides where to keep it (src/lists/learned.ts).

/** Sightings before a word is learnt. */
export const LEARN_AFTER = 3;
/** Words counted at most at once: the oldest are dropped first. */
const MAX_PENDING = 2000;

export class WordLearner {
  /** Sightings of words not learnt yet (insertion order = age). */
  private readonly pending = new Map<string, number>();

  constructor(
    /** The learnt words (lower case); the fallback reads this same set. */
    readonly known: Set<string>,
    private readonly onLearn: (word: string) => void = () => {},
    private readonly after = LEARN_AFTER,
  ) {}

  /** A word the fallback looked at and left alone. */
  saw(word: string): void {
    if (this.known.has(word) || word.length < 3) return;
    const n = (this.pending.get(word) ?? 0) + 1;
    this.pending.delete(word);
    if (n >= this.after) {
      this.known.add(word);
      this.onLearn(word);
      return;
    }
    this.pending.set(word, n);
    if (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);
  }

  /** Forget a word (learnt or counted). */
  forget(word: string): void {
    this.known.delete(word);
    this.pending.delete(word);
  }

  /** Replace the learnt words (the file changed). */
  replace(words: Iterable<string>): void {
    this.known.clear();
    for (const w of words) this.known.add(w);
  }
}
