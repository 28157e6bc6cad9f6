// keyd (MIT, github.com/rvaiya/keyd), built from its source for bench:kernel:
// a widely used key remapper that grabs keyboards and forwards through
// uinput, as we do, run beside our daemon in the same boot. The source is
// KEYD_SRC (an unpacked tree or a .tar.gz), else the v2.6.0 tarball cached
// in ~/.cache/autocorrector-bench, fetched over https the first time. Built
// on the host (the VM runs the host's root, read-only), once per source.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';

export const KEYD_VERSION = '2.6.0';
const TARBALL_URL = `https://github.com/rvaiya/keyd/archive/refs/tags/v${KEYD_VERSION}.tar.gz`;
/** Compiled in: the VM's /tmp is its own tmpfs, where in-vm.ts writes the config. */
export const KEYD_CONFIG_DIR = '/tmp/keyd-bench-conf';
const KEYD_SOCKET = '/tmp/keyd-bench.socket';

const cacheDir = (): string => process.env.AUTOCORRECTOR_BENCH_CACHE || join(homedir(), '.cache/autocorrector-bench');

async function tarball(): Promise<string> {
  const file = join(cacheDir(), `keyd-${KEYD_VERSION}.tar.gz`);
  if (existsSync(file)) return file;
  mkdirSync(cacheDir(), { recursive: true });
  const res = await fetch(TARBALL_URL, { signal: AbortSignal.timeout(60_000) });
  if (!res.ok) throw new Error(`${TARBALL_URL}: HTTP ${res.status}`);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return file;
}

/** The unpacked source tree: KEYD_SRC as it is, or a tarball unpacked into the cache. */
async function sourceTree(): Promise<string> {
  const given = process.env.KEYD_SRC;
  if (given && statSync(given).isDirectory()) return given;
  const tgz = given || (await tarball());
  const dir = join(cacheDir(), `src-${basename(tgz).replace(/\.tar\.gz$|\.tgz$/, '')}`);
  if (!existsSync(join(dir, 'Makefile'))) {
    mkdirSync(dir, { recursive: true });
    execFileSync('tar', ['-xzf', tgz, '-C', dir, '--strip-components=1']);
  }
  return dir;
}

/** Path of a keyd binary built for the bench, or why there is none (the bench then leaves keyd out). */
export async function buildKeyd(): Promise<{ bin: string } | { skipped: string }> {
  try {
    const dir = await sourceTree();
    const bin = join(dir, 'bin/keyd');
    if (!existsSync(bin)) {
      execFileSync('make', ['-C', dir, `COMMIT=v${KEYD_VERSION}`, `CONFIG_DIR=${KEYD_CONFIG_DIR}`, `SOCKET_PATH=${KEYD_SOCKET}`], { stdio: ['ignore', 'ignore', 'inherit'] });
    }
    return { bin };
  } catch (err) {
    return { skipped: `no keyd (set KEYD_SRC to its source, or allow https to github.com): ${(err as Error).message.split('\n')[0]}` };
  }
}
