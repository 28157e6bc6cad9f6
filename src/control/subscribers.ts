// The connections that asked for events (`subscribe`), and pushing a line to
// them without ever waiting: the caller is the key path. A subscriber that
// does not read (stalled, stopped with SIGSTOP) has its events dropped once
// its socket's buffer is full, and counted so the next one it gets says how
// many it missed; one that hangs up is forgotten.
import type { Socket } from 'node:net';

interface Subscriber {
  missed: number;
}

export class Subscribers {
  private readonly conns = new Map<Socket, Subscriber>();

  get size(): number {
    return this.conns.size;
  }

  add(conn: Socket): void {
    if (this.conns.has(conn)) return;
    this.conns.set(conn, { missed: 0 });
    const forget = () => this.conns.delete(conn);
    conn.once('close', forget);
    conn.once('error', forget);
  }

  /**
   * Sends `line(missed)` to every subscriber whose socket can take it.
   * `line` is built per subscriber only because `missed` differs.
   */
  publish(line: (missed: number) => string): void {
    for (const [conn, sub] of this.conns) {
      // Node buffers what the kernel would not take; past the high-water mark we stop adding.
      if (conn.destroyed || !conn.writable || conn.writableNeedDrain) {
        sub.missed++;
        continue;
      }
      conn.write(line(sub.missed));
      sub.missed = 0;
    }
  }

  closeAll(): void {
    for (const conn of this.conns.keys()) conn.destroy();
    this.conns.clear();
  }
}
