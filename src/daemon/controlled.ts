// The daemon as `autocorrector run` starts it: claims the control socket
// first (one daemon per user), then starts the key path with the service
// and stats wired to it, and takes them down with it.
import { join } from 'node:path';
import { configDir, runtimeDir, stateDir } from '../config/paths.js';
import { AlreadyRunningError, CommandError, startControlServer, type ControlServer, type Handler } from '../control/server.js';
import { RuntimeDirError } from '../control/paths.js';
import type { DeviceEvent } from '../input/records.js';
import { LineDrivenKeyboard } from '../simulate/key-lines.js';
import { ignoreWord } from '../lists/edit.js';
import { watchConfigDir } from '../lists/watch.js';
import { reloadLearned } from '../engine-factory.js';
import { DaemonError, startDaemon, type Daemon, type DaemonOptions } from './daemon.js';
import { Service, type IgnoreStore } from './service.js';
import { Stats } from './stats.js';
import { CorrectionFeed } from './correction-feed.js';
import { DEFAULT_SETTINGS, loadSettings } from '../config/settings.js';

export interface ControlledOptions extends Omit<DaemonOptions, 'port' | 'hooks'> {
  /** Read keys from JSON lines on stdin instead of /dev/input (tests; needs testHooks). */
  fakeInput?: boolean;
}

function ignoreStore(dir: string): IgnoreStore {
  return { add: (word) => ignoreWord(dir, word) };
}

async function claimSocket(handler: Handler, feed: CorrectionFeed, log: (line: string) => void): Promise<ControlServer> {
  try {
    return await startControlServer({ dir: runtimeDir(), handler, log, events: { subscribers: feed.subscribers, subscribed: () => feed.subscribed() } });
  } catch (err) {
    if (err instanceof AlreadyRunningError || err instanceof RuntimeDirError) throw new DaemonError(err.message);
    throw err;
  }
}

export async function startControlledDaemon(opts: ControlledOptions): Promise<Daemon> {
  if (opts.fakeInput && !opts.testHooks) throw new DaemonError('--input fake is for tests only (AUTOCORRECTOR_TEST_HOOKS=1)');
  let service: Service | null = null;
  const dir = configDir(opts.configDir);
  // Device changes that come before the service exists are replayed into it.
  const early: DeviceEvent[] = [];
  const feed = new CorrectionFeed();
  feed.showFix = opts.settings.notifyShowFix;
  const server = await claimSocket((req) => {
    // Keys typed before the request reach the engine first (they wait in batches).
    if (service) {
      daemon.drain();
      return service.handle(req);
    }
    if (req.cmd === 'ping') return { pid: process.pid };
    throw new CommandError('the daemon is still starting; try again in a moment');
  }, feed, opts.log);

  const stats = new Stats({ path: join(stateDir(), 'stats.json'), log: opts.log });
  let fake: LineDrivenKeyboard | undefined;
  let daemon: Daemon;
  try {
    daemon = await startDaemon({
      ...opts,
      port: opts.fakeInput ? (built) => (fake = new LineDrivenKeyboard(built.engine.keymap, process.stdin, process.stdout)) : undefined,
      hooks: {
        applied: (edit) => {
          service?.applied(edit);
          feed.applied(edit);
        },
        device: (ev) => (service ? service.device(ev) : early.push(ev)),
        toggle: () => service?.setEnabled(!service.enabled),
      },
    });
  } catch (err) {
    stats.close();
    await server.close();
    throw err;
  }
  service = new Service({
    built: daemon.built,
    mode: opts.mode,
    stats,
    devices: daemon.devices,
    ignore: ignoreStore(dir),
    log: opts.log,
    testScreen: fake ? () => ({ text: fake!.screen.text, shortcuts: fake!.screen.shortcuts }) : undefined,
    subscribers: () => feed.subscribers.size,
  });
  for (const ev of early) service.device(ev);
  // Edits made in an editor (or by `add` while the daemon was busy) are in force within a second.
  const watcher = watchConfigDir(dir, (files) => {
    if (files.has('corrections.toml') || files.has('ignored.txt')) service?.reload();
    if (files.has('learned.txt')) reloadLearned(daemon.built);
    // The opt-in to words in events follows the file at once (the tray's menu writes it);
    // a broken file keeps the last good value.
    if (files.has('config.toml')) {
      const r = loadSettings(dir, { ...DEFAULT_SETTINGS, notifyShowFix: feed.showFix });
      feed.showFix = r.missing ? false : r.settings.notifyShowFix;
    }
  }, { onError: opts.log });

  const done = daemon.done.then(async (code) => {
    watcher.close();
    stats.close();
    await server.close();
    return code;
  });
  return { ...daemon, done };
}
