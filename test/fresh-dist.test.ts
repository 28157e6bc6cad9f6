// The check that keeps tests of the built CLI from running stale code.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { staleSource } from './support/fresh-dist.js';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

it('names a src/ file whose build is missing or older; null when every one is current', () => {
  root = mkdtempSync(join(tmpdir(), 'ac-dist-'));
  mkdirSync(join(root, 'src', 'cli'), { recursive: true });
  mkdirSync(join(root, 'dist', 'src', 'cli'), { recursive: true });
  const ts = join(root, 'src', 'cli', 'main.ts');
  const js = join(root, 'dist', 'src', 'cli', 'main.js');
  writeFileSync(ts, '');
  writeFileSync(join(root, 'src', 'cli', 'types.d.ts'), ''); // declarations have no output
  expect(staleSource(root)).toBe(join('src', 'cli', 'main.ts'));
  writeFileSync(js, '');
  utimesSync(ts, 1000, 1000);
  utimesSync(js, 2000, 2000);
  expect(staleSource(root)).toBeNull();
  utimesSync(ts, 3000, 3000); // edited after the build
  expect(staleSource(root)).toBe(join('src', 'cli', 'main.ts'));
});
