// Shared body of `autocorrector setup` and `uninstall`: option handling, the
// root check and choosing a runner; the plans live in setup.ts.
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { CliError, EXIT } from '../cli/errors.js';
import { recordingRunner, systemRunner, type Runner } from './runner.js';
import {
  applyPlan, describeAction, systemSetupPlan, systemUninstallPlan, userSetupPlan, userUninstallPlan, type Action,
} from './setup.js';

export interface SetupCommandOptions {
  uninstall: boolean;
  user: boolean;
  dryRun: boolean;
  prefix?: string;
  forUser?: string;
  /** For tests: who we are and the environment (default: this process). */
  uid?: number;
  env?: NodeJS.ProcessEnv;
  runner?: Runner;
  out?: (line: string) => void;
}

const USER_RE = /^[A-Za-z_][A-Za-z0-9_.-]*\$?$/;

/** The account setup is for: --for, else the one that ran sudo, else ourselves. */
function targetUser(o: SetupCommandOptions, uid: number, env: NodeJS.ProcessEnv): string {
  const name = o.forUser ?? (env.SUDO_USER && env.SUDO_USER !== 'root' ? env.SUDO_USER : uid !== 0 ? userInfo().username : undefined);
  if (name === undefined) {
    throw new CliError('cannot tell which user should get access: run `sudo autocorrector setup` from your own account, or add --for USER', EXIT.usage);
  }
  if (!USER_RE.test(name)) throw new CliError(`'${name}' is not a user name`, EXIT.usage);
  return name;
}

export function runSetupCommand(o: SetupCommandOptions): number {
  const uid = o.uid ?? process.getuid?.() ?? 0;
  const env = o.env ?? process.env;
  const out = o.out ?? ((line: string) => process.stdout.write(line + '\n'));
  const prefix = o.prefix === undefined ? undefined : resolve(o.prefix);
  const sandboxed = o.dryRun || prefix !== undefined;
  const verb = o.uninstall ? 'uninstall' : 'setup';

  if (o.user) {
    if (uid === 0 && !sandboxed) {
      throw new CliError(`\`${verb} --user\` sets up your own login: run it as yourself, without sudo`);
    }
  } else if (uid !== 0 && !sandboxed) {
    throw new CliError(`\`${verb}\` changes system files (/etc/udev, /etc/modules-load.d, groups input and autocorrector): run it with sudo, e.g. \`sudo autocorrector ${verb}\` (or add --dry-run to see what it would do)`);
  }

  const runner = o.runner ?? (sandboxed ? recordingRunner() : systemRunner());
  let plan: Action[];
  if (o.user) plan = o.uninstall ? userUninstallPlan({ prefix, runner }) : userSetupPlan({ prefix, runner });
  else plan = o.uninstall ? systemUninstallPlan({ prefix, runner }) : systemSetupPlan(targetUser(o, uid, env), { prefix, runner });

  if (o.dryRun) {
    out(`dry run: nothing is changed${prefix ? ` (paths under ${prefix})` : ''}`);
    for (const a of plan) out(describeAction(a));
    return EXIT.ok;
  }
  const failures = applyPlan(plan, runner, out, { recordOnly: prefix !== undefined });
  if (failures > 0) {
    out(`${failures} step${failures > 1 ? 's' : ''} failed (see above); fix the cause and run \`${o.user ? '' : 'sudo '}autocorrector ${verb}${o.user ? ' --user' : ''}\` again`);
    return EXIT.error;
  }
  return EXIT.ok;
}

export const SETUP_OPTIONS = {
  user: { type: 'boolean' },
  'dry-run': { type: 'boolean', short: 'n' },
  prefix: { type: 'string' },
  for: { type: 'string' },
} as const;
