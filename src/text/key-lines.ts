// Where a TOML key is assigned, for pointing a problem at its line.

// The key (or table name) a line starts with, quotes removed.
const LINE_KEY_RE = /^\s*(?:\[+\s*)?(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))/;

/**
 * Finds keys' lines in one pass over the text. Built only when an error needs
 * a line: a clean 80k-entry list never pays for it.
 */
export class KeyLines {
  private index: Map<string, number> | null = null;
  constructor(private readonly lines: readonly string[]) {}

  /** The 1-based line where `key` is assigned (or its table opens). */
  lineOf(key: string): number {
    if (this.index === null) {
      this.index = new Map();
      for (let i = 0; i < this.lines.length; i++) {
        const m = LINE_KEY_RE.exec(this.lines[i]);
        const k = m && (m[1] ?? m[2] ?? m[3]);
        if (k && !this.index.has(k)) this.index.set(k, i + 1);
      }
    }
    const hit = this.index.get(key);
    if (hit !== undefined) return hit;
    // Keys written with escapes ("\u0074eh") do not match literally.
    for (let i = 0; i < this.lines.length; i++) if (this.lines[i].includes(key)) return i + 1;
    return 1;
  }
}
