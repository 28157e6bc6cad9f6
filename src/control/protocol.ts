// The control socket's protocol: one JSON object per line each way. Pure (no
// I/O) so both ends and the tests share one definition of what is valid.
//
//   request  {"v":1,"cmd":"status","args":{}}
//   reply    {"v":1,"ok":true,"data":{...}}
//            {"v":1,"ok":false,"error":"what went wrong","code":"unknown-command"}
//
// `subscribe` keeps the connection open: after its reply the daemon sends
// one event line per correction that reached the screen (added in v1; a
// client that never subscribes never sees an event):
//   event    {"v":1,"event":"correction","source":"default","missed":0}
//            ...and "typed"/"fix" only when config.toml has notify_show_fix = true
// With args {"state":true} (and "corrections":false to skip those) it also
// sends the daemon's `status` whenever it changes, so a client (the tray)
// follows the daemon without asking again and again; the reply carries the
// status of the moment (null while the daemon is still starting):
//   event    {"v":1,"event":"state","status":{...},"missed":0}

import type { CorrectionSource } from '../engine/types.js';
import type { StatusData } from './replies.js';

export const PROTOCOL_VERSION = 1;

/** A line longer than this is not a request; it also bounds what a client buffers. */
export const MAX_LINE_BYTES = 1024 * 1024;

export const COMMANDS = [
  'ping', 'status', 'enable', 'disable', 'toggle', 'reload', 'stats', 'devices', 'subscribe',
  'test-screen', // only when the daemon runs with AUTOCORRECTOR_TEST_HOOKS=1
  'test-focus', // only with AUTOCORRECTOR_TEST_HOOKS=1 and --input fake: sets what has the focus
] as const;
export type Command = (typeof COMMANDS)[number];

export type Args = Record<string, string | number | boolean>;

export interface Request {
  v: number;
  cmd: Command;
  args: Args;
}

export type ErrorCode = 'bad-request' | 'version' | 'unknown-command' | 'failed';

export type Reply =
  | { v: number; ok: true; data: unknown }
  | { v: number; ok: false; error: string; code: ErrorCode };

/** Why a line was rejected; `code` goes back to the client in the reply. */
export class ProtocolError extends Error {
  constructor(message: string, readonly code: ErrorCode = 'bad-request') {
    super(message);
  }
}

export function encodeRequest(cmd: Command, args: Args = {}): string {
  return JSON.stringify({ v: PROTOCOL_VERSION, cmd, args } satisfies Request) + '\n';
}

export function okReply(data: unknown): string {
  return JSON.stringify({ v: PROTOCOL_VERSION, ok: true, data }) + '\n';
}

export function errorReply(error: string, code: ErrorCode): string {
  return JSON.stringify({ v: PROTOCOL_VERSION, ok: false, error, code }) + '\n';
}

/** What `subscribe` answers: the events to come and whether they carry words. */
export interface SubscribeData {
  events: string[];
  showFix: boolean;
  /** With "state" among the events: the status now (null while the daemon starts). */
  status?: StatusData | null;
}

/** The daemon's status changed (sent to `subscribe {"state":true}`). */
export interface StateEvent {
  v: number;
  event: 'state';
  status: StatusData;
  missed: number;
}

export type DaemonEvent = CorrectionEvent | StateEvent;

/** A correction that reached the screen, pushed to subscribers. */
export interface CorrectionEvent {
  v: number;
  event: 'correction';
  source: CorrectionSource;
  /** Events this subscriber did not get before this one (its socket was full). */
  missed: number;
  /** Only when the user opted in (notify_show_fix); the word as typed and as fixed. */
  typed?: string;
  fix?: string;
}

export function encodeEvent(e: Omit<CorrectionEvent, 'v'> | Omit<StateEvent, 'v'>): string {
  return JSON.stringify({ v: PROTOCOL_VERSION, ...e }) + '\n';
}

function parseObject(line: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new ProtocolError(`${what} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ProtocolError(`${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

function isCommand(s: unknown): s is Command {
  return typeof s === 'string' && (COMMANDS as readonly string[]).includes(s);
}

/** Validates one request line (without its newline). Throws ProtocolError. */
export function parseRequest(line: string): Request {
  const o = parseObject(line, 'request');
  if (o.v !== PROTOCOL_VERSION) {
    throw new ProtocolError(`protocol version ${JSON.stringify(o.v)} is not supported (this daemon speaks v${PROTOCOL_VERSION})`, 'version');
  }
  if (typeof o.cmd !== 'string') throw new ProtocolError('request has no "cmd" string');
  if (!isCommand(o.cmd)) throw new ProtocolError(`unknown command '${o.cmd.slice(0, 40)}'`, 'unknown-command');
  const args = o.args ?? {};
  if (typeof args !== 'object' || args === null || Array.isArray(args)) throw new ProtocolError('"args" must be an object');
  for (const [k, val] of Object.entries(args)) {
    if (!['string', 'number', 'boolean'].includes(typeof val)) throw new ProtocolError(`argument '${k}' must be a string, number or boolean`);
  }
  return { v: PROTOCOL_VERSION, cmd: o.cmd, args: args as Args };
}

/** Validates one reply line (without its newline). Throws ProtocolError. */
export function parseReply(line: string): Reply {
  const o = parseObject(line, 'reply');
  if (o.v !== PROTOCOL_VERSION) {
    throw new ProtocolError(`the daemon speaks protocol version ${JSON.stringify(o.v)}, this command v${PROTOCOL_VERSION}; restart the daemon after an upgrade`, 'version');
  }
  if (o.ok === true) return { v: PROTOCOL_VERSION, ok: true, data: o.data };
  if (o.ok === false && typeof o.error === 'string') {
    const code = (['bad-request', 'version', 'unknown-command', 'failed'] as const).find((c) => c === o.code) ?? 'failed';
    return { v: PROTOCOL_VERSION, ok: false, error: o.error, code };
  }
  throw new ProtocolError('reply has neither "ok":true nor an "error"');
}

const SOURCES: readonly CorrectionSource[] = ['user', 'default', 'dictionary'];

/** Validates one event line; null when the line is not an event (a reply, or an event this client does not know). */
export function parseEvent(line: string): DaemonEvent | null {
  const o = parseObject(line, 'event');
  if (o.v !== PROTOCOL_VERSION) return null;
  if (o.event === 'state') {
    // Its fields are read as `status` replies are: the daemon is the same program.
    if (typeof o.status !== 'object' || o.status === null || Array.isArray(o.status)) throw new ProtocolError('state event without a "status" object');
    return { v: PROTOCOL_VERSION, event: 'state', status: o.status as StatusData, missed: 0 };
  }
  if (o.event !== 'correction') return null;
  const source = SOURCES.find((s) => s === o.source);
  if (!source) throw new ProtocolError('correction event without a known "source"');
  const missed = typeof o.missed === 'number' && Number.isSafeInteger(o.missed) && o.missed > 0 ? o.missed : 0;
  const e: CorrectionEvent = { v: PROTOCOL_VERSION, event: 'correction', source, missed };
  if (typeof o.typed === 'string' && typeof o.fix === 'string') {
    e.typed = o.typed;
    e.fix = o.fix;
  }
  return e;
}

/**
 * Splits a byte stream into lines: feed chunks, get complete lines back.
 * Only the new chunk is searched for a line end and the pending bytes are
 * counted as they come, so a line sent one byte at a time costs linear time
 * (re-scanning the whole pending text cost 8 s for 200,000 one-byte chunks).
 * Throws ProtocolError once the pending line exceeds MAX_LINE_BYTES.
 */
export class LineSplitter {
  private parts: string[] = [];
  private pendingBytes = 0;
  /** Whether part of a line is waiting for its end. */
  get pending(): boolean {
    return this.parts.length > 0;
  }

  push(chunk: string): string[] {
    let nl = chunk.indexOf('\n');
    const lines: string[] = [];
    let start = 0;
    if (nl >= 0) {
      lines.push(this.parts.join('') + chunk.slice(0, nl));
      this.parts = [];
      this.pendingBytes = 0;
      start = nl + 1;
      while ((nl = chunk.indexOf('\n', start)) >= 0) {
        lines.push(chunk.slice(start, nl));
        start = nl + 1;
      }
    }
    if (start < chunk.length) {
      const rest = chunk.slice(start);
      this.parts.push(rest);
      this.pendingBytes += Buffer.byteLength(rest);
      if (this.pendingBytes > MAX_LINE_BYTES) throw new ProtocolError(`line longer than ${MAX_LINE_BYTES} bytes`);
    }
    return lines.filter((l) => l.trim() !== '');
  }
}
