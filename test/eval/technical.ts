// The technical prose set of `npm run eval`: the README files of the npm
// packages this project installs (node_modules/*/README.md, fixed by
// package-lock.json, so every `npm ci` gives the same text). They are read
// where npm put them, never copied into this repository; each keeps its own
// licence. Code is not prose: fenced and indented code blocks, `inline code`,
// URLs, HTML tags and link targets are taken out; the rest is typed as is,
// jargon and all (bool, stdin, tsconfig, uint).
//
// Real typos in it are labelled in data/technical-typos.tsv (see
// data/README.md for how): fixing one to its label is a right change; any
// other change counts as a false one.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/lists/load.js';

/** README files of the installed packages, by package name, sorted. Platform-specific binary packages are left out. */
function readmes(): Array<[string, string]> {
  const root = join(packageRoot(), 'node_modules');
  const names: string[] = [];
  for (const e of readdirSync(root)) {
    if (e.startsWith('.')) continue;
    if (e.startsWith('@')) {
      for (const s of readdirSync(join(root, e))) names.push(`${e}/${s}`);
    } else {
      names.push(e);
    }
  }
  const out: Array<[string, string]> = [];
  for (const name of names.sort()) {
    if (/linux|darwin|win32|x64|arm64/.test(name)) continue;
    let files: string[];
    try {
      files = readdirSync(join(root, name));
    } catch {
      continue;
    }
    const readme = files.find((f) => /^readme\.md$/i.test(f));
    if (readme) out.push([name, readFileSync(join(root, name, readme), 'utf8')]);
  }
  return out;
}

/** Markdown to the prose in it. */
export function proseOf(markdown: string): string {
  const lines: string[] = [];
  let fenced = false;
  for (const raw of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(raw)) {
      fenced = !fenced;
      continue;
    }
    if (fenced || /^( {4}|\t)/.test(raw)) continue;
    const line = raw
      .replace(/<!--.*?-->/g, ' ')
      .replace(/<[^>]*>/g, ' ')
      .replace(/`[^`]*`/g, ' ')
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
      .replace(/^\s*\[[^\]]*\]:.*$/, ' ')
      .replace(/\b(?:https?|ftp):\/\/\S+/g, ' ')
      .replace(/[*_#>|]+/g, ' ')
      .replace(/[ \t]+/g, ' ')
      .trim();
    if (line.length > 0) lines.push(line);
  }
  return lines.join('\n');
}

export interface TechnicalProse {
  text: string;
  packages: number;
}

export function technicalProse(): TechnicalProse {
  const docs = readmes();
  return { text: docs.map(([, md]) => proseOf(md)).join('\n\n'), packages: docs.length };
}

/** Labelled real typos: "typo<TAB>fix" lines (comments after #). */
export function technicalTypos(): Map<string, string> {
  return labelFile('technical-typos.tsv');
}

function labelFile(name: string): Map<string, string> {
  const file = join(packageRoot(), 'test', 'eval', 'data', name);
  const out = new Map<string, string>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const body = line.replace(/#.*/, '').trim();
    if (body === '') continue;
    const [typo, fix] = body.split('\t');
    if (typo && fix) out.set(typo, fix);
  }
  return out;
}

/** Labelled real typos of the Brown corpus text: data/brown-typos.tsv, same format. */
export function brownTypos(): Map<string, string> {
  return labelFile('brown-typos.tsv');
}
