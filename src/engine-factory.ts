// Builds the one engine that `try` and the daemon both drive, from a config
// directory: config.toml's settings (correction mode, idle reset, layout,
// languages), the user list, the default list and ignored.txt. Shell: it reads the files and
// compiles the layout, then hands the pure core plain data. `try --config-dir D`
// and `run --config-dir D` get the same engine from here.
import { Engine } from './engine/engine.js';
import type { Keymap } from './keymap/keymap.js';
import { UsKeymap } from './keymap/us.js';
import { commandLayout, type LoadedLayout } from './layout/layout-source.js';
import { Policy, type PolicyLanguage } from './policy/policy.js';
import { chooseLanguages, type LanguageChoice } from './config/languages.js';
import { configDir } from './config/paths.js';
import { loadSettings, type Settings } from './config/settings.js';
import { CorrectionLists, type CorrectionListsOptions } from './lists/load.js';
import { formatError } from './lists/corrections.js';
import { readIgnored } from './lists/edit.js';
import { loadSpelling } from './lists/spelling.js';
import { loadListSpeller } from './lists/list-speller.js';
import { BigramModel } from './policy/context.js';
import { WordLearner } from './policy/learner.js';
import { addLearned, readLearned } from './lists/learned.js';

export interface EngineFactoryOptions extends CorrectionListsOptions {
  /** config.toml's settings, when the caller has read them already (else read from configDir). */
  settings?: Settings;
  /** Command-line choices, which win over config.toml. */
  correction?: 'list' | 'dictionary';
  layout?: string;
  /** A keymap given outright (tests, bench): no layout lookup. */
  keymap?: Keymap;
  /**
   * Learn the words the user keeps typing into the config dir's learned.txt
   * (the daemon, with config.toml `learn`); `try` never learns.
   */
  learn?: boolean;
  /** Where a failure to save a learnt word is told (by kind, never the word). */
  log?: (line: string) => void;
  /** The languages given outright (`try --languages`); else config.toml's, else the locale's. */
  languages?: LanguageChoice;
  /** The environment the locale is read from (default: this process's). */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Let the event loop run between the load's steps (the daemon: it has the
   * keyboards already, and the addon lets them go if JS stays away too long).
   */
  yieldBetweenSteps?: boolean;
}

export interface BuiltEngine {
  engine: Engine;
  lists: CorrectionLists;
  settings: Settings;
  /** The config directory the engine was built from (where ignored.txt is). */
  dir: string;
  /** The layout in force and where it came from; a warning when the US table stands in. */
  layout: Pick<LoadedLayout, 'layout' | 'source' | 'warning'>;
  /** Problems in the user list, as `file:line: message`. */
  listProblems: string[];
  /** Problems in ignored.txt, as `file:line: message`. */
  ignoreProblems: string[];
  /** Precomputed data that is missing (a language corrected by the lists only). */
  dataProblems: string[];
  /** The languages in force and where they came from (for `status`). */
  languages: LanguageChoice;
  /** Load time of each language's speller and fallback, ms. */
  languageLoadMs: Record<string, number>;
  loadMs: number;
  spellerLoadMs: number;
}

export async function buildEngine(opts: EngineFactoryOptions = {}): Promise<BuiltEngine> {
  const t0 = performance.now();
  const step = opts.yieldBetweenSteps ? yieldNow : noWait;
  const dir = configDir(opts.configDir);
  const settings = opts.settings ?? loadSettings(dir).settings;
  const correction = opts.correction ?? settings.correction;
  const layout = opts.keymap
    ? { keymap: opts.keymap, layout: opts.keymap.name, source: 'given' }
    : commandLayout(opts.layout, settings);
  const keymap = layout.keymap ?? new UsKeymap();
  const choice = opts.languages ?? chooseLanguages(settings.languages, opts.env ?? process.env);
  await step();
  const { lists, errors } = CorrectionLists.load({ ...opts, configDir: dir }, { defaults: choice.languages.includes('en') });
  await step();
  // The dictionary fallback's modules are loaded only in its mode.
  const dict = correction === 'dictionary' ? await dictionaryModules() : null;
  // Slips are judged on the user's board: neighbours come from the active layout.
  const slips = dict ? new dict.SlipModel(dict.keyLayout(keymap, dict.boardShapeFor(keymap.name))) : null;
  const learner = correction === 'dictionary' && opts.learn ? makeLearner(dir, opts.log) : null;
  // Only the active languages' spellers and fallbacks are loaded.
  const active: PolicyLanguage[] = [];
  const languageLoadMs: Record<string, number> = {};
  const missing: string[] = [];
  let spellerLoadMs = 0;
  for (const code of choice.languages) {
    const t = performance.now();
    // List mode with English alone asks the speller only about the default
    // list's words: their precomputed answers stand in for the full table.
    const listSpeller = correction === 'list' && code === 'en' && choice.languages.length === 1 ? loadListSpeller(lists.defaults) : null;
    const speller = listSpeller ?? await loadSpelling({ language: code });
    spellerLoadMs += speller.loadMs;
    await step();
    // The fallback's index is precomputed by the build; without it, lists only.
    const fallbackData = dict ? dict.loadFallbackData(code) : null;
    if (correction === 'dictionary' && fallbackData === null) missing.push(code);
    // The bigram context comes from an English corpus: English only.
    await step();
    const bigrams = dict && fallbackData && code === 'en' ? dict.loadBigramData() : null;
    const context = bigrams ? new BigramModel(bigrams) : null;
    const fallback = dict && fallbackData ? new dict.DictionaryFallback(fallbackData, { slips, context, learned: learner?.known }) : null;
    active.push({ code, speller, fallback, capitalisedNouns: code === 'de' });
    languageLoadMs[code] = performance.now() - t;
  }
  const ignored = readIgnored(dir);
  const policy = new Policy({ user: lists.user, defaults: lists.defaults, ignored: ignored.words }, active, null, active.some((l) => l.fallback) ? learner : null);
  const engine = new Engine(keymap, policy, { idleResetMs: settings.idleResetSeconds * 1000 });
  return {
    engine, lists, settings, dir,
    layout: { layout: layout.layout, source: layout.source, warning: layout.warning },
    listProblems: errors.map(formatError),
    ignoreProblems: ignored.errors.map(formatError),
    dataProblems: missing.length > 0
      ? [`the dictionary fallback's data for ${missing.join(', ')} is missing or damaged (was \`npm run build\` run?): corrected by the lists only`]
      : [],
    languages: choice,
    languageLoadMs,
    loadMs: performance.now() - t0,
    spellerLoadMs,
  };
}

/** What only the dictionary mode uses (list mode never loads it: issue 17, nothing the settings do not use). */
async function dictionaryModules() {
  const [fallback, fallbackData, slipModel, contextData, geometry] = await Promise.all([
    import('./policy/fallback.js'), import('./lists/fallback-data.js'), import('./policy/slip-model.js'),
    import('./lists/context-data.js'), import('./keymap/geometry.js'),
  ]);
  return {
    DictionaryFallback: fallback.DictionaryFallback,
    loadFallbackData: fallbackData.loadFallbackData,
    SlipModel: slipModel.SlipModel,
    loadBigramData: contextData.loadBigramData,
    keyLayout: geometry.keyLayout,
    boardShapeFor: geometry.boardShapeFor,
  };
}

const yieldNow = (): Promise<void> => new Promise((r) => setImmediate(r));
const noWait = (): Promise<void> => Promise.resolve();

/** All problems found in the user's files, as `file:line: message`. */
export function problemsOf(built: BuiltEngine): string[] {
  return [...built.listProblems, ...built.ignoreProblems, ...built.dataProblems];
}

/**
 * Re-reads the user list and ignored.txt; the engine sees the new data at
 * once. A broken user list keeps the last good one (its problems are kept).
 */
export function reloadLists(built: BuiltEngine): void {
  const r = built.lists.reloadUser();
  built.listProblems = r.errors.map(formatError);
  const ignored = readIgnored(built.dir);
  built.ignoreProblems = ignored.errors.map(formatError);
  built.engine.updateLists({ user: built.lists.user, ignored: ignored.words });
}

function makeLearner(dir: string, log: (line: string) => void = () => {}): WordLearner {
  return new WordLearner(readLearned(dir).words, (word) => {
    addLearned(dir, word).catch((err: unknown) => {
      log(`cannot save a learnt word: ${(err as NodeJS.ErrnoException).code ?? 'the edit was refused'}`);
    });
  });
}

/** Re-reads learned.txt (after `autocorrector forget`); words learnt meanwhile are kept by the file. */
export function reloadLearned(built: BuiltEngine): void {
  built.engine.policy.learner?.replace(readLearned(built.dir).words);
}
