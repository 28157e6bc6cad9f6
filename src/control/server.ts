// The daemon's end of the control socket, and the single-instance rule.
//
// Who may connect: Node cannot read SO_PEERCRED, so the peer's uid is not
// checked per connection. Access rests on the file system instead: the
// socket lives in a directory that must be ours and mode 0700 (paths.ts),
// and the socket itself is chmod 0600. Only our uid (and root) can connect.
import { chmodSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { request, NotRunningError } from './client.js';
import { ensurePrivateDir, pidPath, RuntimeDirError, socketPath } from './paths.js';
import { FileError } from '../files/file-error.js';
import { withEditLock } from '../files/lock.js';
import { LineSplitter, ProtocolError, errorReply, okReply, parseRequest, type Request, type SubscribeData } from './protocol.js';
import type { Subscribers } from './subscribers.js';
import type { StatusData } from './replies.js';

/** Answers a request; throw CommandError for a failure the user should read. */
export type Handler = (req: Request) => unknown;

export class CommandError extends Error {}

export class AlreadyRunningError extends Error {
  constructor(readonly pid: number | null) {
    super(`autocorrector is already running${pid === null ? '' : ` (pid ${pid})`}; stop it first (\`systemctl --user stop autocorrector\` or \`kill ${pid ?? 'PID'}\`)`);
  }
}

export interface ControlServerOptions {
  /** The runtime dir; default runtimeDir(). */
  dir: string;
  handler: Handler;
  log: (line: string) => void;
  /**
   * Where `subscribe` puts a connection, and what it answers; absent, `subscribe` is refused.
   * `state`: where `subscribe {"state":true}` puts it, and the status now (see protocol.ts).
   */
  events?: { subscribers: Subscribers; subscribed: () => SubscribeData; state?: StateSource };
  /** How long one request may take to arrive whole, from its first byte (default REQUEST_MS). */
  requestMs?: number;
}

/** The daemon's status for subscribers; snapshot() also brings those already subscribed up to date. */
export interface StateSource {
  subscribers: Subscribers;
  snapshot(): StatusData | null;
}

export interface ControlServer {
  readonly path: string;
  close(): Promise<void>;
}

// A client that says nothing (or reads nothing) for this long is dropped, so none can pin the daemon.
const IDLE_MS = 10_000;
// An absolute limit per request: a client trickling a byte at a time would reset the idle timer forever.
export const REQUEST_MS = 5_000;

function readPid(path: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Is another daemon answering on the socket? Returns its pid, or null when nothing answers. */
async function runningPid(sock: string, pidFile: string): Promise<number | null | 'none'> {
  try {
    const reply = await request('ping', {}, { socket: sock, timeoutMs: 2000 });
    const pid = reply.ok ? (reply.data as { pid?: unknown }).pid : undefined;
    return typeof pid === 'number' ? pid : readPid(pidFile);
  } catch (err) {
    if (err instanceof NotRunningError) return 'none';
    // Something holds the socket but does not answer (hung, or not us): do not take it over.
    return readPid(pidFile);
  }
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export async function startControlServer(opts: ControlServerOptions): Promise<ControlServer> {
  ensurePrivateDir(opts.dir);
  // Two daemons starting together (a systemd unit and an autostart entry at
  // login) must not both find the socket stale and both take it over: the
  // check and the listen happen under the dir's lock (the one list edits use).
  try {
    return await withEditLock(opts.dir, () => claim(opts));
  } catch (err) {
    if (err instanceof FileError) throw new RuntimeDirError(err.message);
    throw err;
  }
}

// sun_path is 108 bytes with its NUL; Node would silently bind a truncated name.
const MAX_SOCKET_PATH = 107;

async function claim(opts: ControlServerOptions): Promise<ControlServer> {
  const path = socketPath(opts.dir);
  if (Buffer.byteLength(path) > MAX_SOCKET_PATH) {
    throw new RuntimeDirError(`the socket path ${path} is longer than ${MAX_SOCKET_PATH} bytes; set XDG_RUNTIME_DIR to a shorter directory`);
  }
  const pidFile = pidPath(opts.dir);

  const other = await runningPid(path, pidFile);
  if (other !== 'none') throw new AlreadyRunningError(other);
  // Left behind by a daemon that died: nothing answers, so it is ours to replace.
  rmSync(path, { force: true });

  const server = createServer((conn) => serve(conn, opts));
  server.maxConnections = 64;
  try {
    await listen(server, path);
  } catch (err) {
    // Another daemon bound the socket between our check and our listen.
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new AlreadyRunningError(readPid(pidFile));
    throw new RuntimeDirError(`cannot listen on ${path}: ${(err as Error).message}`);
  }
  try {
    chmodSync(path, 0o600);
    const tmp = `${pidFile}.${process.pid}.tmp`;
    writeFileSync(tmp, `${process.pid}\n`, { mode: 0o600 });
    renameSync(tmp, pidFile);
  } catch (err) {
    // A listening server would keep the process alive with nobody to stop it.
    server.close();
    rmSync(path, { force: true });
    throw new RuntimeDirError(`cannot set up ${path}: ${(err as Error).message}`);
  }

  let closed = false;
  return {
    path,
    close: () => {
      if (closed) return Promise.resolve();
      closed = true;
      // Only our own files: a newer daemon may already own these names.
      if (readPid(pidFile) === process.pid) rmSync(pidFile, { force: true });
      rmSync(path, { force: true });
      // Subscribers keep their connections open; server.close() would wait for them.
      opts.events?.subscribers.closeAll();
      opts.events?.state?.subscribers.closeAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function serve(conn: Socket, opts: ControlServerOptions): void {
  const lines = new LineSplitter();
  const requestMs = opts.requestMs ?? REQUEST_MS;
  // Lines read but not yet answered: answering stops while the client is not reading our replies.
  const queue: string[] = [];
  let deadline: NodeJS.Timeout | undefined;
  let subscribed = false;
  conn.setEncoding('utf8');
  conn.setTimeout(IDLE_MS, () => conn.destroy());
  conn.on('error', () => { /* the client went away; nothing to do */ });
  conn.on('close', () => clearTimeout(deadline));

  const work = (): void => {
    while (queue.length > 0 && !conn.destroyed) {
      const line = queue.shift()!;
      if (!conn.write(answer(line, conn, opts, () => { subscribed = true; }))) {
        // Backpressure: read nothing more until the client takes what we sent.
        conn.pause();
        conn.once('drain', () => { conn.resume(); work(); });
        return;
      }
    }
  };

  conn.on('data', (chunk: string) => {
    let batch: string[];
    try {
      batch = lines.push(chunk);
    } catch (err) {
      conn.end(errorReply((err as Error).message, 'bad-request'));
      return;
    }
    // The clock runs from a request's first byte to its line end.
    if (batch.length > 0 || !lines.pending) {
      clearTimeout(deadline);
      deadline = undefined;
    }
    if (lines.pending && deadline === undefined && !subscribed) {
      deadline = setTimeout(() => {
        conn.end(errorReply(`the request did not arrive whole within ${requestMs} ms`, 'bad-request'), () => conn.destroy());
      }, requestMs);
    }
    const wasIdle = queue.length === 0;
    queue.push(...batch);
    if (wasIdle && !conn.isPaused()) work();
  });
}

function answer(line: string, conn: Socket, opts: ControlServerOptions, onSubscribed: () => void): string {
  let req: Request;
  try {
    req = parseRequest(line);
  } catch (err) {
    const e = err as ProtocolError;
    return errorReply(e.message, e.code);
  }
  if (req.cmd === 'subscribe') {
    if (!opts.events) return errorReply('this daemon sends no events', 'failed');
    // A subscriber waits for events, so silence is no reason to drop it.
    conn.setTimeout(0);
    onSubscribed();
    const corrections = req.args.corrections !== false;
    const state = req.args.state === true ? opts.events.state : undefined;
    if (corrections) opts.events.subscribers.add(conn);
    const data = opts.events.subscribed();
    if (!state) return okReply(corrections ? data : { ...data, events: [] });
    // The snapshot first: it may still send the last change to those already subscribed.
    const status = state.snapshot();
    state.subscribers.add(conn);
    return okReply({ ...data, events: [...(corrections ? data.events : []), 'state'], status });
  }
  try {
    return okReply(opts.handler(req) ?? {});
  } catch (err) {
    if (err instanceof CommandError || err instanceof ProtocolError) {
      return errorReply(err.message, err instanceof ProtocolError ? err.code : 'failed');
    }
    // A bug: logged by message only (never request data), answered without a stack.
    opts.log(`control command '${req.cmd}' failed: ${(err as Error).message}`);
    return errorReply(`internal error: ${(err as Error).message}`, 'failed');
  }
}
