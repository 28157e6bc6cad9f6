// setup, uninstall and doctor on a real kernel (uinput loaded, evdev nodes,
// a uinput keyboard). The VM's root is read-only, so setup writes under a
// --prefix on its tmpfs /tmp; a setup without it must fail cleanly there.
import { beforeAll, describe, expect, it } from 'vitest';
import { runScenarios, type Boot } from './scenario.js';
import { kernelAvailability } from './vm.js';

const unavailable = kernelAvailability();
const skip = unavailable !== null && !process.env.CI; // CI never skips: it fails
if (skip) console.warn(`kernel tests skipped: ${unavailable}`);
const cli = 'node "$CHECKOUT/dist/src/cli/main.js"';

describe.skipIf(skip)(`setup and doctor on a real kernel${skip ? ` (skipped: ${unavailable})` : ''}`, () => {
  let boot: Boot;
  beforeAll(async () => {
    if (unavailable) throw new Error(`kernel tests cannot run: ${unavailable}`);
    boot = await runScenarios([
      {
        name: 'doctor',
        // A keyboard that stays until we are done looking at it.
        script: `echo '[]' > "$OUT/keys.json"
node "$tools/fake-keyboard.mjs" --events "$OUT/keys.json" --ready /tmp/kb.ready --wait-for /tmp/kb.done &
kb_pid=$!
wait_file /tmp/kb.ready
XDG_RUNTIME_DIR=/tmp/rt ${cli} doctor --json > "$OUT/doctor.json" || echo $? > "$OUT/doctor.status"
touch /tmp/kb.done
wait $kb_pid`,
      },
      {
        name: 'setup',
        script: `P=/tmp/sandbox
mkdir -p $P/etc && printf 'root:x:0:\\ninput:x:104:\\n' > $P/etc/group
${cli} setup --prefix $P --for nobody > "$OUT/setup.txt"
cat $P/etc/udev/rules.d/70-autocorrector-uinput.rules > "$OUT/rule.txt"
cat $P/etc/modules-load.d/autocorrector.conf > "$OUT/modules.txt"
${cli} uninstall --prefix $P > "$OUT/uninstall.txt"
find $P > "$OUT/after.txt"
${cli} setup --for nobody > "$OUT/real.txt" 2> "$OUT/real.err" || echo $? > "$OUT/real.status"`,
      },
    ]);
  }, 300_000);

  it('doctor: module, /dev/uinput, evdev nodes and the keyboard pass; no daemon fails with its fix', () => {
    const r = boot.results.doctor;
    expect(r.status, r.log).toBe(0);
    expect(r.files['doctor.status']?.trim()).toBe('1'); // no daemon runs
    const { checks } = JSON.parse(r.files['doctor.json']) as { checks: { title: string; ok: boolean; detail?: string; fix?: string[] }[] };
    const byTitle = Object.fromEntries(checks.map((c) => [c.title, c]));
    for (const t of ['uinput module loaded', '/dev/uinput writable', '/dev/input/event* readable', 'keyboards visible']) {
      expect(byTitle[t]?.ok, `${t}: ${JSON.stringify(byTitle[t])}`).toBe(true);
    }
    expect(byTitle['keyboards visible'].detail).toContain('autocorrector test keyboard');
    expect(byTitle['daemon running'].ok).toBe(false);
    expect(byTitle['daemon running'].fix?.[0]).toMatch(/autocorrector setup --user|systemctl --user start/);
  });

  it('setup --prefix writes the files and records the commands; uninstall removes them', () => {
    const r = boot.results.setup;
    expect(r.files['rule.txt']).toMatch(/^KERNEL=="uinput", SUBSYSTEM=="misc", MODE="0660", GROUP="autocorrector", OPTIONS\+="static_node=uinput"$/m);
    expect(r.files['modules.txt']).toMatch(/^uinput$/m);
    expect(r.files['setup.txt']).toContain('not run (--prefix): modprobe uinput');
    expect(r.files['setup.txt']).toContain('not run (--prefix): usermod -aG input nobody');
    expect(r.files['setup.txt']).toContain('not run (--prefix): groupadd --system autocorrector');
    expect(r.files['setup.txt']).toContain('not run (--prefix): usermod -aG autocorrector nobody');
    expect(r.files['uninstall.txt']).toContain('removed /tmp/sandbox/etc/udev/rules.d/70-autocorrector-uinput.rules');
    expect(r.files['after.txt']).not.toContain('autocorrector');
  });

  it('setup on the read-only root fails cleanly: each failed step named, exit 1, no stack', () => {
    const r = boot.results.setup;
    expect(r.status, r.log).toBe(0);
    expect(r.files['real.status']?.trim()).toBe('1');
    expect(r.files['real.txt'], r.files['real.txt']).toMatch(/FAILED to write \/etc\/udev\/rules\.d\/70-autocorrector-uinput\.rules: .*(read-only|EROFS|ENOENT)/i);
    // The other steps are still tried and each failure is named.
    expect(r.files['real.txt']).toMatch(/FAILED to write \/etc\/modules-load\.d\/autocorrector\.conf: cannot write: EROFS/);
    expect(r.files['real.txt']).toContain('usermod -aG input nobody');
    expect(r.files['real.txt']).toMatch(/step.* failed \(see above\)/);
    expect(r.files['real.err'] ?? '').not.toMatch(/\n\s+at /);
  });
});
