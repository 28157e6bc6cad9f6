// The kernel benchmark's arithmetic (no VM needed): baseline subtracted per
// round, median over rounds, ratio to the floor.
import { describe, expect, it } from 'vitest';
import { acrossBoots, baselineUs, median, percentile, summarize, type Round } from '../bench/kernel/summary.js';

const us = (xs: number[]) => xs.map((x) => x * 1000);
const flat = (v: number, n = 100) => Array.from({ length: n }, () => v);

describe('percentile and median', () => {
  it('uses nearest rank on sorted data', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile([7], 90)).toBe(7);
  });
  it('medians odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('summarize', () => {
  const round = (base: number, floor: number, daemon: number, cpu: [number, number]): Round => ({
    latencyNs: { baseline: us(flat(base)), floor: us(flat(floor)), daemon: us(flat(daemon)) },
    cpuNs: { baseline: 0, floor: cpu[0] * 100, daemon: cpu[1] * 100 },
  });

  it('subtracts each round its own baseline, so a slow round does not skew the ratio', () => {
    // Round 2 runs twice as slow overall; the daemon adds 3× the floor in both.
    const s = summarize([round(100, 300, 700, [10, 30]), round(200, 600, 1400, [20, 60]), round(100, 300, 700, [10, 30])]);
    expect(s.floor.vsFloor[50]).toBe(1);
    expect(s.daemon.addedUs[50]).toBe(600);
    expect(s.daemon.vsFloor[50]).toBe(3);
    expect(s.daemon.cpuVsFloor).toBe(3);
    expect(s.daemon.cpuNsPerEvent).toBe(30);
    expect(s).not.toHaveProperty('baseline');
  });

  it('takes the median over rounds, so one stalled round does not move it', () => {
    const s = summarize([round(100, 300, 500, [1, 1]), round(100, 300, 50_000, [1, 1]), round(100, 300, 500, [1, 1])]);
    expect(s.daemon.vsFloor[50]).toBe(2);
  });

  it('reports the baseline on its own scale', () => {
    expect(baselineUs([round(100, 300, 500, [1, 1])])[50]).toBe(100);
  });
});

describe('acrossBoots', () => {
  const boot = (added: number, ratio: number, cpu: number) => ({
    floor: { addedUs: { 50: 100, 90: 100, 99: 100 }, vsFloor: { 50: 1, 90: 1, 99: 1 }, cpuNsPerEvent: 10, cpuVsFloor: 1 },
    daemon: { addedUs: { 50: added, 90: added, 99: added }, vsFloor: { 50: ratio, 90: ratio, 99: ratio }, cpuNsPerEvent: cpu, cpuVsFloor: cpu / 10 },
  });

  it('takes the median over boots of each figure and each ratio', () => {
    const s = acrossBoots([boot(120, 1.2, 12), boot(900, 9, 90), boot(110, 1.1, 11)]);
    expect(s.daemon.addedUs[50]).toBe(120);
    expect(s.daemon.vsFloor[90]).toBe(1.2);
    expect(s.daemon.cpuNsPerEvent).toBe(12);
    expect(s.daemon.cpuVsFloor).toBe(1.2);
    expect(s.floor.vsFloor[50]).toBe(1);
  });

  it('leaves out a path some boot did not measure', () => {
    const partial = { floor: boot(1, 1, 1).floor };
    expect(Object.keys(acrossBoots([boot(1, 1, 1), partial]))).toEqual(['floor']);
  });
});
