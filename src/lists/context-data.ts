// The context model's data: built once by `npm run build` (precompute) into
// dist/precomputed/context.bin, mapped back into typed arrays at start.
//
// Source: dictionaries/frequency/frequency_bigramdictionary_en_243_342.txt.gz
// (SymSpell's English bigram list, MIT; Google Books Ngram counts), see
// dictionaries/frequency/README.md. Pairs whose words are not both in the
// frequency list are dropped; each pair keeps P(second | first) among the
// listed pairs starting with first.
//
// File layout (little endian): u32 magic, u32 version, u32 n (pairs), u32 0;
// then f64 keys[n], f32 probs[n].
import { readWholeFile } from '../files/read-whole-file.js';
import { join } from 'node:path';
import { bigramKey, type BigramData } from '../policy/context.js';
import { packageRoot, precomputedDir } from './load.js';

const MAGIC = 0x41434358; // "ACCX"
const VERSION = 1;

export function bigramListPath(): string {
  return join(packageRoot(), 'dictionaries', 'frequency', 'frequency_bigramdictionary_en_243_342.txt.gz');
}

export function contextDataPath(): string {
  return join(precomputedDir(), 'context.bin');
}

/** Build time: `first second count` lines, with word indexes from the frequency list's order. */
export function buildBigramData(text: string, words: readonly string[]): BigramData {
  const index = new Map<string, number>();
  words.forEach((w, i) => index.set(w, i));
  const pairs: Array<[number, number, number]> = [];
  const totals = new Map<number, number>();
  for (const line of text.replace(/^\uFEFF/, '').split('\n')) {
    const [a, b, c] = line.trim().split(/\s+/);
    const first = index.get(a?.toLowerCase() ?? '');
    const second = index.get(b?.toLowerCase() ?? '');
    const count = Number(c);
    if (first === undefined || second === undefined || !(count > 0)) continue;
    pairs.push([first, second, count]);
    totals.set(first, (totals.get(first) ?? 0) + count);
  }
  const merged = new Map<number, number>();
  for (const [f, s, c] of pairs) merged.set(bigramKey(f, s), (merged.get(bigramKey(f, s)) ?? 0) + c / totals.get(f)!);
  const keys = Float64Array.from([...merged.keys()].sort((x, y) => x - y));
  const probs = Float32Array.from(keys, (k) => merged.get(k)!);
  return { keys, probs };
}

export function serializeBigramData(d: BigramData): Buffer {
  const head = new Uint32Array([MAGIC, VERSION, d.keys.length, 0]);
  return Buffer.concat([
    Buffer.from(head.buffer),
    Buffer.from(d.keys.buffer, d.keys.byteOffset, d.keys.byteLength),
    Buffer.from(d.probs.buffer, d.probs.byteOffset, d.probs.byteLength),
  ]);
}

export function deserializeBigramData(buf: Uint8Array): BigramData {
  // Views straight into the file's buffer when it is whole and aligned (as loadBigramData reads it).
  let ab: ArrayBuffer;
  if (buf.byteOffset === 0 && buf.byteLength === buf.buffer.byteLength && buf.buffer instanceof ArrayBuffer) {
    ab = buf.buffer;
  } else {
    ab = new ArrayBuffer(buf.length);
    new Uint8Array(ab).set(buf);
  }
  const head = new Uint32Array(ab, 0, 4);
  if (head[0] !== MAGIC || head[1] !== VERSION) throw new Error('context data: wrong format');
  const n = head[2];
  if (16 + 12 * n !== buf.length) throw new Error('context data: truncated');
  return { keys: new Float64Array(ab, 16, n), probs: new Float32Array(ab, 16 + 8 * n, n) };
}

/** Run time: the precomputed bigrams, or null when not built (then no context). */
export function loadBigramData(): BigramData | null {
  try {
    return deserializeBigramData(readWholeFile(contextDataPath()));
  } catch {
    return null;
  }
}
