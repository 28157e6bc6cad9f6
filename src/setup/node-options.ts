// The V8 flags the daemon runs with: the systemd unit's ExecStart passes them
// to node, and the memory bench starts the daemon the same way. Measured
// with test/bench/memory-bench.ts (RSS after a million key events,
// dictionary mode): ~100 MB with V8's defaults, ~89 MB with the first two;
// the engine bench's word-end p99 rose from ~20 to ~30 µs (target 50 µs).
// --max-semi-space-size=1: the young generation stays at 2 x 1 MB instead
//   of growing to 2 x 16 MB under the stream of short-lived objects a key makes.
// --optimize-for-size: V8 grows the heap less eagerly and keeps less code.
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
export const DAEMON_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1', '--optimize-for-size', '--v8-pool-size=1'];
