// Runs inside the kernel-test VM for `npm run bench:idle`: a uinput keyboard
// standing for the user's (usb) and another program's virtual keyboard (bus
// virtual: read, not grabbed), the built daemon grabbing the first (started
// as the unit starts it, as-unit.ts), its cost while it settles, then
// the daemon's wake-ups while nobody types; a bare Node beside it for
// reference. Writes $RESULTS/idle.json. Usage: node dist/test/bench/idle/in-vm.js SECONDS SETTLE_SECONDS
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUS_USB, BUS_VIRTUAL, UinputKeyboard, waitForDevice } from '../../../src/inject/uinput.js';
import { daemonCommand } from './as-unit.js';
import { idleCost } from './wakeups.js';

const seconds = Number(process.argv[2] ?? 60);
const settle = Number(process.argv[3] ?? 60);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const keyboards = [
  UinputKeyboard.create({ name: 'idle bench keyboard', id: { bustype: BUS_USB, vendor: 0x1234, product: 0x5680, version: 1 } }),
  UinputKeyboard.create({ name: 'another program keyboard', id: { bustype: BUS_VIRTUAL, vendor: 0x1234, product: 0x5681, version: 1 } }),
];
await waitForDevice('idle bench keyboard', 5000);
await waitForDevice('another program keyboard', 5000);

const home = mkdtempSync('/tmp/idle-');
for (const d of ['config', 'run', 'state']) mkdirSync(join(home, d), { mode: 0o700 });
// Issue 17 §4's yardstick: a bare Node start in the same boot (best of 3).
const bareStartMs = Math.min(...[0, 1, 2].map(() => {
  const t = performance.now();
  spawnSync(process.execPath, ['-e', '']);
  return performance.now() - t;
}));
let log = '';
const spawnedAt = performance.now();
const cmd = daemonCommand(['run', '--allow-root', '--config-dir', join(home, 'config'), '--verbose'],
  { ...process.env, XDG_RUNTIME_DIR: join(home, 'run'), XDG_STATE_HOME: join(home, 'state') });
const daemon = spawn(process.execPath, cmd.argv, { env: cmd.env, stdio: ['ignore', 'ignore', 'pipe'] });
daemon.stderr.setEncoding('utf8').on('data', (d: string) => { log += d; });
const bare = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 1e9)'], { stdio: 'ignore' });
try {
  const until = Date.now() + 120_000;
  while (!/device grabbed: idle bench keyboard/.test(log)) {
    if (Date.now() > until || daemon.exitCode !== null) throw new Error(`the daemon did not grab the keyboard:\n${log}`);
    await sleep(5);
  }
  const grabbedMs = performance.now() - spawnedAt;
  // It grabs first and loads after: start-up work, the load included, is not idling.
  while (!/ready in \d/.test(log)) {
    if (Date.now() > until || daemon.exitCode !== null) throw new Error(`the daemon did not get ready:\n${log}`);
    await sleep(50);
  }
  const { daemon: settling } = await idleCost({ daemon: daemon.pid! }, settle);
  const r = await idleCost({ daemon: daemon.pid!, bare: bare.pid! }, seconds);
  const kernel = readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
  writeFileSync(join(process.env.RESULTS ?? '/tmp', 'idle.json'), JSON.stringify({ kernel, ...r, settling, grabbedMs, bareStartMs, log: log.split('\n').filter((l) => /skipped|grabbed|ready/.test(l)).join('\n') }));
} finally {
  daemon.kill();
  bare.kill();
  for (const k of keyboards) k.destroy();
}
