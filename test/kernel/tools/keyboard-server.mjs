#!/usr/bin/env node
// Runs inside the test VM: one uinput keyboard (src/inject/uinput.ts, as built
// in dist/) that stays for a whole desktop session and types on request, so a
// compositor adds it once (slow under TCG) and the shell decides what to type
// next from what it saw (a focus probe, a scenario after another).
//   --dir DIR       requests: DIR/N.json (N = 1, 2, ...), each a JSON list of
//                   {code, value, timeMs} (test/support/keys.ts output), replayed
//                   in turn; DIR/N.done is written when N is typed. DIR/quit ends it.
//   --name NAME     device name
//   --ready FILE    created once the kernel lists the device
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUS_USB, UinputKeyboard, waitForDevice } from '../../../dist/src/inject/uinput.js';

const EV_SYN = 0, EV_KEY = 1;
const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// It stands for the user's physical keyboard: a USB id, not our virtual keyboard's.
const kb = UinputKeyboard.create({ name: args.name, id: { bustype: BUS_USB, vendor: 0x1234, product: 0x5679, version: 1 } });

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
    kb.readEvents(); // LED changes sent back: not needed here, but never left to pile up
    i = j;
  }
}

try {
  const node = await waitForDevice(args.name, 5000);
  if (args.ready) writeFileSync(args.ready, node + '\n');
  for (let n = 1; !existsSync(join(args.dir, 'quit')); ) {
    const req = join(args.dir, `${n}.json`);
    if (!existsSync(req)) {
      kb.readEvents();
      await sleep(5);
      continue;
    }
    await replay(JSON.parse(readFileSync(req, 'utf8')));
    writeFileSync(join(args.dir, `${n}.tmp`), '');
    renameSync(join(args.dir, `${n}.tmp`), join(args.dir, `${n}.done`));
    n++;
  }
} finally {
  kb.destroy();
}
