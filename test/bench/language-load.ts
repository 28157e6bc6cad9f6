// Child process of language-bench.ts: loads the engine with the languages
// given and prints its load time and RSS as JSON (a process of its own, so
// one language's memory is not counted in another's).
//   node dist/test/bench/language-load.js de,en list
import { buildEngine } from '../../src/engine-factory.js';
import { UsKeymap } from '../../src/keymap/us.js';
import { isLanguage } from '../../src/config/languages.js';

const codes = (process.argv[2] ?? 'en').split(',').filter(isLanguage);
const correction = process.argv[3] === 'dictionary' ? 'dictionary' : 'list';
const rss0 = process.memoryUsage().rss;
const t0 = performance.now();
const setup = await buildEngine({ configDir: '/nonexistent/autocorrector-bench', keymap: new UsKeymap(), correction, languages: { languages: codes, source: 'bench', unsupported: [] } });
const loadMs = performance.now() - t0;
globalThis.gc?.();
console.log(JSON.stringify({ loadMs, rssMB: process.memoryUsage().rss / 2 ** 20, rss0MB: rss0 / 2 ** 20, perLanguage: setup.languageLoadMs }));
