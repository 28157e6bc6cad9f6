#!/usr/bin/env node
// Builds the native addon's prebuilt binaries into prebuilds/<platform>-<arch>/
// (prebuildify's layout, which node-gyp-build reads at run time), for the
// package: `npm pack` runs this (prepack), and the install test runs it.
//
//   node scripts/prebuild.mjs [x64] [arm64]     (default: both)
//
// - linux-x64: the host's g++. linux-arm64: Debian's cross compiler
//   (apt-get install g++-aarch64-linux-gnu).
// - libstdc++ and libgcc are linked statically, so the binary needs only
//   libc (and the versions of its symbols that the build machine's glibc
//   gives; scripts/glibc-floor.mjs prints them).
// - The build runs on a copy of binding.gyp + native/ in a temporary
//   directory, so the checkout's own build/ (the contributors' local build,
//   which node-gyp-build prefers) is never overwritten by a cross build.
//   The copy takes native/ whole: no list of sources here.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

const TARGETS = {
  x64: { cc: 'gcc', cxx: 'g++', strip: 'strip', apt: 'g++' },
  arm64: { cc: 'aarch64-linux-gnu-gcc', cxx: 'aarch64-linux-gnu-g++', strip: 'aarch64-linux-gnu-strip', apt: 'g++-aarch64-linux-gnu' },
};

function fail(msg) {
  process.stderr.write(`prebuild: ${msg}\n`);
  process.exit(1);
}

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

const wanted = process.argv.slice(2);
for (const a of wanted) if (!(a in TARGETS)) fail(`unknown target '${a}' (known: ${Object.keys(TARGETS).join(', ')})`);
const archs = wanted.length > 0 ? wanted : Object.keys(TARGETS);
if (process.platform !== 'linux' || process.arch !== 'x64') fail(`builds on linux-x64 only (this is ${process.platform}-${process.arch})`);

for (const arch of archs) {
  const t = TARGETS[arch];
  for (const tool of [t.cc, t.cxx, t.strip, 'make']) {
    if (!onPath(tool)) fail(`${tool} is not on the PATH (for linux-${arch}: apt-get install ${tool === 'make' ? 'make' : t.apt})`);
  }
}

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
try {
  cpSync(join(root, 'binding.gyp'), join(stage, 'binding.gyp'));
  cpSync(join(root, 'native'), join(stage, 'native'), { recursive: true });
  writeFileSync(join(stage, 'package.json'), JSON.stringify({ name: 'autocorrector', version: '0.0.0', private: true }));
  symlinkSync(join(root, 'node_modules'), join(stage, 'node_modules'));
  for (const arch of archs) {
    const t = TARGETS[arch];
    const env = {
      ...process.env,
      CC: t.cc, CXX: t.cxx, LINK: t.cxx,
      LDFLAGS: '-static-libstdc++ -static-libgcc',
      ...(nodedir ? { npm_config_nodedir: nodedir } : {}),
    };
    process.stdout.write(`prebuild: linux-${arch} with ${t.cxx}${nodedir ? ` (headers from ${nodedir}/include/node)` : ''}\n`);
    rmSync(join(stage, 'build'), { recursive: true, force: true });
    const r = spawnSync(process.execPath, [
      prebuildify, '--napi', `--target=${process.versions.node}`, `--node-gyp=${nodeGyp}`, '--tag-libc', '--strip', `--strip-bin=${t.strip}`,
      `--arch=${arch}`, '--platform=linux', `--cwd=${stage}`, `--out=${stage}`,
    ], { env, stdio: 'inherit' });
    if (r.status !== 0) fail(`the linux-${arch} build failed (exit ${r.status ?? r.signal})`);
  }
  const out = join(root, 'prebuilds');
  mkdirSync(out, { recursive: true });
  for (const dir of readdirSync(join(stage, 'prebuilds'))) {
    rmSync(join(out, dir), { recursive: true, force: true });
    cpSync(join(stage, 'prebuilds', dir), join(out, dir), { recursive: true });
    process.stdout.write(`prebuild: prebuilds/${dir}/${readdirSync(join(out, dir)).join(', ')}\n`);
  }
} finally {
  rmSync(stage, { recursive: true, force: true });
}
