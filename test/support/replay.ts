import { Engine, type EngineOptions } from '../../src/engine/engine.js';
import { feedKey } from '../../src/inject/edit-events.js';
import { TextScreen } from '../../src/inject/text-screen.js';
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
  const screen = new TextScreen(engine.keymap);
  const edits: string[] = [];
  const items = typeof stream === 'string' ? keys(stream) : stream;
  for (const item of items) {
    if ('click' in item) {
      engine.pointer();
      continue;
    }
    const out = feedKey(engine, item);
    if (out !== null) {
      screen.apply(out.events);
      edits.push(out.edit.kind === 'undo' ? `undo ${out.edit.typed}` : `${out.edit.typed}->${out.edit.text}`);
    }
    screen.key(item.code, item.value);
  }
  return { screen: screen.text, edits };
}
