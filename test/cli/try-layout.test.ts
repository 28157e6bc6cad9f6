// `try --layout`: the engine shown on each layout, and the US fallback (with
// a warning) when libxkbcommon cannot be loaded. Runs the built CLI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { xkbAvailability } from '../support/xkb.js';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'src', 'cli', 'main.js');
const emptyConfig = mkdtempSync(join(tmpdir(), 'ac-try-layout-'));
const run = (args: string[], input: string, env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, [CLI, 'try', '--config-dir', emptyConfig, ...args], { input, encoding: 'utf8', env: { ...process.env, ...env } });

const { unavailable, skip } = xkbAvailability('de');

describe.skipIf(skip)('try --layout', () => {
  it.each(['de', 'fr', 'gb', 'us:dvorak', 'us(dvorak)'])('%s: corrects and keeps accented words whole', (layout) => {
    const r = run(['--layout', layout], 'Teh mail adn thier dog; grüße, café.\n');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('The mail and their dog; grüße, café.\n');
  });
});

describe('without libxkbcommon', () => {
  it('types as US with a warning naming the layout and the library', () => {
    const r = run(['--layout', 'de'], 'teh yuo\n', { AUTOCORRECTOR_XKBCOMMON: '/nonexistent/libxkbcommon.so.0' });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/keyboard layout de \(from --layout\) cannot be used: \/nonexistent\/libxkbcommon\.so\.0 cannot be loaded .*install libxkbcommon0 and xkb-data.*typing as US layout/);
    expect(r.stdout).toBe('the you\n');
  });
});
