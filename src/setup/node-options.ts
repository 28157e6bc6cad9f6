// The V8 flags the daemon runs with: the systemd unit's ExecStart passes them
// to node, and the memory bench starts the daemon the same way. Measured
// with test/bench/memory-bench.ts (RSS after a million key events,
// dictionary mode): ~100 MB with V8's defaults, ~89 MB with the first two;
// the engine bench's word-end p99 rose from ~20 to ~30 µs (target 50 µs).
// --max-semi-space-size=1: the young generation stays at 2 x 1 MB instead
//   of growing to 2 x 16 MB under the stream of short-lived objects a key makes.
// --optimize-for-size: V8 grows the heap less eagerly and keeps less code.
//   Its memory reducer also runs its full GCs after start-up 8 s after the
//   last start-up GC instead of once it reads the mutator idle (under TCG
//   50-90 s after ready, ~230 wake-ups and ~0.5 s CPU: bench:idle, as-unit.ts).
// --v8-pool-size=1: one V8 worker thread instead of four (concurrent marking
//   and compiling); each worker kept its own malloc arena's pages. List mode,
//   medians of 3: RSS after the key events 76.6 -> 70.0 MB, 15 s later
//   70.4 -> 65.6 MB. Engine bench word-end p99 within the noise of this
//   shared machine: list 8-12 µs either way; dictionary 18-39 µs with it,
//   22-34 µs without (3 runs each). MALLOC_ARENA_MAX=1 or 2 and
//   --single-threaded-gc measured no better; without TurboFan (--max-opt=1)
//   RSS fell ~6 MB but word-end p99 rose to 63-95 µs. --max-old-space-size=256
//   or 512 and --heap-growing-percent=10 or 20 did not help: V8 (11.3) lets
//   the old generation grow 8 MB past what is live before a full GC whatever
//   the factor (only a cap near the live size would bound it: a crash risk).
// --no-allocation-site-pretenuring: V8 otherwise starts allocating some
//   sites' objects straight into the old generation once many of them
//   survive a scavenge (with a 1 MB young generation, a burst of keys is
//   enough); those die young all the same and the old generation swings
//   9 -> 18 MB between full GCs. List mode, 1M keys, 5 runs each: after the
//   keys 73 MB in 3 of 5 runs without it, 68 MB in 5 of 5 with it.
// --no-sparkplug: no baseline (non-optimising) machine code; the interpreter
//   runs until TurboFan optimises the hot key path. List mode after load
//   64.9 -> 62.4 MB (the baseline code and the compiler's pages). The first
//   ~350 word ends after the warm-up (before TurboFan): p50 ~12 against ~8 µs.
//   Engine bench word-end p99, 3 runs each, with both flags: list 8.8-12.5
//   µs (7.2-11.3 without), dictionary 18-26 µs (19-22 without): the noise
//   of this shared machine.
export const DAEMON_NODE_FLAGS: readonly string[] = [
  '--max-semi-space-size=1', '--optimize-for-size', '--v8-pool-size=1',
  '--no-allocation-site-pretenuring', '--no-sparkplug',
];

/**
 * The environment the unit sets for the daemon. A fixed glibc mmap
 * threshold: by default it rises to the size of each large block freed
 * (the data files' bytes read at load, V8's compiler zones), after which
 * blocks up to that size come from the heap, whose freed middle glibc keeps.
 * With it fixed at 128 KB they are mapped and unmapped whole. List mode with
 * the flags above, 2 runs: after load 62.4 -> 61.9 MB, after the keys
 * 66.0 -> 64.4, idle 64.5 -> 63.0.
 */
export const DAEMON_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: '131072' };
