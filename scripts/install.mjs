// npm's install step for this package: node-gyp-build keeps a build that
// loads (a prebuilt binary that fits this machine) and otherwise compiles
// native/ with node-gyp. In a clone (a .git here) it always compiles, as
// `npm ci` did before prebuilds: a build/Release left from older sources
// would still load. Shipped in the package (package.json "files").
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const clone = existsSync('.git');
const bin = createRequire(import.meta.url).resolve('node-gyp-build/bin.js');
const r = spawnSync(process.execPath, [bin], {
  stdio: 'inherit',
  env: clone ? { ...process.env, npm_config_build_from_source: 'true' } : process.env,
});
process.exit(r.status ?? 1);
