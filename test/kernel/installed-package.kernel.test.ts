// Issue 18: the package as a user installs it. The checkout is packed (with
// the linux-x64 prebuild built from native/ first), the tarball installed with
// `npm install -g` into a temporary prefix on a PATH where no compiler, make
// or python can be found, and then the installed `autocorrector` runs: try,
// doctor --json, setup --user, and the daemon on a real kernel (the prefix is
// copied into the VM's share; the VM runs that copy, never the checkout's).
//
// It lives with the kernel tests (run one file at a time): packing and
// installing take about a minute and the last part needs the VM.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildToolsOn, installTarball, packAndInstall, runInstalled, userEnv, type PackedInstall } from '../support/packed-install.js';
import { go, keyboard, prelude, typist } from './daemon-steps.js';
import { runScenarios, type Boot } from './scenario.js';
import { describeRun, kernelAvailability, repoRoot, STAGE_DIR } from './vm.js';

const unavailable = kernelAvailability();
const skipVm = unavailable !== null && !process.env.CI; // CI never skips: it fails

/** Where a file of the package may be; anything else (tests, test data, sources of dist) fails. */
const ALLOWED = [
  /^package\.json$/, /^README\.md$/, /^LICENSE[^/]*$/, /^binding\.gyp$/, /^scripts\/install\.mjs$/,
  /^dist\/src\/.+\.js$/, /^dist\/bundle\/[^/]+\.js$/, /^dist\/precomputed\/[^/]+$/,
  /^dictionaries\/(?!build\.mjs$)[^/]+$/, /^dictionaries\/frequency\/[^/]+$/,
  /^native\/[^/]+\.(?:cc|h|md)$/,
  /^prebuilds\/linux-(?:x64|arm64)\/autocorrector\.(?:glibc|musl)\.node$/,
];

let work: string;
let p: PackedInstall;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'ac-installed-'));
  p = packAndInstall(repoRoot, work);
}, 400_000);

afterAll(() => { if (work) rmSync(work, { recursive: true, force: true }); });

describe('the npm package, installed without build tools', () => {
  it('holds what a user needs and nothing else', () => {
    const files = p.pack.files.map((f) => f.path).sort();
    expect(files.filter((f) => !ALLOWED.some((re) => re.test(f)))).toEqual([]);
    for (const need of [
      'dist/src/cli/main.js', 'dist/bundle/main.js', 'dist/precomputed/fallback.bin', 'dictionaries/default.toml',
      'binding.gyp', 'native/addon.cc', 'prebuilds/linux-x64/autocorrector.glibc.node', 'scripts/install.mjs',
    ]) expect(files).toContain(need);
    expect(files.some((f) => /(^|\/)test\/|\.test\./.test(f))).toBe(false);
  });

  it('the README states the tarball size (within 0.5 MB)', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const m = readme.match(/`npm pack` makes a tarball of about ([\d.]+) MB/);
    expect(m, 'README: "`npm pack` makes a tarball of about N MB"').not.toBeNull();
    const mb = p.pack.size / 1e6;
    expect(Math.abs(Number(m![1]) - mb), `the tarball is ${mb.toFixed(1)} MB`).toBeLessThan(0.5);
  });

  it('installs with no compiler, make or python on the PATH, and compiles nothing', () => {
    expect(buildToolsOn(p.path)).toEqual([]);
    expect(buildToolsOn(process.env.PATH ?? '')).toContain('make'); // the filter is what hides them
    expect(p.install.status, p.install.stderr).toBe(0);
    expect(existsSync(join(p.packageDir, 'build'))).toBe(false);
  });

  it('`autocorrector try` corrects', () => {
    const r = runInstalled(p, ['try', 'I recieve teh mail']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('I receive the mail');
  });

  it('`doctor --json` reports the native addon loaded from the prebuild', () => {
    const r = runInstalled(p, ['doctor', '--json']);
    expect(r.stderr).toBe('');
    const check = JSON.parse(r.stdout).checks[0];
    expect(check).toEqual({
      title: 'native addon (autocorrector_native) loads', ok: true,
      detail: `prebuild, ${join(realpathSync(p.packageDir), 'prebuilds', 'linux-x64', 'autocorrector.glibc.node')}`,
    });
  });

  it('`setup --user` writes a unit whose ExecStart runs the installed package', () => {
    const root = join(work, 'setup-root');
    const home = join(work, 'home');
    const r = runInstalled(p, ['setup', '--user', '--prefix', root], { HOME: home });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const unit = readFileSync(join(root, home, '.config', 'systemd', 'user', 'autocorrector.service'), 'utf8');
    const exec = unit.match(/^ExecStart=(.*)$/m)?.[1];
    expect(exec).toBe(`${process.execPath} --max-semi-space-size=1 --optimize-for-size --v8-pool-size=1 --no-allocation-site-pretenuring --no-sparkplug ${join(realpathSync(p.packageDir), 'dist', 'bundle', 'main.js')} run`);
    expect(exec).not.toContain(repoRoot);
    expect(unit).toContain('\nEnvironment=MALLOC_MMAP_THRESHOLD_=131072\n');
  });
});

describe('where no prebuild fits (a musl system, simulated with node-gyp-build\'s LIBC=musl)', () => {
  // With the compilers on the PATH this time: the fallback is node-gyp.
  it('the install builds the addon from native/, and doctor says it loaded the local build', () => {
    const prefix = join(work, 'prefix-musl');
    const env = userEnv(process.env.PATH ?? '', { LIBC: 'musl' });
    const install = installTarball(p.tarball, prefix, env);
    expect(install.status, install.stdout + install.stderr).toBe(0);
    const pkg = join(prefix, 'lib', 'node_modules', 'autocorrector');
    expect(existsSync(join(pkg, 'build', 'Release', 'autocorrector_native.node'))).toBe(true);
    const r = spawnSync(join(prefix, 'bin', 'autocorrector'), ['doctor', '--json'], { encoding: 'utf8', env });
    expect(JSON.parse(r.stdout).checks[0]).toEqual({
      title: 'native addon (autocorrector_native) loads', ok: true,
      detail: `local build, ${join(realpathSync(pkg), 'build', 'Release', 'autocorrector_native.node')}`,
    });
  }, 300_000);
});

describe.skipIf(skipVm)(`the installed daemon on a real kernel${skipVm ? ` (skipped: ${unavailable})` : ''}`, () => {
  let boot: Boot;
  // The prefix as the VM got it, copied onto the VM's own /tmp (a tmpfs): read
  // from local memory, as from a disk, not over 9p on every first use.
  const prefix = '/tmp/installed';
  const bin = `${prefix}/bin/autocorrector`;

  beforeAll(async () => {
    if (unavailable) throw new Error(`kernel tests cannot run: ${unavailable}`);
    boot = await runScenarios([
      {
        name: 'installed',
        script: `${prelude}
# Only the installed package: no clone on the way.
cp -a "${STAGE_DIR}" ${prefix}
"${bin}" doctor --json > "$OUT/doctor.json" || true
${keyboard('ac kbd installed', [go, { keys: typist('I recieve teh mail\n') }, { sleep: 300 }])}
AC_BIN="${bin}" start_daemon 'ac kbd installed'
wait_log 'device grabbed: ac kbd installed'
grep -o '/[^ ]*\\.node$' /proc/$daemon_pid/maps | sort -u > "$OUT/maps.txt"
vt_reader "$OUT/vt.txt" 1
touch "$OUT/go"
wait $kb_pid
wait $vt_pid
stop_daemon`,
      },
    ], 240_000, { stageDir: p.prefix });
  }, 300_000);

  it('grabs the keyboard and corrects what is typed', () => {
    expect(boot.run.exitCode, describeRun(boot.run)).toBe(0);
    const r = boot.results.installed;
    expect(r.status, `${r.log}\n--- daemon.log ---\n${r.files['daemon.log'] ?? ''}`).toBe(0);
    expect(r.files['vt.txt'], r.files['daemon.log']).toBe('I receive the mail\n');
    expect(r.files['daemon.exit']?.trim()).toBe('0');
  });

  it('runs the package\'s prebuilt addon, not a build in the checkout', () => {
    const r = boot.results.installed;
    expect(r.status, r.log).toBe(0);
    const loaded = (r.files['maps.txt'] ?? '').trim().split('\n').filter((l) => /\/autocorrector[._][^/]*$/.test(l));
    expect(loaded).toEqual([`${prefix}/lib/node_modules/autocorrector/prebuilds/linux-x64/autocorrector.glibc.node`]);
    const doctor = JSON.parse(r.files['doctor.json'] ?? '{}');
    expect(doctor.checks?.[0]).toMatchObject({ ok: true, detail: `prebuild, ${prefix}/lib/node_modules/autocorrector/prebuilds/linux-x64/autocorrector.glibc.node` });
    // and doctor, in a VM with /dev/uinput and keyboards, sees them
    expect(doctor.checks?.find((c: { title: string }) => c.title === 'uinput module loaded')?.ok).toBe(true);
  });
});
