#!/usr/bin/env node
// Runs inside the test VM: reads what the kernel's VT keyboard handler typed
// into /dev/tty1 (canonical mode, so backspaces are already applied), i.e. the
// text a user would see.
//   --out FILE      where the text goes (written at the end)
//   --lines N       stop after N complete lines (default 1)
//   --timeout MS    stop anyway after this long (default 20000)
//   --ready FILE    created once tty1 is open (type only after that: input to
//                   a VT nobody holds open is dropped)
import { closeSync, constants, openSync, readSync, writeFileSync } from 'node:fs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const wantLines = Number(args.lines ?? 1);
const deadline = Date.now() + Number(args.timeout ?? 20_000);
const fd = openSync(args.tty ?? '/dev/tty1', constants.O_RDONLY | constants.O_NOCTTY | constants.O_NONBLOCK);
if (args.ready) writeFileSync(args.ready, 'open\n');

let text = '';
const buf = Buffer.alloc(4096);
while ((text.match(/\n/g) ?? []).length < wantLines && Date.now() < deadline) {
  try {
    const n = readSync(fd, buf, 0, buf.length, null);
    text += buf.subarray(0, n).toString('utf8');
  } catch (err) {
    if (err.code !== 'EAGAIN') throw err;
    await new Promise((r) => setTimeout(r, 5));
  }
}
closeSync(fd);
writeFileSync(args.out, text);
