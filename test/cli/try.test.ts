import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The built CLI, as a user runs it (npm test builds first).
const CLI = join(import.meta.dirname, '..', '..', 'dist', 'src', 'cli', 'main.js');
const emptyConfig = mkdtempSync(join(tmpdir(), 'autocorrector-try-'));

function tryText(input: string, ...args: string[]): string {
  return execFileSync(process.execPath, [CLI, 'try', '--config-dir', emptyConfig, ...args], { input, encoding: 'utf8' });
}

describe('autocorrector try', () => {
  it('corrects the example sentence', () => {
    expect(tryText('I recieve teh mail, adn thier dog.\n')).toBe('I receive the mail, and their dog.\n');
  });
  it('keeps non-plain tokens, preserves case', () => {
    expect(tryText('Teh TEH teh2 iPhone http://teh.com www.teh.com'))
      .toBe('The THE teh2 iPhone http://teh.com www.teh.com');
  });
  it('takes the text as arguments too', () => {
    const out = execFileSync(process.execPath, [CLI, 'try', '--config-dir', emptyConfig, 'teh', 'dog'], { encoding: 'utf8' });
    expect(out).toBe('the dog');
  });
  it('a character the keymap cannot type passes through and ends the word', () => {
    expect(tryText('café teh naïve tehé teh\n')).toBe('café the naïve tehé the\n');
  });
  it('uses the user corrections file over the default list', () => {
    const dir = mkdtempSync(join(tmpdir(), 'autocorrector-user-'));
    writeFileSync(join(dir, 'corrections.toml'), "# mine\nteh = 'tea'\nbrb = 'be right back'\n");
    const out = execFileSync(process.execPath, [CLI, 'try', '--config-dir', dir], { input: 'teh brb\n', encoding: 'utf8' });
    expect(out).toBe('tea be right back\n');
  });
  it('--json lists corrections with their source', () => {
    const out = JSON.parse(tryText('teh adn', '--json'));
    expect(out.text).toBe('the adn');
    expect(out.corrections).toEqual([{ kind: 'correction', typed: 'teh', fix: 'the', source: 'default' }]);
  });
  it('--explain names each correction and its list', () => {
    const r = spawnSync(process.execPath, [CLI, 'try', '--config-dir', emptyConfig, '--explain'], { input: 'teh\n', encoding: 'utf8' });
    expect(r.stdout).toBe('the\n');
    expect(r.stderr).toContain('teh -> the (default list)');
  });
  it('a broken user file is reported as file:line and the default list still works', () => {
    const dir = mkdtempSync(join(tmpdir(), 'autocorrector-bad-'));
    writeFileSync(join(dir, 'corrections.toml'), "ok = 'fine'\nthis is = not toml\n");
    const r = spawnSync(process.execPath, [CLI, 'try', '--config-dir', dir], { input: 'teh\n', encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('the\n');
    expect(r.stderr).toMatch(new RegExp(`${join(dir, 'corrections.toml').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:2: `));
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });
  it('an unknown option is a one-line usage error', () => {
    const r = spawnSync(process.execPath, [CLI, 'try', '--bogus'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^autocorrector: /);
  });
});
