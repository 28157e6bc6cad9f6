// What the visual tray checks share: the icon's colours, the tool check, the
// daemon and tray under test, and a record of the calls a host makes on the
// item and its menu (dbus-monitor on the private bus).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { CLI, TestDaemon, type Dirs } from '../daemon/harness.js';

/** The tray icon's "on" and "off" colours (src/tray's icons). */
export const GREEN: [number, number, number] = [0x2e, 0x9e, 0x44];
export const GREY: [number, number, number] = [0x7a, 0x7a, 0x7a];

/** Fails with how to install it when `cmd` is not on PATH. */
export function need(cmd: string, hint: string): void {
  if (spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0) throw new Error(`${cmd} is missing: ${hint}`);
}

/** A daemon with its own dirs, and `autocorrector tray` talking to it; stderr of the tray goes to `log`. */
export async function startDaemonAndTray(dirs: Dirs, log: (text: string) => void): Promise<{ daemon: TestDaemon; tray: ChildProcess }> {
  const daemon = await TestDaemon.start(dirs);
  const tray = spawn(process.execPath, [CLI, 'tray'], { env: dirs.env, stdio: ['ignore', 'ignore', 'pipe'] });
  tray.stderr!.setEncoding('utf8').on('data', log);
  return { daemon, tray };
}

/** One method call as dbus-monitor prints its header line. */
export interface Call { sender: string; destination: string; path: string; iface: string; member: string }
function parseCall(line: string): Call | undefined {
  const m = /^method call .* sender=(\S+) -> destination=(\S+) serial=\d+ path=([^;]+); interface=([^;]+); member=(\S+)/.exec(line);
  return m ? { sender: m[1], destination: m[2], path: m[3], iface: m[4], member: m[5] } : undefined;
}

/** Every method call on the item's and the menu's paths, whoever makes it, from now on. */
export function watchItemCalls(busAddress: string, log: (text: string) => void): { monitor: ChildProcess; calls: Call[] } {
  const calls: Call[] = [];
  const monitor = spawn('dbus-monitor', ['--address', busAddress, "type='method_call',path='/StatusNotifierItem'", "type='method_call',path='/MenuBar'"], { stdio: ['ignore', 'pipe', 'pipe'] });
  createInterface({ input: monitor.stdout! }).on('line', (line) => { const c = parseCall(line); if (c) calls.push(c); });
  monitor.stderr!.setEncoding('utf8').on('data', log);
  return { monitor, calls };
}
