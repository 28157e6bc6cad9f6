// npm's install step for this package: keep a prebuilt binary that loads on
// this machine (node-gyp-build's own test: prebuilds/<platform>-<arch>,
// libc tag), otherwise compile native/ with node-gyp. In a clone (a .git
// here) it always compiles, as `npm ci` did before prebuilds: a build/Release
// left from older sources would still load. Shipped in the package
// (package.json "files").
//
// The node-gyp is the one npm runs scripts with (npm_config_node_gyp), not
// node-gyp-build's choice: that takes any node-gyp in node_modules, and
// dbus-next's optional usocket brings node-gyp 7, which fails on Node 20.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const clone = existsSync('.git');

if (!clone) {
  const test = spawnSync(process.execPath, [require.resolve('node-gyp-build/build-test.js')], { stdio: 'ignore' });
  if (test.status === 0) process.exit(0);
  process.stdout.write('autocorrector: no prebuilt addon loads here; building it from native/ with node-gyp (needs g++, make and python3)\n');
}

const gyp = process.env.npm_config_node_gyp;
const [cmd, args] = gyp && existsSync(gyp) ? [process.execPath, [gyp, 'rebuild']] : ['node-gyp', ['rebuild']];
const r = spawnSync(cmd, args, { stdio: 'inherit' });
if (r.error) {
  process.stderr.write(`autocorrector: cannot run node-gyp (${r.error.message}); install it with \`npm install -g node-gyp\`\n`);
  process.exit(1);
}
process.exit(r.status ?? 1);
