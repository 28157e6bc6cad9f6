import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The built CLI (npm test builds first, which also precomputes the fallback's data).
const CLI = join(import.meta.dirname, '..', '..', 'dist', 'src', 'cli', 'main.js');
const emptyConfig = mkdtempSync(join(tmpdir(), 'autocorrector-try-correction-'));

function run(args: string[], configDir = emptyConfig) {
  return spawnSync(process.execPath, [CLI, 'try', '--config-dir', configDir, ...args], { encoding: 'utf8' });
}

describe('autocorrector try --correction', () => {
  it('list: a typo in no list is left alone', () => {
    expect(run(['--correction', 'list', 'the stuudent ']).stdout).toBe('the stuudent ');
  });
  it('dictionary: the fallback fixes it, and --explain gives the rule and margin', () => {
    const r = run(['--correction', 'dictionary', '--explain', 'the stuudent ']);
    expect(r.stdout.split('\n')[0]).toBe('the student ');
    expect(r.stderr).toMatch(/stuudent -> student \(dictionary: distance 1, \d+ candidate\(s\), best student with [\d.]+% of the probability \(need 90%\)/);
  });
  it('dictionary: never ALL CAPS or Capitalised words, never list entries changed', () => {
    expect(run(['--correction', 'dictionary', 'STUUDENT Stuudent teh ']).stdout).toBe('STUUDENT Stuudent the ');
  });
  it('the setting comes from config.toml when no option is given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'autocorrector-try-correction-'));
    writeFileSync(join(dir, 'config.toml'), 'correction = "dictionary"\n');
    expect(run(['the stuudent '], dir).stdout).toBe('the student ');
    expect(run(['--correction', 'list', 'the stuudent '], dir).stdout).toBe('the stuudent ');
  });
  it('--json carries the explanation of a dictionary guess', () => {
    const out = JSON.parse(execFileSync(process.execPath, [CLI, 'try', '--config-dir', emptyConfig, '--correction', 'dictionary', '--json', 'stuudent '], { encoding: 'utf8' }));
    expect(out.corrections[0]).toMatchObject({ typed: 'stuudent', fix: 'student', source: 'dictionary' });
    expect(out.corrections[0].explain).toMatch(/^dictionary: distance 1/);
  });
  it('refuses an unknown mode', () => {
    const r = run(['--correction', 'maybe', 'x']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--correction must be list or dictionary');
  });
});
