// Run by prebuild-arm64.test.ts under qemu-aarch64 with Debian's arm64 node:
// loads the arm64 prebuild through the package's own loader
// (dist/src/input/native.js, PREBUILDS_ONLY=1) and exercises it as
// test/input/native.test.ts does on x64. Prints one JSON line.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, openSync, readSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [distInput] = process.argv.slice(2);
const native = await import(join(distInput, 'native.js'));
const addon = native.loadAddon();
const dir = mkdtempSync(join(tmpdir(), 'ac-arm64-'));
writeFileSync(join(dir, 'event3'), '');
execFileSync('mkfifo', [join(dir, 'uinput')]);
const fd = openSync(join(dir, 'uinput'), 'r+');
native.start({ mode: 'snoop', uinputFd: fd, dir, onEvents: () => {} });
const running = native.isRunning();
const inj = Int32Array.from([1, 30, 1, 0, 0, 0, 1, 30, 0, 0, 0, 0]);
const injected = native.injectIfIdle(inj, 0);
const buf = Buffer.alloc(24 * 8);
const n = readSync(fd, buf, 0, buf.length, null);
const written = [];
for (let at = 0; at < n; at += 24) written.push(buf.readUInt16LE(at + 16), buf.readUInt16LE(at + 18), buf.readInt32LE(at + 20));
native.stop();
process.stdout.write(JSON.stringify({
  arch: process.arch, node: process.version, location: native.addonLocation(),
  recordInts: addon.RECORD_INTS === native.RECORD_INTS, devices: native.listDevices(dir),
  running, stopped: !native.isRunning(), injected, written,
}) + '\n');
