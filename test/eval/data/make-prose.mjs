// Makes prose-de.txt, prose-fr.txt, prose-es.txt: the translated interface
// text of free software shipped by Debian 12 (see README.md for the packages
// and their licences). Run once by hand, on a machine with those packages and
// gettext installed; `npm run eval` only reads the result.
//   node test/eval/data/make-prose.mjs
// Each translation (msgstr) becomes one line of plain text: format directives
// (%s, %1$d, {name}, ${x}), markup, mnemonics (_Datei, &Datei), option names
// and paths are dropped; a line keeps only if what is left is mostly words.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DOMAINS = ['coreutils', 'bash', 'dpkg', 'git', 'glib20', 'gtk30', 'wget', 'gnupg2', 'gettext-tools', 'gsettings-desktop-schemas'];
const here = dirname(fileURLToPath(import.meta.url));

function msgstrs(po) {
  const out = [];
  let cur = null;
  // A PO string: "..." with C escapes.
  const unq = (s) => s.slice(1, -1).replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c === 't' ? ' ' : c));
  for (const line of po.split('\n')) {
    if (line.startsWith('msgstr')) {
      if (cur !== null) out.push(cur);
      const m = /^msgstr(?:\[\d+\])?\s+(".*")$/.exec(line);
      cur = m ? unq(m[1]) : '';
    } else if (cur !== null && line.startsWith('"')) {
      cur += unq(line);
    } else if (cur !== null) {
      out.push(cur);
      cur = null;
    }
  }
  if (cur !== null) out.push(cur);
  return out;
}

function clean(s) {
  return s
    .replace(/<[^>]*>/g, ' ')
    .replace(/%(\d+\$)?[-+ #0']*\d*(\.\d+)?[hlLqjzt]*[a-zA-Z%]/g, ' ')
    .replace(/\$\{[^}]*\}|\{[^}]*\}/g, ' ')
    .replace(/(^|\s)--?[\w-]+(=\S*)?/g, ' ')
    .replace(/\S*[/\\@=<>|`]\S*/g, ' ')
    .replace(/(^|[\s(])[_&](\p{L})/gu, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
}

for (const lang of ['de', 'fr', 'es']) {
  const lines = new Set();
  for (const d of DOMAINS) {
    const mo = `/usr/share/locale/${lang}/LC_MESSAGES/${d}.mo`;
    if (!existsSync(mo)) continue;
    const po = execFileSync('msgunfmt', [mo], { encoding: 'utf8', maxBuffer: 1 << 28 });
    for (const raw of msgstrs(po)) {
      for (const para of raw.split(/\n+/)) {
        const t = clean(para);
        const words = t.split(' ');
        const plain = words.filter((w) => /^[("'«]?\p{L}+(?:['’]\p{L}+)*[)"'»]?[.,;:!?]?$/u.test(w));
        if (words.length >= 3 && plain.length / words.length >= 0.8) lines.add(t);
      }
    }
  }
  writeFileSync(join(here, `prose-${lang}.txt`), [...lines].join('\n') + '\n');
  console.log(`prose-${lang}.txt: ${lines.size} lines, ${[...lines].join(' ').split(' ').length} words`);
}
