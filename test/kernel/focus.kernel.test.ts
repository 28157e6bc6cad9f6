// Where the daemon corrects, in a real desktop session on a real kernel
// (issue 15): GTK 3 windows under sway (Wayland) and Xorg (X11), the daemon
// as the session user following the focus over AT-SPI on the session's own
// accessibility bus. The same words typed into a password entry, a VTE
// terminal (default, then terminals = true) and an app on [apps] off.
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenarios, type Boot, type Scenario, type ScenarioResult } from './scenario.js';
import { describeRun } from './vm.js';
import { desktopAvailability, focusProbe, inSession, onlyKeys, sessionStart, typeInto } from './desktop-session.js';

const unavailable = desktopAvailability();
const skip = unavailable !== null && !process.env.CI; // CI never skips: it fails
if (skip) console.warn(`focus kernel tests skipped: ${unavailable}`);

const CONFIG = 'layout = "us"\n[apps]\noff = ["ac-off-*"]';
const CONFIG_TERMINALS = 'layout = "us"\nterminals = true\n[apps]\noff = ["ac-off-*"]';
const TYPED = '"adn teh thier "';
/** Words typed in the scenarios: none may reach the daemon's log. */
const TYPED_WORDS = ['adn', 'teh', 'thier', 'and', 'their'];

/** A new window NAME (WIDGET, extra client args) takes the focus; TYPED goes into it. */
function window(name: string, widget: string, extra = ''): Scenario {
  return {
    name,
    script: `${inSession}
start_client ${name} ${widget} --focus-at "$CLIENTS/${name}.focus-at" ${extra}
wait_client ${name}
${focusProbe(name)}
${typeInto(onlyKeys(TYPED), name)}
cp "$CLIENTS/${name}.focus-at" "$OUT/focus-at"`,
  };
}

function scenarios(kind: 'wayland' | 'x11'): Scenario[] {
  return [
    sessionStart(kind, CONFIG),
    { name: 'text', script: `${inSession}\n${typeInto(onlyKeys(TYPED))}` },
    window('pw', 'password'),
    window('term', 'terminal'),
    {
      // The same terminal, once config.toml says terminals = true (followed live).
      name: 'term-on',
      script: `${inSession}
printf '%s\\n' '${CONFIG_TERMINALS}' > "$SESSION/home/.config/autocorrector/config.toml.new"
chown "$SESSION_UID:$SESSION_UID" "$SESSION/home/.config/autocorrector/config.toml.new"
mv "$SESSION/home/.config/autocorrector/config.toml.new" "$SESSION/home/.config/autocorrector/config.toml"
wait_log 'focus: terminal -> rule correct' 30
${typeInto(onlyKeys(TYPED), 'term')}`,
    },
    window('offapp', 'textview', '--app-id ac-off-app'),
  ];
}

const started = Date.now();
afterAll(() => console.log(`focus kernel tests: ${Date.now() - started} ms for the file`));

for (const kind of ['wayland', 'x11'] as const) {
  const title = kind === 'wayland' ? 'sway (Wayland)' : 'Xorg (X11)';
  describe.skipIf(skip)(`where it corrects: GTK 3 windows in ${title} on a real kernel${skip ? ` (skipped: ${unavailable})` : ''}`, () => {
    let boot: Boot;

    beforeAll(async () => {
      if (unavailable) throw new Error(`focus kernel tests cannot run: ${unavailable}`);
      boot = await runScenarios(scenarios(kind), 700_000);
      if (process.env.AUTOCORRECTOR_KERNEL_DUMP) writeFileSync(`${process.env.AUTOCORRECTOR_KERNEL_DUMP}.focus.${kind}`, JSON.stringify(boot, null, 1));
    }, 1_500_000);

    // The daemon's whole log: each scenario's end copies it to the session scenario's files.
    const daemonLog = () => boot.results.session?.files['daemon.log'] ?? '';
    const result = (name: string): ScenarioResult => {
      const s = boot.results.session;
      expect(s?.status, `session:\n${s?.log}\n--- daemon.log ---\n${s?.files['daemon.log']}\n${describeRun(boot.run)}`).toBe(0);
      const r = boot.results[name];
      expect(r.status, `${r.log}\n--- daemon.log ---\n${daemonLog()}`).toBe(0);
      return r;
    };
    const text = (name: string) => result(name).files['text.txt'];
    /** ms from the widget's first focus-in (the client's clock) to the daemon's rule for ROLE (its log). */
    const lag = (name: string, role: string): number | null => {
      const at = Number(result(name).files['focus-at'].split('\n')[0]);
      const ruled = [...daemonLog().matchAll(new RegExp(`focus: ${role} -> rule \\S+ \\(at ([\\d.]+) ms\\)`, 'g'))].map((m) => Number(m[1])).find((t) => t >= at);
      return ruled === undefined ? null : ruled - at;
    };

    it('the session comes up and the daemon follows the focus over AT-SPI', () => {
      expect(boot.run.exitCode, describeRun(boot.run)).toBe(0);
      result('session');
      expect(daemonLog()).toContain('focus: following the accessibility bus (AT-SPI)');
      // sway also names the focused window (its IPC socket is in the session's runtime dir).
      if (kind === 'wayland') expect(daemonLog()).toContain('focus: following the focused window over sway IPC');
    });

    it('a text view is corrected', () => {
      expect(text('text')).toBe('and the their ');
    });

    it('a password entry gets exactly what was typed', () => {
      expect(text('pw')).toBe('adn teh thier ');
      expect(daemonLog()).toMatch(/focus: password -> rule password/);
    });

    it('a VTE terminal is left alone by default', () => {
      expect(text('term')).toBe('adn teh thier ');
    });

    it('terminals = true in config.toml corrects in the terminal too, without a restart', () => {
      expect(text('term-on')).toBe('and the their ');
    });

    it('an app on [apps] off is left alone', () => {
      expect(text('offapp')).toBe('adn teh thier ');
    });

    it('the focus reaches the rules before the next word: the lag from focus-in to the rule', () => {
      const lags = { password: lag('pw', 'password'), terminal: lag('term', 'terminal'), 'app-off': lag('offapp', 'text') };
      console.log(`${title}: focus-in to the rule in force (ms): ${Object.entries(lags).map(([k, v]) => `${k} ${v?.toFixed(1) ?? 'none'}`).join(', ')}`);
      expect(lags.password).not.toBeNull();
    });

    it('the log names roles and rules, never the typed words or an app', () => {
      const log = daemonLog().toLowerCase();
      expect(log).toContain('ready in');
      for (const w of TYPED_WORDS) expect(log, `'${w}' in the daemon log`).not.toMatch(new RegExp(`\\b${w}\\b`));
      expect(log, 'an app\'s name in the log').not.toContain('ac-off-app');
    });
  });
}
