// Finds and loads the native input addon: the one place that knows where its
// binary lives. node-gyp-build picks, in order, a local build
// (build/Release, from `npm ci` in a clone or from node-gyp on install when
// no prebuild fits) and then the package's prebuilt binary
// (prebuilds/<platform>-<arch>/autocorrector.<libc>.node, made by
// scripts/prebuild.mjs when the package is packed). Shell module.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

export interface AddonLocation {
  /** The .node file. */
  path: string;
  /** 'prebuild': shipped in the package; 'local build': compiled on this machine. */
  kind: 'prebuild' | 'local build';
}

/** The package root: this file runs from src/input (vitest) or dist/src/input (built). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'binding.gyp'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('autocorrector: cannot find the package root (binding.gyp) above ' + fileURLToPath(import.meta.url));
}

/** How to build the addon from source here (what node-gyp needs, and the command). */
export function buildHint(root: string): string {
  return `build it from source with \`npx node-gyp rebuild\` in ${root} (needs g++, make and python3)`;
}

/** Why the addon cannot be used, and how to build it here; message = both, on one line. */
export class AddonLoadError extends Error {
  constructor(readonly reason: string, readonly fix: string) {
    super(`autocorrector: ${reason}; ${fix}`);
  }
}

interface NodeGypBuild {
  (dir: string): unknown;
  resolve(dir: string): string;
}

/** Where the addon would be loaded from; throws a one-line reason when there is none for this machine. */
export function locateAddon(root = packageRoot()): AddonLocation {
  const ngb = require('node-gyp-build') as NodeGypBuild;
  let path: string;
  try {
    path = ngb.resolve(root);
  } catch {
    throw new AddonLoadError(`native addon missing: no local build in ${join(root, 'build', 'Release')} and no prebuilt binary for ${platform()}-${arch()} in ${join(root, 'prebuilds')}`, buildHint(root));
  }
  const kind = relative(root, path).split(sep)[0] === 'prebuilds' ? 'prebuild' : 'local build';
  return { path, kind };
}

/** Loads the addon's exports; throws a one-line reason (never a stack) when it cannot. */
export function requireAddon(root = packageRoot()): { exports: unknown; location: AddonLocation } {
  const location = locateAddon(root);
  try {
    return { exports: require(location.path), location };
  } catch (err) {
    // dlopen's own words: wrong architecture, a glibc too old for the prebuild, …
    const why = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    throw new AddonLoadError(`cannot load the native addon (${location.kind}) ${location.path}: ${why}`, buildHint(root));
  }
}
