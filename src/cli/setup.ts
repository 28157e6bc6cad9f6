// `autocorrector setup`: give a normal user what the daemon needs (see src/setup/).
import { runSetupCommand, SETUP_OPTIONS } from '../setup/command.js';
import { parseCommandArgs } from './args.js';
import { CliError, EXIT } from './errors.js';

const USAGE = `usage: sudo autocorrector setup [--for USER] [--dry-run] [--prefix DIR]
       autocorrector setup --user [--dry-run] [--prefix DIR]

Without --user (as root): installs a udev rule giving /dev/uinput to group
autocorrector (created), loads uinput at boot and now, and adds you (the user
who ran sudo, or USER) to group input (every keyboard readable) and to group
autocorrector (virtual keyboards). Log out and back in afterwards.
  --user       install and start a systemd user unit running \`autocorrector run\`
  --dry-run    print what would change, change nothing
  --prefix DIR put system files under DIR and do not run commands (for tests)
  --for USER   the user to add to the groups (default: $SUDO_USER)
\`autocorrector uninstall\` reverses it.`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, SETUP_OPTIONS, USAGE);
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new CliError(`unexpected argument '${positionals[0]}'\n${USAGE}`, EXIT.usage);
  return runSetupCommand({
    uninstall: false,
    user: Boolean(values.user),
    dryRun: Boolean(values['dry-run']),
    prefix: values.prefix as string | undefined,
    forUser: values.for as string | undefined,
  });
}
