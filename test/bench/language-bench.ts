// `npm run bench`, second part: what each extra language costs. For each of
// German, French and Spanish, the engine is loaded with English alone and
// with English plus that language, each in a fresh process, in both
// correction modes; the difference in load time and RSS is the language's
// cost. Then the hot-path benchmark runs with two languages active.
// Prints, never asserts.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));

interface Load { loadMs: number; rssMB: number }

function load(codes: string, correction: string): Load {
  const out = execFileSync(process.execPath, ['--expose-gc', join(here, 'language-load.js'), codes, correction], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as Load;
}

console.log('\nper-language cost (each in a fresh process; extra = with the language minus English alone)');
for (const correction of ['list', 'dictionary']) {
  const base = load('en', correction);
  console.log(`correction = "${correction}": English alone: load ${base.loadMs.toFixed(0)} ms, RSS ${base.rssMB.toFixed(0)} MB`);
  for (const lang of ['de', 'fr', 'es']) {
    const both = load(`en,${lang}`, correction);
    const alone = load(lang, correction);
    console.log(`  + ${lang}: load +${(both.loadMs - base.loadMs).toFixed(0)} ms, RSS +${(both.rssMB - base.rssMB).toFixed(0)} MB` +
      `   (${lang} alone: load ${alone.loadMs.toFixed(0)} ms, RSS ${alone.rssMB.toFixed(0)} MB)`);
  }
}
for (const correction of ['list', 'dictionary']) {
  console.log('');
  process.stdout.write(execFileSync(process.execPath, [join(here, 'engine-bench.js'), '--correction', correction, '--languages', 'de,en'], { encoding: 'utf8' }));
}
console.log('target with two languages: word-end p99 <= 50 µs');
