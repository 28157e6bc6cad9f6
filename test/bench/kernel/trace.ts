// Where a key's time goes, from the kernel's own trace (AUTOCORRECTOR_BENCH_TRACE=1):
// in a paired session (paired.c) the probe's write wakes a forwarder, which
// preempts it; the forwarder reads, writes, and blocks; the threads its write
// woke (ksoftirqd for the VT keyboard's tasklet, a kworker for the console)
// run; then the probe. This splits that gap per forwarder, from sched_switch
// and raw_syscalls events (ftrace text, CPU 0 only). Pure: text in, figures out.
import { median, percentile } from './summary.js';

/** The tracefs events the bench enables for it. */
export const TRACE_EVENTS = ['sched/sched_switch', 'sched/sched_wakeup', 'raw_syscalls/sys_enter', 'raw_syscalls/sys_exit'];

/** µs samples of one part of the gap, for one forwarder. */
export type Parts = Record<string, number[]>;

const LINE = /^\s*(.+?)-(\d+)\s+\[\d+\]\s+\S+\s+([\d.]+): (\w+): (.*)$/;
const SWITCH = /prev_comm=(.*?) prev_pid=(\d+) prev_prio=\d+ prev_state=(\S+) ==> next_comm=(.*?) next_pid=(\d+)/;
const NR_READ = 0;
const NR_WRITE = 1;

/**
 * `forwarders`: the thread name that forwards for each path (e.g. floor:
 * "bench-floor", daemon: "ac-keys"); `probe`: the probe's thread name.
 * Per path: "gap" (the probe preempted by its forwarder, until the probe runs
 * again), the time each thread ran in it, and the forwarder's own steps
 * (switch-in to read's return, read's return to write, the write, the write's
 * return to its next system call).
 */
export function traceBreakdown(text: string, forwarders: Record<string, string>, probe: string): Record<string, Parts> {
  const pathOf = new Map(Object.entries(forwarders).map(([path, comm]) => [comm, path]));
  const out: Record<string, Parts> = {};
  const add = (path: string, part: string, us: number) => ((out[path] ??= {})[part] ??= []).push(us);
  let gap: { path: string; t0: number; ran: Map<string, number> } | null = null;
  let segFrom = 0;
  type Steps = { inAt?: number; readAt?: number; writeAt?: number; wroteAt?: number; preempted?: boolean };
  const step = new Map<string, Steps>();
  const stepsOf = (pid: string): Steps => step.get(pid) ?? step.set(pid, {}).get(pid)!;
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const [, who, pid, ts, event, rest] = m;
    const t = Number(ts) * 1e6;
    if (event === 'sched_switch') {
      const s = SWITCH.exec(rest);
      if (!s) continue;
      const [, prev, prevPid, prevState, next, nextPid] = s;
      if (gap) gap.ran.set(prev, (gap.ran.get(prev) ?? 0) + (t - segFrom));
      segFrom = t;
      const nextPath = pathOf.get(next);
      if (prev === probe && prevState.startsWith('R') && nextPath) {
        gap = { path: nextPath, t0: t, ran: new Map() };
      } else if (gap && next === probe) {
        add(gap.path, 'gap', t - gap.t0);
        for (const [comm, us] of gap.ran) add(gap.path, comm === forwarders[gap.path] ? 'forwarder on CPU' : `${comm} on CPU`, us);
        gap = null;
      }
      // A forwarder back from a block (not from a preemption) starts its steps afresh.
      if (pathOf.has(prev)) stepsOf(prevPid).preempted = prevState.startsWith('R');
      if (nextPath && !step.get(nextPid)?.preempted) step.set(nextPid, { inAt: t });
      continue;
    }
    const path = pathOf.get(who.trim());
    if (!path || (event !== 'sys_enter' && event !== 'sys_exit')) continue;
    const st = stepsOf(pid);
    const nr = Number(/^NR (-?\d+)/.exec(rest)?.[1]);
    if (event === 'sys_exit' && nr === NR_READ && !/= -/.test(rest)) {
      if (st.inAt !== undefined) add(path, 'switch-in -> read returns', t - st.inAt);
      st.inAt = undefined;
      st.readAt = t;
    } else if (event === 'sys_enter' && nr === NR_WRITE && st.readAt !== undefined) {
      add(path, 'read returns -> write', t - st.readAt);
      st.readAt = undefined;
      st.writeAt = t;
    } else if (event === 'sys_exit' && nr === NR_WRITE && st.writeAt !== undefined) {
      add(path, 'write', t - st.writeAt);
      st.writeAt = undefined;
      st.wroteAt = t;
    } else if (event === 'sys_enter' && st.wroteAt !== undefined) {
      add(path, 'write returns -> next syscall', t - st.wroteAt);
      st.wroteAt = undefined;
    }
  }
  return out;
}

/** One line per part: how many samples, p50 and p90 (µs); parts seen in under a tenth of the gaps are left out. */
export function formatBreakdown(parts: Record<string, Parts>): string {
  const lines: string[] = [];
  for (const [path, p] of Object.entries(parts)) {
    const gaps = p.gap?.length ?? 0;
    lines.push(`${path}: ${gaps} keys`);
    for (const [part, xs] of Object.entries(p)) {
      if (part !== 'gap' && part.endsWith(' on CPU') && xs.length < gaps / 10) continue;
      const s = [...xs].sort((a, b) => a - b);
      lines.push(`  ${part.padEnd(32)} n ${String(xs.length).padStart(5)}  p50 ${median(s).toFixed(0).padStart(5)}  p90 ${percentile(s, 90).toFixed(0).padStart(5)} µs`);
    }
  }
  return lines.join('\n');
}
