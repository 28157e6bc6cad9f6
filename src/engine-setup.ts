// Builds the one engine that both `try` and the daemon drive, from the lists
// and the speller on disk. The only module that joins the pure core to its data.
import { Engine, type EngineOptions } from './engine/engine.js';
import { UsKeymap } from './keymap/us.js';
import type { Keymap } from './keymap/keymap.js';
import { Policy } from './policy/policy.js';
import { CorrectionLists, type CorrectionListsOptions } from './lists/load.js';
import { formatError, type ListError } from './lists/corrections.js';
import { loadSpelling } from './lists/spelling.js';
import { loadFallbackData } from './lists/fallback-data.js';
import { DictionaryFallback } from './policy/fallback.js';
import { SlipModel } from './policy/slip-model.js';
import { BigramModel } from './policy/context.js';
import { loadBigramData } from './lists/context-data.js';
import { WordLearner } from './policy/learner.js';
import { configDir } from './config/paths.js';
import { addLearned, readLearned } from './lists/learned.js';
import { boardShapeFor, keyLayout } from './keymap/geometry.js';

export interface EngineSetup {
  engine: Engine;
  lists: CorrectionLists;
  /** Problems found in the lists, as `file:line: message`. */
  problems: string[];
  loadMs: number;
  spellerLoadMs: number;
}

export interface SetupOptions extends CorrectionListsOptions, EngineOptions {
  keymap?: Keymap;
  /** "list": the lists only; "dictionary": also the dictionary fallback (config.toml `correction`). */
  correction?: 'list' | 'dictionary';
  /**
   * Learn the words the user keeps typing into configDir's learned.txt
   * (the daemon, with config.toml `learn`); `try` never learns.
   */
  learn?: boolean;
  /** Where a failure to save a learnt word is told (by kind, never the word). */
  log?: (line: string) => void;
}

export async function setupEngine(opts: SetupOptions = {}): Promise<EngineSetup> {
  const t0 = performance.now();
  const speller = await loadSpelling();
  const { lists, errors } = CorrectionLists.load(opts);
  // The fallback's index is precomputed by the build; without it, lists only.
  const fallbackData = opts.correction === 'dictionary' ? loadFallbackData() : null;
  const keymap = opts.keymap ?? new UsKeymap();
  // Slips are judged on the user's board: neighbours come from the active layout.
  const slips = fallbackData ? new SlipModel(keyLayout(keymap, boardShapeFor(keymap.name))) : null;
  const bigrams = fallbackData ? loadBigramData() : null;
  const context = bigrams ? new BigramModel(bigrams) : null;
  const fallback = fallbackData ? new DictionaryFallback(fallbackData, { slips, context }) : null;
  const learner = fallback && opts.learn ? makeLearner(configDir(opts.configDir), opts.log) : null;
  if (fallback && learner) fallback.learned = learner.known;
  const policy = new Policy({ user: lists.user, defaults: lists.defaults, ignored: new Set() }, speller, fallback, learner);
  const engine = new Engine(keymap, policy, opts);
  return { engine, lists, problems: errors.map(formatError), loadMs: performance.now() - t0, spellerLoadMs: speller.loadMs };
}

function makeLearner(dir: string, log: (line: string) => void = () => {}): WordLearner {
  return new WordLearner(readLearned(dir).words, (word) => {
    addLearned(dir, word).catch((err: unknown) => {
      log(`cannot save a learnt word: ${(err as NodeJS.ErrnoException).code ?? 'the edit was refused'}`);
    });
  });
}

/** Re-reads learned.txt (after `autocorrector forget`); words learnt meanwhile are kept by the file. */
export function reloadLearned(setup: EngineSetup, dir: string): void {
  setup.engine.policy.learner?.replace(readLearned(dir).words);
}

/** Re-reads the user list; the policy sees the new data at once, or keeps the last good one. */
export function reloadUserList(setup: EngineSetup): ListError[] {
  const r = setup.lists.reloadUser();
  setup.engine.policy.data = { ...setup.engine.policy.data, user: setup.lists.user };
  return r.errors;
}
