import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEngine } from '../../src/engine-factory.js';
import { warmUp } from '../../src/drive/warm-up.js';
import { typeThrough } from '../../src/drive/type-through.js';
import { UsKeymap } from '../../src/keymap/us.js';

describe('warmUp', () => {
  it('learns nothing, leaves the engine as built, and the engine still corrects', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'autocorrector-warm-'));
    const { engine } = await buildEngine({ correction: 'dictionary', configDir: dir, learn: true, keymap: new UsKeymap() });
    const learner = engine.policy.learner!;
    expect(learner).not.toBeNull();
    // The sample's made-up word (zorbulax), typed this often by a person, would be learnt.
    warmUp(engine, 5);
    expect([...learner.known]).toEqual([]);
    expect(engine.reverts.size).toBe(0);
    expect(typeThrough('I recieve teh mail\n', engine).text).toBe('I receive the mail\n');
  });
});
