// A client's standing `subscribe` connection: it stays open for the daemon's
// event lines, and when the daemon goes away (stopped, restarted) it connects
// again every retryMs until close().
import { createConnection, type Socket } from 'node:net';
import { unsafeSocketDir } from './paths.js';
import { LineSplitter, encodeRequest, parseEvent, parseReply, type CorrectionEvent, type SubscribeData } from './protocol.js';

export interface SubscriptionOptions {
  socket: string;
  onEvent: (e: CorrectionEvent) => void;
  /** Each time the daemon accepts the subscription (after every reconnect too). */
  onSubscribed?: (d: SubscribeData) => void;
  /** Why the daemon refused, once per refusal (e.g. a daemon from before `subscribe`). */
  onRefused?: (error: string) => void;
  retryMs?: number;
}

export class Subscription {
  private sock: Socket | null = null;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly opts: SubscriptionOptions) {
    this.connect();
  }

  get connected(): boolean {
    return this.sock !== null;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    this.sock?.destroy();
    this.sock = null;
  }

  private connect(): void {
    if (this.closed) return;
    const unsafe = unsafeSocketDir(this.opts.socket);
    if (unsafe !== null) {
      // Refused like a daemon's refusal, and tried again later (the directory may be fixed).
      this.opts.onRefused?.(unsafe);
      this.retry = setTimeout(() => this.connect(), this.opts.retryMs ?? 1000);
      this.retry.unref();
      return;
    }
    const sock = createConnection(this.opts.socket);
    const lines = new LineSplitter();
    let answered = false;
    sock.setEncoding('utf8');
    sock.on('connect', () => sock.write(encodeRequest('subscribe')));
    sock.on('data', (chunk: string) => {
      try {
        for (const line of lines.push(chunk)) {
          if (!answered) {
            answered = true;
            const r = parseReply(line);
            if (r.ok) {
              this.sock = sock;
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
      if (this.closed) return;
      this.retry = setTimeout(() => this.connect(), this.opts.retryMs ?? 1000);
      this.retry.unref();
    });
  }
}
