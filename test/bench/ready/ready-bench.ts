// `npm run bench:ready`: how soon the daemon has the keyboards (issue 17:
// grabbed within 300 ms of start on real hardware; in the VM, as a ratio to
// a bare `node -e ''` start in the same boot), and how soon corrections are
// in force. Boots the kernel-test VM BOOTS times (default 3), starting the
// daemon STARTS times (default 5) per correction mode in each
// (test/bench/ready/in-vm.ts); prints medians. Prints, never asserts.
import { describeRun, kernelAvailability, runInVm } from '../../kernel/vm.js';

const boots = Number(process.env.BOOTS ?? 3);
const starts = Number(process.env.STARTS ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
interface Start { grabbedMs: number; readyMs: number; readyLogMs: number }
interface Result { kernel: string; bareMs: number; runs: Record<string, Start[]> }

const unavailable = kernelAvailability();
if (unavailable) {
  console.log(`(no VM run: ${unavailable})`);
  process.exit(0);
}
const ratios: Record<string, { grabbed: number[]; ready: number[] }> = {};
for (let b = 1; b <= boots; b++) {
  const run = await runInVm({ script: `node dist/test/bench/ready/in-vm.js ${starts}`, env: process.env.READY_CLI ? { READY_CLI: process.env.READY_CLI } : {}, timeoutMs: 300_000 + starts * 120_000 });
  const raw = run.files['ready.json'];
  if (run.exitCode !== 0 || !raw) {
    console.error(describeRun(run));
    process.exitCode = 1;
    continue;
  }
  const r = JSON.parse(raw) as Result;
  console.log(`boot ${b} (kernel ${r.kernel}, TCG): bare \`node -e ''\` ${Math.round(r.bareMs)} ms (median of 5)`);
  for (const [mode, starts] of Object.entries(r.runs)) {
    const g = median(starts.map((s) => s.grabbedMs));
    const y = median(starts.map((s) => s.readyMs));
    (ratios[mode] ??= { grabbed: [], ready: [] }).grabbed.push(g / r.bareMs);
    ratios[mode].ready.push(y / r.bareMs);
    console.log(`  ${mode.padEnd(10)} keyboard grabbed ${Math.round(g)} ms (${(g / r.bareMs).toFixed(2)}x), corrections in force ${Math.round(y)} ms (${(y / r.bareMs).toFixed(2)}x); each grab: ${starts.map((s) => Math.round(s.grabbedMs)).join(', ')} ms`);
  }
}
console.log(`\nmedian of ${boots} boots, as a ratio to a bare \`node -e ''\` in the same boot:`);
for (const [mode, r] of Object.entries(ratios)) {
  console.log(`  ${mode.padEnd(10)} grabbed ${median(r.grabbed).toFixed(2)}x, corrections in force ${median(r.ready).toFixed(2)}x`);
}
process.exit(process.exitCode ?? 0);
