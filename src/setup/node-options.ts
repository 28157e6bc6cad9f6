// The Node options the daemon runs with (the systemd unit's ExecStart, and
// the memory bench, which starts it the same way).
// --max-semi-space-size=1: V8's young generation may grow to 2 x 16 MB of
// semi-spaces under a steady stream of short-lived objects (each key's);
// 1 MB semi-spaces keep that ~30 MB off the daemon's RSS for a few more
// scavenges, which at a key's garbage are still far under a millisecond.
export const DAEMON_NODE_FLAGS = ['--max-semi-space-size=1'];

/** NODE_OPTIONS for the daemon: the caller's own plus ours. */
export function daemonNodeOptions(existing = ''): string {
  return [existing.trim(), ...DAEMON_NODE_FLAGS].filter((s) => s !== '').join(' ');
}
