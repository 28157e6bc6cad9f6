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
//   70.4 -> 65.6 MB; word-end p99 unchanged (list ~15 µs). MALLOC_ARENA_MAX=2
//   and --single-threaded-gc measured no better; without TurboFan
//   (--max-opt=1) RSS fell ~6 MB but word-end p99 rose to 63-95 µs.
export const DAEMON_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1', '--optimize-for-size', '--v8-pool-size=1'];
