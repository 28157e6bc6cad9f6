// `autocorrector status`: is the daemon running, is it correcting, with what.
import type { FocusStatus, SessionStatus, StatusData } from '../control/replies.js';
import { LAYOUT_ORDER } from '../layout/layout-source.js';
import { askAndPrint } from './daemon-client.js';
import { describeLanguages, type Language } from '../config/languages.js';
import { EXIT } from './errors.js';

const USAGE = `usage: autocorrector status [--json]

Shows whether the daemon runs and corrects, its keyboards, the lists in
force, problems in your files (file:line) and words it learnt to ignore.
  --json  print the status as one JSON object
Exit status: 0 running, 1 error, 3 not running.`;

export function formatUptime(sec: number): string {
  const d = Math.floor(sec / 86400), h = Math.floor((sec % 86400) / 3600), m = Math.floor((sec % 3600) / 60), s = sec % 60;
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  return m > 0 ? `${m}m ${s}s` : `${s}s`;
}

/** Role and app only (never text); the rule in force says whether it corrects there. */
export function formatFocus(f: FocusStatus): string {
  const widget = f.follower === null ? `unknown (${f.why ?? 'not followed'})` : `${f.role}${f.app ? ` in ${f.app}` : ''} (via ${f.follower})`;
  const window = f.windows ? `; window: ${f.window ?? 'none'} (via ${f.windows})` : '';
  return `focus: ${widget}${window}; rule: ${f.rule}${f.correcting ? '' : ' (corrections paused here)'}`;
}

export function formatSession(s: SessionStatus): string {
  if (s.id === null) return `session: not followed (${s.why ?? 'no logind'}): keyboards stay grabbed when you switch users`;
  return `session: ${s.id}, ${s.active ? 'active' : 'inactive (keyboards let go)'}`;
}

export function formatStatus(s: StatusData): string {
  const lines = [
    `autocorrector is running (pid ${s.pid}, up ${formatUptime(s.uptimeSec)}, mode ${s.mode})`,
    `corrections: ${s.enabled ? 'on' : 'off'}`,
    s.keyboards.length === 0 ? 'keyboards: none yet (waiting for one)' : `keyboards: ${s.keyboards.map((k) => k.name).join(', ')}`,
    ...(s.layout ? [`layout: ${s.layout.name} (from ${s.layout.source}; looked for in ${LAYOUT_ORDER})`] : []),
    ...(s.languages ? [`languages: ${describeLanguages({ languages: s.languages.codes as Language[], source: s.languages.source, unsupported: s.languages.unsupported })}`] : []),
    `lists: ${s.lists.user} yours (${s.userFile}), ${s.lists.default} default, ${s.lists.ignored} ignored`,
    ...(s.focus ? [formatFocus(s.focus)] : []),
    ...(s.session ? [formatSession(s.session)] : []),
  ];
  if (s.problems.length > 0) lines.push('problems (the last good list stays in force):', ...s.problems.map((p) => `  ${p}`));
  if (s.autoIgnored.length > 0) {
    lines.push(`ignored after you reverted them twice: ${s.autoIgnored.join(', ')} (undo with \`autocorrector remove WORD\`)`);
  }
  return lines.join('\n') + '\n';
}

export async function main(argv: string[]): Promise<number> {
  await askAndPrint<StatusData>(argv, USAGE, 'status', formatStatus);
  return EXIT.ok;
}
