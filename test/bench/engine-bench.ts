// `npm run bench`: the engine's hot path on real prose with typos mixed in,
// fed as key events exactly as the daemon feeds them. Prints, never asserts.
import { buildEngine } from '../../src/engine-factory.js';
import { UsKeymap } from '../../src/keymap/us.js';
import { feedKey } from '../../src/inject/edit-events.js';
import { typeText } from '../../src/simulate/typist.js';
import type { KeyInput } from '../../src/engine/types.js';
import { brownProse } from './brown.js';
import { rng } from './rng.js';
import { isLanguage } from '../../src/config/languages.js';

const WORDS = 60_000;
const TYPO_RATE = 0.05;


/** Replaces some words by a typo the default list knows, else swaps two letters. */
function addTypos(text: string, defaults: ReadonlyMap<string, string>, rand: () => number): { text: string; typos: number } {
  const typoOf = new Map<string, string>();
  for (const [typo, fix] of defaults) if (!typoOf.has(fix)) typoOf.set(fix, typo);
  let typos = 0;
  const out = text.replace(/[A-Za-z]+/g, (w) => {
    if (rand() >= TYPO_RATE) return w;
    typos++;
    const known = typoOf.get(w);
    if (known !== undefined) return known;
    if (w.length < 3) return w;
    const i = 1 + Math.floor(rand() * (w.length - 2));
    return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
  });
  return { text: out, typos };
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function summary(name: string, samples: Float64Array): string {
  const s = Float64Array.from(samples).sort();
  const f = (ns: number) => `${(ns / 1000).toFixed(2)} µs`;
  return `${name.padEnd(28)} n=${String(s.length).padStart(8)}  p50 ${f(percentile(s, 0.5))}  p99 ${f(percentile(s, 0.99))}  max ${f(s[s.length - 1])}`;
}

async function main(): Promise<void> {
  // `--correction list` measures the lists alone; the default includes the dictionary fallback.
  const at = process.argv.indexOf('--correction');
  const correction = at > 0 && process.argv[at + 1] === 'list' ? 'list' : 'dictionary';
  // `--languages de,en`: these spellers (and fallbacks) active; default English alone.
  const li = process.argv.indexOf('--languages');
  const codes = (li > 0 ? process.argv[li + 1] : 'en').split(',').filter(isLanguage);
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const setup = await buildEngine({ configDir: '/nonexistent/autocorrector-bench', keymap: new UsKeymap(), correction, languages: { languages: codes, source: '--languages', unsupported: [] } });
  const loadMs = performance.now() - t0;
  const rssAfterLoad = process.memoryUsage().rss;
  const { engine } = setup;

  const prose = brownProse(WORDS);
  const { text, typos } = addTypos(prose, engine.policy.data.defaults, rng(42));
  const words = text.split(/\s+/).length;
  const steps = typeText(text, engine.keymap, { msPerEvent: 30 });
  const events = steps.filter((s): s is KeyInput => !('opaque' in s));

  // Warm-up pass so JIT tiers settle, then a fresh engine state for the measured pass.
  for (const ev of events.slice(0, 20_000)) feedKey(engine, ev);
  engine.forget();

  // Preallocated so the benchmark's own bookkeeping does not add GC pauses.
  const perKey = new Float64Array(events.length);
  const wordEnd = new Float64Array(events.length);
  let nKey = 0;
  let nEnd = 0;
  const holds = new Set(engine.editKeyCodes());
  let corrections = 0;
  const hr = process.hrtime.bigint;
  for (const ev of events) {
    const a = hr();
    const out = feedKey(engine, ev);
    const ns = Number(hr() - a);
    perKey[nKey++] = ns;
    if (ev.value === 1 && holds.has(ev.code)) wordEnd[nEnd++] = ns;
    if (out !== null) corrections++;
  }

  console.log(`autocorrector engine benchmark (Node ${process.version}), correction = "${correction}", languages = ${codes.join(',')}${correction === 'dictionary' && engine.policy.fallback === null ? ' (fallback data missing: run npm run build)' : ''}`);
  console.log(`prose: Brown corpus, ${words} words, ${typos} typos mixed in, ${events.length} key events`);
  console.log(`corrections made: ${corrections}`);
  console.log(summary('per key event', perKey.subarray(0, nKey)));
  console.log(summary('word-end decision', wordEnd.subarray(0, nEnd)));
  console.log(`load (lists + speller${correction === 'dictionary' ? ' + fallback' : ''}) ${loadMs.toFixed(0)} ms  (speller ${setup.spellerLoadMs.toFixed(0)} ms)`);
  console.log(`RSS: start ${(rssBefore / 2 ** 20).toFixed(0)} MB, after load ${(rssAfterLoad / 2 ** 20).toFixed(0)} MB, after run ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
  console.log('targets (issue 16): per key p99 <= 5 µs, word-end p99 <= 50 µs, load <= 150 ms, RSS after load <= 87 MB');
}

await main();
