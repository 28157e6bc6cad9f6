// Issue 14: every file autocorrector writes for the user is 0600 and its
// directories 0700, whatever the umask (ignored.txt and learned.txt hold
// typed words, stats count them).
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/files/atomic-write.js';
import { makePrivateDir } from '../../src/files/private-dir.js';
import { addCorrection, ignoreWord } from '../../src/lists/edit.js';
import { addLearned } from '../../src/lists/learned.js';
import { writeStatsFile, zeroCounts } from '../../src/daemon/stats.js';
import { writeIconTheme } from '../../src/tray/icons.js';
import { applyPlan, userSetupPlan } from '../../src/setup/setup.js';
import { recordingRunner } from '../../src/setup/runner.js';

const mode = (p: string) => statSync(p).mode & 0o777;

/** Every file and directory under `root` with its mode. */
function modes(root: string): { path: string; dir: boolean; mode: number }[] {
  const out: { path: string; dir: boolean; mode: number }[] = [];
  for (const name of readdirSync(root, { recursive: true }) as string[]) {
    const p = join(root, name);
    out.push({ path: p, dir: statSync(p).isDirectory(), mode: mode(p) });
  }
  return out;
}

function expectPrivate(root: string): void {
  const all = modes(root);
  expect(all.length).toBeGreaterThan(0);
  for (const e of all) expect({ path: e.path, mode: e.mode.toString(8) }).toEqual({ path: e.path, mode: e.dir ? '700' : '600' });
}

let tmp: string;
let umask: number;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ac-private-'));
  umask = process.umask(0o022); // the usual desktop umask, which would give 0644/0755
});
afterEach(() => {
  process.umask(umask);
  rmSync(tmp, { recursive: true, force: true });
});

describe('private files', () => {
  it('writeFileAtomic makes a new file 0600 and takes group and others off an existing one', () => {
    const f = join(tmp, 'a.txt');
    writeFileAtomic(f, 'x');
    expect(mode(f)).toBe(0o600);
    chmodSync(f, 0o644);
    writeFileAtomic(f, 'y');
    expect(mode(f)).toBe(0o600);
    // System files (setup) ask for their mode explicitly.
    const sys = join(tmp, 'rule');
    writeFileAtomic(sys, 'x', 0o644);
    expect(mode(sys)).toBe(0o644);
  });

  it('the config directory and ignored.txt, corrections.toml, learned.txt: 0700 and 0600', async () => {
    const dir = join(tmp, 'home', '.config', 'autocorrector');
    await ignoreWord(dir, 'teh');
    await addCorrection(dir, 'adn', 'and');
    await addLearned(dir, 'kubectl');
    expect(mode(join(tmp, 'home'))).toBe(0o700);
    expectPrivate(join(tmp, 'home'));
  });

  it('an old ignored.txt of 0644 in a 0755 directory is narrowed on the next edit', async () => {
    const dir = join(tmp, 'autocorrector');
    mkdirSync(dir, { mode: 0o755 });
    writeFileSync(join(dir, 'ignored.txt'), 'teh\n', { mode: 0o644 });
    chmodSync(dir, 0o755);
    await ignoreWord(dir, 'adn');
    expectPrivate(dir);
  });

  it('makePrivateDir (the tray creates the config directory with it) creates 0700', () => {
    const dir = join(tmp, 'cfg', 'autocorrector');
    makePrivateDir(dir);
    expect(mode(join(tmp, 'cfg'))).toBe(0o700);
    expect(mode(dir)).toBe(0o700);
  });

  it('the stats file and its directory', () => {
    writeStatsFile(join(tmp, 'state', 'autocorrector', 'stats.json'), { v: 1, since: new Date().toISOString(), ...zeroCounts() });
    expectPrivate(join(tmp, 'state'));
  });

  it('the tray icons, written into the runtime directory', () => {
    writeIconTheme(join(tmp, 'run', 'autocorrector', 'icons'));
    expectPrivate(join(tmp, 'run'));
  });

  it('the user unit and the tray autostart entry that setup --user writes', () => {
    const plan = userSetupPlan({ runner: recordingRunner(() => false), unitPath: join(tmp, 'cfg', 'systemd', 'user', 'u.service'), autostartPath: join(tmp, 'cfg', 'autostart', 't.desktop') });
    expect(applyPlan(plan, recordingRunner(() => false), () => {})).toBe(0);
    expectPrivate(join(tmp, 'cfg'));
  });
});
