// Where the addon is loaded from (load-addon.ts), on package roots made up
// here: a local build wins, else the prebuild; a missing or broken binary is
// a one-line reason with the command that builds it, never a stack.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { arch } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AddonLoadError, locateAddon, packageRoot, requireAddon } from '../../src/input/load-addon.js';

const real = locateAddon(packageRoot()).path; // this checkout's addon (npm ci built it)
const tuple = `linux-${arch()}`;
let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ac-load-addon-'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'autocorrector' }));
  writeFileSync(join(root, 'binding.gyp'), '{}');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function put(rel: string, from?: string): string {
  const file = join(root, rel);
  mkdirSync(join(file, '..'), { recursive: true });
  if (from) copyFileSync(from, file);
  else writeFileSync(file, 'not an ELF file');
  return file;
}

describe('locateAddon / requireAddon', () => {
  it('takes the prebuild for this platform when there is no local build', () => {
    const file = put(`prebuilds/${tuple}/autocorrector.glibc.node`, real);
    expect(locateAddon(root)).toEqual({ path: file, kind: 'prebuild' });
    const { exports } = requireAddon(root);
    expect((exports as { RECORD_INTS: number }).RECORD_INTS).toBeGreaterThan(0);
  });

  it('prefers a local build (build/Release) over the prebuild', () => {
    put(`prebuilds/${tuple}/autocorrector.glibc.node`, real);
    const local = put('build/Release/autocorrector_native.node', real);
    expect(locateAddon(root)).toEqual({ path: local, kind: 'local build' });
  });

  it('ignores a prebuild for another architecture or libc, and says what it looked for', () => {
    put('prebuilds/linux-riscv64/autocorrector.glibc.node', real);
    put(`prebuilds/${tuple}/autocorrector.musl.node`, real);
    let err: unknown;
    try { locateAddon(root); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(AddonLoadError);
    const e = err as AddonLoadError;
    expect(e.reason).toBe(`native addon missing: no local build in ${join(root, 'build', 'Release')} and no prebuilt binary for ${tuple} in ${join(root, 'prebuilds')}`);
    expect(e.fix).toBe(`build it from source with \`npx node-gyp rebuild\` in ${root} (needs g++, make and python3)`);
    expect(e.message).not.toContain('\n');
  });

  it('a binary that does not load: dlopen\'s reason in one line, and the build command', () => {
    const file = put(`prebuilds/${tuple}/autocorrector.glibc.node`);
    let err: unknown;
    try { requireAddon(root); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(AddonLoadError);
    const e = err as AddonLoadError;
    expect(e.reason).toMatch(new RegExp(`^cannot load the native addon \\(prebuild\\) ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*(invalid ELF header|file too short)`));
    expect(e.message).not.toContain('\n');
    expect(e.fix).toContain('npx node-gyp rebuild');
  });
});
