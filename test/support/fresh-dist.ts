// Vitest global setup: tests that run the built CLI (dist/) must not test
// yesterday's code. When any src/ file is newer than its build (or the build
// is missing), the TypeScript build and the bundle run first; `npm test` builds anyway.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** The first src/ file whose dist/ output is missing or older, or null when dist/ is current. */
export function staleSource(root = ROOT): string | null {
  const src = join(root, 'src');
  for (const name of readdirSync(src, { recursive: true }) as string[]) {
    if (!name.endsWith('.ts') || name.endsWith('.d.ts')) continue;
    const built = join(root, 'dist', 'src', name.replace(/\.ts$/, '.js'));
    if (!existsSync(built) || statSync(built).mtimeMs < statSync(join(src, name)).mtimeMs) return relative(root, join(src, name));
  }
  return null;
}

export default function setup(): void {
  const stale = staleSource();
  if (stale === null) return;
  // The precomputed data needs the full build; otherwise tsc alone (a few seconds).
  const full = !existsSync(join(ROOT, 'dist', 'precomputed'));
  console.warn(`dist/ is older than ${stale}: running ${full ? 'npm run build' : 'tsc'} before the tests`);
  if (full) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  else {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
    // The bundle (package.json "bin") is made from dist/src.
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs')], { cwd: ROOT, stdio: 'inherit' });
  }
  const still = staleSource();
  if (still !== null) throw new Error(`dist/ is still older than ${still} after the build`);
}
