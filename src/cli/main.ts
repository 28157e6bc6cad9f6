#!/usr/bin/env node
// Entry point: one thin file per subcommand, loaded only when asked for so
// `try` does not pay for the daemon's modules and the reverse.
import { CliError, EXIT } from './errors.js';

const COMMANDS: Record<string, { summary: string; load: () => Promise<{ main(argv: string[]): Promise<number> }> }> = {
  run: { summary: 'the daemon: correct typos on every keyboard (evdev in, uinput out)', load: () => import('./run.js') },
  try: { summary: 'show what autocorrect does to some text (stdin or arguments)', load: () => import('./try.js') },
  status: { summary: 'is the daemon running and correcting; lists, keyboards, problems', load: () => import('./status.js') },
  enable: { summary: 'turn corrections on in the running daemon', load: () => import('./enable.js') },
  disable: { summary: 'turn corrections off (keys still pass through)', load: () => import('./disable.js') },
  toggle: { summary: 'turn corrections off if on, on if off', load: () => import('./toggle.js') },
  add: { summary: 'add TYPO FIX to your corrections', load: () => import('./add.js') },
  remove: { summary: 'remove TYPO from your corrections and the ignore list', load: () => import('./remove.js') },
  ignore: { summary: 'never correct WORD', load: () => import('./ignore.js') },
  list: { summary: 'print your corrections, the default list, the ignored or the learnt words', load: () => import('./list.js') },
  forget: { summary: 'forget a word the daemon learnt (list --learned)', load: () => import('./forget.js') },
  reload: { summary: 'make the daemon re-read your files now', load: () => import('./reload.js') },
  stats: { summary: 'counts of words seen, corrected and reverted', load: () => import('./stats.js') },
  devices: { summary: 'the keyboards and pointers the daemon reads', load: () => import('./devices.js') },
  setup: { summary: 'sudo: let your user run the daemon (udev rule, uinput, groups input and autocorrector); --user: systemd unit', load: () => import('./setup.js') },
  uninstall: { summary: 'reverse setup (sudo), or uninstall --user', load: () => import('./uninstall.js') },
  tray: { summary: 'a tray icon: on/off/not running, a menu, opt-in notifications', load: () => import('./tray.js') },
  doctor: { summary: 'check everything the daemon needs; print the fix for each problem', load: () => import('./doctor.js') },
};

function usage(): string {
  const lines = ['usage: autocorrector <command> [options]', '', 'commands:'];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(10)} ${c.summary}`);
  lines.push('', 'Run `autocorrector <command> --help` for a command\'s options.');
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS[name];
  if (!command) throw new CliError(`unknown command '${name}'\n${usage()}`, EXIT.usage);
  return (await command.load()).main(rest);
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    // Expected failures are explained in one message; anything else is a bug
    // and keeps its stack so it can be reported.
    if (err instanceof CliError) {
      process.stderr.write(`autocorrector: ${err.message}\n`);
      process.exitCode = err.exitCode;
    } else {
      process.stderr.write(`autocorrector: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exitCode = EXIT.error;
    }
  },
);
