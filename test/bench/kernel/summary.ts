// Turns per-round latencies into the benchmark's verdict (kernel-tests.md):
// compare only within one boot, subtract the baseline of the same round,
// take the median over rounds of each percentile, and report it as a ratio
// to the floor forwarder's.

export interface Round {
  /** Latencies in ns by path: 'baseline', 'floor', 'daemon', ... */
  latencyNs: Record<string, number[]>;
  /** Forwarder CPU time in ns over the measured events, by path. */
  cpuNs: Record<string, number>;
  /** The same by thread name (and "name:user", "name:sys"): path -> thread name -> ns. */
  cpuThreadsNs?: Record<string, Record<string, number>>;
}

/** CPU per event by thread name (µs, median over rounds), for `path`; empty when not measured. */
export function cpuByThreadUs(rounds: readonly Round[], path: string): Record<string, number> {
  const names = new Set(rounds.flatMap((r) => Object.keys(r.cpuThreadsNs?.[path] ?? {})));
  const out: Record<string, number> = {};
  for (const name of names) {
    out[name] = median(rounds.map((r) => (r.cpuThreadsNs?.[path]?.[name] ?? 0) / r.latencyNs[path].length)) / 1000;
  }
  return out;
}

export const PERCENTILES = [50, 90, 99] as const;

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export interface PathSummary {
  /** Median over rounds of (percentile - baseline's percentile), in µs. */
  addedUs: Record<number, number>;
  /** addedUs as a ratio to the floor's; 1 for the floor itself. */
  vsFloor: Record<number, number>;
  /** Median over rounds of CPU ns per event, and its ratio to the floor's. */
  cpuNsPerEvent: number;
  cpuVsFloor: number;
}

export function summarize(rounds: readonly Round[]): Record<string, PathSummary> {
  const paths = Object.keys(rounds[0]?.latencyNs ?? {}).filter((p) => p !== 'baseline');
  const added = (path: string, p: number) => median(rounds.map((r) => {
    const own = percentile([...r.latencyNs[path]].sort((a, b) => a - b), p);
    const base = percentile([...r.latencyNs.baseline].sort((a, b) => a - b), p);
    return (own - base) / 1000;
  }));
  const cpu = (path: string) => median(rounds.map((r) => r.cpuNs[path] / r.latencyNs[path].length));
  const out: Record<string, PathSummary> = {};
  for (const path of paths) {
    const addedUs: Record<number, number> = {};
    const vsFloor: Record<number, number> = {};
    for (const p of PERCENTILES) {
      addedUs[p] = added(path, p);
      vsFloor[p] = addedUs[p] / added('floor', p);
    }
    out[path] = { addedUs, vsFloor, cpuNsPerEvent: cpu(path), cpuVsFloor: cpu(path) / cpu('floor') };
  }
  return out;
}

/**
 * Boots differ more than rounds do (the host's load, where the emulator's
 * threads land): each figure and each ratio is the median over boots of that
 * boot's own, for the paths every boot measured.
 */
export function acrossBoots(boots: readonly Record<string, PathSummary>[]): Record<string, PathSummary> {
  const paths = Object.keys(boots[0] ?? {}).filter((p) => boots.every((b) => b[p]));
  const out: Record<string, PathSummary> = {};
  for (const path of paths) {
    const of = (f: (s: PathSummary) => number) => median(boots.map((b) => f(b[path])));
    const addedUs: Record<number, number> = {};
    const vsFloor: Record<number, number> = {};
    for (const p of PERCENTILES) {
      addedUs[p] = of((s) => s.addedUs[p]);
      vsFloor[p] = of((s) => s.vsFloor[p]);
    }
    out[path] = { addedUs, vsFloor, cpuNsPerEvent: of((s) => s.cpuNsPerEvent), cpuVsFloor: of((s) => s.cpuVsFloor) };
  }
  return out;
}

/** The baseline's own percentiles in µs (median over rounds): the scale of the numbers above. */
export function baselineUs(rounds: readonly Round[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const p of PERCENTILES) {
    out[p] = median(rounds.map((r) => percentile([...r.latencyNs.baseline].sort((a, b) => a - b), p))) / 1000;
  }
  return out;
}

export function formatSummary(s: Record<string, PathSummary>): string {
  const pad = (x: string, n: number) => x.padStart(n);
  const lines = [
    `${'path'.padEnd(12)}${PERCENTILES.map((p) => pad(`+p${p} µs`, 11) + pad('×floor', 8)).join('')}${pad('cpu/ev µs', 11)}${pad('×floor', 8)}`,
  ];
  for (const [path, v] of Object.entries(s)) {
    lines.push(path.padEnd(12)
      + PERCENTILES.map((p) => pad(v.addedUs[p].toFixed(1), 11) + pad(v.vsFloor[p].toFixed(2), 8)).join('')
      + pad((v.cpuNsPerEvent / 1000).toFixed(1), 11) + pad(v.cpuVsFloor.toFixed(2), 8));
  }
  return lines.join('\n');
}

/** A long correction written at the addon's pace, and in one write (see in-vm.ts longFix). */
export interface LongFix {
  chars: number;
  pacedMs: number;
  pacedDropped: number;
  pacedWhole: boolean;
  unpacedMs: number;
  unpacedDropped: number;
  unpacedWhole: boolean;
}

export function formatLongFix(f: LongFix): string {
  const row = (name: string, ms: number, dropped: number, whole: boolean) =>
    `  ${name.padEnd(13)} ${ms.toFixed(1).padStart(7)} ms   SYN_DROPPED ${String(dropped).padStart(3)}   ${whole ? 'every character' : 'characters LOST'}`;
  return [
    row('paced', f.pacedMs, f.pacedDropped, f.pacedWhole),
    row('one write', f.unpacedMs, f.unpacedDropped, f.unpacedWhole),
  ].join('\n');
}

/** Fix mode of the probe, for one daemon path: "teh " and "is " typed in turn. */
export interface Correction {
  /** Space after "teh": its write() on the fake keyboard until its press is read, after the fix. */
  fixNs: number[];
  /** Space after "is": held for the engine's answer too, nothing to fix. */
  plainNs: number[];
  /** How many of the "teh " spaces came after a backspace (i.e. were fixed). */
  fixed: number;
}

export function formatCorrections(c: Record<string, Correction>): string {
  const ms = (ns: number) => (ns / 1e6).toFixed(2).padStart(8);
  const pcts = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return ms(percentile(s, 50)) + ms(percentile(s, 99)) + ms(s[s.length - 1]);
  };
  const lines = [`${'path'.padEnd(14)}${'fixed'.padStart(9)}  fix: p50 ms  p99 ms  max ms   no fix: p50 ms  p99 ms  max ms`];
  for (const [path, v] of Object.entries(c)) {
    lines.push(`${path.padEnd(14)}${`${v.fixed}/${v.fixNs.length}`.padStart(9)}     ${pcts(v.fixNs)}          ${pcts(v.plainNs)}`);
  }
  return lines.join('\n');
}
