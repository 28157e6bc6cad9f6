// List mode's spelling check (correction = "list", English alone). There the
// policy asks the speller one thing: is a word that has a default-list fix,
// or one the apostrophe rule would restore (dont -> don't), a word after all?
// The build answers exactly those questions once with the full speller, for
// each default-list key in lower case, Capitalised and in capitals and for
// each contraction without its apostrophe, into dist/precomputed/list-words.bin
// (a byte an entry). So list mode holds neither the speller's 124k-word table
// (~2 MB) nor nspell's rules. A word outside those (typed in mixed case, say)
// loads the full speller then, once: the answers are the full speller's always.
import { join } from 'node:path';
import { readWholeFile } from '../files/read-whole-file.js';
import { precomputedDir } from './load.js';
import { PackedList } from './packed-list.js';
import { loadSpellingNow, readDictionary, snapshotSource, type LoadedSpeller } from './spelling.js';
import type { Speller } from '../policy/speller.js';

const MAGIC = 0x41434c57; // "ACLW"
const FORMAT = 1;
// Which forms of a word the full speller accepts, a bit each.
const LOWER = 1;
const CAPITALISED = 2;
const CAPITALS = 4;

interface Header {
  format: number;
  /** The speller's snapshot source (nspell version + dictionary hash) the answers came from. */
  source: string;
  /** The default list's entries the bytes follow, in its file order. */
  entries: number;
  contractions: Array<[string, string]>;
  /** Each contraction without its apostrophe, and its forms' bits. */
  apostrophe: Array<[string, number]>;
}

export function listWordsPath(): string {
  return join(precomputedDir(), 'list-words.bin');
}

const capitalised = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

function formsAccepted(speller: Speller, lower: string): number {
  return (speller.isCorrect(lower) ? LOWER : 0)
    | (speller.isCorrect(capitalised(lower)) ? CAPITALISED : 0)
    | (speller.isCorrect(lower.toUpperCase()) ? CAPITALS : 0);
}

/** Build time: the full speller's answers for the default list's keys (in file order) and the contractions. */
export function buildListWords(keys: readonly string[], speller: Speller, source: string): Uint8Array {
  const contractions = [...(speller.contractions ?? new Map<string, string>())];
  const header: Header = {
    format: FORMAT,
    source,
    entries: keys.length,
    contractions,
    apostrophe: contractions.map(([lower]) => {
      const bare = lower.replace("'", '');
      return [bare, formsAccepted(speller, bare)];
    }),
  };
  const head = Buffer.from(JSON.stringify(header));
  const out = new Uint8Array(8 + head.length + keys.length);
  new DataView(out.buffer).setUint32(0, MAGIC, true);
  new DataView(out.buffer).setUint32(4, head.length, true);
  out.set(head, 8);
  keys.forEach((k, i) => { out[8 + head.length + i] = formsAccepted(speller, k); });
  return out;
}

/**
 * List mode's speller over the default list, or null when the precomputed
 * answers are missing, damaged or from another dictionary or list (then the
 * caller loads the full speller).
 */
export function loadListSpeller(defaults: ReadonlyMap<string, string>): LoadedSpeller | null {
  const t0 = performance.now();
  if (!(defaults instanceof PackedList)) return null;
  try {
    const bytes = readWholeFile(listWordsPath());
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (bytes.length < 8 || view.getUint32(0, true) !== MAGIC) return null;
    const headBytes = view.getUint32(4, true);
    const header = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 8, headBytes).toString('utf8')) as Header;
    if (header.format !== FORMAT || header.entries !== defaults.size || bytes.length !== 8 + headBytes + header.entries) return null;
    if (header.source !== snapshotSource(readDictionary('en'))) return null;
    // A copy of the bits alone: the file's buffer (the header's text) is let go.
    const forms = bytes.slice(8 + headBytes);
    return new ListSpeller(defaults, forms, new Map(header.contractions), new Map(header.apostrophe), performance.now() - t0);
  } catch {
    return null;
  }
}

class ListSpeller implements LoadedSpeller {
  private full: LoadedSpeller | null = null;

  constructor(
    private readonly defaults: PackedList,
    private readonly forms: Uint8Array,
    readonly contractions: ReadonlyMap<string, string>,
    private readonly apostrophe: ReadonlyMap<string, number>,
    readonly loadMs: number,
  ) {}

  isCorrect(word: string): boolean {
    const lower = word.toLowerCase();
    const form = word === lower ? LOWER : word === capitalised(lower) ? CAPITALISED : word === lower.toUpperCase() ? CAPITALS : 0;
    if (form !== 0) {
      const i = this.defaults.indexOf(lower);
      const bits = i >= 0 ? this.forms[i] : this.apostrophe.get(lower);
      if (bits !== undefined) return (bits & form) !== 0;
    }
    this.full ??= loadSpellingNow({ language: 'en' });
    return this.full.isCorrect(word);
  }
}
