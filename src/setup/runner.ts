// The one place setup, uninstall and doctor run other programs, so that
// --dry-run and --prefix can capture the commands instead of running them.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface RunResult {
  status: number;
  /** stdout and stderr together, trimmed (for error messages). */
  output: string;
}

export interface Runner {
  /** Runs argv; never throws (a missing program is status 127). */
  run(argv: readonly string[]): RunResult;
  /** Whether a program is installed (PATH, plus the sbin dirs sudo may leave out). */
  exists(program: string): boolean;
}

const SBIN = ['/usr/local/sbin', '/usr/sbin', '/sbin', '/usr/local/bin', '/usr/bin', '/bin'];

export function findProgram(program: string, path = process.env.PATH ?? ''): string | null {
  for (const dir of [...path.split(delimiter).filter(Boolean), ...SBIN]) {
    const p = join(dir, program);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return null;
}

/** Runs commands for real. */
export function systemRunner(): Runner {
  return {
    run(argv) {
      const exe = findProgram(argv[0]);
      if (exe === null) return { status: 127, output: `${argv[0]}: command not found` };
      const r = spawnSync(exe, argv.slice(1), { encoding: 'utf8', timeout: 60_000 });
      if (r.error) return { status: 1, output: r.error.message };
      return { status: r.status ?? 1, output: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
    },
    exists: (program) => findProgram(program) !== null,
  };
}

/**
 * Records commands instead of running them (--dry-run, --prefix, tests).
 * `exists` answers for the real machine unless told otherwise, so the plan
 * shown is the one a real run would follow.
 */
export function recordingRunner(exists: (program: string) => boolean = (p) => findProgram(p) !== null): Runner & { commands: string[][] } {
  const commands: string[][] = [];
  return {
    commands,
    run(argv) {
      commands.push([...argv]);
      return { status: 0, output: '' };
    },
    exists,
  };
}

/** argv as a shell line a user can copy. */
export function shellLine(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
