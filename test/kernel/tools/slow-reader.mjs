#!/usr/bin/env node
// Runs inside the test VM: a slow evdev reader, like a compositor busy
// rendering. It empties its client buffer on the device only every few
// milliseconds; the kernel gives each reader 64 to 128 events of buffer, so
// a writer that sends more than that in one go makes it lose events
// (SYN_DROPPED).
//   node slow-reader.mjs NODE OUT EVERY_MS STOP_FILE
// Writes every event it read (struct input_event, 24 bytes each) to OUT
// once STOP_FILE exists and nothing more came; OUT.ready once it is open.
import { closeSync, constants, existsSync, openSync, readSync, writeFileSync } from 'node:fs';

const [node, out, everyMs, stopFile] = process.argv.slice(2);
const fd = openSync(node, constants.O_RDONLY | constants.O_NONBLOCK);
writeFileSync(`${out}.ready`, '');
const chunks = [];
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Reads everything queued now; returns how many bytes. */
function drain() {
  let got = 0;
  for (;;) {
    const buf = Buffer.alloc(24 * 64);
    let n;
    try {
      n = readSync(fd, buf, 0, buf.length, null);
    } catch (err) {
      if (err.code === 'EAGAIN') return got;
      throw err;
    }
    if (n <= 0) return got;
    chunks.push(buf.subarray(0, n));
    got += n;
  }
}

for (;;) {
  const got = drain();
  if (got === 0 && existsSync(stopFile)) break;
  sleep(Number(everyMs));
}
closeSync(fd);
writeFileSync(out, Buffer.concat(chunks));
