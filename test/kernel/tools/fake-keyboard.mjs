#!/usr/bin/env node
// Runs inside the test VM: a uinput keyboard (made by src/inject/uinput.ts, as
// built in dist/) that replays timed key events, like a person typing.
//   --events FILE    JSON [{code, value, timeMs}] (test/support/keys.ts output)
//   --name NAME      device name (default "autocorrector test keyboard")
//   --ready FILE     created once the kernel lists the device
//   --wait-for FILE  typing starts only once FILE exists (e.g. a daemon grabbed us)
//   --readback FILE  JSON of the events the kernel sent back to the device (LEDs)
//   --linger MS      keep the device this long after the last key (default 300)
//   --burst N        the first N events go out in one write() (each with its
//                    report), the way a flood overflows a reader's buffer
//   --bus virtual    announce it on bus virtual (default usb: it stands for a
//                    physical keyboard; the daemon grabs virtual ones only when named)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { BUS_USB, BUS_VIRTUAL, UinputKeyboard, waitForDevice } from '../../../dist/src/inject/uinput.js';

const EV_SYN = 0, EV_KEY = 1;
const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFile(path, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (Date.now() > deadline) throw new Error(`fake-keyboard: ${path} did not appear`);
    await sleep(5);
  }
}

const events = JSON.parse(readFileSync(args.events, 'utf8'));
const name = args.name ?? 'autocorrector test keyboard';
const kb = UinputKeyboard.create({ name, id: { bustype: args.bus === 'virtual' ? BUS_VIRTUAL : BUS_USB, vendor: 0x1234, product: 0x5678, version: 1 } });
const readback = [];
const drain = () => { readback.push(...kb.readEvents()); };
try {
  const node = await waitForDevice(name, 5000);
  if (args.ready) writeFileSync(args.ready, node + '\n');
  if (args['wait-for']) await waitFile(args['wait-for']);
  // Replay against a start time, so slow steps do not stretch the whole script.
  const burst = Number(args.burst ?? 0);
  if (burst > 0) kb.write(events.slice(0, burst).flatMap((ev) => [EV_KEY, ev.code, ev.value, EV_SYN, 0, 0]));
  const start = performance.now();
  for (const ev of events.slice(burst)) {
    const due = start + ev.timeMs - performance.now();
    if (due > 1) await sleep(due);
    kb.write([EV_KEY, ev.code, ev.value, EV_SYN, 0, 0]);
    drain();
  }
  const lingerUntil = Date.now() + Number(args.linger ?? 300);
  while (Date.now() < lingerUntil) { drain(); await sleep(10); }
} finally {
  drain();
  kb.destroy();
}
if (args.readback) writeFileSync(args.readback, JSON.stringify(readback));
