// `autocorrector setup` / `uninstall`: what a normal user needs to run the
// daemon without root, as a plan of actions (files to write or remove,
// commands to run) that is either printed (--dry-run) or applied. --prefix
// puts every system path under a directory and only records the commands, so
// tests can exercise it in a sandbox.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../files/atomic-write.js';
import { packageRoot } from '../lists/load.js';
import { shellLine, type Runner } from './runner.js';
import { DAEMON_ENV, DAEMON_NODE_FLAGS } from './node-options.js';

export const INPUT_GROUP = 'input';
// /dev/uinput goes to a group of our own, not to input: every member of input
// may read every keyboard, but typing into any session through a virtual
// keyboard is a second power, given only to the users setup adds here.
export const UINPUT_GROUP = 'autocorrector';
export const UDEV_RULE_PATH = '/etc/udev/rules.d/70-autocorrector-uinput.rules';
export const MODULES_LOAD_PATH = '/etc/modules-load.d/autocorrector.conf';
// Which users setup added to the group, so uninstall removes only those
// (a user who was in `input` before keeps it).
export const ADDED_USERS_PATH = '/var/lib/autocorrector/added-to-input-group';
export const UNIT_NAME = 'autocorrector.service';

export const UDEV_RULE = `# Installed by \`autocorrector setup\`; \`autocorrector uninstall\` removes it.
# Members of group ${UINPUT_GROUP} may create virtual keyboards (/dev/uinput),
# which autocorrector types its corrections through, without being root.
# (Reading keyboards needs group ${INPUT_GROUP}; typing is kept apart from it.)
# static_node: the rule also applies to the /dev/uinput node that exists
# before the module is loaded.
KERNEL=="uinput", SUBSYSTEM=="misc", MODE="0660", GROUP="${UINPUT_GROUP}", OPTIONS+="static_node=uinput"
`;

export const MODULES_LOAD = `# Installed by \`autocorrector setup\`: load uinput (virtual keyboards) at boot.
uinput
`;

export class SetupError extends Error {}

export type Action =
  | { kind: 'write'; path: string; content: string; mode: number }
  | { kind: 'remove'; path: string; /** a directory, removed only if empty */ emptyDir?: boolean }
  | { kind: 'run'; argv: string[] }
  | { kind: 'note'; text: string };

export interface SetupOptions {
  /** Root for every system path ('' or '/' = the real one). */
  prefix?: string;
  runner: Runner;
}

function under(prefix: string | undefined, path: string): string {
  return prefix && prefix !== '/' ? join(prefix, path) : path;
}

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

/** Members of `group` per an /etc/group text; null when the group is not there. */
export function groupMembers(etcGroup: string, group: string): string[] | null {
  for (const line of etcGroup.split('\n')) {
    const f = line.split(':');
    if (f.length >= 4 && f[0] === group) return f[3].split(',').map((s) => s.trim()).filter(Boolean);
  }
  return null;
}

/** /etc/group: the prefix's when it has one, else the machine's (whose users setup is for). */
function etcGroupText(prefix: string | undefined): string {
  const p = under(prefix, '/etc/group');
  return existsSync(p) ? readOr(p, '') : readOr('/etc/group', '');
}

/** The plan for `sudo autocorrector setup`. `user` joins the input group (reading) and ours (typing). */
export function systemSetupPlan(user: string, opts: SetupOptions): Action[] {
  const { prefix, runner } = opts;
  const actions: Action[] = [
    { kind: 'write', path: under(prefix, UDEV_RULE_PATH), content: UDEV_RULE, mode: 0o644 },
    { kind: 'write', path: under(prefix, MODULES_LOAD_PATH), content: MODULES_LOAD, mode: 0o644 },
    { kind: 'run', argv: ['modprobe', 'uinput'] },
  ];
  const etcGroup = etcGroupText(prefix);
  const members = groupMembers(etcGroup, INPUT_GROUP);
  const ours = groupMembers(etcGroup, UINPUT_GROUP);
  if (members === null) actions.push({ kind: 'run', argv: ['groupadd', '--system', INPUT_GROUP] });
  if (ours === null) actions.push({ kind: 'run', argv: ['groupadd', '--system', UINPUT_GROUP] });
  if (runner.exists('udevadm')) {
    actions.push(
      { kind: 'run', argv: ['udevadm', 'control', '--reload'] },
      // Only uinput: re-triggering every device would replay all of them.
      { kind: 'run', argv: ['udevadm', 'trigger', '--sysname-match=uinput'] },
    );
  } else {
    actions.push(
      { kind: 'note', text: 'udevadm not found: giving the existing /dev/uinput its group directly' },
      { kind: 'run', argv: ['chgrp', UINPUT_GROUP, '/dev/uinput'] },
      { kind: 'run', argv: ['chmod', '0660', '/dev/uinput'] },
    );
  }
  if (members?.includes(user)) {
    actions.push({ kind: 'note', text: `${user} is already in group ${INPUT_GROUP}` });
  } else {
    actions.push({ kind: 'run', argv: ['usermod', '-aG', INPUT_GROUP, user] });
    const addedPath = under(prefix, ADDED_USERS_PATH);
    const added = readOr(addedPath, '').split('\n').filter(Boolean);
    if (!added.includes(user)) {
      actions.push({ kind: 'write', path: addedPath, content: [...added, user].join('\n') + '\n', mode: 0o644 });
    }
  }
  if (ours?.includes(user)) actions.push({ kind: 'note', text: `${user} is already in group ${UINPUT_GROUP}` });
  else actions.push({ kind: 'run', argv: ['usermod', '-aG', UINPUT_GROUP, user] });
  actions.push({
    kind: 'note',
    text: `log out and back in (or reboot) so ${user}'s membership of groups ${INPUT_GROUP} and ${UINPUT_GROUP} takes effect; then \`autocorrector doctor\` checks everything`,
  });
  return actions;
}

/** The plan for `sudo autocorrector uninstall`. */
export function systemUninstallPlan(opts: SetupOptions): Action[] {
  const { prefix, runner } = opts;
  const actions: Action[] = [];
  for (const p of [UDEV_RULE_PATH, MODULES_LOAD_PATH]) {
    if (existsSync(under(prefix, p))) actions.push({ kind: 'remove', path: under(prefix, p) });
  }
  if (actions.length > 0 && runner.exists('udevadm')) actions.push({ kind: 'run', argv: ['udevadm', 'control', '--reload'] });
  const addedPath = under(prefix, ADDED_USERS_PATH);
  const members = groupMembers(etcGroupText(prefix), INPUT_GROUP) ?? [];
  for (const user of readOr(addedPath, '').split('\n').filter(Boolean)) {
    if (members.includes(user)) actions.push({ kind: 'run', argv: ['gpasswd', '-d', user, INPUT_GROUP] });
  }
  if (existsSync(addedPath)) actions.push({ kind: 'remove', path: addedPath }, { kind: 'remove', path: dirname(addedPath), emptyDir: true });
  // Our group exists only for the rule: it goes, and its members with it.
  if (groupMembers(etcGroupText(prefix), UINPUT_GROUP) !== null) actions.push({ kind: 'run', argv: ['groupdel', UINPUT_GROUP] });
  actions.push({ kind: 'note', text: 'the uinput module stays loaded until reboot (other programs may use it); group input is kept' });
  return actions;
}

/** `~/.config/systemd/user/autocorrector.service` (XDG_CONFIG_HOME honoured). */
export function userUnitPath(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  const xdg = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(xdg, 'systemd', 'user', UNIT_NAME);
}

// systemd's quoting for ExecStart: `%` is a specifier, quotes and
// backslashes are escaped inside double quotes.
function unitArg(arg: string): string {
  const s = arg.replace(/%/g, '%%');
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The daemon's entry point in this installation (the bundled CLI, package.json "bin"). */
export function cliPath(): string {
  return join(packageRoot(), 'dist', 'bundle', 'main.js');
}

/** The status the native side exits with after the panic chord (native/reader.cc kPanicExitCode). */
export const PANIC_EXIT_STATUS = 3;

export function userUnit(node = process.execPath, cli = cliPath()): string {
  return `# Installed by \`autocorrector setup --user\`; \`autocorrector uninstall --user\` removes it.
[Unit]
Description=autocorrector: phone-style autocorrect on every keyboard
After=graphical-session.target

[Service]
ExecStart=${[node, ...DAEMON_NODE_FLAGS, cli, 'run'].map(unitArg).join(' ')}
${Object.entries(DAEMON_ENV).map(([k, v]) => `Environment=${k}=${v}\n`).join('')}Restart=on-failure
RestartSec=3
# Sandboxing that works in a user unit without user namespaces (the daemon
# must still read /dev/input, write /dev/uinput and its config, state and
# runtime dirs). A core dump would hold typed text; files it creates are
# private; it talks over local sockets only (its control socket, the bus).
NoNewPrivileges=yes
LimitCORE=0
UMask=0077
RestrictAddressFamilies=AF_UNIX
RestrictNamespaces=yes
RestrictRealtime=yes
RestrictSUIDSGID=yes
LockPersonality=yes
SystemCallArchitectures=native
# The panic chord (Backspace+Escape+Enter) ends the daemon with status 3 when
# it cannot exit by itself: the user wanted it gone, so no restart.
RestartPreventExitStatus=${PANIC_EXIT_STATUS}

[Install]
WantedBy=default.target
`;
}

export interface UserPlanOptions extends SetupOptions {
  unitPath?: string;
  unitText?: string;
  autostartPath?: string;
}

export const TRAY_AUTOSTART = 'autocorrector-tray.desktop';

/** `~/.config/autostart/autocorrector-tray.desktop`: desktops start the tray at login (XDG autostart). */
export function trayAutostartPath(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  const xdg = env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(xdg, 'autostart', TRAY_AUTOSTART);
}

// The Desktop Entry spec's Exec quoting: `%` starts a field code; inside
// double quotes ", `, $ and \ are escaped.
function execArg(arg: string): string {
  const s = arg.replace(/%/g, '%%');
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  // Then the whole value is a string, whose own escaping doubles each backslash.
  return `"${s.replace(/(["`$\\])/g, '\\$1')}"`.replace(/\\/g, '\\\\');
}

export function trayDesktopEntry(node = process.execPath, cli = cliPath()): string {
  return `# Installed by \`autocorrector setup --user\`; \`autocorrector uninstall --user\` removes it.
[Desktop Entry]
Type=Application
Name=Autocorrector tray
Comment=Tray icon for autocorrector: on/off, menu, notifications
Exec=${[node, cli, 'tray'].map(execArg).join(' ')}
Icon=tools-check-spelling
Terminal=false
NoDisplay=true
X-GNOME-Autostart-enabled=true
`;
}

/** The plan for `autocorrector setup --user`. */
export function userSetupPlan(opts: UserPlanOptions): Action[] {
  const path = under(opts.prefix, opts.unitPath ?? userUnitPath());
  const actions: Action[] = [{ kind: 'write', path, content: opts.unitText ?? userUnit(), mode: 0o600 }];
  if (opts.runner.exists('systemctl')) {
    actions.push(
      { kind: 'run', argv: ['systemctl', '--user', 'daemon-reload'] },
      { kind: 'run', argv: ['systemctl', '--user', 'enable', '--now', UNIT_NAME] },
    );
  } else {
    actions.push({ kind: 'note', text: 'systemctl not found: start `autocorrector run` from your desktop\'s autostart instead' });
  }
  actions.push(
    { kind: 'write', path: under(opts.prefix, opts.autostartPath ?? trayAutostartPath()), content: trayDesktopEntry(), mode: 0o600 },
    { kind: 'note', text: 'the tray icon starts at your next login (now: `autocorrector tray &`)' },
  );
  return actions;
}

/** The plan for `autocorrector uninstall --user`. */
export function userUninstallPlan(opts: UserPlanOptions): Action[] {
  const path = under(opts.prefix, opts.unitPath ?? userUnitPath());
  const autostart = under(opts.prefix, opts.autostartPath ?? trayAutostartPath());
  const actions: Action[] = [];
  if (existsSync(autostart)) actions.push({ kind: 'remove', path: autostart });
  if (!existsSync(path)) return [...actions, { kind: 'note', text: `no user unit at ${path}; nothing to do` }];
  const hasSystemctl = opts.runner.exists('systemctl');
  if (hasSystemctl) actions.push({ kind: 'run', argv: ['systemctl', '--user', 'disable', '--now', UNIT_NAME] });
  actions.push({ kind: 'remove', path });
  if (hasSystemctl) actions.push({ kind: 'run', argv: ['systemctl', '--user', 'daemon-reload'] });
  return actions;
}

function indent(text: string): string {
  return text.replace(/\n$/, '').split('\n').map((l) => `    ${l}`).join('\n');
}

/** What a dry run prints for an action. */
export function describeAction(a: Action): string {
  switch (a.kind) {
    case 'write': return `would write ${a.path} (mode ${a.mode.toString(8)}):\n${indent(a.content)}`;
    case 'remove': return `would remove ${a.path}${a.emptyDir ? ' (if empty)' : ''}`;
    case 'run': return `would run: ${shellLine(a.argv)}`;
    case 'note': return `note: ${a.text}`;
  }
}

/**
 * Carries out the plan, printing each change. A failing command is reported
 * and the rest still runs (one missing tool should not leave the user with
 * nothing); returns how many steps failed.
 */
export function applyPlan(actions: readonly Action[], runner: Runner, out: (line: string) => void, opts: { recordOnly?: boolean } = {}): number {
  let failures = 0;
  for (const a of actions) {
    switch (a.kind) {
      case 'write': {
        if (readOr(a.path, '\u0000') === a.content) {
          out(`unchanged ${a.path}`);
          break;
        }
        try {
          // A private file's new directories are private too (the user unit's); system ones stay 0755.
          mkdirSync(dirname(a.path), { recursive: true, mode: (a.mode & 0o044) !== 0 ? 0o755 : 0o700 });
          writeFileAtomic(a.path, a.content, a.mode);
          out(`wrote ${a.path}`);
        } catch (err) {
          failures++;
          // writeFileAtomic's messages already start with the path
          out(`FAILED to write ${a.path}: ${(err as Error).message.replace(`${a.path}: `, '')}`);
        }
        break;
      }
      case 'remove':
        try {
          if (a.emptyDir) {
            if (!existsSync(a.path) || readdirSync(a.path).length > 0) break;
            rmdirSync(a.path);
          } else {
            rmSync(a.path, { force: true });
          }
          out(`removed ${a.path}`);
        } catch (err) {
          failures++;
          out(`FAILED to remove ${a.path}: ${(err as Error).message}`);
        }
        break;
      case 'run': {
        const r = runner.run(a.argv);
        if (opts.recordOnly) out(`not run (--prefix): ${shellLine(a.argv)}`);
        else if (r.status === 0) out(`ran: ${shellLine(a.argv)}`);
        else {
          failures++;
          out(`FAILED (exit ${r.status}): ${shellLine(a.argv)}${r.output ? `\n${indent(r.output)}` : ''}`);
        }
        break;
      }
      case 'note':
        out(a.text);
        break;
    }
  }
  return failures;
}
