// A client's standing `subscribe` connection: it stays open for the daemon's
// event lines, and when the daemon goes away (stopped, restarted) it connects
// again until close(): at once when the socket appears in its directory
// (inotify), else after a wait that doubles up to maxRetryMs, so a client
// whose daemon is stopped for good wakes rarely.
import { watch, type FSWatcher } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { basename, dirname } from 'node:path';
import { unsafeSocketDir } from './paths.js';
import { LineSplitter, encodeRequest, parseEvent, parseReply, type Args, type DaemonEvent, type SubscribeData } from './protocol.js';

export interface SubscriptionOptions {
  socket: string;
  /** What to subscribe to (see protocol.ts); default the correction events. */
  args?: Args;
  onEvent: (e: DaemonEvent) => void;
  /** Each time the daemon accepts the subscription (after every reconnect too). */
  onSubscribed?: (d: SubscribeData) => void;
  /** Why the daemon refused, once per refusal (e.g. a daemon from before `subscribe`). */
  onRefused?: (error: string) => void;
  /** An attempt to subscribe failed, or a subscription ended (the daemon stopped). */
  onLost?: () => void;
  /** The first wait before connecting again (default 1 s). */
  retryMs?: number;
  /** The longest wait (default 60 s). */
  maxRetryMs?: number;
}

export class Subscription {
  private sock: Socket | null = null;
  /** The connection being made or held: one at a time. */
  private attempt: Socket | null = null;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;
  private waitMs: number;
  private dirWatch: FSWatcher | null = null;

  constructor(private readonly opts: SubscriptionOptions) {
    this.waitMs = opts.retryMs ?? 1000;
    this.connect();
  }

  get connected(): boolean {
    return this.sock !== null;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    this.unwatch();
    this.attempt?.destroy();
    this.sock = this.attempt = null;
  }

  /** Tries again later: when the socket is created anew, or after the current wait. */
  private later(): void {
    if (this.closed) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.connect(), this.waitMs);
    this.retry.unref();
    this.waitMs = Math.min(this.waitMs * 2, this.opts.maxRetryMs ?? 60_000);
    if (this.dirWatch) return;
    try {
      const name = basename(this.opts.socket);
      this.dirWatch = watch(dirname(this.opts.socket), { persistent: false }, (_event, file) => {
        if (file === null || String(file) === name) this.connect();
      });
      this.dirWatch.on('error', () => this.unwatch());
    } catch {
      // No directory yet (no daemon ever ran) or no inotify: the timer alone.
    }
  }

  private unwatch(): void {
    this.dirWatch?.close();
    this.dirWatch = null;
  }

  private connect(): void {
    if (this.closed || this.attempt !== null) return;
    clearTimeout(this.retry);
    const unsafe = unsafeSocketDir(this.opts.socket);
    if (unsafe !== null) {
      // Refused like a daemon's refusal, and tried again later (the directory may be fixed).
      this.opts.onRefused?.(unsafe);
      this.later();
      return;
    }
    const sock = createConnection(this.opts.socket);
    this.attempt = sock;
    const lines = new LineSplitter();
    let answered = false;
    sock.setEncoding('utf8');
    sock.on('connect', () => sock.write(encodeRequest('subscribe', this.opts.args)));
    sock.on('data', (chunk: string) => {
      try {
        for (const line of lines.push(chunk)) {
          if (!answered) {
            answered = true;
            const r = parseReply(line);
            if (r.ok) {
              this.sock = sock;
              this.waitMs = this.opts.retryMs ?? 1000;
              this.unwatch();
              this.opts.onSubscribed?.(r.data as SubscribeData);
            } else {
              this.opts.onRefused?.(r.error);
              sock.destroy();
              return;
            }
            continue;
          }
          const e = parseEvent(line);
          if (e) this.opts.onEvent(e);
        }
      } catch {
        // Garbage from the socket: start over rather than guess.
        sock.destroy();
      }
    });
    sock.on('error', () => { /* 'close' follows */ });
    sock.on('close', () => {
      if (this.sock === sock) this.sock = null;
      if (this.attempt === sock) this.attempt = null;
      if (this.closed) return;
      this.opts.onLost?.();
      this.later();
    });
  }
}
