// Counting a process's wake-ups: every time one of its threads was put to
// sleep and woken again (or preempted), the kernel counts a context switch
// in /proc/PID/task/TID/status. Summed over all threads, the growth while
// nobody types is the wake-ups an idle process costs.
import { readdirSync, readFileSync } from 'node:fs';

/** Voluntary + involuntary context switches of every thread of `pid` now, by thread id. */
export function contextSwitches(pid: number): Map<string, number> {
  const byThread = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
    } catch {
      continue; // the thread ended meanwhile
    }
    const n = (field: string) => Number(text.match(new RegExp(`^${field}:\\s+(\\d+)`, 'm'))?.[1] ?? 0);
    byThread.set(tid, n('voluntary_ctxt_switches') + n('nonvoluntary_ctxt_switches'));
  }
  return byThread;
}

/** Wake-ups per minute of each process over `seconds` (threads that came or went count from 0 / until gone). */
export async function wakeupsPerMinute(pids: Record<string, number>, seconds: number): Promise<Record<string, number>> {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, contextSwitches(pid)]));
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const out: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) {
    let sum = 0;
    for (const [tid, n] of contextSwitches(pid)) sum += n - (before[name].get(tid) ?? 0);
    out[name] = Math.round((sum * 60) / seconds);
  }
  return out;
}
