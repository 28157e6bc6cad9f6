// Starts the focus follower for a running daemon and keeps it going: the
// accessibility bus may come up after the daemon (a user unit starts early)
// or restart, so a failed or lost follower is tried again, ever more rarely.
import { sessionBusAddress } from '../dbus/session-address.js';
import { followAtspi, type FocusFollower } from '../focus/atspi.js';
import { followSwayWindows, swaySocket, type WindowFollower } from '../focus/sway-ipc.js';
import { followX11ActiveWindow } from '../focus/x11-active.js';
import type { FocusGate } from './focus-gate.js';

const RETRY_MS = [5_000, 30_000, 120_000, 600_000];

export interface FocusFollowing {
  stop(): void;
}

export function followFocus(gate: FocusGate, log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): FocusFollowing {
  let follower: FocusFollower | null = null;
  let timer: NodeJS.Timeout | null = null;
  let tries = 0;
  let stopped = false;

  const retry = () => {
    if (stopped) return;
    timer = setTimeout(start, RETRY_MS[Math.min(tries, RETRY_MS.length - 1)]);
    timer.unref();
    tries++;
  };
  const start = () => {
    timer = null;
    const address = sessionBusAddress(env);
    if (address === null) {
      // No session bus will appear for a daemon started outside a desktop session.
      gate.following(null, 'no D-Bus session bus (not in a desktop session)');
      return;
    }
    followAtspi({
      sessionAddress: address,
      onFocus: (focus) => gate.seen(focus),
      onLost: (why) => {
        follower = null;
        gate.following(null, why);
        log(`focus: ${why}; trying again`);
        retry();
      },
    }).then((f) => {
      if (stopped) return f.stop();
      follower = f;
      tries = 0;
      gate.following('atspi');
      log('focus: following the accessibility bus (AT-SPI)');
    }, (err: Error) => {
      gate.following(null, err.message);
      if (tries === 0) log(`focus: ${err.message}; the focus is unknown (unknown_focus applies)`);
      retry();
    });
  };
  start();
  const windows = followWindows(gate, log, env);
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      follower?.stop();
      windows.stop();
    },
  };
}

/**
 * The compositor's focused window, where it tells: sway and i3 over their IPC;
 * an X11 session's window manager through _NET_ACTIVE_WINDOW. Not X11 under
 * Wayland: XWayland's property covers X11 windows only, and could name one
 * that no longer has the focus.
 */
function followWindows(gate: FocusGate, log: (line: string) => void, env: NodeJS.ProcessEnv): { stop(): void } {
  let follower: WindowFollower | null = null;
  let stopped = false;
  const lost = (why: string) => {
    follower = null;
    gate.windowFollowing(null);
    log(`focus: ${why}`);
  };
  const path = swaySocket(env);
  const wayland = Boolean(env.WAYLAND_DISPLAY) || env.XDG_SESSION_TYPE === 'wayland';
  const start = path !== null
    ? followSwayWindows(path, (app) => gate.windowSeen(app), lost).then((f) => ({ f, name: 'sway', how: 'sway IPC' }))
    : !wayland && env.DISPLAY
      ? followX11ActiveWindow(env, (app) => gate.windowSeen(app), lost).then((f) => ({ f, name: 'x11', how: 'X11 (_NET_ACTIVE_WINDOW)' }))
      : null;
  start?.then(({ f, name, how }) => {
    if (stopped) return f.stop();
    follower = f;
    gate.windowFollowing(name);
    log(`focus: following the focused window over ${how}`);
  }, (err: Error) => log(`focus: ${err.message}`));
  return {
    stop() {
      stopped = true;
      follower?.stop();
    },
  };
}
