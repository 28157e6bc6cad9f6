// Learning the user's words end to end: the real daemon (keys from the fake
// source) with correction = "dictionary", its learned.txt, and the CLI.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, makeDirs, modeOf, TestDaemon, type Dirs } from './harness.js';

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function configure(dirs: Dirs, settings: string): string {
  const dir = join(dirs.config, 'autocorrector');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.toml'), settings);
  return dir;
}

describe('the daemon learns the words you keep typing', () => {
  let daemon: TestDaemon | undefined;
  afterEach(async () => {
    await daemon?.stop();
    daemon = undefined;
  });

  it('saves a word left alone three times to a 0600 learned.txt, never logs it, and `forget` drops it', async () => {
    const dirs = makeDirs();
    const dir = configure(dirs, 'correction = "dictionary"\n');
    daemon = await TestDaemon.start(dirs);
    const learned = join(dir, 'learned.txt');
    expect(await daemon.typed('zorbulax zorbulax ')).toBe('zorbulax zorbulax ');
    expect(existsSync(learned)).toBe(false);
    await daemon.type('zorbulax ');
    await until(() => existsSync(learned) && readFileSync(learned, 'utf8').includes('zorbulax'));
    expect(modeOf(learned)).toBe(0o600);
    expect(daemon.stderr).not.toContain('zorbulax');

    const list = await cli(dirs, 'list', '--learned');
    expect(list.stdout).toBe('zorbulax\n');
    const forget = await cli(dirs, 'forget', 'zorbulax');
    expect(forget.status).toBe(0);
    expect(readFileSync(learned, 'utf8')).not.toContain('zorbulax');
    expect((await cli(dirs, 'list', '--learned')).stdout).toBe('');
  });

  it('a learnt word is left alone by the running daemon; with learn = false nothing is learnt', async () => {
    const dirs = makeDirs();
    const dir = configure(dirs, 'correction = "dictionary"\nlearn = false\n');
    daemon = await TestDaemon.start(dirs);
    expect(await daemon.typed('alsa ')).toBe('also ');
    for (let i = 0; i < 3; i++) await daemon.type('zorbulax ');
    await new Promise((r) => setTimeout(r, 300));
    expect(existsSync(join(dir, 'learned.txt'))).toBe(false);
    await daemon.stop();

    // learned.txt written by hand (or kept from before): the daemon reads it at start.
    writeFileSync(join(dir, 'config.toml'), 'correction = "dictionary"\n');
    writeFileSync(join(dir, 'learned.txt'), 'alsa\n', { mode: 0o600 });
    daemon = await TestDaemon.start(dirs);
    expect(await daemon.typed('\nalsa ')).toBe('\nalsa ');
  });
});
