// The shipped default list (77k typo → fix pairs) as one block of bytes the
// build writes and the daemon reads whole: a Map of 77k string pairs costs
// ~16 MB of heap, these bytes ~1.7 MB. Pure: the caller reads the file and
// hands the bytes in.
//
// Layout (little endian): u32 magic, u32 version, u32 source bytes (the
// TOML's size, for staleness), u32 n (entries), u32 text bytes, u32 0; then
// u32 starts[n + 1] (entry i is text[starts[i], starts[i + 1]): key, a tab,
// the fix, UTF-8), u32 sorted[n] (entry indexes by key bytes, for bisection),
// then the text. Entries stay in file order, so iteration is the TOML's.
// A fix is kept as what it has besides its key's first and last bytes (a
// typo and its fix mostly differ in a letter or two): after the tab, a byte
// saying how many of the key's first bytes it starts with, one for how many
// of its last bytes it ends with, then its own bytes between. The text is
// ~1.06 MB instead of 1.54 (version 1 held each fix whole).

const MAGIC = 0x4143444c; // "ACDL"
const VERSION = 2;
const HEAD = 24;
const TAB = 9;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Byte order of UTF-8 is code point order: the sort the build and the look-up share. */
function compareBytes(a: Uint8Array, aFrom: number, aTo: number, b: Uint8Array, bFrom: number, bTo: number): number {
  const n = Math.min(aTo - aFrom, bTo - bFrom);
  for (let k = 0; k < n; k++) {
    const d = a[aFrom + k] - b[bFrom + k];
    if (d !== 0) return d;
  }
  return aTo - aFrom - (bTo - bFrom);
}

/**
 * compareBytes of `a[0, aLen)` and the key that starts at `b[bFrom]` and ends
 * at its tab. A tab sorts below every byte a key holds, so where the key
 * ends first it is the smaller, as with compareBytes.
 */
function compareKey(a: Uint8Array, aLen: number, b: Uint8Array, bFrom: number): number {
  for (let k = 0; ; k++) {
    const y = b[bFrom + k];
    if (y === TAB) return k < aLen ? 1 : 0;
    if (k === aLen) return -1;
    const d = a[k] - y;
    if (d !== 0) return d;
  }
}

/** Build time: the entries (in their order) as the bytes PackedList reads. Keys and fixes hold no tab or newline. */
export function packList(entries: ReadonlyMap<string, string>, sourceBytes: number): Uint8Array {
  const parts: Uint8Array[] = [];
  const n = entries.size;
  const starts = new Uint32Array(n + 1);
  const keyEnds = new Uint32Array(n);
  let at = 0;
  let i = 0;
  for (const [k, v] of entries) {
    if (/[\t\n\r]/.test(k) || /[\t\n\r]/.test(v)) throw new Error(`packed list: tab or newline in entry ${JSON.stringify(k)}`);
    const bytes = packEntry(encoder.encode(k), encoder.encode(v));
    starts[i] = at;
    keyEnds[i] = at + bytes.indexOf(TAB);
    parts.push(bytes);
    at += bytes.length;
    i++;
  }
  starts[n] = at;
  const text = new Uint8Array(at);
  let off = 0;
  for (const p of parts) {
    text.set(p, off);
    off += p.length;
  }
  const sorted = Uint32Array.from({ length: n }, (_, j) => j)
    .sort((a, b) => compareBytes(text, starts[a], keyEnds[a], text, starts[b], keyEnds[b]));
  const out = new Uint8Array(HEAD + 4 * (2 * n + 1) + at);
  new Uint32Array(out.buffer, 0, HEAD / 4).set([MAGIC, VERSION, sourceBytes, n, at, 0]);
  new Uint32Array(out.buffer, HEAD, n + 1).set(starts);
  new Uint32Array(out.buffer, HEAD + 4 * (n + 1), n).set(sorted);
  out.set(text, HEAD + 4 * (2 * n + 1));
  return out;
}

/** Key, tab, shared first and last byte counts (each at most 255), the fix's other bytes. */
function packEntry(key: Uint8Array, fix: Uint8Array): Uint8Array {
  const most = Math.min(key.length, fix.length, 255);
  let first = 0;
  while (first < most && key[first] === fix[first]) first++;
  let last = 0;
  while (last < Math.min(most, key.length - first, fix.length - first) && key[key.length - 1 - last] === fix[fix.length - 1 - last]) last++;
  const mid = fix.subarray(first, fix.length - last);
  const out = new Uint8Array(key.length + 3 + mid.length);
  out.set(key);
  out.set([TAB, first, last], key.length);
  out.set(mid, key.length + 3);
  return out;
}

/** The TOML size a packed list was built from, or null when the bytes are not one. */
export function packedSourceBytes(bytes: Uint8Array): number | null {
  if (bytes.length < HEAD) return null;
  const v = new DataView(bytes.buffer, bytes.byteOffset, HEAD);
  return v.getUint32(0, true) === MAGIC && v.getUint32(4, true) === VERSION ? v.getUint32(8, true) : null;
}

/** A read-only Map over packed bytes; throws on damaged bytes (checked whole at construction). */
export class PackedList implements ReadonlyMap<string, string> {
  readonly size: number;
  private readonly starts: Uint32Array;
  private readonly sorted: Uint32Array;
  private readonly text: Uint8Array;
  private scratch = new Uint8Array(64);
  private fixBytes = new Uint8Array(64);

  constructor(bytes: Uint8Array) {
    if (packedSourceBytes(bytes) === null) throw new Error('packed list: wrong format');
    // Typed arrays need aligned offsets: copy once if the caller's view is not.
    const b = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
    const head = new Uint32Array(b.buffer, b.byteOffset, HEAD / 4);
    const n = head[3];
    const textBytes = head[4];
    if (b.length !== HEAD + 4 * (2 * n + 1) + textBytes) throw new Error('packed list: truncated or overlong');
    this.size = n;
    this.starts = new Uint32Array(b.buffer, b.byteOffset + HEAD, n + 1);
    this.sorted = new Uint32Array(b.buffer, b.byteOffset + HEAD + 4 * (n + 1), n);
    this.text = b.subarray(HEAD + 4 * (2 * n + 1));
    const { starts, sorted, text } = this;
    if (starts[0] !== 0 || starts[n] !== textBytes) throw new Error('packed list: damaged offsets');
    for (let i = 0; i < n; i++) {
      if (starts[i + 1] < starts[i]) throw new Error('packed list: damaged offsets');
      const tab = text.subarray(starts[i], starts[i + 1]).indexOf(TAB);
      if (tab <= 0) throw new Error('packed list: an entry without its key');
      // The fix's shared first and last bytes are the key's.
      if (starts[i] + tab + 3 > starts[i + 1] || text[starts[i] + tab + 1] + text[starts[i] + tab + 2] > tab) throw new Error('packed list: a damaged fix');
    }
    // Strictly ascending keys: a true permutation, and bisection is sound.
    for (let j = 0; j < n; j++) {
      const e = sorted[j];
      if (e >= n) throw new Error('packed list: damaged index');
      if (j > 0) {
        const p = sorted[j - 1];
        if (compareBytes(text, starts[p], this.tab(p), text, starts[e], this.tab(e)) >= 0) throw new Error('packed list: damaged index');
      }
    }
  }

  /**
   * Where entry i's key ends (its tab). Found when asked, not kept: keys are
   * a few bytes, and a table of them would cost 4 bytes an entry for good.
   */
  private tab(i: number): number {
    const { text } = this;
    let at = this.starts[i];
    while (text[at] !== TAB) at++;
    return at;
  }

  private key(i: number): string {
    return decoder.decode(this.text.subarray(this.starts[i], this.tab(i)));
  }

  private fix(i: number): string {
    const { text } = this;
    const from = this.starts[i];
    const tab = this.tab(i);
    const first = text[tab + 1];
    const last = text[tab + 2];
    const mid = text.subarray(tab + 3, this.starts[i + 1]);
    const n = first + mid.length + last;
    if (this.fixBytes.length < n) this.fixBytes = new Uint8Array(2 * n);
    const out = this.fixBytes;
    out.set(text.subarray(from, from + first));
    out.set(mid, first);
    out.set(text.subarray(tab - last, tab), first + mid.length);
    return decoder.decode(out.subarray(0, n));
  }

  /** The entry with this key, or -1. */
  private find(key: string): number {
    if (this.scratch.length < 3 * key.length) this.scratch = new Uint8Array(3 * key.length);
    const len = encoder.encodeInto(key, this.scratch).written;
    const { starts, sorted, text, scratch } = this;
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const e = sorted[mid];
      const c = compareKey(scratch, len, text, starts[e]);
      if (c === 0) return e;
      if (c > 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The entry's place in file order (what packList was given), or -1: for data kept beside the list. */
  indexOf(key: string): number {
    return this.find(key);
  }

  get(key: string): string | undefined {
    const e = this.find(key);
    return e < 0 ? undefined : this.fix(e);
  }

  has(key: string): boolean {
    return this.find(key) >= 0;
  }

  *entries(): MapIterator<[string, string]> {
    for (let i = 0; i < this.size; i++) yield [this.key(i), this.fix(i)];
  }

  *keys(): MapIterator<string> {
    for (let i = 0; i < this.size; i++) yield this.key(i);
  }

  *values(): MapIterator<string> {
    for (let i = 0; i < this.size; i++) yield this.fix(i);
  }

  [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }

  forEach(fn: (value: string, key: string, map: ReadonlyMap<string, string>) => void, thisArg?: unknown): void {
    for (let i = 0; i < this.size; i++) fn.call(thisArg, this.fix(i), this.key(i), this);
  }
}
