// One request to the daemon over its control socket: connect, send a line,
// read the reply line, hang up.
import { createConnection } from 'node:net';
import { LineSplitter, ProtocolError, encodeRequest, parseReply, type Args, type Command, type Reply } from './protocol.js';
import { socketPath, unsafeSocketDir } from './paths.js';

/** Nothing listens on the socket (no file, or a stale one). */
export class NotRunningError extends Error {}

/** The socket exists but talking to it failed (permissions, timeout, garbage). */
export class ControlError extends Error {}

export interface RequestOptions {
  socket?: string;
  timeoutMs?: number;
}

export function request(cmd: Command, args: Args = {}, opts: RequestOptions = {}): Promise<Reply> {
  const path = opts.socket ?? socketPath();
  const timeoutMs = opts.timeoutMs ?? 5000;
  const unsafe = unsafeSocketDir(path);
  if (unsafe !== null) return Promise.reject(new ControlError(unsafe));
  return new Promise((resolve, reject) => {
    const sock = createConnection(path);
    const lines = new LineSplitter();
    let settled = false;
    const finish = (err: Error | null, reply?: Reply): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolve(reply!);
    };
    const timer = setTimeout(() => finish(new ControlError(`the daemon did not answer within ${timeoutMs} ms (${path})`)), timeoutMs);
    sock.setEncoding('utf8');
    sock.on('connect', () => sock.write(encodeRequest(cmd, args)));
    sock.on('data', (chunk: string) => {
      try {
        const [line] = lines.push(chunk);
        if (line !== undefined) finish(null, parseReply(line));
      } catch (err) {
        finish(new ControlError(`bad reply from the daemon: ${(err as ProtocolError).message}`));
      }
    });
    sock.on('end', () => finish(new ControlError('the daemon closed the connection without answering')));
    sock.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') finish(new NotRunningError(`nothing listens on ${path}`));
      else if (err.code === 'EACCES') finish(new ControlError(`cannot connect to ${path}: permission denied (it belongs to another user?)`));
      else finish(new ControlError(`cannot talk to the daemon at ${path}: ${err.message}`));
    });
  });
}
