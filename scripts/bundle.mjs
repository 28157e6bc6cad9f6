// `npm run build`'s last step: the CLI bundled, dist/bundle/main.js
// (package.json "bin", the systemd unit's ExecStart). Issue 17, ready fast:
// the daemon grabs the keyboards once the modules of `run` up to the grab are
// evaluated, ~40 files of dist/src, and in the kernel-test VM each file is a
// 9p read, a resolution and a compile. Split this way they are 19 files, the
// same code: the grab comes ~1.5x sooner there (numbers in the commit). One
// file for everything is slower still: all 400 KB are parsed before the grab.
// Every import() stays a file of its own, read when it runs; dist/src stays
// the tests' build.
//
// Dependencies stay outside: native loaders (ffi-rs, node-gyp-build), the
// dictionaries that are found by package name, and dbus-next (CommonJS, after
// the grab). smol-toml, read before the grab for config.toml, goes in.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
rmSync(join(root, 'dist', 'bundle'), { recursive: true, force: true }); // no chunks left from an older build
await build({
  absWorkingDir: root,
  entryPoints: ['dist/src/cli/main.js'],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['ffi-rs', '@yuuang/*', 'node-gyp-build', 'nspell', 'dictionary-*', 'dbus-next'],
  logLevel: 'warning',
});
