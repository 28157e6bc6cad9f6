#!/usr/bin/env node
// Runs inside the test VM: one uinput keyboard (src/inject/uinput.ts, as built
// in dist/) that lives through several phases, so a shell script can act on
// the daemon between them (kill it, block it) while the device stays the same.
//   --steps FILE     JSON list of steps, run in order:
//                      {"keys": [{code, value, timeMs}]}  replay, times relative to the step
//                      {"waitFile": "name", "timeoutMs": 120000}
//                      {"touch": "name"}
//                      {"sleep": ms}
//                    file names are relative to the steps file's directory
//   --name NAME      device name
//   --ready FILE     created once the kernel lists the device
//   --readback FILE  JSON [[ms since start, type, code, value], ...] the kernel
//                    sent to the device (LED changes)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UinputKeyboard, waitForDevice, BUS_USB } from '../../../dist/src/inject/uinput.js';

const EV_SYN = 0, EV_KEY = 1;
const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const steps = JSON.parse(readFileSync(args.steps, 'utf8'));
const here = dirname(resolve(args.steps));
// On the USB bus: it stands for a physical keyboard (bus virtual ones are grabbed only when named).
const kb = UinputKeyboard.create({ name: args.name, id: { bustype: BUS_USB, vendor: 0x1234, product: 0x5678, version: 1 } });
const t0 = performance.now();
const readback = [];
const drain = () => {
  const ev = kb.readEvents();
  const at = Math.round(performance.now() - t0);
  for (let i = 0; i + 2 < ev.length; i += 3) readback.push([at, ev[i], ev[i + 1], ev[i + 2]]);
};

async function replay(events) {
  const start = performance.now();
  for (let i = 0; i < events.length;) {
    // Events due at the same time go out in one write(): the reader sees them together.
    let j = i;
    const batch = [];
    while (j < events.length && events[j].timeMs === events[i].timeMs) {
      batch.push(EV_KEY, events[j].code, events[j].value, EV_SYN, 0, 0);
      j++;
    }
    const due = start + events[i].timeMs - performance.now();
    if (due > 1) await sleep(due);
    kb.write(batch);
    drain();
    i = j;
  }
}

try {
  const node = await waitForDevice(args.name, 5000);
  if (args.ready) writeFileSync(args.ready, node + '\n');
  for (const step of steps) {
    if (step.keys) await replay(step.keys);
    else if (step.touch) writeFileSync(resolve(here, step.touch), '');
    else if (step.sleep) {
      const until = performance.now() + step.sleep;
      while (performance.now() < until) { drain(); await sleep(10); }
    } else if (step.waitFile) {
      const deadline = Date.now() + (step.timeoutMs ?? 120_000);
      while (!existsSync(resolve(here, step.waitFile))) {
        if (Date.now() > deadline) throw new Error(`keyboard-steps: ${step.waitFile} did not appear`);
        drain();
        await sleep(5);
      }
    } else throw new Error(`keyboard-steps: unknown step ${JSON.stringify(step)}`);
  }
} finally {
  drain();
  kb.destroy();
  if (args.readback) writeFileSync(args.readback, JSON.stringify(readback));
}
