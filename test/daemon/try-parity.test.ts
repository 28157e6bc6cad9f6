// `try` and the daemon build the same engine from one config directory
// (issue 13): ignored.txt, the user list, config.toml's correction mode and
// layout all apply to both, so both put the same text on screen.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xkbAvailability } from '../support/xkb.js';
import { cli, makeDirs, TestDaemon, type Dirs } from './harness.js';

const { unavailable, skip } = xkbAvailability('de');
const TEXT = 'teh adn brb zeor. I recieve thier yuo ';

describe.skipIf(skip)(`try and run on one config directory${skip ? ` (skipped: ${unavailable})` : ''}`, () => {
  let dirs: Dirs;
  let daemon: TestDaemon;
  let dir: string;
  beforeAll(async () => {
    dirs = makeDirs();
    dir = join(dirs.config, 'autocorrector');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'config.toml'), 'layout = "de"\ncorrection = "dictionary"\n');
    writeFileSync(join(dir, 'corrections.toml'), "brb = 'be right back'\nyuo = 'you'\n");
    writeFileSync(join(dir, 'ignored.txt'), 'teh\nthier\n');
    daemon = await TestDaemon.start(dirs);
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  it('the same text on screen from both, with the ignored words left as typed', async () => {
    const fromDaemon = await daemon.typed(TEXT);
    const fromTry = await cli(dirs, 'try', '--config-dir', dir, TEXT);
    expect(fromTry.status, fromTry.stderr).toBe(0);
    expect(fromTry.stdout).toBe(fromDaemon);
    // ignored.txt wins over the default list; the user list and the de layout apply.
    expect(fromTry.stdout).toContain('teh and be right back');
    expect(fromTry.stdout).toContain('thier you ');
  });
});
