// `node dist/test/eval/fit.js`: fits the dictionary fallback's weights (slip
// weight, unknown-word weight, extra weight for identifier-like tokens,
// context weight, confidence) on held-out data only, never on the sets
// `npm run eval` reports:
//   - spelling: every tenth (typo, word) pair of the default list, with the
//     error model relearnt from the other nine tenths;
//   - slips: the generator's "fit" half (even-rank words, its own seed);
//   - clean technical prose: the doc comments of TypeScript's lib.dom.d.ts
//     (node_modules/typescript), which no eval set uses. Every change there
//     is counted as false.
// Prints a table, best first; the chosen values are written into
// src/policy/fallback.ts and src/policy/context.ts by hand.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyLayout } from '../../src/keymap/geometry.js';
import { UsKeymap } from '../../src/keymap/us.js';
import { loadBigramData } from '../../src/lists/context-data.js';
import { loadFallbackData } from '../../src/lists/fallback-data.js';
import { defaultListPath, loadCorrectionsFile, packageRoot } from '../../src/lists/load.js';
import { loadSpelling } from '../../src/lists/spelling.js';
import { BigramModel } from '../../src/policy/context.js';
import { learnErrorModel, packErrorModel } from '../../src/policy/error-model.js';
import { DictionaryFallback } from '../../src/policy/fallback.js';
import { Policy } from '../../src/policy/policy.js';
import { SlipModel } from '../../src/policy/slip-model.js';
import { slipsSet } from './slips.js';

function docComments(): string {
  const file = join(packageRoot(), 'node_modules', 'typescript', 'lib', 'lib.dom.d.ts');
  return readFileSync(file, 'utf8').split('\n')
    .map((l) => /^\s*\*\s+(.*)$/.exec(l)?.[1] ?? '')
    .filter((l) => l !== '' && !l.startsWith('@') && !l.includes('MDN Reference'))
    .map((l) => l.replace(/`[^`]*`/g, ' ').replace(/\{@link[^}]*\}/g, ' ').replace(/https?:\/\/\S+/g, ' '))
    .join('\n');
}

async function main(): Promise<void> {
  const speller = await loadSpelling();
  const data = loadFallbackData();
  const bigrams = loadBigramData();
  if (data === null || bigrams === null) throw new Error('run npm run build first');
  const list = loadCorrectionsFile(defaultListPath()).entries;
  const pairs = [...list].filter(([t, f]) => /^[a-z]+$/.test(t) && /^[a-z]+$/.test(f));
  const heldOut = pairs.filter((_, i) => i % 10 === 0);
  const train = pairs.filter((_, i) => i % 10 !== 0);
  const fitData = { ...data, errorModel: packErrorModel(learnErrorModel(train)) };
  const slips = slipsSet((w) => speller.isCorrect(w), { half: 'fit' }).cases;
  const prose = docComments();
  const tokens = prose.split(/[ \t]+/);
  const nWords = tokens.filter((t) => /[A-Za-z]/.test(t)).length;
  const slipModel = new SlipModel(keyLayout(new UsKeymap(), 'ansi'));
  console.log(`held-out spelling pairs ${heldOut.length}, slips (fit half) ${slips.length}, prose ${nWords} words`);

  const grid = {
    slipWeight: [4, 16],
    unknownWeight: [7, 8],
    shortWeight: [4],
    contextWeight: [0.6],
    confidence: [0.9],
    lengthWeight: [0, 0.5, 1, 1.5],
  };
  const rows: Array<{ label: string; spellR: number; spellP: number; slipR: number; slipP: number; prose: number }> = [];
  for (const slipWeight of grid.slipWeight) for (const unknownWeight of grid.unknownWeight) for (const shortWeight of grid.shortWeight)
    for (const contextWeight of grid.contextWeight) for (const confidence of grid.confidence) for (const lengthWeight of grid.lengthWeight) {
      const fb = new DictionaryFallback(fitData, { slips: slipModel, slipWeight, unknownWeight, shortWeight, confidence, lengthWeight, context: new BigramModel(bigrams, contextWeight) });
      const score = (cases: ReadonlyArray<{ typo: string; fix: string }> | Array<[string, string]>) => {
        let right = 0;
        let changes = 0;
        let n = 0;
        for (const c of cases) {
          const [typo, fix] = Array.isArray(c) ? c : [c.typo, c.fix];
          n++;
          const g = fb.suggest(typo);
          if (g === null) continue;
          changes++;
          if (g === fix) right++;
        }
        return { recall: (100 * right) / n, precision: changes === 0 ? 100 : (100 * right) / changes };
      };
      const spell = score(heldOut);
      const slip = score(slips);
      const policy = new Policy({ user: new Map(), defaults: new Map(), ignored: new Set() }, speller, fb);
      let changes = 0;
      let before = '';
      for (const t of tokens) {
        for (const part of t.split('\n')) {
          if (part !== '' && policy.decide(part, false, before) !== null) changes++;
          before = `${before.slice(-30)} ${part}`;
        }
      }
      rows.push({
        label: `slip ${slipWeight} unknown ${unknownWeight} short ${shortWeight} context ${contextWeight} conf ${confidence} length ${lengthWeight}`,
        spellR: spell.recall, spellP: spell.precision, slipR: slip.recall, slipP: slip.precision, prose: (changes * 10_000) / nWords,
      });
    }
  // Best: most recall on both, among those at >= 98 % precision on both
  // held-out sets and at most 1 change per 10k words of the held-out prose.
  const ok = (r: (typeof rows)[number]) => r.spellP >= 98 && r.slipP >= 98 && r.prose <= 1;
  rows.sort((a, b) => Number(ok(b)) - Number(ok(a)) || (b.spellR + b.slipR) - (a.spellR + a.slipR));
  for (const r of rows.slice(0, 25)) {
    console.log(`${r.label.padEnd(66)} spelling ${r.spellR.toFixed(1)} / ${r.spellP.toFixed(1)}  slips ${r.slipR.toFixed(1)} / ${r.slipP.toFixed(1)}  prose ${r.prose.toFixed(2)} per 10k`);
  }
}

await main();
