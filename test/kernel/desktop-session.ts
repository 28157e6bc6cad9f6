// Shared pieces of the desktop-session kernel tests (desktop.kernel.test.ts,
// focus.kernel.test.ts): is a session possible here, the shell prelude of a
// scenario, and the first scenario that brings a session up.
import { spawnSync } from 'node:child_process';
import type { KeyInput } from '../../src/engine/types.js';
import { keys } from '../support/keys.js';
import type { Scenario } from './scenario.js';
import { kernelAvailability } from './vm.js';

const TOOLS = ['sway', 'seatd', 'Xorg', 'setxkbmap', 'dbus-daemon', 'setpriv', 'udevadm', '/lib/systemd/systemd-udevd'];
const HINT = 'apt-get install sway seatd xserver-xorg-core xserver-xorg-input-libinput xserver-xorg-video-dummy x11-xkb-utils python3-gi gir1.2-gtk-3.0 gir1.2-vte-2.91 at-spi2-core dbus udev';

/** Null when a desktop session can run in the VM, else why not. */
export function desktopAvailability(): string | null {
  const kernel = kernelAvailability();
  if (kernel) return kernel;
  for (const tool of TOOLS) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return `${tool} is missing (${HINT})`;
  }
  const gtk = spawnSync('/usr/bin/python3', ['-c', "import gi; gi.require_version('Gtk', '3.0'); gi.require_version('Vte', '2.91'); from gi.repository import Gtk, Vte"]);
  if (gtk.status !== 0) return `GTK 3 or VTE for python3 is missing (${HINT})`;
  for (const f of ['/usr/lib/xorg/modules/drivers/dummy_drv.so', '/usr/lib/xorg/modules/input/libinput_drv.so']) {
    if (spawnSync('test', ['-e', f]).status !== 0) return `${f} is missing (${HINT})`;
  }
  return null;
}

export const onlyKeys = (notation: string): KeyInput[] => keys(notation).map((e) => {
  if (!('code' in e)) throw new Error('clicks are not keys');
  return e;
});

/** Shell lines that write `events` to $OUT/NAME.json. */
export const keyFile = (name: string, events: KeyInput[]) => `cat > "$OUT/${name}.json" <<'KEYS_JSON'\n${JSON.stringify(events)}\nKEYS_JSON`;

export const prelude = `. "$tools/daemon-lib.sh"; . "$tools/session-lib.sh"`;
/** Every scenario after the first: nothing to do when the session never came up. */
export const inSession = `${prelude}
[ -e "$SESSION/up" ] || { echo "no session (see the session scenario)" >&2; exit 1; }
. "$SESSION/state.sh"
scenario_t0=$(ms); trap 'echo $(( $(ms) - scenario_t0 )) > "$OUT/scenario-ms"; session_log_out' EXIT`;

/** Types `events` into the client NAME (default main) and keeps what it shows in $OUT/text.txt. */
export function typeInto(events: KeyInput[], client = 'main', settleS = 3): string {
  return `${keyFile('keys', events)}
client_clear ${client}
kb_play "$OUT/keys.json"
wait_settled ${client} ${settleS}
client_text ${client} > "$OUT/text.txt"
cp "$CLIENTS/${client}.keys" "$OUT/keys.txt"`;
}

/** A scenario that types `events` into the session's window and keeps what it shows. */
export function typed(name: string, events: KeyInput[], settleS = 3): Scenario {
  return { name, script: `${inSession}\n${typeInto(events, 'main', settleS)}` };
}

/**
 * The first scenario: udevd, the compositor, the session bus, the daemon as
 * the session user (config.toml `config`), the test keyboard, and the main
 * text view focused and warmed up; $SESSION/up once all is there.
 */
export function sessionStart(kind: 'wayland' | 'x11', config: string, corrections = ''): Scenario {
  return {
    name: 'session',
    script: `${prelude}
session_devices
session_${kind} us
session_bus
cat > "$SESSION/home/.config/autocorrector/corrections.toml" <<'TOML'
${corrections}TOML
chown "$SESSION_UID:$SESSION_UID" "$SESSION/home/.config/autocorrector/corrections.toml"
# The daemon and the window start side by side (both are slow under TCG).
session_daemon_start '${config}'
start_client main textview
session_daemon_wait
session_keyboard
wait_client main
${focusProbe('main')}
# A first sentence, as a user's first words after login: under a busy emulator the daemon's
# first keys take its JS long enough to let the keyboard go (stalled); the scenarios should
# not all start with that.
${keyFile('warmup', onlyKeys('"teh ok" enter'))}
kb_play "$OUT/warmup.json"
wait_settled main 2
client_clear main
mark warmed-up
touch "$SESSION/up"`,
  };
}

/** Shell lines: the window NAME takes the keyboard (see session-lib.sh's focus_probe). */
export function focusProbe(client: string): string {
  return `${keyFile('probe', onlyKeys('x'))}
${keyFile('esc', onlyKeys('esc'))}
focus_probe ${client} "$OUT/probe.json" "$OUT/esc.json"`;
}
