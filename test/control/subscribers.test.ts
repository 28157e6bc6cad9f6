// Subscribers on real sockets: a line reaches each reader, a hung-up
// connection is forgotten, and one whose buffer is full is skipped.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Subscribers } from '../../src/control/subscribers.js';

let server: Server | undefined;

/** A server whose accepted connections are handed to `subs`; returns the client ends. */
async function pair(subs: Subscribers, n: number): Promise<Socket[]> {
  const path = join(mkdtempSync(join(tmpdir(), 'autocorrector-subs-')), 's');
  let accepted = 0;
  const all = new Promise<void>((resolve) => {
    server = createServer((c) => { subs.add(c); if (++accepted === n) resolve(); });
  });
  await new Promise<void>((r) => server!.listen(path, r));
  const clients = Array.from({ length: n }, () => createConnection(path));
  await all;
  return clients;
}

const read = (s: Socket) => new Promise<string>((r) => s.once('data', (d) => r(d.toString())));

afterEach(() => { server?.close(); server = undefined; });

describe('Subscribers', () => {
  it('sends each line to every subscriber, and forgets one that hangs up', async () => {
    const subs = new Subscribers();
    const [a, b] = await pair(subs, 2);
    expect(subs.size).toBe(2);
    const got = Promise.all([read(a), read(b)]);
    subs.publish((missed) => `x${missed}\n`);
    expect(await got).toEqual(['x0\n', 'x0\n']);
    a.destroy();
    for (let i = 0; i < 100 && subs.size > 1; i++) await new Promise((r) => setTimeout(r, 10));
    expect(subs.size).toBe(1);
    subs.closeAll();
    b.destroy();
  });

  it('skips a subscriber whose buffer is full and tells it how many it missed', async () => {
    const subs = new Subscribers();
    const [a] = await pair(subs, 1);
    a.pause();
    // One tick of writes with nobody reading: Node's buffer passes its high-water mark.
    const big = 'y'.repeat(4 * 1024 * 1024); // more than the kernel's socket buffer
    subs.publish(() => `${big}\n`);
    subs.publish(() => 'dropped\n');
    subs.publish(() => 'dropped\n');
    let text = '';
    a.setEncoding('utf8').on('data', (d: string) => { text += d; });
    a.resume();
    for (let i = 0; i < 200 && text.length <= big.length; i++) await new Promise((r) => setTimeout(r, 10));
    subs.publish((missed) => `after ${missed}\n`);
    for (let i = 0; i < 200 && !text.includes('after'); i++) await new Promise((r) => setTimeout(r, 10));
    expect(text.endsWith(`${big}\nafter 2\n`)).toBe(true);
    subs.closeAll();
  });
});
