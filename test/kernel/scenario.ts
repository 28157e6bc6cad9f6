// Several kernel scenarios per boot (a boot costs ~10 s under TCG): each runs
// in its own subshell with its own results dir, so one failing does not hide
// the others.
import { CLICK, keys } from '../support/keys.js';
import { runInVm, type VmOptions, type VmRun } from './vm.js';

export interface Scenario {
  /** Also the name of its results dir: [a-z0-9-]+ */
  name: string;
  /** sh, run in the checkout with lib.sh sourced and set -e; $OUT is its results dir. */
  script: string;
}

export interface ScenarioResult {
  status: number | null;
  log: string;
  /** Files the scenario wrote to $OUT, by name. */
  files: Record<string, string>;
}

export interface Boot {
  run: VmRun;
  results: Record<string, ScenarioResult>;
}

/**
 * Shell lines that type `notation` (test/support/keys.ts: `"teh" bs d:lshift a
 * u:lshift t:200 enter`) on a fresh uinput keyboard; extra args go to
 * tools/fake-keyboard.mjs (e.g. `--readback $OUT/readback.json`).
 */
export function typeKeys(notation: string, extraArgs = ''): string {
  const events = keys(notation).map((e) => {
    if (e === CLICK) throw new Error('fake keyboard: clicks are not keys');
    return e;
  });
  return [
    `cat > "$OUT/keys.json" <<'KEYS_JSON'`,
    JSON.stringify(events),
    'KEYS_JSON',
    `node "$tools/fake-keyboard.mjs" --events "$OUT/keys.json" ${extraArgs}`,
  ].join('\n');
}

export function bootScript(scenarios: Scenario[]): string {
  return scenarios.map(({ name, script }) => {
    if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`scenario name must be [a-z0-9-]+: ${name}`);
    return [
      `mkdir -p "$RESULTS/${name}"`,
      // A standalone subshell: inside an && / || list, sh would ignore its set -e.
      'set +e',
      `(set -e; OUT="$RESULTS/${name}"; . "$CHECKOUT/test/kernel/tools/lib.sh"`,
      script,
      `) > "$RESULTS/${name}/log" 2>&1`,
      `echo $? > "$RESULTS/${name}/status"`,
      'set -e',
    ].join('\n');
  }).join('\n');
}

/**
 * Boots once and runs every scenario in order. A developer may run only some:
 * AUTOCORRECTOR_KERNEL_SCENARIOS=session,pw (the others then show as not run).
 */
export async function runScenarios(all: Scenario[], timeoutMs = 150_000, vm: Pick<VmOptions, 'env' | 'stageDir'> = {}): Promise<Boot> {
  const only = process.env.AUTOCORRECTOR_KERNEL_SCENARIOS?.split(',').map((n) => n.trim());
  if (only && process.env.CI) throw new Error('AUTOCORRECTOR_KERNEL_SCENARIOS is for a developer\'s runs, never CI');
  const scenarios = only ? all.filter((s) => only.includes(s.name)) : all;
  const run = await runInVm({ script: bootScript(scenarios), timeoutMs, ...vm });
  const results: Record<string, ScenarioResult> = {};
  for (const { name } of scenarios) {
    const files: Record<string, string> = {};
    for (const [path, text] of Object.entries(run.files)) {
      if (path.startsWith(`${name}/`)) files[path.slice(name.length + 1)] = text;
    }
    const status = files.status === undefined ? null : Number(files.status.trim());
    results[name] = { status, log: files.log ?? '', files };
  }
  return { run, results };
}
