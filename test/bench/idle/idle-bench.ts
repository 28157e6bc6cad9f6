// `npm run bench:idle`: how often the daemon and the tray wake while nobody
// types (issue 17: idle means idle). Here: the built daemon (`run --input
// fake`, keys from a pipe that stays silent) and the tray on a private
// session bus with a panel (StatusNotifierWatcher) to register with, beside
// a bare Node process for reference; then, when the kernel VM can run, the
// daemon on a real kernel, grabbing a uinput keyboard (test/bench/idle/in-vm.ts).
// IDLE_SECONDS (default 60) is the length of each idle window, after
// IDLE_SETTLE seconds (default 60: V8's collecting of what start-up left is
// start-up work, not idling); VM=0 skips the VM, HOST=0 the host. The daemon
// runs as the systemd unit runs it, the tray as its autostart entry does
// (as-unit.ts: why, and IDLE_CLI, IDLE_V8_DEFAULTS).
import { spawn, type ChildProcess } from 'node:child_process';
import { makeDirs } from '../../daemon/harness.js';
import { request } from '../../../src/control/client.js';
import { startBus } from '../../support/dbus.js';
import { startWatcher } from '../../tray/bus.js';
import { describeRun, kernelAvailability, runInVm } from '../../kernel/vm.js';
import { CLI, daemonCommand, daemonWay } from './as-unit.js';
import { idleCost, type IdleCost } from './wakeups.js';

const seconds = Number(process.env.IDLE_SECONDS ?? 60);
const settle = Number(process.env.IDLE_SETTLE ?? 60);
const cost = (c: IdleCost) => `${c.wakeups} wake-ups/min, ${c.cpuMs} ms CPU/min`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The daemon with keys from a pipe that stays silent; returns once its socket answers. */
async function startDaemon(env: NodeJS.ProcessEnv, socket: string): Promise<ChildProcess> {
  const cmd = daemonCommand(['run', '--input', 'fake'], env);
  const proc = spawn(process.execPath, cmd.argv, { env: cmd.env, stdio: ['pipe', 'ignore', 'inherit'] });
  for (const until = Date.now() + 30_000; Date.now() < until; await sleep(100)) {
    if (proc.exitCode !== null) break;
    if (await request('status', {}, { socket, timeoutMs: 1000 }).then((r) => r.ok, () => false)) return proc;
  }
  proc.kill();
  throw new Error('the daemon did not start');
}

async function host(): Promise<void> {
  const dirs = makeDirs();
  const bus = await startBus(dirs.root);
  dirs.env.DBUS_SESSION_BUS_ADDRESS = bus.address;
  const panel = await startWatcher(bus.address);
  const registered = new Promise<void>((r) => panel.watcher.events.once('registered', () => r()));
  const daemon = await startDaemon(dirs.env, dirs.socket);
  const tray: ChildProcess = spawn(process.execPath, [CLI, 'tray'], { env: dirs.env, stdio: 'ignore' });
  const bare: ChildProcess = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 1e9)'], { stdio: 'ignore' });
  try {
    await registered;
    // Start-up work (loading, JIT, GC of what loading left) is not idling; shown apart.
    const settling = await idleCost({ daemon: daemon.pid!, tray: tray.pid! }, settle);
    const r = await idleCost({ daemon: daemon.pid!, tray: tray.pid!, 'bare node': bare.pid! }, seconds);
    console.log(`host, ${seconds} s idle after ${settle} s (context switches and CPU time of all threads, per minute):`);
    console.log(`  daemon (${daemonWay}; --input fake: no native thread) ${cost(r.daemon)}`);
    console.log(`    settling, the ${settle} s before: ${cost(settling.daemon)}`);
    console.log(`  tray (subscribed, registered; as its autostart entry runs it) ${cost(r.tray)}`);
    console.log(`    settling, the ${settle} s before: ${cost(settling.tray)}`);
    console.log(`  bare node, for reference ${cost(r['bare node'])}`);
  } finally {
    tray.kill();
    bare.kill();
    daemon.kill();
    panel.bus.disconnect();
    bus.stop();
  }
}

async function vm(): Promise<void> {
  const unavailable = kernelAvailability();
  if (unavailable) {
    console.log(`\n(no VM run: ${unavailable})`);
    return;
  }
  const run = await runInVm({
    script: `node dist/test/bench/idle/in-vm.js ${seconds} ${settle}`,
    env: Object.fromEntries(['IDLE_CLI', 'IDLE_V8_DEFAULTS'].filter((k) => process.env[k]).map((k) => [k, process.env[k]!])),
    timeoutMs: 240_000 + (seconds + settle) * 3000,
  });
  const raw = run.files['idle.json'];
  if (run.exitCode !== 0 || !raw) {
    console.error(describeRun(run));
    process.exitCode = 1;
    return;
  }
  const r = JSON.parse(raw) as { kernel: string; daemon: IdleCost; bare: IdleCost; settling: IdleCost; grabbedMs: number; bareStartMs: number };
  console.log(`\nVM (kernel ${r.kernel}, TCG), ${seconds} s idle: the daemon grabbing a uinput keyboard, with another`);
  console.log(`program's virtual keyboard beside it (read, not grabbed):`);
  console.log(`  daemon (${daemonWay}) ${cost(r.daemon)}`);
  console.log(`    threads that woke, switches/CPU over the window: ${r.daemon.threads.join(', ') || 'none'}`);
  console.log(`    settling, the ${settle} s from its 'ready in': ${cost(r.settling)} (${r.settling.threads.join(', ') || 'none'})`);
  console.log(`  bare node, for reference ${cost(r.bare)}`);
  console.log(`start to keyboard grabbed: ${Math.round(r.grabbedMs)} ms, ${(r.grabbedMs / r.bareStartMs).toFixed(1)}x a bare \`node -e ''\` (${Math.round(r.bareStartMs)} ms, best of 3)`);
}

if (process.env.HOST !== '0') await host();
if (process.env.VM !== '0') await vm();
// The harness's pipes and the bus connections are gone; nothing should keep us.
process.exit(process.exitCode ?? 0);
