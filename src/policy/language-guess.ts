// Which of the active languages the current sentence is written in: a cheap
// guess from its words so far, so English-only rules (the default list, the
// apostrophe rule, the English fallback) stay out of a German sentence, and
// a typo goes to the right language's fallback. Pure.
//
// Each word the policy sees scores, for every active language, 2 when it is
// one of that language's commonest function words (below) and 1 when only
// its speller accepts it. The language with the highest score leads; on a
// tie (no words yet, or only words every language has) the last sentence's
// verdict stands, else the guess is "unknown". `npm run eval` prints how
// often the guess is right on each language's prose, word by word.
import type { Speller } from './speller.js';

// Function words: the commonest words of each language that are rare as
// words of the others (a word common in two, like "in", is left out).
const FUNCTION_WORDS: Record<string, string> = {
  en: 'the and of to is that it for with was you this are have not but what all were when we there can your which their ' +
    'if will would about how they be at by from or had his her she he them been has more these could should than then into ' +
    'its my our who just only some any out up do does did an as on one here where why because after before very much many ' +
    'most other such each every like get make know see use new now well way may must said over through while being those ' +
    "both between under again never always don't it's i'm",
  de: 'der die das und ist nicht ein eine einen einem einer eines zu den dem des von mit sich auf für im dass es auch als ' +
    'aus er sie wir ihr ich du wird werden wurde kann können sind hat haben bei nach noch nur oder aber wie wenn um über ' +
    'vor durch mehr diese dieser dieses kein keine schon sehr jetzt dann doch wer wo warum weil ob zum zur vom beim ins ' +
    'bitte man alle ihre ihren seine sein mein meine unter gegen ohne sollte muss soll nichts wieder immer hier',
  fr: 'le la les de des du un une et est pas que qui dans pour sur avec ce cette ces il elle ils elles nous vous je tu ne ' +
    'sont été être avoir fait plus par au aux mais ou où comme son sa ses leur leurs tout tous aussi très peut sans sous ' +
    "entre dont cela ça votre vos notre nos mon ma mes lui c'est qu'il n'est d'un d'une l'on j'ai",
  es: 'el la los las de del un una unos unas y es que en por para con se su sus al lo como más pero este esta estos ' +
    'estas ese esa son está están fue ser hay muy también sin sobre entre cuando donde todo todos puede nos le les mi yo ' +
    'él ella ellos usted ya desde hasta porque qué cómo',
};

export interface GuessLanguage {
  code: string;
  speller: Speller;
}

export class SentenceLanguage {
  private readonly scores: Float64Array;
  private readonly stops: ReadonlySet<string>[];
  /** The verdict of the last sentence that had one. */
  private prior = -1;

  constructor(private readonly languages: readonly GuessLanguage[]) {
    this.scores = new Float64Array(languages.length);
    this.stops = languages.map((l) => new Set((FUNCTION_WORDS[l.code] ?? '').split(/\s+/).filter(Boolean)));
  }

  /** Forget the sentence and what came before (the engine lost track of the text). */
  reset(): void {
    this.scores.fill(0);
    this.prior = -1;
  }

  /**
   * Counts one word of the sentence; `sentenceStart` begins a new one.
   * `accepted[i]`: language i's speller accepts the word, when the caller
   * already asked (the policy does), else asked here.
   */
  observe(word: string, sentenceStart: boolean, accepted?: readonly boolean[]): void {
    if (sentenceStart) {
      const v = this.leader();
      if (v >= 0) this.prior = v;
      this.scores.fill(0);
    }
    const lower = word.toLowerCase();
    for (let i = 0; i < this.languages.length; i++) {
      if (this.stops[i].has(lower)) this.scores[i] += 2;
      else if (accepted ? accepted[i] : this.languages[i].speller.isCorrect(word) || (lower !== word && this.languages[i].speller.isCorrect(lower))) this.scores[i] += 1;
    }
  }

  /** The language the sentence reads as, or null when the words so far cannot tell. */
  current(): string | null {
    const v = this.leader();
    const i = v >= 0 ? v : this.prior;
    return i >= 0 ? this.languages[i].code : null;
  }

  /** Index of the strictly highest score, or -1 on a tie. */
  private leader(): number {
    let best = -1;
    let tie = false;
    for (let i = 0; i < this.scores.length; i++) {
      if (best < 0 || this.scores[i] > this.scores[best]) {
        best = i;
        tie = false;
      } else if (this.scores[i] === this.scores[best]) {
        tie = true;
      }
    }
    return tie || best < 0 || this.scores[best] === 0 ? -1 : best;
  }
}
