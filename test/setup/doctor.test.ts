import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatChecks, keyboardsByName, runChecks, type DoctorEnv } from '../../src/setup/doctor.js';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'src', 'cli', 'main.js');

let root: string;
beforeEach(() => { root = mkdtempSync(join(tmpdir(), 'ac-doctor-')); });
afterEach(() => rmSync(root, { recursive: true, force: true }));

// A machine where everything is in place, as seen by a non-root user.
function goodMachine(): DoctorEnv {
  for (const d of ['sys/module/uinput', 'dev/input', 'etc', 'run']) mkdirSync(join(root, d), { recursive: true });
  writeFileSync(join(root, 'dev/uinput'), '');
  writeFileSync(join(root, 'dev/input/event0'), '');
  writeFileSync(join(root, 'dev/input/event1'), '');
  writeFileSync(join(root, 'etc/group'), 'root:x:0:\ninput:x:104:alice\n');
  return {
    fsRoot: root, user: 'alice', uid: process.getuid!(), isRoot: false, sessionGroups: [1000, 104],
    addon: () => ({ ok: true, kind: 'prebuild', path: '/pkg/prebuilds/linux-x64/autocorrector.glibc.node' }),
    keyboards: () => ({ keyboards: [{ name: 'AT Translated Set 2 keyboard', path: '/dev/input/event0' }] }),
    ping: async () => 'ok',
    socket: join(root, 'run', 'control.sock'),
    unitPath: join(root, 'unit.service'),
  };
}

async function listen(path: string): Promise<Server> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(path, r));
  chmodSync(path, 0o600);
  return server;
}

describe('runChecks', () => {
  it('all good: every check passes', async () => {
    const env = goodMachine();
    const server = await listen(env.socket);
    try {
      const checks = await runChecks(env);
      expect(checks.filter((c) => !c.ok)).toEqual([]);
      expect(checks.map((c) => c.title)).toEqual([
        'native addon (autocorrector_native) loads', 'uinput module loaded', 'alice in group input', '/dev/uinput writable', '/dev/input/event* readable',
        'keyboards visible', 'daemon running', 'control socket',
      ]);
      expect(formatChecks(checks)).toMatch(/^✓ native addon \(autocorrector_native\) loads: prebuild, \/pkg\/prebuilds\/linux-x64\/autocorrector.glibc.node\n✓ uinput module loaded\n[\s\S]*All good\.\n$/);
    } finally {
      server.close();
    }
  });

  it('nothing set up: each failure comes with the command that fixes it', async () => {
    const env = goodMachine();
    rmSync(join(root, 'sys'), { recursive: true });
    rmSync(join(root, 'dev'), { recursive: true });
    writeFileSync(join(root, 'etc/group'), 'input:x:104:bob\n');
    env.sessionGroups = [1000];
    env.keyboards = () => ({ keyboards: [], fallback: 'native addon missing' });
    env.ping = async () => 'not-running';
    const text = formatChecks(await runChecks(env));
    expect(text).toContain('✗ uinput module loaded: no /sys/module/uinput and no /dev/uinput\n    fix: sudo modprobe uinput\n');
    expect(text).toContain('✗ alice in group input\n    fix: sudo usermod -aG input alice   # or: sudo autocorrector setup\n    fix: log out and back in');
    expect(text).toContain(`✗ /dev/uinput writable: ${root}/dev/uinput does not exist`);
    expect(text).toContain('✗ keyboards visible: none found (by name in /dev/input; native addon missing)');
    expect(text).toContain('✗ daemon running: nothing answers on the control socket\n    fix: autocorrector setup --user');
    expect(text).toContain(`✗ control socket: no socket at ${env.socket}`);
    expect(text).toMatch(/7 problems found\.\n$/);
  });

  it('added to the group but not yet in this session: says to log in again', async () => {
    const env = goodMachine();
    env.sessionGroups = [1000];
    const checks = await runChecks(env);
    const g = checks.find((c) => c.title === 'alice in group input')!;
    expect(g.ok).toBe(false);
    expect(g.detail).toMatch(/session started before/);
    expect(g.fix).toEqual(['log out and back in (or, in one terminal, `newgrp input`)']);
  });

  it('a socket open to others, or the unit installed: the right fix', async () => {
    const env = goodMachine();
    const server = await listen(env.socket);
    try {
      chmodSync(env.socket, 0o666);
      writeFileSync(env.unitPath!, '');
      env.ping = async () => 'not-running';
      const checks = await runChecks(env);
      expect(checks.find((c) => c.title === 'control socket')!.detail).toMatch(/open to other users \(mode 666\)/);
      expect(checks.find((c) => c.title === 'daemon running')!.fix).toEqual(['systemctl --user start autocorrector']);
    } finally {
      server.close();
    }
  });

  it('the native addon: where it loaded from, or why not and how to build it', async () => {
    const env = goodMachine();
    const ok = (await runChecks(env))[0];
    expect(ok).toEqual({ title: 'native addon (autocorrector_native) loads', ok: true, detail: 'prebuild, /pkg/prebuilds/linux-x64/autocorrector.glibc.node' });
    env.addon = () => ({ ok: false, why: 'native addon missing: no local build and no prebuilt binary for linux-riscv64', fix: 'build it from source with `npx node-gyp rebuild` in /pkg (needs g++, make and python3)' });
    const bad = (await runChecks(env))[0];
    expect(bad).toMatchObject({ ok: false, detail: expect.stringContaining('linux-riscv64') });
    expect(formatChecks([bad])).toContain('✗ native addon (autocorrector_native) loads: native addon missing');
    expect(formatChecks([bad])).toContain('    fix: build it from source with `npx node-gyp rebuild` in /pkg');
  });

  it('keyboardsByName reads udev links', () => {
    mkdirSync(join(root, 'dev/input/by-id'), { recursive: true });
    mkdirSync(join(root, 'dev/input/by-path'), { recursive: true });
    writeFileSync(join(root, 'dev/input/event3'), '');
    symlinkSync('../event3', join(root, 'dev/input/by-id/usb-Logitech_K120-event-kbd'));
    symlinkSync('../event3', join(root, 'dev/input/by-path/pci-0000:00:14.0-usb-0:1:1.0-event-kbd'));
    symlinkSync('../event3', join(root, 'dev/input/by-id/usb-Logitech_Mouse-event-mouse'));
    const kbs = keyboardsByName(root);
    expect(kbs.map((k) => k.name)).toEqual(['usb-Logitech_K120']);
  });
});

describe('autocorrector doctor on this machine', () => {
  it('prints ✓/✗ per check, a fix for each ✗, and exits 1 when one fails', () => {
    const r = spawnSync(process.execPath, [CLI, 'doctor'], { encoding: 'utf8', env: { ...process.env, XDG_RUNTIME_DIR: root } });
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    const checks = lines.filter((l) => /^[✓✗] /.test(l));
    expect(checks.length).toBe(9);
    // Informational: whether logind is followed is said either way, never a failure.
    expect(checks[8]).toMatch(/^✓ login session followed \(logind\): (session \S+: the keyboards are let go|not followed: .*the keyboards stay grabbed when you switch users$)/);
    // This checkout has a local build (npm ci): the addon loads from it.
    expect(checks[0]).toMatch(/^✓ native addon \(autocorrector_native\) loads: local build, .*build\/Release\/autocorrector_native\.node$/);
    // Every ✗ is followed by at least one fix line.
    lines.forEach((l, i) => { if (l.startsWith('✗ ')) expect(lines[i + 1]).toMatch(/^ {4}fix: /); });
    // No daemon runs with this runtime dir.
    expect(r.stdout).toContain('✗ daemon running');
    expect(r.status).toBe(1);
    if (!existsSync('/dev/uinput')) {
      expect(r.stdout).toContain('✗ /dev/uinput writable: /dev/uinput does not exist\n    fix: sudo modprobe uinput\n');
    }
    const json = JSON.parse(spawnSync(process.execPath, [CLI, 'doctor', '--json'], { encoding: 'utf8', env: { ...process.env, XDG_RUNTIME_DIR: root } }).stdout);
    expect(json.ok).toBe(false);
    expect(json.checks).toHaveLength(9);
    expect(json.checks[0]).toMatchObject({ ok: true, detail: expect.stringMatching(/^local build, /) });
  });
});
