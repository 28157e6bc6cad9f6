// The per-language part of `npm run eval` (issue 19): for German, French and
// Spanish, the language's prose (translations shipped by Debian, see
// data/README.md) typed on its layout with that language alone (what its
// locale gives) and with English too; false changes per 10,000 words, and
// recall/precision on that language's keyboard slips (language-slips.ts). With two
// languages, English's real typo sets and the Brown prose are typed again to
// show English is corrected as before. Last, how often the sentence language
// guess is right, word by word.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildEngine } from '../../src/engine-factory.js';
import type { Engine } from '../../src/engine/engine.js';
import { LANGUAGE_NAMES, type Language } from '../../src/config/languages.js';
import { xkbKeymap } from '../../src/layout/xkb-library.js';
import type { Keymap } from '../../src/keymap/keymap.js';
import { packageRoot } from '../../src/lists/load.js';
import { SentenceLanguage } from '../../src/policy/language-guess.js';
import type { Speller } from '../../src/policy/speller.js';
import { makeSlips } from './language-slips.js';
import type { TypoSet } from './sets.js';
import { Timer, otherForm, pct, scoreSet, typeTimed } from './score.js';

const EVAL_DIR = '/nonexistent/autocorrector-eval';
const SLIPS = Number(process.env.EVAL_SLIPS ?? 1000);

export function readProse(lang: Language): string {
  return readFileSync(join(packageRoot(), 'test', 'eval', 'data', `prose-${lang}.txt`), 'utf8');
}

function countWords(text: string): number {
  return text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
}

function proseLine(label: string, text: string, engine: Engine, holds: Set<number>, timer: Timer, verbose: boolean): number {
  engine.forget();
  const r = typeTimed(text, engine, holds, timer);
  const n = countWords(text);
  const fixes = r.edits.filter((e) => e.kind === 'correction');
  const examples = new Map<string, number>();
  const bySource = new Map<string, number>();
  for (const e of fixes) {
    bySource.set(e.source, (bySource.get(e.source) ?? 0) + 1);
    examples.set(`${e.typed}->${e.fix}`, (examples.get(`${e.typed}->${e.fix}`) ?? 0) + 1);
  }
  const per10k = (fixes.length * 10_000) / n;
  console.log(`  prose ${label.padEnd(10)} ${String(n).padStart(7)} words: ${String(fixes.length).padStart(4)} changes = ${per10k.toFixed(2)} per 10k` +
    ` (${[...bySource].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'})`);
  const top = [...examples].sort((a, b) => b[1] - a[1]);
  if (top.length > 0) console.log(`    examples: ${(verbose ? top : top.slice(0, 15)).map(([k, v]) => (v > 1 ? `${k} x${v}` : k)).join(', ')}`);
  return per10k;
}

function setLine(set: TypoSet, engine: Engine, holds: Set<number>, timer: Timer, verbose: boolean): void {
  const s = scoreSet(set, engine, holds, timer, (w) => engine.policy.isWord(w));
  console.log(`  ${set.name.padEnd(16)} ${String(s.cases).padStart(5)} cases, ${String(s.changes).padStart(5)} changes, ${String(s.right).padStart(5)} right: recall ${pct(s.right, s.cases)}, recall(non-word) ${pct(s.right, s.nonWord)}, precision ${pct(s.right, s.changes)}` +
    ` (wrong: ${s.wrong.length}, ${s.wrong.filter(([, o, f]) => otherForm(o, f)).length} another form of the word)`);
  const show = verbose ? s.wrong : s.wrong.slice(0, 8);
  if (show.length > 0) console.log(`    wrong changes (typed -> made, meant): ${show.map(([t, o, f]) => `${t}->${o} (${f})`).join(', ')}`);
}

/** Share of words after which the guess names `truth` (and how often it has no answer). */
function guessAccuracy(text: string, truth: string, guess: SentenceLanguage): { right: number; unknown: number; words: number } {
  let right = 0;
  let unknown = 0;
  let words = 0;
  guess.reset();
  for (const line of text.split('\n')) {
    let start = true;
    for (const tok of line.split(/\s+/)) {
      const w = tok.replace(/^[("'«]+|[)"'».,;:!?]+$/g, '');
      if (!/^\p{L}+(?:'\p{L}+)*$/u.test(w)) continue;
      guess.observe(w, start);
      start = /[.!?]["')]?$/.test(tok);
      const c = guess.current();
      words++;
      if (c === truth) right++;
      else if (c === null) unknown++;
    }
  }
  return { right, unknown, words };
}

export async function evalLanguages(opts: { sets: TypoSet[]; brown: string; verbose: boolean }): Promise<void> {
  const { sets, verbose } = opts;
  const brown = opts.brown.split(/\s+/).slice(0, 200_000).join(' ');
  const english = await buildEngine({ configDir: EVAL_DIR, languages: { languages: ['en'], source: 'eval', unsupported: [] } });
  const enSpeller = english.engine.policy.languages[0].speller;
  const guessRows: string[] = [];
  const only = process.env.EVAL_LANGS?.split(',');
  for (const lang of (['de', 'fr', 'es'] as const).filter((l) => !only || only.includes(l))) {
    let keymap: Keymap;
    try {
      keymap = xkbKeymap({ rules: '', model: '', layout: lang, variant: '', options: '' });
    } catch (err) {
      console.log(`== ${LANGUAGE_NAMES[lang]}: layout "${lang}" unavailable (${(err as Error).message}); skipped`);
      continue;
    }
    const prose = readProse(lang);
    let slips: TypoSet | null = null;
    let speller: Speller | null = null;
    {
      // The baseline: English alone (a C locale), as every user got before languages existed.
      const setup = await buildEngine({ keymap, configDir: EVAL_DIR, languages: { languages: ['en'], source: 'eval', unsupported: [] } });
      console.log(`== ${LANGUAGE_NAMES[lang]} prose on the ${lang} layout, languages = ["en"] (English alone, the baseline), correction = "list"`);
      proseLine(lang, prose, setup.engine, new Set(setup.engine.editKeyCodes()), new Timer(), verbose);
    }
    for (const languages of [[lang], [lang, 'en']] as Language[][]) {
      for (const correction of ['list', 'dictionary'] as const) {
        const setup = await buildEngine({ keymap, correction, configDir: EVAL_DIR, languages: { languages, source: 'eval', unsupported: [] } });
        const engine = setup.engine;
        speller ??= engine.policy.languages[0].speller;
        slips ??= { name: `${lang} slips`, source: `generated on the ${lang} layout`, cases: makeSlips(prose, keymap, speller, SLIPS) };
        const holds = new Set(engine.editKeyCodes());
        const timer = new Timer();
        console.log(`== ${LANGUAGE_NAMES[lang]} prose on the ${lang} layout, languages = [${languages.map((l) => `"${l}"`).join(', ')}], correction = "${correction}"`);
        proseLine(lang, prose, engine, holds, timer, verbose);
        setLine(slips, engine, holds, timer, verbose);
        if (languages.length > 1) {
          for (const set of sets) setLine(set, engine, holds, timer, verbose);
          proseLine('Brown (en)', brown, engine, holds, timer, verbose);
        }
        const us = (ns: number) => `${(ns / 1000).toFixed(1)} µs`;
        console.log(`  word-end decision: p50 ${us(timer.percentile(0.5))} p99 ${us(timer.percentile(0.99))} (n=${timer.samples.length})`);
      }
    }
    const guess = new SentenceLanguage([{ code: lang, speller: speller! }, { code: 'en', speller: enSpeller }]);
    const a = guessAccuracy(prose, lang, guess);
    const b = guessAccuracy(brown, 'en', guess);
    guessRows.push(`  ${lang} + en: ${LANGUAGE_NAMES[lang]} prose ${pct(a.right, a.words)} right (${pct(a.unknown, a.words).trim()} no answer) of ${a.words} words; ` +
      `Brown ${pct(b.right, b.words)} right (${pct(b.unknown, b.words).trim()} no answer) of ${b.words} words`);
  }
  console.log('\nsentence language guess, right after each word of the sentence so far (with two languages active):');
  for (const r of guessRows) console.log(r);
  console.log('targets: <= 1 false change per 10k words of de/fr/es prose with its language (and with English too); German slips recall >= 60 % at precision >= 97 %');
}
