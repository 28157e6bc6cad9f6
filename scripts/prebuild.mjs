#!/usr/bin/env node
// Builds the native addon's prebuilt binaries into prebuilds/<platform>-<arch>/
// (prebuildify's layout, which node-gyp-build reads at run time), for the
// package: `npm pack` runs this (prepack), and the install test runs it.
//
//   node scripts/prebuild.mjs [x64] [arm64]     (default: both)
//
// - Compilers: Debian 11's gcc 10 with glibc 2.31, as sysroots that
//   scripts/toolchain.sh downloads (x64, and Debian's aarch64 cross compiler
//   for arm64). libstdc++ and libgcc are linked statically, so the binary
//   needs only libc, at the versions of glibc 2.31 or older: checked here
//   after each build from the binary's own version needs (readelf -V).
// - The build runs on a copy of binding.gyp + native/ in a temporary
//   directory, so the checkout's own build/ (the contributors' local build,
//   which node-gyp-build prefers) is never overwritten by a cross build.
//   The copy takes native/ whole: no list of sources here.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

/** The newest glibc symbol version a prebuild may need. */
const GLIBC_FLOOR = '2.31';

const toolchain = process.env.AUTOCORRECTOR_TOOLCHAIN || join(homedir(), '.cache', 'autocorrector-toolchain');
const sysroot = (arch) => join(toolchain, arch);
const TARGETS = {
  x64: { gcc: 'x86_64-linux-gnu-gcc-10', gxx: 'x86_64-linux-gnu-g++-10', strip: 'strip', apt: 'binutils' },
  arm64: { gcc: 'aarch64-linux-gnu-gcc-10', gxx: 'aarch64-linux-gnu-g++-10', strip: 'aarch64-linux-gnu-strip', apt: 'g++-aarch64-linux-gnu' },
};

function fail(msg) {
  process.stderr.write(`prebuild: ${msg}\n`);
  process.exit(1);
}

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

// --if-toolchain (prepack): a git-dependency install packs the clone on a machine
// without the toolchain; that package then builds its addon from source at install.
const lenient = process.argv.includes('--if-toolchain');
const wanted = process.argv.slice(2).filter((a) => a !== '--if-toolchain');
for (const a of wanted) if (!(a in TARGETS)) fail(`unknown target '${a}' (known: ${Object.keys(TARGETS).join(', ')})`);
const archs = wanted.length > 0 ? wanted : Object.keys(TARGETS);
if (lenient && (process.platform !== 'linux' || process.arch !== 'x64' || !existsSync(join(toolchain, 'stamp')))) {
  process.stderr.write(`prebuild: no toolchain for prebuilds here (${toolchain}); packing without them, installs will build the addon from source\n`);
  process.exit(0);
}
if (process.platform !== 'linux' || process.arch !== 'x64') fail(`builds on linux-x64 only (this is ${process.platform}-${process.arch})`);

if (!existsSync(join(toolchain, 'stamp'))) fail(`no toolchain in ${toolchain}: run \`bash scripts/toolchain.sh\` (or set AUTOCORRECTOR_TOOLCHAIN)`);
for (const arch of archs) {
  const t = TARGETS[arch];
  for (const tool of [t.strip, 'make', 'readelf']) {
    if (!onPath(tool)) fail(`${tool} is not on the PATH (for linux-${arch}: apt-get install ${tool === 'make' ? 'make' : t.apt})`);
  }
}

/** The GLIBC_x.y versions a binary needs (its .gnu.version_r section). */
function glibcVersions(file) {
  const r = spawnSync('readelf', ['-V', '-W', file], { encoding: 'utf8' });
  if (r.status !== 0) fail(`readelf -V ${file} failed: ${r.stderr}`);
  return [...new Set([...r.stdout.matchAll(/Name: GLIBC_([\d.]+)/g)].map((m) => m[1]))];
}

const newer = (a, b) => {
  const x = a.split('.').map(Number), y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  return false;
};

const prebuildify = join(root, 'node_modules', 'prebuildify', 'bin.js');
if (!existsSync(prebuildify)) fail('prebuildify is missing: run `npm ci` first');

// node-gyp: the one npm names when it runs this script, else the one npm bundles.
function findNodeGyp() {
  if (process.env.npm_config_node_gyp && existsSync(process.env.npm_config_node_gyp)) return process.env.npm_config_node_gyp;
  const npm = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
  const bundled = npm ? join(dirname(realpathSync(npm)), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js') : '';
  if (bundled && existsSync(bundled)) return bundled;
  fail('cannot find node-gyp (npm bundles it): is npm on the PATH?');
}
const nodeGyp = findNodeGyp();

// Node's own headers when this node ships them (Debian's and the official
// tarballs do): node-gyp then downloads nothing. Node-API is the same for
// every Node >= the version in binding.gyp's NAPI_VERSION.
const headers = join(dirname(dirname(process.execPath)), 'include', 'node');
const nodedir = existsSync(join(headers, 'node_api.h')) ? dirname(dirname(headers)) : undefined;

const stage = mkdtempSync(join(tmpdir(), 'autocorrector-prebuild-'));
// fail() exits at once: the copy goes on the way out, whatever the way.
process.on('exit', () => rmSync(stage, { recursive: true, force: true }));
{
  cpSync(join(root, 'binding.gyp'), join(stage, 'binding.gyp'));
  cpSync(join(root, 'native'), join(stage, 'native'), { recursive: true });
  writeFileSync(join(stage, 'package.json'), JSON.stringify({ name: 'autocorrector', version: '0.0.0', private: true }));
  symlinkSync(join(root, 'node_modules'), join(stage, 'node_modules'));
  for (const arch of archs) {
    const t = TARGETS[arch];
    const cc = `${join(sysroot(arch), 'usr', 'bin', t.gcc)} --sysroot=${sysroot(arch)}`;
    const cxx = `${join(sysroot(arch), 'usr', 'bin', t.gxx)} --sysroot=${sysroot(arch)}`;
    const env = {
      ...process.env,
      CC: cc, CXX: cxx, LINK: cxx,
      // libstdc++ and libgcc inside, their symbols kept out of the export table
      // (node has its own C++ runtime; none of ours should interpose on it).
      LDFLAGS: '-static-libstdc++ -static-libgcc -Wl,--exclude-libs,ALL',
      ...(nodedir ? { npm_config_nodedir: nodedir } : {}),
    };
    process.stdout.write(`prebuild: linux-${arch} with ${t.gxx} (glibc ${GLIBC_FLOOR} sysroot)${nodedir ? ` (headers from ${nodedir}/include/node)` : ''}\n`);
    rmSync(join(stage, 'build'), { recursive: true, force: true });
    const r = spawnSync(process.execPath, [
      prebuildify, '--napi', `--target=${process.versions.node}`, `--node-gyp=${nodeGyp}`, '--tag-libc', '--strip', `--strip-bin=${t.strip}`,
      `--arch=${arch}`, '--platform=linux', `--cwd=${stage}`, `--out=${stage}`,
    ], { env, stdio: 'inherit' });
    if (r.status !== 0) fail(`the linux-${arch} build failed (exit ${r.status ?? r.signal})`);
    const dir = join(stage, 'prebuilds', `linux-${arch}`);
    for (const f of readdirSync(dir)) {
      const versions = glibcVersions(join(dir, f));
      const tooNew = versions.filter((v) => newer(v, GLIBC_FLOOR));
      if (tooNew.length > 0) fail(`${f} (linux-${arch}) needs glibc ${tooNew.join(', ')}, newer than ${GLIBC_FLOOR}`);
      const max = versions.reduce((a, b) => (newer(b, a) ? b : a), '0');
      process.stdout.write(`prebuild: linux-${arch}/${f} needs at most GLIBC_${max} (floor ${GLIBC_FLOOR})\n`);
    }
  }
  const out = join(root, 'prebuilds');
  mkdirSync(out, { recursive: true });
  for (const dir of readdirSync(join(stage, 'prebuilds'))) {
    rmSync(join(out, dir), { recursive: true, force: true });
    cpSync(join(stage, 'prebuilds', dir), join(out, dir), { recursive: true });
    process.stdout.write(`prebuild: prebuilds/${dir}/${readdirSync(join(out, dir)).join(', ')}\n`);
  }
}
