// Joins what has the focus (a follower: AT-SPI) to the engine: the rule in
// force decides the engine's scope. Logs roles and rules, never the app's
// name (logs go to the journal, on disk) unless keys are debugged.
import type { Engine } from '../engine/engine.js';
import { monotonicMs } from './clock.js';
import type { FocusStatus } from '../control/replies.js';
import { DEFAULT_FOCUS_SETTINGS, NO_FOCUS, ruleFor, type Focus, type FocusSettings, type RuleInForce, type RuleName } from '../policy/focus-rule.js';

export interface FocusGateOptions {
  settings?: FocusSettings;
  log(line: string): void;
  verbose: boolean;
  /** Names apps in the log (the debug flag's terminal output only). */
  debug: boolean;
  /** The rule in force changed (status subscribers, the tray's tooltip). */
  changed?(status: FocusStatus): void;
  /** Hands the engine the keys still waiting in a batch, before the scope changes under them. */
  drain?(): void;
}

export class FocusGate {
  private focus: Focus = NO_FOCUS;
  private settings: FocusSettings;
  private current: RuleInForce = { scope: 'all', rule: 'correct' };
  private follower: string | null = null;
  private window: string | null = null;
  private windowFollower: string | null = null;
  private why = 'not started';
  /** Times each pausing rule came into force this run: counts, never apps. */
  readonly pauses = new Map<RuleName, number>();

  constructor(private readonly engine: Engine, private readonly opts: FocusGateOptions) {
    this.settings = opts.settings ?? DEFAULT_FOCUS_SETTINGS;
    this.apply();
  }

  /** A follower runs (or, with `why`, none could start). */
  following(name: string | null, why = ''): void {
    this.follower = name;
    this.why = why;
    if (name === null) this.seen(NO_FOCUS);
    this.opts.changed?.(this.status());
  }

  /** Whether the compositor's window is followed (sway/i3 IPC). */
  windowFollowing(name: string | null): void {
    this.windowFollower = name;
    if (name === null) this.windowSeen(null);
  }

  /** The focus moved (or its role became known). The compositor's window stays as it said. */
  seen(focus: Focus): void {
    this.focus = { ...focus, window: focus.window ?? this.window };
    this.apply();
  }

  /** The compositor's focused window (its app id or class), beside what AT-SPI says. */
  windowSeen(app: string | null): void {
    this.window = app;
    this.focus = { ...this.focus, window: app };
    this.apply();
  }

  /** config.toml changed: the new rules apply to the focus as it is. */
  setSettings(settings: FocusSettings): void {
    this.settings = settings;
    this.apply();
  }

  status(): FocusStatus {
    return {
      follower: this.follower,
      ...(this.windowFollower ? { windows: this.windowFollower } : {}),
      ...(this.follower === null ? { why: this.why } : {}),
      app: this.focus.app,
      ...(this.focus.window ? { window: this.focus.window } : {}),
      role: this.focus.role,
      rule: this.current.rule,
      correcting: this.current.scope === 'all' || this.current.scope === 'list-only',
    };
  }

  private apply(): void {
    const next = ruleFor(this.focus, this.settings);
    const before = this.current;
    if (next.scope !== this.engine.scope) this.opts.drain?.();
    this.engine.setScope(next.scope);
    this.current = next;
    if (next.rule === before.rule) return;
    if (next.rule !== 'correct' && next.rule !== 'pending') this.pauses.set(next.rule, (this.pauses.get(next.rule) ?? 0) + 1);
    if (this.opts.verbose) {
      const name = this.focus.app ?? this.focus.window;
      const app = this.opts.debug && name ? ` in ${name}` : '';
      // The monotonic time lets a test set it beside the moment the app took the focus.
      this.opts.log(`focus: ${this.focus.role}${app} -> rule ${next.rule} (at ${monotonicMs().toFixed(1)} ms)`);
    }
    // The short pause while a new focus's role is asked for is not news for the tray.
    if (next.rule !== 'pending') this.opts.changed?.(this.status());
  }
}
