// A cold engine's first decisions are its slowest: V8 compiles each function
// on its first call and the data's lazily built parts are built then. On a
// slow machine that first word-ender's answer came after the hold bound (313
// ms in the VM, bound 250 ms) and the first typo of the session went out
// uncorrected. So the daemon types a few lines through a scratch copy of its
// engine before it grabs: same keymap, lists and languages, but no learner
// (nothing is learnt from this text) and nothing reported (no stats, no log).
import { Engine } from '../engine/engine.js';
import { Policy } from '../policy/policy.js';
import { typeThrough } from './type-through.js';

// Typos the default list fixes, words for the spellers and fallbacks, capitals,
// an apostrophe, Enter, and a word no dictionary has (the learner would count it).
const SAMPLE = 'I recieve teh mail adn thier dog, becuase it didnt rain. Teh wrod is definately ok.\nwierd thnig zorbulax\n';

/** Runs `rounds` passes of the sample through a scratch engine sharing `engine`'s data. */
export function warmUp(engine: Engine, rounds = 3): void {
  const p = engine.policy;
  const scratch = new Engine(engine.keymap, new Policy(p.data, p.languages, null, null));
  for (let i = 0; i < rounds; i++) typeThrough(SAMPLE, scratch);
}
