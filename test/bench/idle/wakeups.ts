// Counting a process's wake-ups: every time one of its threads was put to
// sleep and woken again (or preempted), the kernel counts a context switch
// in /proc/PID/task/TID/status. Summed over all threads, the growth while
// nobody types is the wake-ups an idle process costs. A thread that spins
// (epoll_wait with a 0 timeout) hardly sleeps, so it shows in CPU time
// instead (utime + stime, /proc/PID/task/TID/stat): both are measured.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

export interface ThreadCost {
  comm: string;
  switches: number;
  cpuMs: number;
}

/** Context switches (voluntary + involuntary) and CPU time of every thread of `pid` now, by thread id. */
export function threadCosts(pid: number): Map<string, ThreadCost> {
  const byThread = new Map<string, ThreadCost>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let status: string;
    let stat: string;
    try {
      status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended meanwhile
    }
    const n = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+)`, 'm'))?.[1] ?? 0);
    // After the ")" that ends the name: state is field 3, utime and stime are fields 14 and 15.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    byThread.set(tid, {
      comm: status.match(/^Name:\s+(.*)$/m)?.[1] ?? '?',
      switches: n('voluntary_ctxt_switches') + n('nonvoluntary_ctxt_switches'),
      cpuMs: (Number(f[11]) + Number(f[12])) * TICK_MS,
    });
  }
  return byThread;
}

export interface IdleCost {
  /** Context switches per minute, all threads. */
  wakeups: number;
  /** CPU time per minute, all threads. */
  cpuMs: number;
  /** Per thread that did anything: "name:switches/cpu ms" over the window. */
  threads: string[];
}

/** What each process cost over `seconds` of idling, per minute (threads that came or went count from 0 / until gone). */
export async function idleCost(pids: Record<string, number>, seconds: number): Promise<Record<string, IdleCost>> {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, threadCosts(pid)]));
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const out: Record<string, IdleCost> = {};
  const perMin = (x: number) => Math.round((x * 60) / seconds);
  for (const [name, pid] of Object.entries(pids)) {
    let switches = 0;
    let cpuMs = 0;
    const threads: string[] = [];
    for (const [tid, now] of threadCosts(pid)) {
      const was = before[name].get(tid) ?? { switches: 0, cpuMs: 0 };
      const ds = now.switches - was.switches;
      const dc = now.cpuMs - was.cpuMs;
      switches += ds;
      cpuMs += dc;
      if (ds > 0 || dc > 0) threads.push(`${now.comm}:${ds}/${dc}ms`);
    }
    out[name] = { wakeups: perMin(switches), cpuMs: perMin(cpuMs), threads };
  }
  return out;
}
