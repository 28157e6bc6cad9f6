// Issue 18: the linux-arm64 prebuild, cross-compiled with Debian's aarch64
// cross compiler against glibc 2.31 (scripts/prebuild.mjs arm64), loads and
// works on arm64: under qemu-user with Debian 12's arm64 node, both from
// scripts/toolchain.sh. Also: the x64 and arm64 prebuilds need no glibc newer
// than 2.31 and no libstdc++ (both read from the binaries with readelf).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..', '..');
const toolchain = process.env.AUTOCORRECTOR_TOOLCHAIN || join(homedir(), '.cache', 'autocorrector-toolchain');
const arm64Node = join(toolchain, 'arm64-node');

function missing(): string | null {
  if (!existsSync(join(toolchain, 'stamp'))) return `no toolchain in ${toolchain}: run \`bash scripts/toolchain.sh\``;
  if (!existsSync(join(arm64Node, 'usr', 'bin', 'node'))) return `no arm64 node in ${arm64Node}: run \`bash scripts/toolchain.sh\``;
  if (spawnSync('qemu-aarch64', ['--version']).status !== 0) return 'qemu-aarch64 is not installed (apt-get install qemu-user)';
  if (!existsSync(join(repo, 'dist', 'src', 'input', 'native.js'))) return 'dist/ is missing: run `npm run build`';
  return null;
}
const why = missing();
const skip = why !== null && !process.env.CI; // CI never skips: it fails

const prebuild = (arch: string) => join(repo, 'prebuilds', `linux-${arch}`, 'autocorrector.glibc.node');

/** readelf -V -d: the GLIBC_ versions and the libraries a binary needs. */
function needs(file: string): { glibc: string[]; libs: string[] } {
  const r = spawnSync('readelf', ['-V', '-d', '-W', file], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return {
    glibc: [...new Set([...r.stdout.matchAll(/Name: GLIBC_([\d.]+)/g)].map((m) => m[1]))],
    libs: [...r.stdout.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]),
  };
}
const newerThan = (v: string, floor: string) => {
  const [a, b] = [v, floor].map((s) => s.split('.').map(Number));
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return false;
};

describe.skipIf(skip)(`the prebuilt addon${skip ? ` (skipped: ${why})` : ''}`, () => {
  beforeAll(() => {
    if (why) throw new Error(why);
    const r = spawnSync(process.execPath, [join(repo, 'scripts', 'prebuild.mjs'), 'x64', 'arm64'], { cwd: repo, encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  }, 300_000);

  it.each(['x64', 'arm64'])('linux-%s needs glibc 2.31 at most, and only libc', (arch) => {
    const { glibc, libs } = needs(prebuild(arch));
    expect(glibc.length).toBeGreaterThan(0);
    expect(glibc.filter((v) => newerThan(v, '2.31'))).toEqual([]);
    expect(libs.filter((l) => /libstdc\+\+|libgcc_s/.test(l))).toEqual([]);
  });

  it.each(['x64', 'arm64'])('linux-%s keeps the C++ runtime linked into it private (no exported libstdc++/libgcc symbols)', (arch) => {
    const r = spawnSync('readelf', ['--dyn-syms', '-W', prebuild(arch)], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const defined = r.stdout.split('\n').map((l) => l.trim().split(/\s+/)).filter((f) => f.length >= 8 && f[6] !== 'UND').map((f) => f[7]);
    expect(defined).toContain('napi_register_module_v1');
    expect(defined.filter((n) => ['__cxa_throw', '__cxa_begin_catch', '_Unwind_RaiseException', '_ZSt9terminatev', '__gxx_personality_v0'].includes(n))).toEqual([]);
  });

  it('linux-arm64 loads and works under qemu-user, through the package\'s loader', () => {
    const r = spawnSync('qemu-aarch64', ['-L', arm64Node, join(arm64Node, 'usr', 'bin', 'node'),
      join(import.meta.dirname, 'arm64-driver.mjs'), join(repo, 'dist', 'src', 'input')],
    { encoding: 'utf8', env: { ...process.env, PREBUILDS_ONLY: '1' }, timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout);
    expect(got).toMatchObject({
      arch: 'arm64', location: { kind: 'prebuild', path: prebuild('arm64') }, recordInts: true,
      running: true, stopped: true, injected: true, written: [1, 30, 1, 0, 0, 0, 1, 30, 0, 0, 0, 0],
    });
    expect(got.devices).toMatchObject([{ isKeyboard: false, isPointer: false, leds: -1 }]);
  });
});
