// `autocorrector run`: the daemon in the foreground (systemd or a terminal).
import { DaemonError } from '../daemon/daemon.js';
import { startControlledDaemon } from '../daemon/controlled.js';
import { configDir } from '../config/paths.js';
import { loadSettings } from '../config/settings.js';
import { formatError } from '../text/line-error.js';
import { parseCommandArgs } from './args.js';
import { CliError, EXIT } from './errors.js';

const USAGE = `usage: autocorrector run [--mode grab|snoop] [--device PATH|NAME]... [--config-dir DIR] [--verbose] [--debug-keys]

Reads every keyboard (evdev) and corrects typos through a virtual keyboard.
  --mode grab    (default) keyboards are grabbed; a correction is typed before
                 the key that ended the word, so nothing interleaves with it
  --mode snoop   keyboards are only read; a correction follows the key, and is
                 dropped if you typed on meanwhile
  --device X     only this keyboard (event node path or exact name); repeatable
  --config-dir   where corrections.toml and config.toml live (default $XDG_CONFIG_HOME/autocorrector)
  --verbose      log devices and counts (never typed text)
  --debug-keys   print typed words and fixes to the terminal (not to logs)
  --allow-root   run even as root (not advised; see: sudo autocorrector setup)
Settings (mode, toggle_hotkey, idle_reset_seconds, correction, layout, languages) come from config.toml.
Panic: hold Backspace+Escape+Enter to release every keyboard and exit.`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    mode: { type: 'string' },
    device: { type: 'string', multiple: true },
    'config-dir': { type: 'string' },
    verbose: { type: 'boolean', short: 'v' },
    'debug-keys': { type: 'boolean' },
    'allow-root': { type: 'boolean' },
    // Not in the usage: `--input fake` (keys from stdin) exists for tests only.
    input: { type: 'string', default: 'native' },
  }, USAGE);
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new CliError(`unexpected argument '${positionals[0]}'\n${USAGE}`, EXIT.usage);
  const log = (line: string) => process.stderr.write(`autocorrector: ${line}\n`);
  // config.toml gives the defaults; options on the command line win.
  const loaded = loadSettings(configDir(values['config-dir'] as string | undefined));
  for (const e of [...loaded.errors, ...loaded.warnings]) log(formatError(e));
  const settings = loaded.settings;
  const mode = (values.mode as string | undefined) ?? settings.mode;
  if (mode !== 'grab' && mode !== 'snoop') throw new CliError(`--mode must be grab or snoop, not '${mode}'`, EXIT.usage);

  // Root: a bug in a daemon that grabs every keyboard should not also hold
  // root's powers; `sudo autocorrector setup` gives a normal user the access.
  if (process.getuid?.() === 0 && values.input === 'native' && !values['allow-root']) {
    throw new CliError('refusing to run as root: the daemon reads and grabs every keyboard, and as root a bug in it could do far more harm. '
      + 'Run `sudo autocorrector setup` once (then log out and in) and start it as yourself, or pass --allow-root if you really mean it', EXIT.usage);
  }

  const debugKeys = Boolean(values['debug-keys']);
  // Typed text may reach only a terminal a person watches, never a journal or a file.
  if (debugKeys && !process.stderr.isTTY) {
    throw new CliError('--debug-keys prints typed text and is allowed only when stderr is a terminal', EXIT.usage);
  }
  let daemon;
  try {
    if (values.input !== 'native' && values.input !== 'fake') throw new CliError(`--input must be native or fake, not '${values.input}'`, EXIT.usage);
    daemon = await startControlledDaemon({
      fakeInput: values.input === 'fake',
      mode,
      configDir: values['config-dir'] as string | undefined,
      devices: values.device as string[] | undefined,
      verbose: Boolean(values.verbose),
      debugKeys,
      testHooks: process.env.AUTOCORRECTOR_TEST_HOOKS === '1',
      settings,
      log,
    });
  } catch (err) {
    if (err instanceof DaemonError) throw new CliError(err.message);
    throw err;
  }
  const quit = () => daemon.stop();
  process.on('SIGTERM', quit);
  process.on('SIGINT', quit);
  process.on('SIGHUP', quit);
  return daemon.done;
}
