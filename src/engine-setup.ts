// Builds the one engine that both `try` and the daemon drive, from the lists
// and the speller on disk. The only module that joins the pure core to its data.
import { Engine, type EngineOptions } from './engine/engine.js';
import { UsKeymap } from './keymap/us.js';
import type { Keymap } from './keymap/keymap.js';
import { Policy, type PolicyLanguage } from './policy/policy.js';
import type { LanguageChoice } from './config/languages.js';
import { CorrectionLists, type CorrectionListsOptions } from './lists/load.js';
import { formatError, type ListError } from './lists/corrections.js';
import { loadSpelling } from './lists/spelling.js';
import { loadFallbackData } from './lists/fallback-data.js';
import { DictionaryFallback } from './policy/fallback.js';

export interface EngineSetup {
  engine: Engine;
  lists: CorrectionLists;
  /** Problems found in the lists, as `file:line: message`. */
  problems: string[];
  loadMs: number;
  spellerLoadMs: number;
  /** The languages in force and where they came from (for `status`). */
  languages: LanguageChoice;
  /** Load time of each language's speller and fallback, ms. */
  languageLoadMs: Record<string, number>;
}

export interface SetupOptions extends CorrectionListsOptions, EngineOptions {
  keymap?: Keymap;
  /** "list": the lists only; "dictionary": also the dictionary fallback (config.toml `correction`). */
  correction?: 'list' | 'dictionary';
  /** The active languages (config.toml or the locale, see config/languages.ts); default English alone. */
  languages?: LanguageChoice;
}

export async function setupEngine(opts: SetupOptions = {}): Promise<EngineSetup> {
  const t0 = performance.now();
  const choice = opts.languages ?? { languages: ['en'], source: 'default', unsupported: [] };
  // Only the active languages' spellers and fallbacks are loaded.
  const active: PolicyLanguage[] = [];
  const languageLoadMs: Record<string, number> = {};
  let spellerLoadMs = 0;
  const missing: string[] = [];
  for (const code of choice.languages) {
    const t = performance.now();
    const speller = await loadSpelling({ language: code });
    spellerLoadMs += speller.loadMs;
    // The fallback's index is precomputed by the build; without it, lists only.
    const fallbackData = opts.correction === 'dictionary' ? loadFallbackData(code) : null;
    const fallback = fallbackData ? new DictionaryFallback(fallbackData) : null;
    if (opts.correction === 'dictionary' && fallbackData === null) missing.push(code);
    active.push({ code, speller, fallback, capitalisedNouns: code === 'de' });
    languageLoadMs[code] = performance.now() - t;
  }
  const { lists, errors } = CorrectionLists.load(opts, { defaults: choice.languages.includes('en') });
  const policy = new Policy({ user: lists.user, defaults: lists.defaults, ignored: new Set() }, active);
  const engine = new Engine(opts.keymap ?? new UsKeymap(), policy, opts);
  const problems = errors.map(formatError);
  if (missing.length > 0) problems.push(`the dictionary fallback's data for ${missing.join(', ')} is missing or damaged (was \`npm run build\` run?): those languages are corrected by the lists only`);
  return { engine, lists, problems, loadMs: performance.now() - t0, spellerLoadMs, languages: choice, languageLoadMs };
}

/** Re-reads the user list; the policy sees the new data at once, or keeps the last good one. */
export function reloadUserList(setup: EngineSetup): ListError[] {
  const r = setup.lists.reloadUser();
  setup.engine.policy.data = { ...setup.engine.policy.data, user: setup.lists.user };
  return r.errors;
}
