// Build step (run by `npm run build` after tsc): precomputes what the daemon
// would otherwise work out at every start, into dist/precomputed/ (not
// committed; the sources stay the truth):
//   default-list.bin  dictionaries/default.toml packed for look-up in place (see packed-list.ts)
//   speller.bin       nspell's expanded dictionary-en word table (see spelling.ts)
//   list-words.bin    the speller's answers list mode needs, about the default list's words (see list-speller.ts)
//   fallback.bin      the dictionary fallback's frequency list + delete index + error model (see fallback-data.ts)
//   context.bin       the bigram table the fallback ranks candidates with (see context-data.ts; English)
//   speller-de.bin, fallback-de.bin, … the same for German, French and Spanish,
//                     rebuilt only when their sources changed (French takes ~20 s)
// Usage: node dist/src/lists/precompute.js
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { SUPPORTED_LANGUAGES, type Language } from '../config/languages.js';
import { formatError } from './corrections.js';
import { buildFallbackData, fallbackDataPath, frequencyListPath, parseFrequencyList, serializeFallbackData } from './fallback-data.js';
import { compactDefaultListPath, defaultListPath, formatCompactList, loadCorrectionsFile } from './load.js';
import { gunzipSync } from 'node:zlib';
import { bigramListPath, buildBigramData, contextDataPath, serializeBigramData } from './context-data.js';
import { buildNspell, buildSpellerSnapshot, importDictionary, loadSpelling, loadSpellingNow, readDictionary, serializeSpellerSnapshot, snapshotFileSource, snapshotSource, spellerSnapshotPath } from './spelling.js';
import { buildListWords, listWordsPath } from './list-speller.js';
import { packErrorModel, learnErrorModel } from '../policy/error-model.js';

function writeAtomic(path: string, text: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export async function precompute(log: (line: string) => void = console.log): Promise<void> {
  const tomlPath = defaultListPath();
  const compactPath = compactDefaultListPath();
  // The size is taken before reading, so a TOML changed meanwhile makes the
  // compact file stale rather than wrong.
  const size = statSync(tomlPath).size;
  rmSync(`${compactPath.slice(0, -'.bin'.length)}.tsv`, { force: true }); // the text copy earlier builds wrote
  const r = loadCorrectionsFile(tomlPath);
  if (r.missing || !r.usable || r.errors.length > 0) {
    // Leave it to the run-time TOML parse, which reports the errors at their lines.
    rmSync(compactPath, { force: true });
    for (const e of r.errors) log(`precompute: ${formatError(e)}`);
    log(`precompute: default list has problems; no compact copy written (the daemon will parse the TOML)`);
  } else {
    writeAtomic(compactPath, formatCompactList(r.entries, size));
    log(`precompute: ${compactPath} (${r.entries.size} entries)`);
  }

  // The error model learns how people mistype from the default list's pairs
  // (English; the other languages use it too until a slip model of their own).
  const pairs = [...r.entries].filter(([t, f]) => /^[a-z]+$/.test(t) && /^[a-z]+$/.test(f));
  const modelHash = createHash('sha256').update(Buffer.from(packErrorModel(learnErrorModel(pairs)).buffer)).digest('hex');
  for (const language of SUPPORTED_LANGUAGES) await precomputeLanguage(language, pairs, modelHash, log);

  // After speller.bin: the answers come from the speller the daemon would load.
  if (r.missing || !r.usable || r.errors.length > 0) {
    rmSync(listWordsPath(), { force: true });
  } else {
    const words = buildListWords([...r.entries.keys()], loadSpellingNow({ language: 'en' }), snapshotSource(readDictionary('en')));
    writeAtomic(listWordsPath(), words);
    log(`precompute: ${listWordsPath()} (${r.entries.size} entries)`);
  }
}

/** One language's speller snapshot and fallback data, each skipped when already built from the same sources. */
async function precomputeLanguage(language: Language, pairs: Array<[string, string]>, modelHash: string, log: (line: string) => void): Promise<void> {
  const dictionary = await importDictionary(language);
  const source = snapshotSource(dictionary);
  const snapPath = spellerSnapshotPath(language);
  rmSync(snapPath.replace(/\.bin$/, '.json'), { force: true }); // the JSON form earlier builds wrote
  if (language === 'en' || snapshotFileSource(snapPath) !== source) {
    const snap = buildSpellerSnapshot(dictionary);
    writeAtomic(snapPath, serializeSpellerSnapshot(snap));
    log(`precompute: ${snapPath} (${snap.codes.length} words)`);
  }

  const freqText = readFileSync(frequencyListPath(language), 'utf8');
  const binPath = fallbackDataPath(language);
  const stamp = `${binPath}.source`;
  const want = createHash('sha256').update(source).update('\0').update(freqText).update('\0').update(modelHash).update('\0').update(String(FALLBACK_RULES)).digest('hex');
  if (language !== 'en' && readStamp(stamp) === want) return;
  const { words, counts } = parseFrequencyList(freqText, language);
  // The fallback weighs counts against a fixed "unknown word" weight tuned
  // on English's corpus (Google Books, far larger than the subtitles the
  // other lists come from): scale each list to English's total.
  if (language !== 'en') {
    const en = parseFrequencyList(readFileSync(frequencyListPath('en'), 'utf8')).counts;
    const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const k = total(en) / total(counts);
    for (let i = 0; i < counts.length; i++) counts[i] *= k;
  }
  // English from a fresh nspell (as always); the others from their snapshot
  // just written, which answers the same and spares a second slow build.
  const speller = language === 'en' ? (() => { const s = buildNspell(dictionary); return { isCorrect: (w: string) => s.correct(w) }; })() : await loadSpelling({ language });
  const data = buildFallbackData(words, counts, speller, pairs, { capitalisedNouns: language === 'de' });
  const bin = serializeFallbackData(data);
  writeAtomic(binPath, bin);
  writeAtomic(stamp, want);
  log(`precompute: ${binPath} (${words.length} words, ${data.keyEntries.length} delete keys, ${(bin.length / 2 ** 20).toFixed(1)} MB)`);

  if (language === 'en') {
    // The bigram context is English only (its source is an English corpus).
    const bigrams = buildBigramData(gunzipSync(readFileSync(bigramListPath())).toString('utf8'), words);
    const ctx = serializeBigramData(bigrams);
    writeAtomic(contextDataPath(), ctx);
    log(`precompute: ${contextDataPath()} (${bigrams.keys.length} word pairs, ${(ctx.length / 2 ** 20).toFixed(1)} MB)`);
  }
}

/** Bump when buildFallbackData's rules change, so cached files are rebuilt. */
const FALLBACK_RULES = 3;

function readStamp(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await precompute();
}
