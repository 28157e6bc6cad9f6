// Where the daemon corrects, end to end: the real daemon (fake keys), its
// focus gate set through the test-only `test-focus` command, config.toml's
// rules followed live, and what status, stats and the log say.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../../src/control/client.js';
import { cli, makeDirs, TestDaemon, type Dirs } from './harness.js';
import { until } from '../tray/until.js';

describe('focus rules in a running daemon', () => {
  let dirs: Dirs;
  let daemon: TestDaemon;
  const focus = async (role: string, app?: string) => {
    const r = await request('test-focus', { role, ...(app ? { app } : {}) }, { socket: dirs.socket });
    if (!r.ok) throw new Error(r.error);
    return r.data as { rule: string; correcting: boolean };
  };
  const config = (text: string) => writeFileSync(join(dirs.config, 'autocorrector', 'config.toml'), text);
  const status = async () => JSON.parse((await cli(dirs, 'status', '--json')).stdout);

  beforeAll(async () => {
    dirs = makeDirs();
    mkdirSync(join(dirs.config, 'autocorrector'), { recursive: true });
    config('[apps]\noff = ["keepass*"]\n');
    daemon = await TestDaemon.start(dirs, ['--verbose']);
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  it('a password field: typed as typed, even the Enter that sends it', async () => {
    expect(await focus('password', 'gtk-client')).toMatchObject({ rule: 'password', correcting: false });
    expect(await daemon.typed('adn teh\n')).toBe('adn teh\n');
  });

  it('a text field after the password field corrects again, and status names role and rule, never text', async () => {
    expect(await focus('text', 'gtk-client')).toMatchObject({ rule: 'correct', correcting: true });
    expect(await daemon.typed('adn teh ')).toBe('and the ');
    const s = await status();
    expect(s.focus).toEqual({ follower: 'test', app: 'gtk-client', role: 'text', rule: 'correct', correcting: true });
    const text = (await cli(dirs, 'status')).stdout;
    expect(text).toContain('focus: text in gtk-client (via test); rule: correct');
  });

  it('a terminal is left alone by default; terminals = true in config.toml corrects there, at once', async () => {
    await focus('terminal', 'my-terminal');
    expect(await daemon.typed('adn ')).toBe('adn ');
    expect((await cli(dirs, 'status')).stdout).toContain('rule: terminal (corrections paused here)');
    config('terminals = true\n[apps]\noff = ["keepass*"]\n');
    await until('the terminals setting', async () => (await status()).focus.rule === 'correct', 5000);
    expect(await daemon.typed('adn ')).toBe('and ');
  });

  it('an app on [apps] off is left alone (a glob, any case)', async () => {
    await focus('text', 'KeePassXC');
    expect(await daemon.typed('teh ')).toBe('teh ');
  });

  it('stats count pauses by rule, never by app; the log names roles, not apps', async () => {
    const r = await cli(dirs, 'stats', '--json');
    const s = JSON.parse(r.stdout);
    expect(s.pauses).toMatchObject({ password: 1, terminal: 1, 'app-off': 1 });
    expect(JSON.stringify(s)).not.toMatch(/keepass|gtk-client|my-terminal/i);
    expect(daemon.stderr).toContain('focus: password -> rule password');
    expect(daemon.stderr).not.toMatch(/keepass|gtk-client|my-terminal/i);
  });
});
