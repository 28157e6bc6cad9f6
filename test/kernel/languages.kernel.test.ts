// Languages end to end (issue 19): the VT on `loadkeys de`, the real daemon
// with layout = "de" and languages = ["de"] (and the dictionary fallback, the
// only German corrector), a keyboard typing German on German keys. German
// words an English-only corrector would "fix" (als -> also, ein -> in,
// im -> I'm, das -> days) must reach tty1 unchanged, and a German typo
// (nciht) must come out corrected.
import { beforeAll, describe, expect, it } from 'vitest';
import { typeText } from '../../src/simulate/typist.js';
import type { KeyInput } from '../../src/engine/types.js';
import { xkbKeymap } from '../../src/layout/xkb-library.js';
import { go, keyboard, prelude } from './daemon-steps.js';
import { runScenarios, type Boot } from './scenario.js';
import { describeRun, kernelAvailability } from './vm.js';

const unavailable = kernelAvailability();
const skip = unavailable !== null && !process.env.CI; // CI never skips: it fails
if (skip) console.warn(`kernel tests skipped: ${unavailable}`);

const TYPED = 'Das ist als ein Haus im Wald. Wir haben das nciht gesagt\n';
const SHOWN = 'Das ist als ein Haus im Wald. Wir haben das nicht gesagt\n';
const TYPED_WORDS = ['Haus', 'Wald', 'nciht', 'gesagt'];

function germanKeys(text: string): KeyInput[] {
  const de = xkbKeymap({ rules: '', model: '', layout: 'de', variant: '', options: '' });
  return typeText(text, de, { msPerEvent: 15 }).map((s) => {
    if ('opaque' in s) throw new Error(`German keys cannot type ${s.opaque}`);
    return s;
  });
}

describe.skipIf(skip)(`German alone on a real kernel${skip ? ` (skipped: ${unavailable})` : ''}`, () => {
  let boot: Boot;

  beforeAll(async () => {
    if (unavailable) throw new Error(`kernel tests cannot run: ${unavailable}`);
    boot = await runScenarios([
      {
        name: 'daemon-de-only',
        // The keyboard waits for `go` longer than usual: the daemon first loads
        // German's speller and fallback under emulation (a minute on a busy host).
        script: `${prelude}
loadkeys de > "$OUT/loadkeys.log" 2>&1
${keyboard('ac kbd de', [{ ...go, timeoutMs: 240_000 }, { keys: germanKeys(TYPED) }, { sleep: 300 }])}
AC_CONFIG_TOML='layout = "de"
languages = ["de"]
correction = "dictionary"' start_daemon 'ac kbd de'
wait_log 'device grabbed: ac kbd de'
vt_reader "$OUT/vt.txt" 1
touch "$OUT/go"
wait $kb_pid
wait $vt_pid
stop_daemon`,
      },
    ]);
  }, 900_000); // includes waiting for the one VM lock other test runs may hold

  it('layout de + languages ["de"]: German words stay, nciht -> nicht, on tty1', () => {
    const r = boot.results['daemon-de-only'];
    expect(r, describeRun(boot.run)).toBeDefined();
    expect(r.status, `${r.log}\n--- daemon.log ---\n${r.files['daemon.log'] ?? ''}`).toBe(0);
    const log = r.files['daemon.log'];
    expect(r.files['vt.txt'], `--- daemon.log ---\n${log}`).toBe(SHOWN);
    expect(log).toContain('keyboard layout: de (from config.toml)');
    expect(log).toContain('languages: German (from config.toml)');
    for (const w of TYPED_WORDS) expect(log, `daemon.log must not contain typed text (${w})`).not.toMatch(new RegExp(`\\b${w}\\b`));
    expect(r.files['daemon.exit'].trim()).toBe('0');
  });
});
