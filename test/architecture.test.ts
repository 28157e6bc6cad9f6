// The pure core (src/keymap, src/tracker, src/policy, src/engine) never
// reaches the file system, sockets, processes, libxkbcommon, D-Bus or the
// native addon, directly or through another module: that is what lets the
// engine run the same in the daemon, `try`, eval and the unit tests.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forbiddenChains, specifiers, tsFilesUnder, type Rules } from './support/import-graph.js';

const ROOT = join(import.meta.dirname, '..');
const PURE = ['keymap', 'tracker', 'policy', 'engine'];

const IO_BUILTINS = new Set(['fs', 'fs/promises', 'net', 'child_process', 'module']);
const IO_PACKAGES = new Set(['ffi-rs', 'dbus-next', 'bindings', 'node-gyp-build']);

const rules: Rules = {
  forbiddenSpecifier(spec) {
    const builtin = spec.replace(/^node:/, '');
    if (IO_BUILTINS.has(builtin)) return builtin === 'module' ? 'loads native addons' : 'I/O';
    if (IO_PACKAGES.has(spec)) return 'I/O package';
    if (/(^|\/)build(\/|$)/.test(spec) || spec.endsWith('.node')) return 'the native addon';
    return null;
  },
  forbiddenFile(file) {
    return file === join(ROOT, 'src', 'input', 'native.ts') ? 'the native addon' : null;
  },
};

describe('the pure core', () => {
  it('reaches no I/O module, directly or indirectly', () => {
    const roots = PURE.flatMap((d) => tsFilesUnder(join(ROOT, 'src', d)));
    expect(roots.length).toBeGreaterThan(10);
    expect(forbiddenChains(roots, rules, ROOT)).toEqual([]);
  });
});

describe('the import walker', () => {
  it('reads every form of import and export-from', () => {
    const src = [
      "import a from './a.js';",
      "import type { B } from './b.js';",
      "import {\n  c,\n  d,\n} from './cd.js';",
      "export { e } from './e.js';",
      "export * from './f.js';",
      "import './g.js';",
      "const h = await import('./h.js');",
      'const i = await import(name);',
      "export const notAnImport = 'x';",
      "// import fake from './comment.js';",
    ].join('\n');
    expect(specifiers(src)).toEqual(['./a.js', './b.js', './cd.js', './e.js', './f.js', './g.js', './h.js', null]);
  });

  it('names the whole chain when a pure module reaches I/O through others', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ac-arch-'));
    try {
      const file = (path: string, text: string) => {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      };
      file('src/keymap/pure.ts', "import { x } from './helper.js';\nexport const y = x;\n");
      file('src/keymap/helper.ts', "export { x } from '../layout/shell.js';\n");
      file('src/layout/shell.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n");
      file('src/keymap/clean.ts', "import type { Z } from './types.js';\nexport type W = Z;\n");
      file('src/keymap/types.ts', 'export type Z = number;\n');
      file('src/engine/addon.ts', "import native from '../../build/Release/autocorrector_native.node';\nexport default native;\n");
      const chains = forbiddenChains(tsFilesUnder(join(dir, 'src')).filter((f) => !f.includes('layout')), rules, dir);
      expect(chains).toContain('src/keymap/pure.ts -> src/keymap/helper.ts -> src/layout/shell.ts -> node:fs (I/O)');
      expect(chains).toContain('src/engine/addon.ts -> ../../build/Release/autocorrector_native.node (the native addon)');
      expect(chains.some((c) => c.startsWith('src/keymap/clean.ts'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
