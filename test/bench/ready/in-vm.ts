// Runs inside the kernel-test VM for `npm run bench:ready` (issue 17: ready
// fast): starts the built daemon STARTS times in each correction mode, with
// a uinput keyboard on the USB bus standing for the user's, and times from
// the spawn to (1) the keyboard grabbed, seen from outside: every 10 ms a
// probe presses and releases F24 on that keyboard and reads the keyboard's
// own event node (not grabbed: the kernel has put the events in its buffer
// by the time the write returns; grabbed: they go to the daemon only), and
// (2) the daemon's "ready in" line (corrections in force). A bare `node -e ''`
// in the same boot is the yardstick. Writes $RESULTS/ready.json.
// Usage: node dist/test/bench/ready/in-vm.js STARTS
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, constants, mkdtempSync, mkdirSync, openSync, readSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUS_USB, UinputKeyboard, waitForDevice } from '../../../src/inject/uinput.js';
import { EV_KEY, EV_SYN, SYN_REPORT } from '../../../src/keymap/keycodes.js';

const starts = Number(process.argv[2] ?? 5);
const KEY_F24 = 194;
const NAME = 'ready bench keyboard';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// The CLI as installed (package.json "bin": the bundle). READY_CLI: another build's
// (e.g. the commit before, or dist/src/cli/main.js; outside /tmp, which the VM hides).
const cli = process.env.READY_CLI ?? join(import.meta.dirname, '..', '..', '..', 'bundle', 'main.js');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const kbd = UinputKeyboard.create({ name: NAME, id: { bustype: BUS_USB, vendor: 0x1234, product: 0x5682, version: 1 } });
const node = await waitForDevice(NAME, 5000);
const probe = openSync(node, constants.O_RDONLY | constants.O_NONBLOCK);
const buf = Buffer.alloc(24 * 64);
const tap = [EV_KEY, KEY_F24, 1, EV_SYN, SYN_REPORT, 0, EV_KEY, KEY_F24, 0, EV_SYN, SYN_REPORT, 0];

/** True while our own reader still gets the keyboard's events (nobody grabbed it). */
function stillOurs(): boolean {
  kbd.write(tap);
  let got = false;
  for (;;) {
    try {
      if (readSync(probe, buf, 0, buf.length, null) <= 0) break;
      got = true;
    } catch {
      break; // EAGAIN: nothing there
    }
  }
  return got;
}

function bareNodeMs(): number {
  const t = performance.now();
  spawnSync(process.execPath, ['-e', '']);
  return performance.now() - t;
}

async function startOnce(mode: string): Promise<{ grabbedMs: number; readyMs: number; readyLogMs: number }> {
  const home = mkdtempSync('/tmp/ready-');
  for (const d of ['config', 'run', 'state']) mkdirSync(join(home, d), { mode: 0o700 });
  writeFileSync(join(home, 'config', 'config.toml'), `correction = "${mode}"\nlayout = "us"\n`);
  let log = '';
  while (!stillOurs()) await sleep(10); // the last start's grab is gone
  const t0 = performance.now();
  const daemon: ChildProcess = spawn(process.execPath, [cli, 'run', '--allow-root', '--device', NAME, '--config-dir', join(home, 'config')], {
    env: { ...process.env, XDG_RUNTIME_DIR: join(home, 'run'), XDG_STATE_HOME: join(home, 'state') },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  daemon.stderr!.setEncoding('utf8').on('data', (d: string) => { log += d; });
  try {
    let grabbedMs = -1;
    let readyMs = -1;
    const until = Date.now() + 120_000;
    while (grabbedMs < 0 || readyMs < 0) {
      if (Date.now() > until || daemon.exitCode !== null) throw new Error(`the daemon did not get ready:\n${log}`);
      if (grabbedMs < 0 && !stillOurs()) grabbedMs = performance.now() - t0;
      if (readyMs < 0 && /ready in \d+ ms/.test(log)) readyMs = performance.now() - t0;
      await sleep(10); // (the probe shares the one vCPU with the daemon: not too often)
    }
    const readyLogMs = Number(/ready in (\d+) ms/.exec(log)![1]);
    return { grabbedMs, readyMs, readyLogMs };
  } finally {
    daemon.kill();
    await new Promise((r) => daemon.exitCode !== null ? r(null) : daemon.once('exit', r));
  }
}

try {
  const bare = [0, 1, 2, 3, 4].map(bareNodeMs);
  const runs: Record<string, { grabbedMs: number; readyMs: number; readyLogMs: number }[]> = { list: [], dictionary: [] };
  for (let i = 0; i < starts; i++) for (const mode of ['list', 'dictionary']) runs[mode].push(await startOnce(mode));
  const kernel = readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
  writeFileSync(join(process.env.RESULTS ?? '/tmp', 'ready.json'), JSON.stringify({ kernel, bareMs: median(bare), bare, runs }));
} finally {
  closeSync(probe);
  kbd.destroy();
}
