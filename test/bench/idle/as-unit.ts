// How `npm run bench:idle` starts the daemon: as the systemd unit runs it
// (setup.ts userUnit): the bundle, the unit's Node flags and environment.
// Not a detail: with V8's defaults, the memory reducer's full GCs after
// start-up wait until V8 reads the allocation rate since the last GC as low
// against its GC speed; under TCG (slow GCs) that came 50-90 s after ready,
// in or across a window from 60 to 120 s after ready: ~220-255 context
// switches and 430-560 ms CPU on Node's main and V8's worker threads, once
// (nothing in the next 210 s). With --optimize-for-size V8 optimises for
// memory at once and runs them 8 s after the last start-up GC.
// IDLE_CLI: another build's CLI (e.g. the commit before; outside /tmp, which
// the VM hides); IDLE_V8_DEFAULTS=1: without the unit's flags and environment.
import { join } from 'node:path';
import { DAEMON_ENV, DAEMON_NODE_FLAGS } from '../../../src/setup/node-options.js';

// (dist/test/bench/idle -> dist/bundle)
export const CLI = process.env.IDLE_CLI ?? join(import.meta.dirname, '..', '..', '..', 'bundle', 'main.js');
const unitWay = process.env.IDLE_V8_DEFAULTS !== '1';

/** `node` arguments and environment for `autocorrector ...args` as the unit runs it. */
export function daemonCommand(args: string[], env: NodeJS.ProcessEnv): { argv: string[]; env: NodeJS.ProcessEnv } {
  return unitWay
    ? { argv: [...DAEMON_NODE_FLAGS, CLI, ...args], env: { ...env, ...DAEMON_ENV } }
    : { argv: [CLI, ...args], env };
}

/** What the readings are of, for the printout. */
export const daemonWay = `${unitWay ? "the unit's flags and environment" : "V8's defaults"}, ${CLI.replace(/.*\/dist\//, 'dist/')}`;
