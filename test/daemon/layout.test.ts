// The daemon process on config.toml's layout: the fake keyboard types German
// key codes, fixes are typed with them, and `status` says which layout is in
// force and where it came from. Needs libxkbcommon (CI installs it).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xkbAvailability } from '../support/xkb.js';
import { cli, makeDirs, TestDaemon, type Dirs } from './harness.js';

const { unavailable, skip } = xkbAvailability('de');

describe.skipIf(skip)(`the daemon on layout = "de"${skip ? ` (skipped: ${unavailable})` : ''}`, () => {
  let dirs: Dirs;
  let daemon: TestDaemon;
  beforeAll(async () => {
    dirs = makeDirs();
    mkdirSync(join(dirs.config, 'autocorrector'), { recursive: true });
    writeFileSync(join(dirs.config, 'autocorrector', 'config.toml'), 'layout = "de"\n');
    daemon = await TestDaemon.start(dirs);
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  it('corrects through the de keymap (the real key codes are checked by test/kernel/layout.kernel.test.ts)', async () => {
    expect(await daemon.typed('teh yuo zeor. Teh ')).toBe('the you zero. The ');
  });

  it('status shows the layout and where it came from', async () => {
    const r = await cli(dirs, 'status');
    expect(r.stdout).toContain('layout: de (from config.toml; looked for in config.toml, XKB_DEFAULT_*, localectl, /etc/default/keyboard, us)');
    const j = JSON.parse((await cli(dirs, 'status', '--json')).stdout);
    expect(j.layout).toEqual({ name: 'de', source: 'config.toml' });
  });
});
