// `autocorrector uninstall`: reverses `setup` (see src/setup/).
import { runSetupCommand, SETUP_OPTIONS } from '../setup/command.js';
import { parseCommandArgs } from './args.js';
import { CliError, EXIT } from './errors.js';

const USAGE = `usage: sudo autocorrector uninstall [--dry-run] [--prefix DIR]
       autocorrector uninstall --user [--dry-run] [--prefix DIR]

Without --user (as root): removes the udev rule, the boot-time module entry
and group autocorrector, and takes out of group input the users \`setup\`
added (not those who were in it before).
  --user       stop, disable and remove the systemd user unit
  --dry-run    print what would change, change nothing
  --prefix DIR system files are under DIR; commands are not run (for tests)`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, SETUP_OPTIONS, USAGE);
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new CliError(`unexpected argument '${positionals[0]}'\n${USAGE}`, EXIT.usage);
  if (values.for !== undefined) throw new CliError('--for is for setup only', EXIT.usage);
  return runSetupCommand({
    uninstall: true,
    user: Boolean(values.user),
    dryRun: Boolean(values['dry-run']),
    prefix: values.prefix as string | undefined,
  });
}
