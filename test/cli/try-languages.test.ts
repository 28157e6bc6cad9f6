// `try` with languages: from --languages, config.toml or the locale. Runs the built CLI.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, '..', '..', 'dist', 'src', 'cli', 'main.js');
const emptyConfig = mkdtempSync(join(tmpdir(), 'ac-try-lang-'));
const run = (args: string[], input: string, env: NodeJS.ProcessEnv = {}, dir = emptyConfig) =>
  spawnSync(process.execPath, [CLI, 'try', '--config-dir', dir, ...args], { input, encoding: 'utf8', env: { ...process.env, ...env } });
const GERMAN = 'Das ist als ein Haus im Wald teh\n';

describe('try and languages', () => {
  it('the C locale means English: German words get "fixed" into English', () => {
    expect(run([], GERMAN).stdout).toBe("Das ist also in Haus I'm Wald the\n");
  });

  it('a German locale means German alone: German words stay, and so does an English typo', () => {
    const r = run([], GERMAN, { LANG: 'de_DE.UTF-8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(GERMAN);
  });

  it('--languages wins over the locale; config.toml over the locale too', () => {
    expect(run(['--languages', 'de'], GERMAN).stdout).toBe(GERMAN);
    const dir = mkdtempSync(join(tmpdir(), 'ac-try-lang-cfg-'));
    writeFileSync(join(dir, 'config.toml'), 'languages = ["de"]\n');
    expect(run([], GERMAN, {}, dir).stdout).toBe(GERMAN);
    expect(run(['--languages', 'en'], GERMAN, { LANG: 'de_DE.UTF-8' }, dir).stdout).toBe("Das ist also in Haus I'm Wald the\n");
  });

  it('German and English: an English sentence is corrected, a German one left alone', () => {
    expect(run(['--languages', 'de,en'], 'the cat is teh dog.\nwir haben das teh gesagt.\n').stdout).toBe('the cat is the dog.\nwir haben das teh gesagt.\n');
  });

  it('an unknown language is a usage error', () => {
    const r = run(['--languages', 'de,xx'], 'teh\n');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/--languages: "xx" is not a language autocorrector knows/);
  });
});
