// `npm run bench:kernel`: boots the kernel-test VM once and compares key
// forwarding paths there (baseline, C floor, and the daemon once it exists).
// Numbers only mean something within one boot; see kernel-tests.md.
import { describeRun, kernelAvailability, runInVm } from '../../kernel/vm.js';
import { PERCENTILES, baselineUs, formatSummary, summarize, type Round } from './summary.js';

const rounds = Number(process.env.ROUNDS ?? 5);
const events = Number(process.env.EVENTS ?? 400);

const unavailable = kernelAvailability();
if (unavailable) {
  console.error(`bench:kernel cannot run: ${unavailable}`);
  process.exit(1);
}
const env: Record<string, string> = {};
for (const k of ['AUTOCORRECTOR_BENCH_DAEMON', 'AUTOCORRECTOR_BENCH_DAEMON_OUT']) {
  if (process.env[k]) env[k] = process.env[k]!;
}
const run = await runInVm({
  script: `node dist/test/bench/kernel/in-vm.js ${rounds} ${events}`,
  timeoutMs: 120_000 + rounds * (90_000 + events * 60), // each daemon round starts node: ~10 s under TCG
  env,
});
const raw = run.files['bench.json'];
if (run.exitCode !== 0 || !raw) {
  console.error(describeRun(run));
  process.exit(1);
}
const data = JSON.parse(raw) as { kernel: string; events: number; rounds: Round[] };
console.log(`kernel ${data.kernel} under TCG, ${data.rounds.length} rounds of ${data.events} events; probe and forwarders on CPU 0 (daemon-2cpu: CPUs 0-1)`);
console.log('added latency over the baseline (median over rounds), and forwarder CPU per event:\n');
console.log(formatSummary(summarize(data.rounds)));
const base = baselineUs(data.rounds);
console.log(`\nbaseline (fake keyboard read back directly): ${PERCENTILES.map((p) => `p${p} ${base[p].toFixed(1)} µs`).join(', ')}`);
if (!summarize(data.rounds).daemon) {
  console.log('\n(no daemon row: build the native addon, or set AUTOCORRECTOR_BENCH_DAEMON; see test/bench/kernel/in-vm.ts)');
}
