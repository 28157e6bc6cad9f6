// `autocorrector doctor`: checks each thing the daemon needs and, for each
// one missing, prints the exact command that fixes it. Every probe of the
// machine goes through DoctorEnv so tests can describe a machine.
import { accessSync, constants, existsSync, lstatSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { INPUT_GROUP, UINPUT_GROUP, groupMembers, userUnitPath } from './setup.js';

export interface Check {
  title: string;
  ok: boolean;
  /** What was found (never typed text). */
  detail?: string;
  /** Commands (or one instruction) that fix a failure, in order. */
  fix?: string[];
}

export interface KeyboardProbe {
  /** Keyboards found; `error` set when one cannot be opened. */
  keyboards: { name: string; path: string; error?: string }[];
  /** Why the native addon could not be used (then /dev/input was scanned by name). */
  fallback?: string;
}

/** The native addon: where it loaded from, or why it did not. */
export type AddonProbe =
  | { ok: true; kind: 'prebuild' | 'local build'; path: string }
  | { ok: false; why: string; fix: string };

export interface DoctorEnv {
  /** Root for /sys, /dev and /etc (tests). */
  fsRoot: string;
  user: string;
  /** Our uid: the socket must be ours. */
  uid: number;
  /** Running as root (default: uid 0). */
  isRoot?: boolean;
  /** The groups this session has now (process.getgroups()). */
  sessionGroups: number[];
  addon: () => AddonProbe | Promise<AddonProbe>;
  keyboards: () => KeyboardProbe | Promise<KeyboardProbe>;
  /** 'ok', 'not-running', or why talking to the daemon failed. */
  ping: () => Promise<string>;
  socket: string;
  unitPath?: string;
  /** logind's session id for us, or why there is none (the switch-user rule needs it). */
  session?: () => Promise<{ id: string } | { why: string }>;
}

function at(env: DoctorEnv, path: string): string {
  return env.fsRoot === '/' ? path : join(env.fsRoot, path);
}

function canAccess(path: string, mode: number): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
}

function groupGid(etcGroup: string, group: string): number | null {
  for (const line of etcGroup.split('\n')) {
    const f = line.split(':');
    if (f[0] === group && f.length >= 4) return Number(f[2]);
  }
  return null;
}

export const ADDON_TITLE = 'native addon (autocorrector_native) loads';

const RELOGIN = 'log out and back in (or, in one terminal, `newgrp input`)';

export async function runChecks(env: DoctorEnv): Promise<Check[]> {
  const checks: Check[] = [];
  const setupFix = 'sudo autocorrector setup';
  const root = env.isRoot ?? env.uid === 0;

  // 0. the native addon (reads the keyboards; without it nothing runs)
  const addon = await env.addon();
  checks.push(addon.ok
    ? { title: ADDON_TITLE, ok: true, detail: `${addon.kind}, ${addon.path}` }
    : { title: ADDON_TITLE, ok: false, detail: addon.why, fix: [addon.fix] });

  // 1. the module
  const uinputDev = at(env, '/dev/uinput');
  const loaded = existsSync(at(env, '/sys/module/uinput')) || existsSync(uinputDev);
  checks.push(loaded
    ? { title: 'uinput module loaded', ok: true }
    : { title: 'uinput module loaded', ok: false, detail: 'no /sys/module/uinput and no /dev/uinput', fix: ['sudo modprobe uinput', `${setupFix}   # also loads it at every boot`] });

  // 2. group membership, in /etc/group and in this session
  let etcGroup = '';
  try { etcGroup = readFileSync(at(env, '/etc/group'), 'utf8'); } catch { /* unreadable: treated as not a member */ }
  const gid = groupGid(etcGroup, INPUT_GROUP);
  const member = (groupMembers(etcGroup, INPUT_GROUP) ?? []).includes(env.user);
  const inSession = gid !== null && env.sessionGroups.includes(gid);
  if (root) {
    checks.push({ title: `group ${INPUT_GROUP}`, ok: true, detail: 'running as root (the daemon itself refuses root unless --allow-root)' });
  } else if (gid === null) {
    checks.push({ title: `group ${INPUT_GROUP}`, ok: false, detail: `there is no group ${INPUT_GROUP} on this system`, fix: [setupFix, RELOGIN] });
  } else if (!member && !inSession) {
    checks.push({ title: `${env.user} in group ${INPUT_GROUP}`, ok: false, fix: [`sudo usermod -aG ${INPUT_GROUP} ${env.user}   # or: ${setupFix}`, RELOGIN] });
  } else if (!inSession) {
    checks.push({ title: `${env.user} in group ${INPUT_GROUP}`, ok: false, detail: 'added, but this login session started before that', fix: [RELOGIN] });
  } else {
    checks.push({ title: `${env.user} in group ${INPUT_GROUP}`, ok: true, detail: 'this session has it' });
  }

  // 3. /dev/uinput writable
  if (!existsSync(uinputDev)) {
    checks.push({ title: '/dev/uinput writable', ok: false, detail: `${uinputDev} does not exist`, fix: ['sudo modprobe uinput', setupFix] });
  } else if (canAccess(uinputDev, constants.W_OK)) {
    checks.push({ title: '/dev/uinput writable', ok: true });
  } else {
    // /dev/uinput belongs to our own group (setup.ts): added but not in this session means log in again.
    const ourGid = groupGid(etcGroup, UINPUT_GROUP);
    const ours = (groupMembers(etcGroup, UINPUT_GROUP) ?? []).includes(env.user) && ourGid !== null && !env.sessionGroups.includes(ourGid);
    checks.push({ title: '/dev/uinput writable', ok: false, detail: 'permission denied', fix: ours ? [RELOGIN] : [setupFix, RELOGIN] });
  }

  // 4. evdev nodes readable
  const inputDir = at(env, '/dev/input');
  let events: string[] = [];
  try { events = readdirSync(inputDir).filter((n) => /^event\d+$/.test(n)).sort(); } catch { /* no /dev/input */ }
  const unreadable = events.filter((n) => !canAccess(join(inputDir, n), constants.R_OK));
  if (events.length === 0) {
    checks.push({ title: '/dev/input/event* readable', ok: false, detail: `no ${inputDir}/event* devices (a container or VM without input devices?)`, fix: ['run autocorrector on the machine the keyboard is attached to'] });
  } else if (unreadable.length > 0) {
    checks.push({
      title: '/dev/input/event* readable', ok: false,
      detail: `${unreadable.length} of ${events.length} not readable (${unreadable.slice(0, 3).join(', ')}${unreadable.length > 3 ? ', …' : ''})`,
      fix: member && !inSession ? [RELOGIN] : [`sudo usermod -aG ${INPUT_GROUP} ${env.user}   # or: ${setupFix}`, RELOGIN],
    });
  } else {
    checks.push({ title: '/dev/input/event* readable', ok: true, detail: `${events.length} devices` });
  }

  // 5. keyboards
  const kb = await env.keyboards();
  const usable = kb.keyboards.filter((k) => !k.error);
  const how = kb.fallback ? ` (by name in /dev/input; ${kb.fallback})` : '';
  if (usable.length > 0) {
    checks.push({ title: 'keyboards visible', ok: true, detail: `${usable.map((k) => k.name).join(', ')}${how}` });
  } else if (kb.keyboards.length > 0) {
    checks.push({ title: 'keyboards visible', ok: false, detail: `found ${kb.keyboards.length} but cannot open them (${kb.keyboards[0].error})`, fix: [setupFix, RELOGIN] });
  } else {
    checks.push({ title: 'keyboards visible', ok: false, detail: `none found${how}`, fix: ['plug in a keyboard, then check `ls -l /dev/input/by-id/`'] });
  }

  // 6. the daemon and its socket
  const unit = env.unitPath ?? userUnitPath();
  const startFix = existsSync(unit) ? 'systemctl --user start autocorrector' : 'autocorrector setup --user   # or run it yourself: autocorrector run';
  let sock: string | null = null;
  try {
    const st = lstatSync(env.socket);
    if (!st.isSocket()) sock = `${env.socket} is not a socket`;
    else if (st.uid !== env.uid) sock = `${env.socket} belongs to uid ${st.uid}`;
    else if ((st.mode & 0o077) !== 0) sock = `${env.socket} is open to other users (mode ${(st.mode & 0o777).toString(8)})`;
  } catch {
    sock = `no socket at ${env.socket}`;
  }
  const ping = await env.ping();
  if (ping === 'ok') checks.push({ title: 'daemon running', ok: true, detail: `answers on ${env.socket}` });
  else if (ping === 'not-running') checks.push({ title: 'daemon running', ok: false, detail: 'nothing answers on the control socket', fix: [startFix] });
  else checks.push({ title: 'daemon running', ok: false, detail: ping, fix: ['systemctl --user restart autocorrector   # or stop it and run `autocorrector run`'] });
  checks.push(sock === null
    ? { title: 'control socket', ok: true, detail: `${env.socket} (private)` }
    : { title: 'control socket', ok: false, detail: sock, fix: [startFix] });
  if (env.session) {
    // Not a failure: without logind the daemon works, it just keeps the keyboards across a user switch.
    const s = await env.session();
    checks.push('id' in s
      ? { title: 'login session followed (logind)', ok: true, detail: `session ${s.id}: the keyboards are let go while another user is in front` }
      : { title: 'login session followed (logind)', ok: true, detail: `not followed: ${s.why}; the keyboards stay grabbed when you switch users` });
  }
  return checks;
}

export function formatChecks(checks: readonly Check[]): string {
  const lines: string[] = [];
  for (const c of checks) {
    lines.push(`${c.ok ? '✓' : '✗'} ${c.title}${c.detail ? `: ${c.detail}` : ''}`);
    if (!c.ok) for (const f of c.fix ?? []) lines.push(`    fix: ${f}`);
  }
  const failed = checks.filter((c) => !c.ok).length;
  lines.push(failed === 0 ? 'All good.' : `${failed} problem${failed > 1 ? 's' : ''} found.`);
  return lines.join('\n') + '\n';
}

/**
 * Keyboards by udev's names (/dev/input/by-id|by-path/*-event-kbd), for when
 * the native addon is not built: no ioctl needed, only the links.
 */
export function keyboardsByName(root = '/'): KeyboardProbe['keyboards'] {
  const seen = new Map<string, { name: string; path: string; error?: string }>();
  for (const sub of ['by-id', 'by-path']) {
    const dir = join(root, 'dev', 'input', sub);
    let names: string[] = [];
    try { names = readdirSync(dir); } catch { continue; }
    for (const n of names.filter((x) => x.endsWith('-event-kbd')).sort()) {
      let target: string;
      try { target = realpathSync(join(dir, n)); } catch { continue; }
      if (!seen.has(target)) {
        seen.set(target, { name: n.replace(/-event-kbd$/, ''), path: target, ...(canAccess(target, constants.R_OK) ? {} : { error: 'EACCES' }) });
      }
    }
  }
  return [...seen.values()];
}
