// What config.toml's settings do to typing in the real daemon (fake key
// source), not only how they parse: idle_reset_seconds, mode against
// `run --mode`, and an xkb option (shift:both_capslock).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY } from '../../src/keymap/keycodes.js';
import { cli, makeDirs, TestDaemon } from './harness.js';

let daemon: TestDaemon | undefined;
afterEach(async () => {
  await daemon?.stop();
  daemon = undefined;
});

async function withConfig(config: string, args: string[] = []): Promise<TestDaemon> {
  const dirs = makeDirs();
  const dir = join(dirs.config, 'autocorrector');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.toml'), config);
  daemon = await TestDaemon.start(dirs, args);
  return daemon;
}

/** What `text` adds to the screen when typed after a pause of `pauseMs` on the keys' clock. */
async function typedAfter(d: TestDaemon, first: string, pauseMs: number, rest: string): Promise<string> {
  const before = await d.screen();
  await d.type(first);
  await d.send({ pause: pauseMs });
  await d.type(rest);
  return (await d.screen()).slice(before.length);
}

// Shift held down across the space that ends the word.
const SHIFTED_SPACE = [[KEY.LEFTSHIFT, 1], [KEY.SPACE, 1], [KEY.SPACE, 0], [KEY.LEFTSHIFT, 0]];

async function mode(d: TestDaemon): Promise<string> {
  return JSON.parse((await cli(d.dirs, 'status', '--json')).stdout).mode;
}

describe('config.toml in effect', () => {
  it('idle_reset_seconds: a pause that long starts a new word', async () => {
    const d = await withConfig('idle_reset_seconds = 3\n');
    expect(await typedAfter(d, 'te', 2000, 'h ')).toBe('the ');
    expect(await typedAfter(d, 'te', 3500, 'h ')).toBe('teh ');
    // The default (10 s) would still have joined them.
    await d.stop();
    const dflt = await withConfig('# defaults\n');
    expect(await typedAfter(dflt, 'te', 3500, 'h ')).toBe('the ');
    expect(await typedAfter(dflt, 'te', 10_500, 'h ')).toBe('teh ');
  });

  it('mode = "snoop": a correction is dropped while a modifier is held', async () => {
    const d = await withConfig('mode = "snoop"\n');
    expect(await mode(d)).toBe('snoop');
    expect(await d.typed('teh ')).toBe('the ');
    const before = await d.screen();
    await d.type('teh');
    await d.send({ keys: SHIFTED_SPACE });
    expect((await d.screen()).slice(before.length)).toBe('teh ');
  });

  it('run --mode wins over mode in config.toml', async () => {
    const d = await withConfig('mode = "snoop"\n', ['--mode', 'grab']);
    expect(await mode(d)).toBe('grab');
    // Grab mode types the fix before the held key, whatever modifier is down.
    const before = await d.screen();
    await d.type('teh');
    await d.send({ keys: SHIFTED_SPACE });
    expect((await d.screen()).slice(before.length)).toBe('the ');
  });

  it('options = "shift:both_capslock": both Shifts lock capitals, and the fix follows', async () => {
    const both = [[KEY.LEFTSHIFT, 1], [KEY.RIGHTSHIFT, 1], [KEY.RIGHTSHIFT, 0], [KEY.LEFTSHIFT, 0]];
    const d = await withConfig('layout = "us"\noptions = "shift:both_capslock"\n');
    await d.send({ keys: both });
    expect(await d.typed('teh ')).toBe('THE ');
    await d.stop();
    // Without the option both Shifts are just Shift.
    const plain = await withConfig('layout = "us"\n');
    await plain.send({ keys: both });
    expect(await plain.typed('teh ')).toBe('the ');
  });
});
