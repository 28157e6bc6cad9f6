// Follows a TypeScript tree's imports (static, export-from, type-only and
// literal dynamic ones) to find which modules reach a forbidden one, for the
// architecture test. Reads the .ts sources, so it needs no build.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const STATIC_RE = /(?:^|[\n;])\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"\n]+)['"]/g;
const DYNAMIC_RE = /\b(?:import|require)\s*\(\s*(?:['"]([^'"\n]+)['"])?/g;

/** The module specifiers a source file names (null: a dynamic import that is not a literal). */
export function specifiers(source: string): Array<string | null> {
  const out: Array<string | null> = [];
  for (const m of source.matchAll(STATIC_RE)) out.push(m[1]);
  for (const m of source.matchAll(DYNAMIC_RE)) out.push(m[1] ?? null);
  return out;
}

/** The .ts file a relative specifier means ("./x.js" is ./x.ts), or null when none exists. */
function resolveRelative(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  const candidates = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((c) => c.endsWith('.ts') && existsSync(c) && statSync(c).isFile()) ?? null;
}

export function tsFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return tsFilesUnder(p);
    return e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

export interface Rules {
  /** Why a bare or relative specifier is forbidden, or null when it is fine. */
  forbiddenSpecifier(spec: string): string | null;
  /** Why a module file is forbidden (e.g. the addon's loader), or null. */
  forbiddenFile?(file: string): string | null;
}

/**
 * Every chain from one of `roots` to something forbidden, as
 * "a.ts -> b.ts -> node:fs (why)", paths relative to `base`. Empty: clean.
 */
export function forbiddenChains(roots: string[], rules: Rules, base: string): string[] {
  const problems: string[] = [];
  for (const root of roots) {
    // Breadth first, so the chain reported is a shortest one.
    const parent = new Map<string, string | null>([[root, null]]);
    const queue = [root];
    const chainTo = (file: string): string[] => {
      const chain: string[] = [];
      for (let f: string | null = file; f !== null; f = parent.get(f) ?? null) chain.unshift(relative(base, f));
      return chain;
    };
    while (queue.length > 0) {
      const file = queue.shift()!;
      const why = rules.forbiddenFile?.(file);
      if (why) {
        problems.push(`${chainTo(file).join(' -> ')} (${why})`);
        continue;
      }
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        if (spec === null) {
          problems.push(`${chainTo(file).join(' -> ')} -> import(<not a literal>) (cannot be checked)`);
          continue;
        }
        const bad = rules.forbiddenSpecifier(spec);
        if (bad) {
          problems.push(`${chainTo(file).join(' -> ')} -> ${spec} (${bad})`);
          continue;
        }
        if (!spec.startsWith('.')) continue;
        const target = resolveRelative(file, spec);
        if (target === null) {
          problems.push(`${chainTo(file).join(' -> ')} -> ${spec} (no such module)`);
          continue;
        }
        if (!parent.has(target)) {
          parent.set(target, file);
          queue.push(target);
        }
      }
    }
  }
  return [...new Set(problems)];
}
