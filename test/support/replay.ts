import { Engine, type EngineOptions } from '../../src/engine/engine.js';
import { simulate } from '../../src/drive/type-through.js';
import type { Edit } from '../../src/engine/types.js';
import type { SimulatedKeyboard } from '../../src/simulate/simulated-keyboard.js';
import { UsKeymap } from '../../src/keymap/us.js';
import { Policy, type CorrectionData } from '../../src/policy/policy.js';
import type { Speller } from '../../src/policy/speller.js';
import { keys, type StreamItem } from './keys.js';

/** A tiny speller for unit tests: knows exactly the words it is given. */
export function wordSpeller(words: string): Speller {
  const known = new Set(words.split(/\s+/).filter(Boolean));
  return {
    isCorrect: (w) => known.has(w) || known.has(w.toLowerCase()),
  };
}

export const TEST_WORDS = 'the and their receive mail dog i a is it it\'s don\'t cat hello world';

export function testData(user: Record<string, string> = {}): CorrectionData {
  return {
    user: new Map(Object.entries(user)),
    defaults: new Map(Object.entries({
      teh: 'the', adn: 'and', thier: 'their', recieve: 'receive', dont: "don't", hte: 'the',
    })),
    ignored: new Set<string>(),
  };
}

export function testEngine(opts: EngineOptions & { user?: Record<string, string> } = {}): Engine {
  const policy = new Policy(testData(opts.user), wordSpeller(TEST_WORDS));
  return new Engine(new UsKeymap(), policy, opts);
}

export interface ReplayResult {
  /** The text the application shows at the end. */
  screen: string;
  /** Each edit, as `typed->fix` or `undo typed` (compact for assertions). */
  edits: string[];
}

/** Runs a key stream through the engine and a stand-in application. */
export function replay(stream: string | StreamItem[], engine = testEngine()): ReplayResult {
  const r = driveKeys(typeof stream === 'string' ? keys(stream) : stream, engine);
  return { screen: r.screen, edits: r.edits.map((e) => (e.kind === 'undo' ? `undo ${e.typed}` : `${e.typed}->${e.text}`)) };
}

/**
 * Key items through the daemon's drive loop (grab mode) on a simulated
 * keyboard; `before` may prepare the keyboard's screen (e.g. Caps Lock on).
 */
export function driveKeys(items: StreamItem[], engine: Engine, before?: (kb: SimulatedKeyboard) => void): { screen: string; edits: Edit[] } {
  const { keyboard, edits } = simulate(engine);
  before?.(keyboard);
  for (const item of items) {
    if ('click' in item) keyboard.click(0);
    else keyboard.press(item.code, item.value, item.timeMs);
  }
  return { screen: keyboard.screen.text, edits };
}
