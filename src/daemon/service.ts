// What the daemon is, as the control socket sees it: on/off, the lists in
// force and their problems, keyboards, counters. Independent of the native
// addon and of sockets, so it is tested by calling it.
import type { Edit } from '../engine/types.js';
import { problemsOf, reloadLists, type BuiltEngine } from '../engine-factory.js';
import type { DeviceEvent, DeviceInfo } from '../input/records.js';
import { CommandError } from '../control/server.js';
import type { Request } from '../control/protocol.js';
import type { Stats } from './stats.js';
import type { FocusGate } from './focus-gate.js';
import type { Focus, FocusRole } from '../policy/focus-rule.js';
import type {
  DevicesData, EnabledData, KeyboardState, SessionStatus, LayoutStatus, PingData, ReloadData, StatsData, StatusData, TestScreenData,
} from '../control/replies.js';

/** Adds to the ignore list on disk (src/lists/edit.ts owns its format). */
export interface IgnoreStore {
  add(word: string): Promise<unknown>;
}

export interface ServiceOptions {
  /** The engine and its lists, from the factory (which also re-reads them). */
  built: BuiltEngine;
  mode: 'grab' | 'snoop';
  stats: Stats;
  devices: DeviceInfo[];
  ignore: IgnoreStore;
  log: (line: string) => void;
  /** Test hook: the fake key source's screen. Absent, `test-screen` is refused. */
  testScreen?: () => TestScreenData;
  /** Reverts of one typo after which it is ignored for good. */
  autoIgnoreAfter?: number;
  /** How many connections hold a `subscribe` (the tray's notices). */
  subscribers?: () => number;
  /** Where the focus is and the rule in force there. */
  focus?: FocusGate;
  /** The login session followed (logind), or why none is. */
  session?: () => SessionStatus;
  /** Test hook: `test-focus` sets the focus by hand (with the fake key source). Absent, it is refused. */
  testFocus?: (focus: Focus) => void;
}

/** At most this many problems in `status` and `reload` and the log: a list with a million bad lines must not make a reply of megabytes. */
export const MAX_PROBLEMS = 20;

/** The first MAX_PROBLEMS problems, then one line saying how many more. */
export function capProblems(all: readonly string[]): string[] {
  if (all.length <= MAX_PROBLEMS) return [...all];
  return [...all.slice(0, MAX_PROBLEMS), `… and ${all.length - MAX_PROBLEMS} more problems of the same files (fix these and reload to see them)`];
}

const FOCUS_ROLES: readonly FocusRole[] = ['password', 'terminal', 'text', 'entry', 'other', 'unknown'];

export class Service {
  private readonly started = Date.now();
  private readonly devices = new Map<string, KeyboardState>();
  /** Words this run added to the ignore list because their fix was reverted. */
  private readonly autoIgnored: string[] = [];
  private readonly autoIgnoreAfter: number;

  constructor(private readonly opts: ServiceOptions) {
    this.autoIgnoreAfter = opts.autoIgnoreAfter ?? 2;
    for (const d of opts.devices) {
      if (!d.isKeyboard && !d.isPointer) continue;
      this.devices.set(d.path, {
        path: d.path, name: d.name, keyboard: d.isKeyboard, pointer: d.isPointer,
        state: d.error ? 'error' : 'reading', ...(d.errorMessage || d.error ? { error: d.errorMessage ?? d.error } : {}),
      });
    }
    opts.stats.countWordsFrom(() => opts.built.engine.wordsSeen);
  }

  get enabled(): boolean {
    return this.opts.built.engine.enabled;
  }

  setEnabled(on: boolean): void {
    const engine = this.opts.built.engine;
    if (engine.enabled === on) return;
    engine.setEnabled(on);
    this.opts.log(on ? 'corrections enabled' : 'corrections disabled');
  }

  /** An edit that reached the screen. */
  applied(edit: Edit): void {
    if (edit.kind === 'correction') {
      this.opts.stats.corrected(edit.source);
      return;
    }
    this.opts.stats.reverted(edit.source);
    this.maybeAutoIgnore(edit);
  }

  device(ev: DeviceEvent): void {
    const known = this.devices.get(ev.path);
    switch (ev.kind) {
      case 'added':
        if (ev.isKeyboard || ev.isPointer) {
          this.devices.set(ev.path, { path: ev.path, name: ev.name, keyboard: Boolean(ev.isKeyboard), pointer: Boolean(ev.isPointer), state: 'reading' });
        }
        break;
      case 'removed':
        this.devices.delete(ev.path);
        break;
      case 'grabbed':
      case 'ungrabbed':
        if (known) {
          known.state = ev.kind === 'grabbed' ? 'grabbed' : 'reading';
          delete known.error;
        }
        break;
      case 'error':
        if (known) {
          known.state = 'error';
          known.error = ev.message ?? ev.error ?? 'error';
        }
        break;
    }
  }

  /** Re-reads the user list and the ignore list; returns the problems in force. */
  reload(): string[] {
    reloadLists(this.opts.built);
    const problems = this.problems();
    for (const p of problems) this.opts.log(p);
    return problems;
  }

  status(): StatusData {
    const { engine, lists } = this.opts.built;
    return {
      pid: process.pid,
      enabled: engine.enabled,
      mode: this.opts.mode,
      uptimeSec: Math.round((Date.now() - this.started) / 1000),
      keyboards: [...this.devices.values()].filter((d) => d.keyboard && d.state !== 'error').map(({ name, path }) => ({ name, path })),
      lists: { user: lists.user.size, default: lists.defaults.size, ignored: engine.lists.ignored.size },
      userFile: lists.userPath,
      problems: this.problems(),
      autoIgnored: [...this.autoIgnored],
      layout: { name: this.opts.built.layout.layout, source: this.opts.built.layout.source },
      languages: { codes: [...this.opts.built.languages.languages], source: this.opts.built.languages.source, unsupported: [...this.opts.built.languages.unsupported] },
      subscribers: this.opts.subscribers?.() ?? 0,
      ...(this.opts.focus ? { focus: this.opts.focus.status() } : {}),
      ...(this.opts.session ? { session: this.opts.session() } : {}),
    };
  }

  stats(): StatsData {
    const { stats } = this.opts;
    const total = stats.total();
    const pauses = this.opts.focus ? Object.fromEntries(this.opts.focus.pauses) : undefined;
    return { since: stats.since, session: structuredClone(stats.session), total, ...(pauses ? { pauses } : {}) };
  }

  /** The control socket's entry point. */
  handle(req: Request): unknown {
    switch (req.cmd) {
      case 'ping':
        return { pid: process.pid } satisfies PingData;
      case 'status':
        return this.status();
      case 'enable':
      case 'disable':
      case 'toggle':
        this.setEnabled(req.cmd === 'toggle' ? !this.enabled : req.cmd === 'enable');
        return { enabled: this.enabled } satisfies EnabledData;
      case 'reload': {
        const problems = this.reload();
        const { lists, engine } = this.opts.built;
        return { problems, lists: { user: lists.user.size, default: lists.defaults.size, ignored: engine.lists.ignored.size } } satisfies ReloadData;
      }
      case 'stats':
        return this.stats();
      case 'devices':
        return { devices: [...this.devices.values()] } satisfies DevicesData;
      case 'subscribe':
        // The server keeps subscribing connections itself (it owns them).
        throw new CommandError('this daemon sends no events');
      case 'test-screen':
        if (!this.opts.testScreen) throw new CommandError("'test-screen' exists only for tests (AUTOCORRECTOR_TEST_HOOKS=1 and --input fake)");
        return this.opts.testScreen() satisfies TestScreenData;
      case 'test-focus': {
        if (!this.opts.testFocus) throw new CommandError("'test-focus' exists only for tests (AUTOCORRECTOR_TEST_HOOKS=1 and --input fake)");
        const role = String(req.args.role ?? 'unknown') as FocusRole;
        if (!FOCUS_ROLES.includes(role)) throw new CommandError(`role must be one of ${FOCUS_ROLES.join(', ')}`);
        const app = typeof req.args.app === 'string' ? req.args.app : null;
        this.opts.testFocus({ app, role, source: role === 'unknown' && app === null ? 'none' : 'atspi' });
        return this.opts.focus?.status() ?? null;
      }
    }
  }

  private problems(): string[] {
    return capProblems(problemsOf(this.opts.built));
  }

  private maybeAutoIgnore(edit: Edit): void {
    // The user's own list wins over the ignore list, so ignoring its typos would change nothing.
    if (edit.source === 'user') return;
    const engine = this.opts.built.engine;
    const key = edit.typed.toLowerCase();
    if ((engine.reverts.get(key) ?? 0) < this.autoIgnoreAfter || engine.lists.ignored.has(key)) return;
    // In force at once; the file follows (a failure is logged by kind, never with the word).
    this.opts.ignore.add(key).catch((err: unknown) => {
      this.opts.log(`cannot update the ignore list: ${(err as NodeJS.ErrnoException).code ?? 'the edit was refused'}`);
    });
    this.autoIgnored.push(key);
    engine.updateLists({ ignored: new Set([...engine.lists.ignored, key]) });
    // Counted, never named: the word itself stays out of the log.
    this.opts.log('a correction reverted twice was added to the ignore list (see `autocorrector status`)');
  }
}
