// A German keyboard end to end: the VT loaded with `loadkeys de` (kbd +
// console-data on this machine, whose root the VM mounts), the real daemon
// configured with layout = "de" in config.toml, and a keyboard typing the
// physical keys a German typist presses. What tty1 shows is the proof: a fix
// typed with US key codes would come out with y/z swapped and ' as ä.
import { beforeAll, describe, expect, it } from 'vitest';
import { typeText } from '../../src/simulate/typist.js';
import { KEY } from '../../src/keymap/keycodes.js';
import type { KeyInput } from '../../src/engine/types.js';
import { xkbKeymap } from '../../src/layout/xkb-library.js';
import { go, keyboard, prelude } from './daemon-steps.js';
import { runScenarios, type Boot, type ScenarioResult } from './scenario.js';
import { describeRun, kernelAvailability } from './vm.js';

const unavailable = kernelAvailability();
const skip = unavailable !== null && !process.env.CI; // CI never skips: it fails
if (skip) console.warn(`kernel tests skipped: ${unavailable}`);

// yuo: y is the Z key on German keyboards; zeor: z is the Y key; didn't: ' is Shift+#.
const TYPED = 'teh yuo zeor. Teh didnt ok\n';
const SHOWN = "the you zero. The didn't ok\n";
const TYPED_WORDS = ['teh', 'yuo', 'zeor', 'didnt', 'the', 'you', 'zero'];
// grp:alt_shift_toggle: Left Shift held, Left Alt tapped.
const GROUP_SWITCH: KeyInput[] = [
  { code: KEY.LEFTSHIFT, value: 1, timeMs: 0 }, { code: KEY.LEFTALT, value: 1, timeMs: 20 },
  { code: KEY.LEFTALT, value: 0, timeMs: 40 }, { code: KEY.LEFTSHIFT, value: 0, timeMs: 60 },
];

function germanKeys(text: string, startMs = 0): KeyInput[] {
  const de = xkbKeymap({ rules: '', model: '', layout: 'de', variant: '', options: '' });
  return typeText(text, de, { msPerEvent: 15, startMs }).map((s) => {
    if ('opaque' in s) throw new Error(`German keys cannot type ${s.opaque}`);
    return s;
  });
}

describe.skipIf(skip)(`a German layout on a real kernel${skip ? ` (skipped: ${unavailable})` : ''}`, () => {
  let boot: Boot;

  beforeAll(async () => {
    if (unavailable) throw new Error(`kernel tests cannot run: ${unavailable}`);
    const tap = (code: number, t: number): KeyInput[] => [{ code, value: 1, timeMs: t }, { code, value: 0, timeMs: t + 10 }];
    boot = await runScenarios([
      {
        // No daemon: shows that the VT itself now types German (Y key -> z, Z key -> y).
        name: 'vt-de',
        script: `${prelude}
loadkeys de > "$OUT/loadkeys.log" 2>&1
${keyboard('ac kbd vt', [go, { keys: [...tap(KEY.Y, 0), ...tap(KEY.Z, 20), ...tap(KEY.ENTER, 40)] }, { sleep: 300 }])}
vt_reader "$OUT/vt.txt" 1
touch "$OUT/go"
wait $kb_pid
wait $vt_pid`,
      },
      {
        // The daemon on "us,de" with Shift+Alt switching groups, the VT on de: after the
        // switch the daemon must read and type German (without it yuo/zeor stay, didnt gets a ä).
        name: 'daemon-us-de',
        script: `${prelude}
loadkeys de > "$OUT/loadkeys.log" 2>&1
${keyboard('ac kbd usde', [go, { keys: [...GROUP_SWITCH, ...germanKeys(TYPED, 100)] }, { sleep: 300 }])}
AC_CONFIG_TOML='layout = "us,de"
options = "grp:alt_shift_toggle"' start_daemon 'ac kbd usde'
wait_log 'device grabbed: ac kbd usde'
vt_reader "$OUT/vt.txt" 1
touch "$OUT/go"
wait $kb_pid
wait $vt_pid
stop_daemon`,
      },
      {
        name: 'daemon-de',
        script: `${prelude}
loadkeys de > "$OUT/loadkeys.log" 2>&1
${keyboard('ac kbd de', [go, { keys: germanKeys(TYPED) }, { sleep: 300 }])}
AC_CONFIG_TOML='layout = "de"' start_daemon 'ac kbd de'
wait_log 'device grabbed: ac kbd de'
vt_reader "$OUT/vt.txt" 1
touch "$OUT/go"
wait $kb_pid
wait $vt_pid
stop_daemon`,
      },
    ]);
  }, 300_000);

  const result = (name: string): ScenarioResult => {
    const r = boot.results[name];
    expect(r, describeRun(boot.run)).toBeDefined();
    expect(r.status, `${r.log}\n--- daemon.log ---\n${r.files['daemon.log'] ?? ''}\n--- loadkeys ---\n${r.files['loadkeys.log'] ?? ''}`).toBe(0);
    return r;
  };

  it('loadkeys de works on the VM\'s VT: the Y key types z, the Z key y', () => {
    expect(result('vt-de').files['vt.txt']).toBe('zy\n');
  });

  it('the daemon on layout de: teh -> the, y/z swapped keys right, Teh -> The, didnt -> didn\'t (Shift+#)', () => {
    const r = result('daemon-de');
    expect(r.files['vt.txt'], `--- daemon.log ---\n${r.files['daemon.log']}`).toBe(SHOWN);
    const log = r.files['daemon.log'];
    expect(log).toContain('keyboard layout: de (from config.toml)');
    expect(log).not.toMatch(/cannot be used/);
    for (const w of TYPED_WORDS) expect(log, `daemon.log must not contain typed text (${w})`).not.toMatch(new RegExp(`\\b${w}\\b`));
    expect(r.files['daemon.exit'].trim()).toBe('0');
  });

  it('the daemon on "us,de" + grp:alt_shift_toggle follows Shift+Alt into the German group: reads and types German', () => {
    const r = result('daemon-us-de');
    expect(r.files['vt.txt']).toBe(SHOWN);
    const log = r.files['daemon.log'];
    expect(log).toContain('keyboard layout: us,de (from config.toml)');
    for (const w of TYPED_WORDS) expect(log, `daemon.log must not contain typed text (${w})`).not.toMatch(new RegExp(`\\b${w}\\b`));
    expect(r.files['daemon.exit'].trim()).toBe('0');
  });
});
