#!/usr/bin/env node
// Runs inside the test VM: another reader of a keyboard, waiting for it to be
// free. It tries to grab the keyboard NAME every 2 ms (EBUSY while someone
// else holds it; a tighter loop would slow the emulated VM it measures); at the first success it lets go at once and prints
// "free T" (T: CLOCK_MONOTONIC ms), the moment other readers got its keys.
//   node grab-probe.mjs NAME READY_FILE
import { readFileSync, writeFileSync } from 'node:fs';
import { DataType, load, open } from 'ffi-rs';

const [name, ready] = process.argv.slice(2);
const EVIOCGRAB = 0x40044590;
const O_RDONLY = 0, O_NONBLOCK = 0o4000;

const node = readFileSync('/proc/bus/input/devices', 'utf8').split('\n\n')
  .find((block) => block.includes(`N: Name="${name}"`))?.match(/\bevent\d+\b/)?.[0];
if (!node) throw new Error(`no input device named ${name}`);
open({ library: 'libc', path: 'libc.so.6' });
const call = (funcName, paramsType, paramsValue) =>
  load({ library: 'libc', funcName, retType: DataType.I32, paramsType, paramsValue, errno: true });
const fd = call('open', [DataType.String, DataType.I32], [`/dev/input/${node}`, O_RDONLY | O_NONBLOCK]).value;
if (fd < 0) throw new Error(`cannot open /dev/input/${node}`);
const grab = (on) => call('ioctl', [DataType.I32, DataType.U64, DataType.U64], [fd, EVIOCGRAB, on]);
writeFileSync(ready, '');
const pause = new Int32Array(new SharedArrayBuffer(4));
for (;;) {
  if (grab(1).value === 0) {
    const at = Number(process.hrtime.bigint() / 1000n) / 1000;
    grab(0);
    console.log(`free ${at.toFixed(1)}`);
    break;
  }
  Atomics.wait(pause, 0, 0, 2);
}
