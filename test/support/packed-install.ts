// The package as a user gets it: built prebuilds, `npm pack`, then
// `npm install -g` of the tarball into a private prefix, on a PATH where no
// compiler, make or python can be found (a desktop without build tools).
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** What node-gyp would need to build the addon from source. */
export const BUILD_TOOLS = ['gcc', 'g++', 'cc', 'c++', 'cpp', 'clang', 'clang++', 'make', 'gmake', 'python', 'python3'];
const BUILD_TOOL_RE = /^(?:(?:[\w.-]+-)?(?:gcc|g\+\+|cc|c\+\+|cpp)(?:-[\d.]+)?|clang(?:\+\+)?(?:-[\d.]+)?|tcc|g?make|python[\d.]*(?:-config)?|pyenv|pip[\d.]*)$/;

/**
 * A directory of links to every program on `path` except build tools, to
 * use as the whole PATH. The first program of each name wins, as on a PATH.
 */
export function pathWithoutBuildTools(dir: string, path = process.env.PATH ?? ''): string {
  mkdirSync(dir, { recursive: true });
  const seen = new Set<string>();
  for (const d of path.split(delimiter)) {
    if (!d || /\bpyenv\b/.test(d)) continue; // pyenv's shims are all python
    let names: string[];
    try { names = readdirSync(d); } catch { continue; }
    for (const n of names) {
      if (seen.has(n) || BUILD_TOOL_RE.test(n)) continue;
      const p = join(d, n);
      try { if (!statSync(p).isFile()) continue; } catch { continue; }
      seen.add(n);
      symlinkSync(p, join(dir, n));
    }
  }
  return dir;
}

/** The build tools `sh -c 'command -v …'` still finds on PATH `path` ([] when none). */
export function buildToolsOn(path: string): string[] {
  return BUILD_TOOLS.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`], { env: { PATH: path } }).status === 0);
}

export interface Run { status: number | null; stdout: string; stderr: string }

function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Run {
  const r: SpawnSyncReturns<string> = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * This environment (certificates, proxies, HOME, npm's user config) with PATH
 * replaced, minus what `npm test` sets for its own scripts (npm_package_*,
 * npm_lifecycle_*, most npm_config_*): what a user's shell would have.
 */
export function userEnv(path: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_/i.test(k) && !/^npm_config_(cache|registry|userconfig)$/i.test(k)) continue;
    if (k === 'INIT_CWD' || k === 'NODE' || k === 'VITEST' || k.startsWith('VITEST_')) continue;
    if (/^(CC|CXX|LINK|PYTHON|npm_config_python)$/i.test(k)) continue; // a compiler or python named outside PATH
    env[k] = v;
  }
  return { ...env, PATH: path, ...extra };
}

export interface PackedInstall {
  tarball: string;
  /** `npm pack --json`'s file list and sizes. */
  pack: { size: number; unpackedSize: number; files: { path: string }[] };
  /** The npm prefix: bin/autocorrector, lib/node_modules/autocorrector. */
  prefix: string;
  bin: string;
  packageDir: string;
  /** PATH without build tools (what the install and the commands ran with). */
  path: string;
  install: Run;
}

/**
 * Packs the checkout `repo` into `work` (its dist/ must be built: the pack
 * runs without scripts, so nothing in the checkout is rebuilt under tests
 * running beside it), after building the linux-x64 prebuild, then installs
 * the tarball globally into work/prefix on a PATH without build tools.
 */
export function packAndInstall(repo: string, work: string): PackedInstall {
  const prebuild = run(process.execPath, [join(repo, 'scripts', 'prebuild.mjs'), 'x64'], { cwd: repo });
  if (prebuild.status !== 0) throw new Error(`prebuild failed:\n${prebuild.stdout}\n${prebuild.stderr}`);
  const packed = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: repo });
  if (packed.status !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
  const pack = JSON.parse(packed.stdout)[0] as PackedInstall['pack'] & { filename: string };
  const tarball = join(work, pack.filename);
  const path = pathWithoutBuildTools(join(work, 'path'));
  const prefix = join(work, 'prefix');
  const install = installTarball(tarball, prefix, userEnv(path));
  const packageDir = join(prefix, 'lib', 'node_modules', 'autocorrector');
  return { tarball, pack, prefix, bin: join(prefix, 'bin', 'autocorrector'), packageDir, path, install };
}

/** `npm install -g --prefix PREFIX TARBALL`, run from PREFIX/../home with `env`. */
export function installTarball(tarball: string, prefix: string, env: NodeJS.ProcessEnv): Run {
  const home = join(prefix, '..', 'home');
  mkdirSync(home, { recursive: true });
  // Dependencies come from npm's cache (filled by `npm ci`) when they are there.
  return run('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: home, env });
}

/** Runs the installed `autocorrector` (its own #! line, node from PATH) with `env`. */
export function runInstalled(p: PackedInstall, args: string[], env: NodeJS.ProcessEnv = {}, input?: string): Run {
  return run(p.bin, args, { cwd: join(p.prefix, '..'), env: userEnv(p.path, { HOME: join(p.prefix, '..', 'home'), ...env }), input });
}

