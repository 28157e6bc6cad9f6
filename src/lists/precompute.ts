// Build step (run by `npm run build` after tsc): precomputes what the daemon
// would otherwise work out at every start, into dist/precomputed/ (not
// committed; the sources stay the truth):
//   default-list.tsv  dictionaries/default.toml as `typo<TAB>fix` lines (see load.ts)
//   speller.json      nspell's expanded dictionary-en word table (see spelling.ts)
//   fallback.bin      the dictionary fallback's frequency list + delete index + error model (see fallback-data.ts)
//   context.bin       the bigram table the fallback ranks candidates with (see context-data.ts)
// Usage: node dist/src/lists/precompute.js
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import nspell from 'nspell';
import { formatError } from './corrections.js';
import { buildFallbackData, fallbackDataPath, frequencyListPath, parseFrequencyList, serializeFallbackData } from './fallback-data.js';
import { compactDefaultListPath, defaultListPath, formatCompactList, loadCorrectionsFile } from './load.js';
import { gunzipSync } from 'node:zlib';
import { bigramListPath, buildBigramData, contextDataPath, serializeBigramData } from './context-data.js';
import { buildSpellerSnapshot, spellerSnapshotPath } from './spelling.js';

function writeAtomic(path: string, text: string | Buffer): void {
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

  const { default: dictionary } = await import('dictionary-en');
  const snap = buildSpellerSnapshot(dictionary);
  writeAtomic(spellerSnapshotPath(), JSON.stringify(snap));
  log(`precompute: ${spellerSnapshotPath()} (${snap.codes.length} words)`);

  const spell = nspell(dictionary);
  const { words, counts } = parseFrequencyList(readFileSync(frequencyListPath(), 'utf8'));
  // The error model learns how people mistype from the default list's pairs.
  const pairs = [...r.entries].filter(([t, f]) => /^[a-z]+$/.test(t) && /^[a-z]+$/.test(f));
  const data = buildFallbackData(words, counts, { isCorrect: (w) => spell.correct(w) }, pairs);
  const bin = serializeFallbackData(data);
  writeAtomic(fallbackDataPath(), bin);
  log(`precompute: ${fallbackDataPath()} (${words.length} words, ${data.keyHashes.length} delete keys, ${(bin.length / 2 ** 20).toFixed(1)} MB)`);

  const bigrams = buildBigramData(gunzipSync(readFileSync(bigramListPath())).toString('utf8'), words);
  const ctx = serializeBigramData(bigrams);
  writeAtomic(contextDataPath(), ctx);
  log(`precompute: ${contextDataPath()} (${bigrams.keys.length} word pairs, ${(ctx.length / 2 ** 20).toFixed(1)} MB)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await precompute();
}
