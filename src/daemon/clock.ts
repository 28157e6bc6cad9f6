// The daemon's clock for log times and key lag: CLOCK_MONOTONIC, which is what
// Node's hrtime reads on Linux, the addon stamps key records with, and the
// kernel tests compare log lines against.

/** Now, in ms with µs precision. */
export const monotonicMs = (): number => Number(process.hrtime.bigint() / 1000n) / 1000;

/** How long ago a record's time was (whole ms, wrapping at 2^32 as record times do). */
export const sinceMs = (timeMs: number): number => (Number(process.hrtime.bigint() / 1_000_000n) - timeMs) | 0;
