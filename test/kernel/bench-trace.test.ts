// bench:kernel's trace breakdown (AUTOCORRECTOR_BENCH_TRACE), on lines in the
// kernel's own format: one key through the floor and one through the daemon.
import { describe, expect, it } from 'vitest';
import { formatBreakdown, traceBreakdown } from '../bench/kernel/trace.js';

const sw = (who: string, t: number, prev: string, state: string, next: string, nextPid: number) =>
  `${who} [000] d..2. ${t.toFixed(6)}: sched_switch: prev_comm=${prev} prev_pid=${who.split('-').pop()} prev_prio=120 prev_state=${state} ==> next_comm=${next} next_pid=${nextPid} next_prio=120`;
const sys = (who: string, t: number, what: string) => `${who} [000] ..... ${t.toFixed(6)}: ${what}`;

const trace = [
  '# tracer: nop',
  // the floor: preempts the probe at 10.000100, reads, writes, blocks; ksoftirqd; the probe again
  sys('bench-paired-154', 10.0, 'sys_enter: NR 1 (5, 7ffc, 30, 0, 0, 0)'),
  sw('bench-paired-154', 10.0001, 'bench-paired', 'R+', 'bench-floor', 155),
  sys('bench-floor-155', 10.00017, 'sys_exit: NR 0 = 48'),
  sys('bench-floor-155', 10.0002, 'sys_enter: NR 1 (4, 7ffd, 30, 0, 0, 0)'),
  sys('bench-floor-155', 10.00035, 'sys_exit: NR 1 = 48'),
  sys('bench-floor-155', 10.000355, 'sys_enter: NR 0 (3, 7ffd, 600, 0, 0, 0)'),
  sw('bench-floor-155', 10.0004, 'bench-floor', 'S', 'ksoftirqd/0', 14),
  sw('ksoftirqd/0-14', 10.00044, 'ksoftirqd/0', 'S', 'bench-paired', 154),
  // a pause: the probe sleeps (not a gap)
  sw('bench-paired-154', 10.0005, 'bench-paired', 'S', 'swapper/0', 0),
  sw('<idle>-0', 10.005, 'swapper/0', 'R', 'bench-paired', 154),
  // the daemon's key thread, preempted once by ksoftirqd before it blocks
  sw('bench-paired-154', 10.0051, 'bench-paired', 'R+', 'ac-keys', 165),
  sys('ac-keys-165', 10.00518, 'sys_exit: NR 0 = 48'),
  sys('ac-keys-165', 10.00526, 'sys_enter: NR 1 (14, 7f27, 30, 0, 0, 0)'),
  sw('ac-keys-165', 10.0053, 'ac-keys', 'R+', 'ksoftirqd/0', 14),
  sw('ksoftirqd/0-14', 10.00535, 'ksoftirqd/0', 'S', 'ac-keys', 165),
  sys('ac-keys-165', 10.00545, 'sys_exit: NR 1 = 48'),
  sys('ac-keys-165', 10.00547, 'sys_enter: NR 0 (1c, 7f27, 600, 0, 0, 0)'),
  sw('ac-keys-165', 10.0055, 'ac-keys', 'S', 'bench-paired', 154),
].join('\n');

describe('traceBreakdown', () => {
  const parts = traceBreakdown(trace, { floor: 'bench-floor', daemon: 'ac-keys' }, 'bench-paired');
  const us = (xs: number[] | undefined) => xs?.map((x) => Math.round(x));

  it('splits each forwarder\'s gap into who ran in it', () => {
    expect(us(parts.floor.gap)).toEqual([340]);
    expect(us(parts.floor['forwarder on CPU'])).toEqual([300]);
    expect(us(parts.floor['ksoftirqd/0 on CPU'])).toEqual([40]);
    expect(us(parts.daemon.gap)).toEqual([400]);
    // its two stretches on the CPU, around ksoftirqd's
    expect(us(parts.daemon['forwarder on CPU'])).toEqual([350]);
    expect(us(parts.daemon['ksoftirqd/0 on CPU'])).toEqual([50]);
  });

  it('times the forwarder\'s own steps from its system calls', () => {
    expect(us(parts.floor['switch-in -> read returns'])).toEqual([70]);
    expect(us(parts.floor['read returns -> write'])).toEqual([30]);
    expect(us(parts.floor.write)).toEqual([150]);
    expect(us(parts.floor['write returns -> next syscall'])).toEqual([5]);
    expect(us(parts.daemon['read returns -> write'])).toEqual([80]);
    expect(us(parts.daemon.write)).toEqual([190]);
  });

  it('prints a line per part', () => {
    const text = formatBreakdown(parts);
    expect(text).toMatch(/^floor: 1 keys$/m);
    expect(text).toMatch(/read returns -> write\s+n\s+1\s+p50\s+80\s+p90\s+80 µs/);
  });
});
