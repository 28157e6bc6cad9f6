// The toggle chord end to end: the real daemon (fake key source, grab mode)
// swallows the chord and flips corrections; config.toml can change the chord.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY } from '../../src/keymap/keycodes.js';
import { cli, makeDirs, TestDaemon } from './harness.js';

const { LEFTCTRL, LEFTALT, LEFTSHIFT, C, K } = KEY;

function chord(mods: number[], key: number): number[][] {
  return [...mods.map((m) => [m, 1]), [key, 1], [key, 0], ...mods.reverse().map((m) => [m, 0])];
}

async function enabled(daemon: TestDaemon): Promise<boolean> {
  return JSON.parse((await cli(daemon.dirs, 'status', '--json')).stdout).enabled;
}

// The fake source holds the chord key while a modifier is down and honours a
// dropping resolve, as the addon does.
describe('toggle hotkey', () => {
  let daemon: TestDaemon | undefined;
  afterEach(async () => { await daemon?.stop(); });

  it('Ctrl+Alt+Shift+C (the default) toggles, and applications never see it', async () => {
    const dirs = makeDirs();
    daemon = await TestDaemon.start(dirs);
    const before = await daemon.application();
    await daemon.send({ keys: chord([LEFTCTRL, LEFTALT, LEFTSHIFT], C) });
    expect(await enabled(daemon)).toBe(false);
    // The application got no shortcut press (the chord's C was swallowed) and no text.
    expect(await daemon.application()).toEqual(before);
    expect(await daemon.typed('teh ')).toBe('teh ');
    await daemon.send({ keys: chord([LEFTCTRL, LEFTALT, LEFTSHIFT], C) });
    expect(await enabled(daemon)).toBe(true);
    expect(await daemon.typed('teh ')).toBe('the ');
  });

  it('a near miss (a modifier short) is an ordinary shortcut and toggles nothing', async () => {
    const dirs = makeDirs();
    daemon = await TestDaemon.start(dirs);
    const before = await daemon.application();
    await daemon.send({ keys: chord([LEFTCTRL, LEFTSHIFT], C) });
    expect(await enabled(daemon)).toBe(true);
    // The application gets it (Ctrl+Shift+C is a terminal's copy).
    expect(await daemon.application()).toEqual({ ...before, shortcuts: before.shortcuts + 1 });
  });

  it('config.toml chooses another chord', async () => {
    const dirs = makeDirs();
    const configDir = join(dirs.config, 'autocorrector');
    mkdirSync(configDir, { recursive: true });
    writeFileSync(join(configDir, 'config.toml'), 'toggle_hotkey = "ctrl+alt+k"\n');
    daemon = await TestDaemon.start(dirs);
    await daemon.send({ keys: chord([LEFTCTRL, LEFTALT, LEFTSHIFT], C) });
    expect(await enabled(daemon)).toBe(true);
    await daemon.send({ keys: chord([LEFTCTRL, LEFTALT], K) });
    expect(await enabled(daemon)).toBe(false);
  });

  it('a bad config.toml is reported with file:line and the defaults apply', async () => {
    const dirs = makeDirs();
    const configDir = join(dirs.config, 'autocorrector');
    mkdirSync(configDir, { recursive: true });
    writeFileSync(join(configDir, 'config.toml'), '# mine\ntoggle_hotkey = "c"\n');
    daemon = await TestDaemon.start(dirs);
    expect(daemon.stderr).toContain(`${join(configDir, 'config.toml')}:2:`);
    await daemon.send({ keys: chord([LEFTCTRL, LEFTALT, LEFTSHIFT], C) });
    expect(await enabled(daemon)).toBe(false);
  });
});
