import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEngine } from '../../src/engine-factory.js';
import { UsKeymap } from '../../src/keymap/us.js';
import { typeThrough } from '../../src/drive/type-through.js';
import { addLearned, forgetLearned, learnedPath, readLearned } from '../../src/lists/learned.js';
import { WordLearner } from '../../src/policy/learner.js';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'src', 'cli', 'main.js');

describe('WordLearner', () => {
  it('learns a word after three sightings, and says so once', () => {
    const learnt: string[] = [];
    const l = new WordLearner(new Set(), (w) => learnt.push(w));
    l.saw('kubectl');
    l.saw('kubectl');
    expect(l.known.has('kubectl')).toBe(false);
    l.saw('kubectl');
    l.saw('kubectl');
    expect(l.known.has('kubectl')).toBe(true);
    expect(learnt).toEqual(['kubectl']);
    l.forget('kubectl');
    expect(l.known.has('kubectl')).toBe(false);
  });
});

describe('learned.txt', () => {
  it('is created 0600, kept 0600, and edited word by word', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'autocorrector-learned-'));
    expect(readLearned(dir).words.size).toBe(0);
    expect(await addLearned(dir, 'Kubectl')).toBe(true);
    expect(await addLearned(dir, 'kubectl')).toBe(false);
    expect(statSync(learnedPath(dir)).mode & 0o777).toBe(0o600);
    chmodSync(learnedPath(dir), 0o644);
    await addLearned(dir, 'alsa');
    expect(statSync(learnedPath(dir)).mode & 0o777).toBe(0o600);
    expect([...readLearned(dir).words].sort()).toEqual(['alsa', 'kubectl']);
    expect(await forgetLearned(dir, 'ALSA')).toBe(true);
    expect(await forgetLearned(dir, 'alsa')).toBe(false);
    expect([...readLearned(dir).words]).toEqual(['kubectl']);
  });

  it('`list --learned` prints it and `forget WORD` removes a word', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'autocorrector-learned-cli-'));
    await addLearned(dir, 'tokio');
    const env = { ...process.env, XDG_RUNTIME_DIR: mkdtempSync(join(tmpdir(), 'autocorrector-rt-')) };
    expect(execFileSync(process.execPath, [CLI, 'list', '--learned', '--config-dir', dir], { encoding: 'utf8', env })).toBe('tokio\n');
    expect(execFileSync(process.execPath, [CLI, 'forget', '--config-dir', dir, 'tokio'], { encoding: 'utf8', env })).toContain("forgot 'tokio'");
    expect(execFileSync(process.execPath, [CLI, 'list', '--learned', '--json', '--config-dir', dir], { encoding: 'utf8', env }).trim()).toBe('[]');
  });
});

describe('learning in the engine (built data)', () => {
  it('leaves a word alone once typed often, saves it, and learns nothing with learn off', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'autocorrector-learn-engine-'));
    const { engine } = await buildEngine({ correction: 'dictionary', configDir: dir, learn: true, keymap: new UsKeymap() });
    // A word the fallback leaves alone each time: a made-up name it has no candidate for.
    for (let i = 0; i < 3; i++) typeThrough('zorbulax ', engine);
    expect(engine.policy.learner?.known.has('zorbulax')).toBe(true);
    // The file is written asynchronously, under the edit lock.
    for (let i = 0; i < 50 && !readLearned(dir).words.has('zorbulax'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(readLearned(dir).words.has('zorbulax')).toBe(true);
    expect(readFileSync(learnedPath(dir), 'utf8')).toContain('zorbulax');
    const { engine: off } = await buildEngine({ correction: 'dictionary', configDir: mkdtempSync(join(tmpdir(), 'autocorrector-nolearn-')), learn: false, keymap: new UsKeymap() });
    for (let i = 0; i < 3; i++) typeThrough('zorbulax ', off);
    expect(off.policy.learner).toBeNull();
  });

  it('a learnt word is not corrected: alsa stays alsa once learnt', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'autocorrector-learnt-'));
    const { engine: before } = await buildEngine({ correction: 'dictionary', configDir: dir, learn: true, keymap: new UsKeymap() });
    expect(typeThrough('alsa ', before).text).toBe('also ');
    await addLearned(dir, 'alsa');
    const { engine } = await buildEngine({ correction: 'dictionary', configDir: dir, learn: true, keymap: new UsKeymap() });
    expect(typeThrough('alsa ', engine).text).toBe('alsa ');
  });
});
