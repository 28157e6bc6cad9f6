// The client's standing subscription: when the daemon is away it waits
// without polling fast, and picks a new daemon up as soon as its socket
// appears (inotify on the socket's directory), not when a timer says so.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LineSplitter, okReply } from '../../src/control/protocol.js';
import { Subscription } from '../../src/control/subscription.js';

/** A stand-in daemon that accepts every `subscribe` (recording its args); stop() hangs up on everyone. */
async function fakeDaemon(path: string, args: unknown[]): Promise<{ stop(): void }> {
  const conns = new Set<Socket>();
  const server: Server = createServer((conn) => {
    conns.add(conn);
    const lines = new LineSplitter();
    conn.setEncoding('utf8').on('data', (d: string) => {
      for (const l of lines.push(d)) {
        args.push((JSON.parse(l) as { args: unknown }).args);
        conn.write(okReply({ events: ['state'], showFix: false, status: null }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(path, () => resolve()));
  return {
    stop: () => {
      server.close();
      for (const c of conns) c.destroy();
      rmSync(path, { force: true });
    },
  };
}

describe('Subscription', () => {
  const cleanup: (() => void)[] = [];
  afterEach(() => { for (const f of cleanup.splice(0)) f(); });

  it('with a minute between timed tries, a daemon that starts is subscribed to at once, and again after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'autocorrector-sub-'));
    const socket = join(dir, 'control.sock');
    const args: unknown[] = [];
    let subscribed = 0;
    let lost = 0;
    const sub = new Subscription({
      socket, args: { state: true }, retryMs: 60_000, maxRetryMs: 60_000,
      onEvent: () => {}, onSubscribed: () => { subscribed++; }, onLost: () => { lost++; },
    });
    cleanup.push(() => { sub.close(); rmSync(dir, { recursive: true, force: true }); });
    const until = async (what: string, f: () => boolean) => {
      for (const end = Date.now() + 3000; !f(); await new Promise((r) => setTimeout(r, 20))) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      }
    };
    await until('the first try to fail', () => lost === 1);
    let daemon = await fakeDaemon(socket, args);
    cleanup.push(() => daemon.stop());
    await until('a subscription', () => subscribed === 1);
    expect(args).toEqual([{ state: true }]);
    expect(sub.connected).toBe(true);

    daemon.stop();
    await until('the loss', () => lost === 2);
    daemon = await fakeDaemon(socket, args);
    await until('a subscription to the new daemon', () => subscribed === 2);
    expect(args).toEqual([{ state: true }, { state: true }]);
  });
});
