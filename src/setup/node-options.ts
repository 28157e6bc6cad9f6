// The V8 flags the daemon runs with: the systemd unit's ExecStart passes them
// to node, and the memory bench starts the daemon the same way. Measured
// with test/bench/memory-bench.ts (RSS after a million key events,
// dictionary mode): ~100 MB with V8's defaults, ~89 MB with these; the
// engine bench's word-end p99 rose from ~20 to ~30 µs (target 50 µs).
// --max-semi-space-size=1: the young generation stays at 2 x 1 MB instead
//   of growing to 2 x 16 MB under the stream of short-lived objects a key makes.
// --optimize-for-size: V8 grows the heap less eagerly and keeps less code.
export const DAEMON_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1', '--optimize-for-size'];
