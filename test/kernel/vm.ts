// Boots a real Linux kernel under qemu (TCG) that runs this machine's own root
// read-only, with evdev, uinput and a VT, and runs a shell script in it as root.
// Prepared by test/kernel/setup.sh; see /work/shared/kernel-tests.md for why.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout: the nearest package.json up from here (also right when compiled into dist/test/kernel). */
export const repoRoot = ((): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();
const here = join(repoRoot, 'test/kernel');

/**
 * Where the VM shows the checkout. Under a 0700 parent, as a clone in root's
 * home is, so no kernel test can pass only because the clone happens to sit
 * somewhere world-readable (issue 21); anything a test runs as another user
 * takes it from PUBLIC_CHECKOUT, a second mount every user can reach.
 */
export const GUEST_CHECKOUT = '/run/clone-0700/autocorrector';
export const PUBLIC_CHECKOUT = '/run/checkout';

export function kernelCacheDir(): string {
  return process.env.AUTOCORRECTOR_KERNEL_CACHE || join(homedir(), '.cache/autocorrector-kernel');
}

export interface VmRun {
  /** What the script printed (stdout and stderr, interleaved). */
  stdout: string;
  /** The script's exit status; null when the VM never reported one (crash, timeout). */
  exitCode: number | null;
  /** Files the script wrote under $RESULTS, by path relative to it. */
  files: Record<string, string>;
  /** The serial console: kernel and init messages, for diagnosing a failed boot. */
  console: string;
  /** Wall time from spawning qemu to its exit. */
  elapsedMs: number;
  /** Guest uptime when /init handed over to the script (kernel + modules + mounts); null if never. */
  bootS: number | null;
}

export interface VmOptions {
  /**
   * Shell script (sh), run as root in the checkout ($CHECKOUT; $PUBLIC_CHECKOUT for
   * other users); $RESULTS is a writable dir whose files come back.
   */
  script: string;
  timeoutMs?: number;
  /** Extra environment for the script (names must be shell identifiers). */
  env?: Record<string, string>;
  /**
   * A host directory (e.g. a package installed in a temporary prefix) copied
   * into the VM's writable share: the script sees it at STAGE_DIR. (The
   * host's /tmp is hidden in the VM, and the root share is read-only.)
   */
  stageDir?: string;
}

/** Where the VM shows VmOptions.stageDir. */
export const STAGE_DIR = '/run/vm/stage';

/** Null when a VM can boot here, else the reason it cannot (shown as the skip reason). */
export function kernelAvailability(): string | null {
  if (spawnSync('qemu-system-x86_64', ['--version']).status !== 0) {
    return 'qemu-system-x86_64 is not installed: run `bash test/kernel/setup.sh`';
  }
  const cache = kernelCacheDir();
  for (const f of ['vmlinuz', 'initramfs.cpio.gz', 'stamp']) {
    if (!existsSync(join(cache, f))) return `no test kernel in ${cache}: run \`bash test/kernel/setup.sh\``;
  }
  const want = createHash('sha256')
    .update(readFileSync(join(here, 'setup.sh')))
    .update(readFileSync(join(here, 'init.sh')))
    .digest('hex').slice(0, 16);
  if (readFileSync(join(cache, 'stamp'), 'utf8').trim() !== want) {
    return `the initramfs in ${cache} is older than test/kernel/init.sh: run \`bash test/kernel/setup.sh\``;
  }
  if (!existsSync(join(repoRoot, 'dist/src/inject/uinput.js'))) return 'dist/ is missing: run `npm run build`';
  return null;
}

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One VM at a time on this machine: TCG is CPU-bound, and two boots side by
 * side (vitest runs test files in parallel) would each run at half speed and
 * make timing-sensitive scenarios flaky. A lock dir left by a dead process is taken over.
 */
async function withVmLock<T>(fn: () => Promise<T>): Promise<T> {
  const lock = join(tmpdir(), 'autocorrector-vm.lock');
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let holder = NaN;
      try { holder = Number(readFileSync(join(lock, 'pid'), 'utf8')); } catch { /* being created or removed */ }
      if (Number.isInteger(holder) && holder > 0 && !alive(holder)) rmSync(lock, { recursive: true, force: true });
      await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Boots the VM, runs `script`, powers off. Waits first while another VM of
 * this project runs on the machine. Rejects only when qemu cannot be
 * started; a script that fails or a VM that times out resolves with
 * exitCode !== 0 / null and the console for diagnosis.
 */
export function runInVm(opts: VmOptions): Promise<VmRun> {
  return withVmLock(() => bootAndRun(opts));
}

async function bootAndRun(opts: VmOptions): Promise<VmRun> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const cache = kernelCacheDir();
  const share = mkdtempSync(join(tmpdir(), 'autocorrector-vm-'));
  try {
    mkdirSync(join(share, 'out'));
    // cp -a keeps the relative symlinks npm makes (bin/ -> lib/node_modules/…).
    if (opts.stageDir && spawnSync('cp', ['-a', opts.stageDir, join(share, 'stage')]).status !== 0) {
      throw new Error(`cannot copy ${opts.stageDir} into the VM's share`);
    }
    // Node's own directory first: the VM must run the very node the tests run under.
    const guestPath = [dirname(process.execPath), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'].join(':');
    const env: Record<string, string> = { CHECKOUT: GUEST_CHECKOUT, PUBLIC_CHECKOUT, GUEST_PATH: guestPath, CI: process.env.CI ?? '', ...opts.env };
    writeFileSync(join(share, 'vm.env'), Object.entries(env).map(([k, v]) => `${k}=${shq(v)}\nexport ${k}\n`).join(''));
    // init starts the script with a clean environment; opts.env comes back in here.
    writeFileSync(join(share, 'script.sh'), `set -e\n. /run/vm/vm.env\n${opts.script}\n`);

    const virtfs = (path: string, tag: string, ro: boolean) =>
      ['-virtfs', `local,path=${path},mount_tag=${tag},security_model=none,multidevs=remap${ro ? ',readonly=on' : ''}`];
    const args = [
      '-k', '5', `${Math.ceil(timeoutMs / 1000)}s`,
      'qemu-system-x86_64', '-accel', 'tcg,thread=multi', '-cpu', 'max', '-m', '2048', '-smp', '2',
      '-nographic', '-no-reboot', '-nic', 'none', // no NIC: skips the iPXE boot ROM
      // the uncompressed kernel (PVH entry) skips ~5 s of self-decompression under TCG
      '-kernel', existsSync(join(cache, 'vmlinux')) ? join(cache, 'vmlinux') : join(cache, 'vmlinuz'), '-initrd', join(cache, 'initramfs.cpio.gz'),
      // console on the serial line keeps tty1 a free VT for the tests' reader
      '-append', 'console=ttyS0 quiet panic=-1',
      ...virtfs('/', 'hostroot', true),
      ...virtfs(repoRoot, 'checkout', true),
      ...virtfs(share, 'results', false),
    ];
    const started = Date.now();
    const consoleText = await new Promise<string>((resolve, reject) => {
      const child = spawn('timeout', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (d: Buffer) => { text += d.toString('utf8'); });
      child.stderr.on('data', (d: Buffer) => { text += d.toString('utf8'); });
      child.on('error', reject);
      child.on('close', (code) => {
        if (code === 124 || code === 137) text += `\n[vm.ts: timed out after ${timeoutMs} ms]\n`;
        resolve(text.replace(/\r/g, ''));
      });
    });
    const elapsedMs = Date.now() - started;
    const read = (f: string) => (existsSync(join(share, f)) ? readFileSync(join(share, f), 'utf8') : '');
    const code = read('exitcode').trim();
    return {
      stdout: read('output'),
      exitCode: code === '' ? null : Number(code),
      files: readTree(join(share, 'out')),
      console: consoleText + read('init-error'),
      elapsedMs,
      bootS: Number(consoleText.match(/init: ready ([\d.]+)s/)?.[1] ?? NaN) || null,
    };
  } finally {
    rmSync(share, { recursive: true, force: true });
  }
}

/** A readable account of a failed run, for assertion messages. */
export function describeRun(run: VmRun): string {
  return `exit ${run.exitCode} after ${run.elapsedMs} ms (guest ready at ${run.bootS} s)\n--- script output ---\n${run.stdout}\n--- console (tail) ---\n${run.console.slice(-3000)}`;
}
