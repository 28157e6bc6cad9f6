// Runs inside the kernel-test VM (see test/kernel/): builds the C floor
// forwarder and the probes with this machine's gcc, then measures each
// forwarding path beside the floor in a paired session (pairedRounds; or,
// with AUTOCORRECTOR_BENCH_PAIRED=0, one path after another in rotating
// rounds), all pinned to CPU 0, and writes $RESULTS/bench.json.
// Usage: node dist/test/bench/kernel/in-vm.js ROUNDS EVENTS
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { DAEMON_ENV, DAEMON_NODE_FLAGS } from '../../../src/setup/node-options.js';
import { KEYD_CONFIG_DIR } from './keyd.js';
import { TRACE_EVENTS, formatBreakdown, traceBreakdown } from './trace.js';
import type { Correction, LongFix, Round } from './summary.js';

const src = join(process.env.CHECKOUT ?? process.cwd(), 'test/bench/kernel');
const PROBE_NAME = 'autocorrector bench keyboard';
/** What our daemon logs once corrections are in force (controlled.ts). */
const DAEMON_READY = /ready in \d/;
/** Seconds a daemon row waits after its "ready in" before it is timed (AUTOCORRECTOR_BENCH_SETTLE). */
const SETTLE_S = Number(process.env.AUTOCORRECTOR_BENCH_SETTLE ?? 20);
/** Key events a daemon row is sent, untimed, before it settles and is timed (AUTOCORRECTOR_BENCH_WARMUP). */
const WARMUP = Number(process.env.AUTOCORRECTOR_BENCH_WARMUP ?? 0);

interface Forwarder {
  /** Name of the uinput keyboard it types into, where the probe reads. */
  outName: string;
  /** Its command; `device` is the fake keyboard's event node, or its quoted name for a kept forwarder. */
  argv(device: string): string[];
  /** CPUs it may run on (taskset list); the probe always runs on CPU 0. */
  cpus?: string;
  /** The name of its thread that forwards keys (AUTOCORRECTOR_BENCH_TRACE's breakdown). */
  thread?: string;
  /**
   * A line on its stderr that says it is fully up. Our daemon grabs first and
   * loads its engine after (seconds under TCG): measured before "ready in",
   * its CPU would be the engine's load, not forwarding.
   */
  ready?: RegExp;
  /**
   * Kept running from its first round to the end (see Kept): our daemon
   * rows, unless AUTOCORRECTOR_BENCH_KEEP=0.
   */
  keep?: boolean;
}

/**
 * A daemon row kept running across its rounds, as a daemon runs: started,
 * warmed (WARMUP) and settled (SETTLE_S) once, it serves each round's new
 * fake keyboard by name (hot-plug), and sits idle through the other rows'
 * rounds. Restarting it for every round cost most of a boot's time (each
 * start re-ran V8's warm-up). Two kept rows with the same output keyboard
 * name cannot both run (the probe finds its output by name): starting one
 * stops the other, which starts afresh at its next round.
 */
interface Kept {
  child: ChildProcess;
  outName: string;
  up: Promise<void>;
}
const kept = new Map<string, Kept>();
/** How many times each row's forwarder was started (a kept one: once, unless another row stopped it). */
const starts: Record<string, number> = {};
/** The rows main() measures, by name. */
const fwdsByRow: Record<string, Forwarder> = {};
const KEEP = process.env.AUTOCORRECTOR_BENCH_KEEP !== '0';
/**
 * AUTOCORRECTOR_BENCH_TRACE=1: the kernel's trace of CPU 0 during each paired
 * session's rounds (trace.ts), summed up per forwarder. Tracing slows every
 * system call: the latencies of such a run are not comparable to others.
 */
const TRACE = process.env.AUTOCORRECTOR_BENCH_TRACE === '1';
const TRACEFS = '/sys/kernel/tracing';
const setTrace = (file: string, value: string) => writeFileSync(join(TRACEFS, file), value);

function traceStart(): void {
  if (!existsSync(join(TRACEFS, 'events'))) execFileSync('mount', ['-t', 'tracefs', 'nodev', TRACEFS]);
  setTrace('tracing_on', '0');
  setTrace('buffer_size_kb', '65536');
  setTrace('tracing_cpumask', '1');
  setTrace('trace', '');
  for (const e of TRACE_EVENTS) setTrace(`events/${e}/enable`, '1');
  setTrace('tracing_on', '1');
}

/** Stops the trace: what it recorded (ftrace's text). */
function traceStop(): string {
  setTrace('tracing_on', '0');
  const text = readFileSync(join(TRACEFS, 'trace'), 'utf8');
  traceOff();
  return text;
}

/** Tracing off and its buffer emptied, without reading it (also after an error). */
function traceOff(): void {
  setTrace('tracing_on', '0');
  for (const e of TRACE_EVENTS) setTrace(`events/${e}/enable`, '0');
  setTrace('trace', '');
}

/** Each row beside the floor, their events in turn (pairedRounds); 0: one path after another (measure). */
const PAIRED = process.env.AUTOCORRECTOR_BENCH_PAIRED !== '0';

/** Stops every kept row but `row` whose output keyboard is called `outName` (the probes find outputs by name). */
async function makeRoomFor(row: string, outName: string): Promise<void> {
  for (const [other, k] of kept) if (other !== row && k.outName === outName) await stopKept(other);
}

/** `probe`'s next line on stdout, which must start with `prefix`: what follows it. */
function probeLines(probe: ChildProcess, who: string): (prefix: string) => Promise<string> {
  const lines = createInterface({ input: probe.stdout! })[Symbol.asyncIterator]();
  return async (prefix) => {
    const { value, done } = await lines.next();
    if (done || !value.startsWith(prefix)) throw new Error(`${who}: expected ${prefix}, got ${done ? 'exit' : value.slice(0, 80)}`);
    return value.slice(prefix.length).trim();
  };
}

async function stopKept(row: string): Promise<void> {
  const k = kept.get(row);
  if (!k) return;
  kept.delete(row);
  k.child.kill('SIGTERM');
  await exited(k.child);
}

/**
 * The paths measured. `daemon` is `autocorrector run` serving only the fake
 * keyboard (when dist/ and the native addon are built), or the command line
 * in AUTOCORRECTOR_BENCH_DAEMON, with {device} for the fake keyboard's event
 * node, typing into a uinput keyboard named AUTOCORRECTOR_BENCH_DAEMON_OUT
 * (default: the daemon's own name). AUTOCORRECTOR_BENCH_DAEMON=none leaves it out.
 * `keyd` is keyd built by bench.ts (KEYD_BIN), serving every keyboard with
 * an empty keymap. BENCH_PATHS (comma-separated) keeps only the paths named.
 */
function forwarders(floorBin: string): Record<string, Forwarder> {
  const out: Record<string, Forwarder> = {
    floor: { outName: 'autocorrector bench floor', thread: 'bench-floor', argv: (d) => [floorBin, d, 'autocorrector bench floor'] },
  };
  const root = process.env.CHECKOUT ?? process.cwd();
  const built = existsSync(join(root, 'dist/bundle/main.js')) && existsSync(join(root, 'build/Release/autocorrector_native.node'));
  // An empty config dir: no user corrections, nothing from the host's home. The VM runs as root.
  // The daemon as the systemd unit runs it (setup.ts): the bundle, Node's flags, the environment.
  // AUTOCORRECTOR_BENCH_WRAP (e.g. `strace -f -c -o $RESULTS/wrap-{row}.txt`) runs it under a tool.
  const wrap = (row: string) => (process.env.AUTOCORRECTOR_BENCH_WRAP ?? '').replaceAll('{row}', row);
  const env = Object.entries(DAEMON_ENV).map(([k, v]) => `${k}=${v}`).join(' ');
  const daemonIn = (checkout: string, row: string, flags = DAEMON_NODE_FLAGS.join(' ')) => {
    // (another checkout may predate the bundle)
    const cli = ['dist/bundle/main.js', 'dist/src/cli/main.js'].map((f) => join(checkout, f)).find((f) => existsSync(f));
    return `env ${env} ${wrap(row)} node ${flags} ${cli} run --allow-root --device {device} --config-dir ${mkdtempSync('/tmp/bench-config-')}`;
  };
  const ownDaemon = built ? daemonIn(root, 'daemon') : '';
  const daemon = process.env.AUTOCORRECTOR_BENCH_DAEMON || ownDaemon;
  if (daemon && daemon !== 'none') {
    const d: Forwarder = {
      outName: process.env.AUTOCORRECTOR_BENCH_DAEMON_OUT || 'autocorrector virtual keyboard',
      thread: 'ac-keys',
      argv: (dev) => ['/bin/sh', '-c', `exec ${daemon.replaceAll('{device}', dev)}`],
      ready: daemon === ownDaemon ? DAEMON_READY : undefined,
      keep: KEEP && daemon === ownDaemon,
    };
    out.daemon = d;
    // Same daemon with a second CPU: if it is fast here but slow pinned, its
    // forwarding does not wait for JS, it only shares the CPU with it.
    out['daemon-2cpu'] = { ...d, cpus: '0,1' };
    // Our own daemon with its JS thread reniced to 10 (off by default, see daemon.ts): what that buys.
    if (daemon === ownDaemon) {
      out['daemon-nice10'] = { ...d, argv: (dev) => ['/bin/sh', '-c', `exec env AUTOCORRECTOR_JS_NICE=10 ${daemon.replaceAll('{device}', dev)}`] };
    }
  }
  // A/B in one boot: the daemon of another checkout (built: dist/ and the addon), as row daemon-b.
  const other = process.env.AUTOCORRECTOR_BENCH_CHECKOUT_B;
  if (other) {
    out['daemon-b'] = {
      outName: 'autocorrector virtual keyboard',
      thread: 'ac-keys',
      argv: (dev) => ['/bin/sh', '-c', `exec ${daemonIn(other, 'daemon-b').replaceAll('{device}', dev)}`],
      ready: DAEMON_READY,
      keep: KEEP,
    };
  }
  // The same build with other Node flags than the unit's, as row daemon-flags ("none": Node's defaults).
  const flagsB = process.env.AUTOCORRECTOR_BENCH_NODE_FLAGS_B;
  if (flagsB && built) {
    const cmd = daemonIn(root, 'daemon-flags', flagsB === 'none' ? '' : flagsB);
    out['daemon-flags'] = {
      outName: 'autocorrector virtual keyboard',
      thread: 'ac-keys',
      argv: (dev) => ['/bin/sh', '-c', `exec ${cmd.replaceAll('{device}', dev)}`],
      ready: DAEMON_READY,
      keep: KEEP,
    };
  }
  if (process.env.FLOOR_VARIANTS) {
    const bin = `/tmp/bench-floor-variant`;
    execFileSync('gcc', ['-O2', '-Wall', '-o', bin, join(src, 'floor-variant.c')], { stdio: 'inherit' });
    for (const [name, env] of [['floor-epoll', 'FLOOR_EPOLL=1'], ['floor-caps', 'FLOOR_CAPS=1'], ['floor-rep', 'FLOOR_CAPS=rep'], ['floor-led', 'FLOOR_CAPS=led'], ['floor-btn-rel', 'FLOOR_CAPS=btn,rel'], ['floor-memcpy', 'FLOOR_MEMCPY=1'], ['floor-thread', 'FLOOR_THREAD=1'], ['floor-bigmm', 'FLOOR_BIGMM=60'], ['floor-mono', 'FLOOR_MONO=1'], ['floor-witness', 'FLOOR_WITNESS=1'], ['floor-both', 'FLOOR_EPOLL=1 FLOOR_CAPS=1'], ['floor-touch16', 'FLOOR_TOUCH=16'], ['floor-touch64', 'FLOOR_TOUCH=64'], ['floor-touch128', 'FLOOR_TOUCH=128'], ['floor-inotify', 'FLOOR_INOTIFY=1'], ['floor-inotify2', 'FLOOR_INOTIFY=2'], ['floor-epoll-inotify', 'FLOOR_EPOLL=1 FLOOR_INOTIFY=1']]) {
      out[name] = { outName: `bench ${name}`, thread: 'bench-floor-var', argv: (d) => ['/bin/sh', '-c', `exec env ${env} ${bin} ${d} 'bench ${name}'`] };
    }
  }
  const keyd = process.env.KEYD_BIN;
  if (keyd) {
    // Every keyboard (the probe's), no remapping: keyd's plain forwarding path.
    mkdirSync(KEYD_CONFIG_DIR, { recursive: true });
    writeFileSync(join(KEYD_CONFIG_DIR, 'default.conf'), '[ids]\n*\n\n[main]\n');
    out.keyd = {
      outName: 'keyd virtual keyboard',
      thread: 'keyd',
      // Paired (a fake keyboard a path): keyd opens every node in /dev/input and
      // wakes for every key on each (in one boot its CPU an event more than
      // doubled), so it gets a /dev/input of its own with only its keyboard in it.
      argv: (d) => (PAIRED ? ['unshare', '--mount', '--propagation', 'private', '/bin/sh', '-c', `mount -t tmpfs tmpfs /dev/input && mknod ${d} c ${nodeNumbers(d)} && exec ${keyd}`] : [keyd]),
    };
  }
  const only = process.env.BENCH_PATHS?.split(',').map((p) => p.trim());
  if (only) for (const name of Object.keys(out)) if (name !== 'floor' && !only.includes(name)) delete out[name];
  return out;
}

/** ns on CPU of every thread of `pid` (first field of schedstat), by thread name (same-named threads summed); also its user and system parts. */
function cpuByThread(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const ns = Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      const comm = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      out.set(comm, (out.get(comm) ?? 0) + ns);
      // User and system time apart, as "name:user" and "name:sys" (the kernel's
      // 10 ms ticks, in ns: coarse, but over a round it tells our code from the kernel's).
      const st = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      out.set(`${comm}:user`, (out.get(`${comm}:user`) ?? 0) + Number(f[11]) * 1e7);
      out.set(`${comm}:sys`, (out.get(`${comm}:sys`) ?? 0) + Number(f[12]) * 1e7);
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

/** "major minor" of an input event node (from sysfs). */
function nodeNumbers(node: string): string {
  return readFileSync(`/sys/class/input/${basename(node)}/dev`, 'utf8').trim().replace(':', ' ');
}

/** All threads' CPU (the user/system parts are in it already). */
const total = (m: Map<string, number>) => [...m].filter(([k]) => !k.includes(':')).reduce((a, [, b]) => a + b, 0);

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((r) => child.once('exit', () => r()));
}

/** Each thread of `pid`: "name nice" (fields 2 and 19 of /proc/PID/task/TID/stat). */
function threadNice(pid: number): string[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // from field 3 (state)
    return `${comm} ${rest[19 - 3]}`;
  });
}

/** Resolves once `child` writes a line matching `pattern` on stderr (passed through to ours). */
function loggedLine(child: ChildProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stderr! });
    lines.on('line', (line) => {
      process.stderr.write(line + '\n');
      if (pattern.test(line)) resolve();
    });
    child.once('exit', () => reject(new Error(`forwarder exited before logging ${pattern}`)));
  });
}

interface Measured {
  lat: number[];
  cpu: number;
  /** The forwarder's CPU over the round by thread name, ns, with "name:user" and "name:sys" (where it goes: the input thread or Node's, our code or the kernel's). */
  cpuThreads?: Record<string, number>;
  /** Fix mode: spaces after a plain word, and how many "teh " were fixed. */
  plain?: number[];
  fixed?: number;
  threads?: string[];
}

/** Starts row's forwarder on `device` (kept, when it is kept); `up` resolves once it logged its ready line. */
function startForwarder(row: string, fwd: Forwarder, device: string): { child: ChildProcess; up: Promise<void> } {
  const [cmd, ...args] = fwd.argv(device);
  const child = spawn('taskset', ['-c', fwd.cpus ?? '0', cmd, ...args], { stdio: ['ignore', 'inherit', fwd.ready ? 'pipe' : 'inherit'] });
  starts[row] = (starts[row] ?? 0) + 1;
  const up = fwd.ready ? loggedLine(child, fwd.ready) : Promise.resolve();
  up.catch(() => {}); // (awaited by the caller; an early exit also stops the probe)
  if (fwd.keep) {
    kept.set(row, { child, outName: fwd.outName, up });
    child.once('exit', () => {
      if (kept.get(row)?.child === child) kept.delete(row);
    });
  }
  return { child, up };
}

async function measure(probeBin: string, events: number, row: string | null, fix = false): Promise<Measured> {
  const fwd = row ? fwdsByRow[row] : null;
  // A kept daemon serves its own rounds' keyboards, by a name no other row's probe uses.
  const probeName = fwd?.keep ? `${PROBE_NAME} ${row}` : PROBE_NAME;
  const probe = spawn('taskset', ['-c', '0', probeBin, String(events), fwd ? fwd.outName : PROBE_NAME, ...(fix ? ['fix'] : [])], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, PROBE_NAME: probeName },
  });
  const expectLine = probeLines(probe, 'probe');
  let child: ChildProcess | undefined;
  let up: Promise<void> | undefined;
  let fresh = true;
  // A forwarder that dies would leave the probe waiting for its keys: stop the probe too.
  const onExit = (code: number | null, sig: NodeJS.Signals | null) => {
    if (probe.exitCode === null) {
      console.error(`forwarder ${row} exited early (${sig ?? code})`);
      probe.kill('SIGTERM');
    }
  };
  try {
    const device = await expectLine('KEYBOARD');
    if (fwd && row) {
      await makeRoomFor(row, fwd.outName);
      const k = kept.get(row);
      fresh = !k;
      if (k) {
        child = k.child;
        up = k.up;
      } else {
        ({ child, up } = startForwarder(row, fwd, fwd.keep ? `'${probeName}'` : device));
      }
      child.on('exit', onExit);
    }
    await expectLine('READY');
    await up;
    // V8 compiles the daemon's key path only after thousands of keys (its
    // tiering counts bytecode run); a fresh daemon's first keys run in the
    // interpreter. WARMUP types them first, so that the round times a daemon
    // that has been typed on, as the floor and keyd are from their first key.
    if (fwd?.ready && fresh && WARMUP > 0) {
      probe.stdin!.write(`warm ${WARMUP}\n`);
      await expectLine('WARMED');
    }
    // A daemon at work has long finished its start-up's tail (V8's compiles and its
    // memory reducer's GCs, ~10 s after start with the unit's flags): wait it out.
    // A kept one has only adopted this round's keyboard: a second for that.
    if (fwd?.ready) await new Promise((r) => setTimeout(r, (fresh ? SETTLE_S : 1) * 1000));
    const before = child ? cpuByThread(child.pid!) : new Map<string, number>();
    const threads = child ? threadNice(child.pid!) : undefined;
    probe.stdin!.write('go\n');
    const fixed = fix ? Number((await expectLine('FIXED')).split(' ')[0]) : undefined;
    const lat = (await expectLine('LAT')).split(' ').map(Number);
    const plain = fix ? (await expectLine('PLAIN')).split(' ').map(Number) : undefined;
    const after = child ? cpuByThread(child.pid!) : new Map<string, number>();
    const cpuThreads = Object.fromEntries([...after].map(([name, ns]) => [name, ns - (before.get(name) ?? 0)]));
    return { lat, cpu: total(after) - total(before), cpuThreads, plain, fixed, threads };
  } finally {
    child?.off('exit', onExit);
    if (child && !fwd?.keep) child.kill('SIGTERM');
    probe.kill('SIGTERM');
    if (child && !fwd?.keep) await exited(child);
    await exited(probe);
  }
}

/**
 * A 200-character correction through the addon (test/kernel/tools/addon-driver.mjs
 * longfix): how long writing it takes at the addon's pace, and what a reader
 * that empties its buffer every 5 ms got, paced and in one write.
 */
function longFix(): LongFix | undefined {
  const root = process.env.CHECKOUT ?? process.cwd();
  if (!existsSync(join(root, 'build/Release/autocorrector_native.node'))) return undefined;
  const out = mkdtempSync('/tmp/bench-longfix-');
  try {
    execFileSync('node', [join(root, 'test/kernel/tools/addon-driver.mjs'), 'longfix', out], { stdio: 'inherit', env: { ...process.env, CHECKOUT: root } });
  } catch (err) {
    console.error(`longfix failed: ${(err as Error).message}`);
    return undefined;
  }
  const r = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as {
    expected: number[]; paced: { dropped: number; presses: number[]; injectMs: number }; unpaced: { dropped: number; presses: number[]; injectMs: number };
  };
  const chars = r.expected.length - 3; // the held space, x and Enter follow the correction
  const whole = (p: number[]) => p.length === r.expected.length && p.every((c, i) => c === r.expected[i]);
  return {
    chars,
    pacedMs: r.paced.injectMs, pacedDropped: r.paced.dropped, pacedWhole: whole(r.paced.presses),
    unpacedMs: r.unpaced.injectMs, unpacedDropped: r.unpaced.dropped, unpacedWhole: whole(r.unpaced.presses),
  };
}

/**
 * One paired session (paired.c): the baseline, the floor and one more row,
 * each forwarder started once on a fake keyboard of its own, their events
 * taken in turn. One row at a time beside the floor, not all at once:
 * keyd opens every keyboard and would wake for the others' keys (in one
 * boot its CPU an event doubled), and two daemon rows share an output name.
 */
async function pairedRounds(pairedBin: string, rounds: number, events: number, fwds: Record<string, Forwarder>, row: string): Promise<{ rounds: Round[]; threads: Record<string, string[]>; trace?: string }> {
  const rows = ['floor', row];
  await makeRoomFor(row, fwds[row].outName);
  const labels = ['baseline', ...rows];
  const probe = spawn('taskset', ['-c', '0', pairedBin, String(events), 'baseline', ...rows.map((r) => `${r}=${fwds[r].outName}`)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const expectLine = probeLines(probe, 'paired');
  const children = new Map<string, ChildProcess>();
  const onExit = () => {
    if (probe.exitCode === null) {
      console.error('a forwarder exited early');
      probe.kill('SIGTERM');
    }
  };
  try {
    const ups: Promise<void>[] = [];
    const started: string[] = [];
    for (let i = 0; i < labels.length; i++) {
      const [label, node] = (await expectLine('KEYBOARD')).split(' ');
      if (label === 'baseline') continue;
      const f = fwds[label];
      // (a kept one already running serves this keyboard by its name)
      const k = f.keep ? kept.get(label) : undefined;
      if (!k) started.push(label);
      const { child, up } = k ?? startForwarder(label, f, f.keep ? `'${PROBE_NAME} ${label}'` : node);
      child.on('exit', onExit);
      children.set(label, child);
      ups.push(up);
    }
    await expectLine('READY');
    await Promise.all(ups);
    // Each daemon typed on (WARMUP) and past its start-up's tail (SETTLE_S), as in measure(), once a start.
    const daemons = rows.filter((r) => fwds[r].ready);
    const fresh = daemons.filter((d) => started.includes(d));
    if (WARMUP > 0) {
      for (const d of fresh) {
        probe.stdin!.write(`warm ${d} ${WARMUP}\n`);
        await expectLine('WARMED');
      }
    }
    if (daemons.length > 0) await new Promise((r) => setTimeout(r, (fresh.length > 0 ? SETTLE_S : 1) * 1000));
    const out: Round[] = [];
    if (TRACE) traceStart();
    for (let r = 0; r < rounds; r++) {
      const before = new Map(rows.map((r) => [r, cpuByThread(children.get(r)!.pid!)]));
      probe.stdin!.write('go\n');
      const round: Round = { latencyNs: {}, cpuNs: {}, cpuThreadsNs: {} };
      for (let i = 0; i < labels.length; i++) {
        const [label, ...ns] = (await expectLine('LAT')).split(' ');
        round.latencyNs[label] = ns.map(Number);
      }
      await expectLine('DONE');
      for (const r of rows) {
        const after = cpuByThread(children.get(r)!.pid!);
        const was = before.get(r)!;
        round.cpuNs[r] = total(after) - total(was);
        round.cpuThreadsNs![r] = Object.fromEntries([...after].map(([name, ns]) => [name, ns - (was.get(name) ?? 0)]));
      }
      out.push(round);
      process.stdout.write(`round ${r + 1}/${rounds} done\n`);
    }
    const threads = Object.fromEntries(daemons.map((d) => [d, threadNice(children.get(d)!.pid!)]));
    const names = Object.fromEntries(rows.filter((r) => fwds[r].thread).map((r) => [r, fwds[r].thread!]));
    const trace = TRACE ? formatBreakdown(traceBreakdown(traceStop(), names, 'bench-paired')) : undefined;
    return { rounds: out, threads, trace };
  } finally {
    if (TRACE) traceOff();  // (after the rounds' traceStop: switches off what is off)
    for (const [r, child] of children) {
      child.off('exit', onExit);
      if (!fwds[r].keep) child.kill('SIGTERM');
    }
    probe.stdin!.end();
    probe.kill('SIGTERM');
    for (const [r, child] of children) if (!fwds[r].keep) await exited(child);
    await exited(probe);
  }
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 6);
  const events = Number(process.argv[3] ?? 400);
  const bin = (name: string) => {
    const out = `/tmp/bench-${name}`;
    execFileSync('gcc', ['-O2', '-Wall', '-o', out, join(src, `${name}.c`)], { stdio: 'inherit' });
    return out;
  };
  const probeBin = bin('probe');
  const fwds = forwarders(bin('floor'));
  Object.assign(fwdsByRow, fwds);
  const paths = ['baseline', ...Object.keys(fwds)];
  const result: Round[] = [];
  const threads: Record<string, string[]> = {};
  // Paired: a session per row beside the floor, each its own rounds.
  const sessions: Record<string, Round[]> = {};
  const traces: Record<string, string> = {};
  if (PAIRED) {
    const pairedBin = bin('paired');
    for (const row of Object.keys(fwds).filter((r) => r !== 'floor')) {
      const p = await pairedRounds(pairedBin, rounds, events, fwds, row);
      sessions[row] = p.rounds;
      if (p.trace) traces[row] = p.trace;
      Object.assign(threads, p.threads);
    }
  }
  for (let r = 0; r < rounds && !PAIRED; r++) {
    const round: Round = { latencyNs: {}, cpuNs: {} };
    // Rotate the order each round so no path always runs first after a pause.
    for (let i = 0; i < paths.length; i++) {
      const path = paths[(i + r) % paths.length];
      const m = await measure(probeBin, events, path === 'baseline' ? null : path);
      round.latencyNs[path] = m.lat;
      round.cpuNs[path] = m.cpu;
      if (m.cpuThreads) (round.cpuThreadsNs ??= {})[path] = m.cpuThreads;
      if (m.threads) threads[path] = m.threads;
    }
    result.push(round);
    process.stdout.write(`round ${r + 1}/${rounds} done\n`);
  }
  // Corrections: boundary key -> fix and key written, for each daemon path, in the same boot.
  const corrections: Record<string, Correction> = {};
  const fixes = Number(process.env.FIXES ?? 200);
  for (const path of Object.keys(fwds).filter((p) => p.startsWith('daemon') && fixes > 0)) {
    const m = await measure(probeBin, fixes, path, true);
    corrections[path] = { fixNs: m.lat, plainNs: m.plain!, fixed: m.fixed! };
    process.stdout.write(`corrections ${path} done (${m.fixed}/${fixes} fixed)\n`);
  }
  for (const row of [...kept.keys()]) await stopKept(row);
  const kernel = readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
  writeFileSync(join(process.env.RESULTS ?? '/tmp', 'bench.json'), JSON.stringify({ kernel, events, sessions: PAIRED ? sessions : undefined, traces, rounds: result, corrections, threads, starts, longFix: longFix() }));
}

await main();
