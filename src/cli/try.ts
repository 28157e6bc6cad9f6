// `autocorrector try`: prints the text that would be on screen after typing
// the input with autocorrect on. It types the text as key events through the
// daemon's own engine and applies the edits to a stand-in application.
import { readFileSync } from 'node:fs';
import { setupEngine } from '../engine-setup.js';
import type { Engine } from '../engine/engine.js';
import type { Edit } from '../engine/types.js';
import { feedKey } from '../inject/edit-events.js';
import { TextScreen } from '../inject/text-screen.js';
import { typeText } from '../inject/typist.js';
import { commandLayout } from '../keymap/layout-source.js';
import { chooseLanguages, parseLanguagesSetting } from '../config/languages.js';
import { loadSettings } from '../config/settings.js';
import { configDir } from '../config/paths.js';
import { parseCommandArgs } from './args.js';
import { CliError, EXIT } from './errors.js';

const USAGE = `usage: autocorrector try [--explain] [--json] [--correction list|dictionary] [--layout L] [--languages de,en] [--config-dir DIR] [TEXT...]

Types TEXT (or standard input) through the correction engine and prints what
would be on screen. A newline is Enter.
  --explain         also list each correction (typed -> fix, the rule that made it and its margin)
  --correction M    "list" (lists only) or "dictionary" (also the dictionary
                    fallback); default: config.toml's \`correction\`, else "list"
  --json            print {"text", "corrections"} as JSON
  --layout L        type on keyboard layout L: de, fr, gb, us:dvorak (or us(dvorak));
                    default: config.toml's layout, else the system's
  --languages LIST  the languages words are checked in (en, de, fr, es);
                    default: config.toml's \`languages\`, else your locale's
  --config-dir DIR  read the user's corrections.toml from DIR`;

export interface TryResult {
  text: string;
  edits: Edit[];
}

/**
 * Runs text through an engine and a stand-in screen. `feed` is the daemon's
 * own step (feedKey); the evaluation wraps it to time decisions.
 */
export function typeThrough(input: string, engine: Engine, feed: typeof feedKey = feedKey): TryResult {
  const screen = new TextScreen(engine.keymap);
  const edits: Edit[] = [];
  for (const step of typeText(input, engine.keymap)) {
    if ('opaque' in step) {
      engine.opaque(step.opaque);
      screen.insert(step.opaque);
      continue;
    }
    const out = feed(engine, step);
    if (out !== null) {
      screen.apply(out.events);
      edits.push(out.edit);
    }
    screen.key(step.code, step.value);
  }
  return { text: screen.text, edits };
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    explain: { type: 'boolean' },
    json: { type: 'boolean' },
    'config-dir': { type: 'string' },
    layout: { type: 'string' },
    correction: { type: 'string' },
    languages: { type: 'string' },
  }, USAGE);
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return EXIT.ok;
  }
  const input = positionals.length > 0 ? positionals.join(' ') : readFileSync(0, 'utf8');
  const dir = values['config-dir'] as string | undefined;
  // config.toml gives the defaults (correction mode, layout); options win.
  const settings = loadSettings(configDir(dir)).settings;
  const correction = (values.correction as string | undefined) ?? settings.correction;
  if (correction !== 'list' && correction !== 'dictionary') {
    throw new CliError(`--correction must be list or dictionary, not '${correction}'`, EXIT.usage);
  }
  const layout = commandLayout(values.layout as string | undefined, settings);
  if (layout.warning) process.stderr.write(`autocorrector: ${layout.warning}\n`);
  // --languages, else config.toml's, else the locale's.
  let languages = chooseLanguages(settings.languages, process.env);
  if (values.languages !== undefined) {
    const r = parseLanguagesSetting((values.languages as string).split(',').map((l) => l.trim()).filter(Boolean));
    if ('error' in r) throw new CliError(`--languages: ${r.error}`, EXIT.usage);
    languages = { languages: r.languages, source: '--languages', unsupported: [] };
  }
  const setup = await setupEngine({ keymap: layout.keymap, configDir: dir, correction, languages });
  for (const p of setup.problems) process.stderr.write(`autocorrector: ${p}\n`);
  const result = typeThrough(input, setup.engine);

  if (values.json) {
    // A rule other than the plain list lookup says which (dictionary margins, the apostrophe rule).
    const corrections = result.edits.map((e) => ({ kind: e.kind, typed: e.typed, fix: e.fix, source: e.source, ...(e.explain && e.explain !== `${e.source} list` ? { explain: e.explain } : {}) }));
    process.stdout.write(JSON.stringify({ text: result.text, corrections }) + '\n');
    return EXIT.ok;
  }
  process.stdout.write(result.text);
  if (values.explain) {
    const out = process.stdout.isTTY ? process.stdout : process.stderr;
    if (!result.text.endsWith('\n')) process.stdout.write('\n');
    for (const e of result.edits) out.write(`${e.typed} -> ${e.fix} (${e.explain ?? `${e.source} list`})\n`);
    if (result.edits.length === 0) out.write('no corrections\n');
  }
  return EXIT.ok;
}
