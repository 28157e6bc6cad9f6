// The daemon as `autocorrector run` starts it: claims the control socket
// first (one daemon per user), then starts the key path with the service
// and stats wired to it, and takes them down with it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { configDir, runtimeDir, stateDir } from '../config/paths.js';
import { AlreadyRunningError, CommandError, startControlServer, type ControlServer, type Handler } from '../control/server.js';
import { RuntimeDirError } from '../control/paths.js';
import type { DeviceEvent } from '../input/records.js';
import type { LineDrivenKeyboard } from '../simulate/key-lines.js';
import { ignoreWord } from '../lists/edit.js';
import { watchConfigDir } from '../lists/watch.js';
import { makePrivateDir } from '../files/private-dir.js';
import { reloadLearned } from '../engine-factory.js';
import { DaemonError, startDaemon, type Daemon, type DaemonOptions } from './daemon.js';
import { Service, type IgnoreStore } from './service.js';
import { Stats } from './stats.js';
import { CorrectionFeed } from './correction-feed.js';
import { StateFeed } from './state-feed.js';
import { DEFAULT_SETTINGS, loadSettings } from '../config/settings.js';
import { FocusGate } from './focus-gate.js';
import { followFocus } from './focus-follow.js';
import { followLoginSession } from './session-follow.js';

export interface ControlledOptions extends Omit<DaemonOptions, 'port' | 'hooks'> {
  /** Read keys from JSON lines on stdin instead of /dev/input (tests; needs testHooks). */
  fakeInput?: boolean;
}

function ignoreStore(dir: string): IgnoreStore {
  return { add: (word) => ignoreWord(dir, word) };
}

async function claimSocket(handler: Handler, feed: CorrectionFeed, state: StateFeed, log: (line: string) => void): Promise<ControlServer> {
  try {
    return await startControlServer({ dir: runtimeDir(), handler, log, events: { subscribers: feed.subscribers, subscribed: () => feed.subscribed(), state } });
  } catch (err) {
    if (err instanceof AlreadyRunningError || err instanceof RuntimeDirError) throw new DaemonError(err.message);
    throw err;
  }
}

export async function startControlledDaemon(opts: ControlledOptions): Promise<Daemon> {
  if (opts.fakeInput && !opts.testHooks) throw new DaemonError('--input fake is for tests only (AUTOCORRECTOR_TEST_HOOKS=1)');
  // The test-only key source (and node:readline) is loaded only when asked for.
  const lines = opts.fakeInput ? await import('../simulate/key-lines.js') : null;
  let service: Service | null = null;
  const dir = configDir(opts.configDir);
  // Device changes that come before the service exists are replayed into it.
  const early: DeviceEvent[] = [];
  const feed = new CorrectionFeed();
  feed.showFix = opts.settings.notifyShowFix;
  // The tray follows the status from here; anything that may change it pokes.
  const state = new StateFeed(() => service?.status() ?? null);
  const server = await claimSocket((req) => {
    // Keys typed before the request reach the engine first (they wait in batches).
    if (service) {
      daemon.drain();
      const reply = service.handle(req);
      state.poke();
      return reply;
    }
    if (req.cmd === 'ping') return { pid: process.pid };
    throw new CommandError('the daemon is still starting; try again in a moment');
  }, feed, state, opts.log);

  const stats = new Stats({ path: join(stateDir(), 'stats.json'), log: opts.log });
  let fake: LineDrivenKeyboard | undefined;
  let daemon: Daemon;
  try {
    daemon = await startDaemon({
      ...opts,
      port: lines ? (built) => (fake = new lines.LineDrivenKeyboard(built.engine.keymap, process.stdin, process.stdout)) : undefined,
      hooks: {
        applied: (edit) => {
          service?.applied(edit);
          feed.applied(edit);
          if (edit.kind !== 'correction') state.poke(); // a revert may add to the ignore list
        },
        device: (ev) => {
          if (service) service.device(ev);
          else early.push(ev);
          state.poke();
        },
        toggle: () => {
          service?.setEnabled(!service.enabled);
          state.poke();
        },
      },
    });
  } catch (err) {
    stats.close();
    await server.close();
    throw err;
  }
  // Where the focus is decides where corrections act (a password field: never).
  const gate = new FocusGate(daemon.built.engine, {
    settings: opts.settings.focus, log: opts.log, verbose: opts.verbose, debug: opts.debugKeys,
    // The tray's tooltip says when a rule pauses corrections.
    changed: () => state.poke(),
    // Keys typed before the focus moved are decided by the rule of where they were typed.
    drain: () => daemon.drain(),
  });
  // The fake key source has no desktop: tests set its focus with `test-focus`.
  const following = fake ? null : followFocus(gate, opts.log);
  if (fake) gate.following('test');
  // The fake key source has no keyboards to let go of.
  const session = fake ? null : followLoginSession(daemon, opts.log);
  service = new Service({
    built: daemon.built,
    mode: opts.mode,
    stats,
    devices: daemon.devices,
    ignore: ignoreStore(dir),
    log: opts.log,
    testScreen: fake ? () => ({ text: fake!.screen.text, shortcuts: fake!.screen.shortcuts }) : undefined,
    subscribers: () => feed.subscribers.size,
    focus: gate,
    session: session ? () => session.status() : undefined,
    testFocus: fake ? (focus) => gate.seen(focus) : undefined,
  });
  for (const ev of early) service.device(ev);
  let lastFocusSettings = opts.settings.focus;
  state.poke();
  // Edits made in an editor (or by `add` while the daemon was busy) are in force within a second.
  // A missing directory is made first: the watcher would look for it twice a second.
  try { if (!existsSync(dir)) makePrivateDir(dir); } catch { /* then it does look */ }
  const watcher = watchConfigDir(dir, (files) => {
    if (files.has('corrections.toml') || files.has('ignored.txt')) service?.reload();
    if (files.has('learned.txt')) reloadLearned(daemon.built);
    // The opt-in to words in events follows the file at once (the tray's menu writes it);
    // a broken file keeps the last good value.
    // So do where it corrects (terminals, [apps], unknown_focus).
    if (files.has('config.toml')) {
      const r = loadSettings(dir, { ...DEFAULT_SETTINGS, notifyShowFix: feed.showFix, focus: lastFocusSettings });
      feed.showFix = r.missing ? false : r.settings.notifyShowFix;
      lastFocusSettings = r.missing ? DEFAULT_SETTINGS.focus : r.settings.focus;
      gate.setSettings(lastFocusSettings);
    }
    state.poke();
  }, { onError: opts.log });

  const done = daemon.done.then(async (code) => {
    following?.stop();
    session?.stop();
    watcher.close();
    stats.close();
    await server.close();
    return code;
  });
  return { ...daemon, done };
}
