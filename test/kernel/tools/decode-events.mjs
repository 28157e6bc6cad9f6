#!/usr/bin/env node
// Runs inside the test VM: turns captured struct input_event records (24
// bytes each, e.g. `cat` of an event node) into JSON for the test's side:
// {"keys": [[code, value], ...] (EV_KEY, autorepeats left out), "dropped": N}.
//   node decode-events.mjs BIN OUT.json
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const [bin, out] = process.argv.slice(2);
const b = existsSync(bin) ? readFileSync(bin) : Buffer.alloc(0);
const keys = [];
let dropped = 0;
for (let at = 0; at + 24 <= b.length; at += 24) {
  const type = b.readUInt16LE(at + 16), code = b.readUInt16LE(at + 18), value = b.readInt32LE(at + 20);
  if (type === 0 && code === 3) dropped++;
  if (type === 1 && value !== 2) keys.push([code, value]);
}
writeFileSync(out, JSON.stringify({ keys, dropped }));
