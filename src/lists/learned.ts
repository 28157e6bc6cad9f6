// learned.txt: the words the daemon learnt because the user keeps typing
// them (src/policy/learner.ts). One word per line, like ignored.txt. The
// file is the user's own words, so it is created 0600 and kept 0600, and no
// word from it is ever logged. `autocorrector list --learned` prints it,
// `autocorrector forget WORD` removes a word, `learn = false` in config.toml
// stops learning (the file is then not read either).
import { chmodSync } from 'node:fs';
import { makePrivateDir } from '../files/private-dir.js';
import { join } from 'node:path';
import { isValidKey, type ListError } from './corrections.js';
import { EditError, parseIgnored } from './edit.js';
import { withEditLock } from '../files/lock.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { readSmallFile } from '../files/read-small-file.js';
import { MAX_USER_FILE_BYTES, USER_FILE_TOO_LARGE } from './load.js';

export const LEARNED_FILE = 'learned.txt';

export function learnedPath(dir: string): string {
  return join(dir, LEARNED_FILE);
}

export interface LearnedWords {
  words: Set<string>;
  errors: ListError[];
}

/** Reads the learnt words. Never throws: a missing file is empty, problems come back as errors. */
export function readLearned(dir: string): LearnedWords {
  const file = learnedPath(dir);
  try {
    return parseIgnored(readSmallFile(file, MAX_USER_FILE_BYTES, USER_FILE_TOO_LARGE).toString('utf8'), file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { words: new Set(), errors: [] };
    return { words: new Set(), errors: [{ file, line: 0, message: (err as Error).message }] };
  }
}

function format(words: Iterable<string>): string {
  return `# Words autocorrector learnt because you keep typing them (never corrected).\n# Remove one with: autocorrector forget WORD\n${[...words].sort().join('\n')}\n`;
}

async function edit(dir: string, change: (words: Set<string>) => boolean): Promise<boolean> {
  makePrivateDir(dir);
  return withEditLock(dir, () => {
    const cur = readLearned(dir);
    // A file that could not be read is not empty: rewriting it would lose every word.
    const unreadable = cur.errors.find((e) => e.line === 0);
    if (unreadable) throw new EditError(`${unreadable.file}: ${unreadable.message}`, 'broken-file');
    if (!change(cur.words)) return false;
    const file = learnedPath(dir);
    writeFileAtomic(file, format(cur.words));
    chmodSync(file, 0o600); // kept private even if someone widened it
    return true;
  });
}

/** Adds a learnt word; false when it was there already. */
export function addLearned(dir: string, word: string): Promise<boolean> {
  const w = word.toLowerCase();
  if (!isValidKey(w)) return Promise.reject(new EditError(`${JSON.stringify(word)} is not one word`));
  return edit(dir, (words) => !words.has(w) && words.add(w) !== undefined);
}

/** Removes a learnt word (any case); false when it was not there. */
export function forgetLearned(dir: string, word: string): Promise<boolean> {
  return edit(dir, (words) => words.delete(word.toLowerCase()));
}
