// The typo sets of `npm run eval` (see test/eval/data/README.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/lists/load.js';

export interface Case {
  typo: string;
  fix: string;
}
export interface TypoSet {
  name: string;
  source: string;
  cases: Case[];
}

const WORD = /^[A-Za-z]+(?:'[A-Za-z]+)*$/;

function dataDir(): string {
  return join(packageRoot(), 'test', 'eval', 'data');
}

/** Unique (typo, fix) pairs; a typo with two different fixes in the set is kept once per fix. */
function unique(cases: Case[]): Case[] {
  const seen = new Set<string>();
  return cases.filter((c) => {
    const k = `${c.typo}\t${c.fix}`;
    if (seen.has(k) || c.typo === c.fix || !WORD.test(c.typo) || !WORD.test(c.fix)) return false;
    seen.add(k);
    return true;
  });
}

export function loadSets(): TypoSet[] {
  const dir = dataDir();
  const toefl = readFileSync(join(dir, 'toefl-spell-annotations.tsv'), 'utf8').split('\n').slice(1)
    .map((l) => l.split('\t'))
    .filter((f) => f[3] === 'M')
    .map((f) => ({ typo: f[2].trim(), fix: f[4].trim() }));
  const aspell = readFileSync(join(dir, 'aspell-orig-batch0.tab'), 'utf8').split('\n')
    .map((l) => l.split('\t'))
    .filter((f) => f.length >= 2)
    .map((f) => ({ typo: f[0].trim(), fix: f[1].trim() }));
  return [
    { name: 'TOEFL-Spell', source: 'ETS, CC BY-SA 4.0', cases: unique(toefl) },
    { name: 'Aspell (orig)', source: 'GNU Aspell test kernel', cases: unique(aspell) },
  ];
}

