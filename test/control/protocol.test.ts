import { describe, expect, it, vi } from 'vitest';
import {
  LineSplitter, MAX_LINE_BYTES, ProtocolError, encodeEvent, encodeRequest, errorReply, okReply, parseEvent, parseReply, parseRequest,
} from '../../src/control/protocol.js';

const err = (fn: () => unknown): ProtocolError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ProtocolError) return e;
    throw e;
  }
  throw new Error('no ProtocolError thrown');
};

describe('control protocol v1', () => {
  it('round-trips a request and both kinds of reply', () => {
    const line = encodeRequest('status', { verbose: true });
    expect(line).toBe('{"v":1,"cmd":"status","args":{"verbose":true}}\n');
    expect(parseRequest(line.trim())).toEqual({ v: 1, cmd: 'status', args: { verbose: true } });
    expect(parseReply(okReply({ enabled: false }).trim())).toEqual({ v: 1, ok: true, data: { enabled: false } });
    expect(parseReply(errorReply('nope', 'failed').trim())).toEqual({ v: 1, ok: false, error: 'nope', code: 'failed' });
  });

  it('args are optional', () => {
    expect(parseRequest('{"v":1,"cmd":"ping"}').args).toEqual({});
  });

  it.each([
    ['', 'request is not JSON', 'bad-request'],
    ['[1]', 'request is not a JSON object', 'bad-request'],
    ['null', 'request is not a JSON object', 'bad-request'],
    ['{"cmd":"status"}', 'protocol version undefined is not supported (this daemon speaks v1)', 'version'],
    ['{"v":2,"cmd":"status"}', 'protocol version 2 is not supported (this daemon speaks v1)', 'version'],
    ['{"v":1}', 'request has no "cmd" string', 'bad-request'],
    ['{"v":1,"cmd":"rm"}', "unknown command 'rm'", 'unknown-command'],
    ['{"v":1,"cmd":"status","args":"x"}', '"args" must be an object', 'bad-request'],
    ['{"v":1,"cmd":"status","args":{"a":{"b":1}}}', "argument 'a' must be a string, number or boolean", 'bad-request'],
  ])('rejects %j clearly', (line, message, code) => {
    const e = err(() => parseRequest(line));
    expect([e.message, e.code]).toEqual([message, code]);
  });

  it('a reply from another protocol version says to restart the daemon', () => {
    expect(err(() => parseReply('{"v":7,"ok":true}')).message).toContain('restart the daemon');
    expect(err(() => parseReply('{"v":1}')).message).toBe('reply has neither "ok":true nor an "error"');
  });

  it('splits lines across chunks and bounds a line', () => {
    const s = new LineSplitter();
    expect(s.push('{"a"')).toEqual([]);
    expect(s.push(':1}\n\n{"b":2}\n{"c"')).toEqual(['{"a":1}', '{"b":2}']);
    expect(s.push(':3}\n')).toEqual(['{"c":3}']);
    expect(() => new LineSplitter().push('x'.repeat(MAX_LINE_BYTES + 1))).toThrow(ProtocolError);
    // Counted across chunks too, and in bytes (é is two).
    const t = new LineSplitter();
    t.push('é'.repeat(MAX_LINE_BYTES / 4));
    expect(() => t.push('é'.repeat(MAX_LINE_BYTES / 4 + 1))).toThrow(ProtocolError);
  });

  it('a request sent one byte at a time costs linear work (issue 14: 200,000 chunks took 8 s)', () => {
    const s = new LineSplitter();
    const line = encodeRequest('status').trim() + ' ' + 'x'.repeat(20_000) + '\n';
    // Work measured as the characters every string search and byte count is handed,
    // not as time: re-scanning the pending text on each chunk would be ~n²/2.
    let work = 0;
    const searched = (str: string, from = 0) => { work += Math.max(0, str.length - Math.max(0, from)); };
    const proto = String.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
    const saved = new Map<string, (...a: unknown[]) => unknown>();
    for (const m of ['indexOf', 'lastIndexOf', 'includes', 'split', 'search', 'match', 'matchAll', 'replace', 'replaceAll']) {
      const orig = proto[m];
      saved.set(m, orig);
      proto[m] = function (this: string, ...args: unknown[]) {
        searched(this, m === 'indexOf' || m === 'includes' ? Number(args[1] ?? 0) : 0);
        return orig.apply(this, args);
      };
    }
    const byteLength = vi.spyOn(Buffer, 'byteLength');
    const got: string[] = [];
    try {
      for (const ch of line) got.push(...s.push(ch));
    } finally {
      for (const [m, f] of saved) proto[m] = f;
    }
    for (const [arg] of byteLength.mock.calls) work += typeof arg === 'string' ? arg.length : 0;
    byteLength.mockRestore();
    expect(got).toEqual([line.trim()]);
    expect(work).toBeLessThan(10 * line.length);
  });

  it('correction events: words only as a pair, unknown events skipped, replies are not events', () => {
    const line = encodeEvent({ event: 'correction', source: 'user', missed: 2, typed: 'teh', fix: 'the' });
    expect(line).toBe('{"v":1,"event":"correction","source":"user","missed":2,"typed":"teh","fix":"the"}\n');
    expect(parseEvent(line.trim())).toEqual({ v: 1, event: 'correction', source: 'user', missed: 2, typed: 'teh', fix: 'the' });
    expect(parseEvent('{"v":1,"event":"correction","source":"default","typed":"teh"}')).toEqual({ v: 1, event: 'correction', source: 'default', missed: 0 });
    expect(parseEvent('{"v":1,"event":"something-new"}')).toBeNull();
    expect(parseEvent('{"v":1,"event":"state","status":{"enabled":false},"missed":0}')).toEqual({ v: 1, event: 'state', status: { enabled: false }, missed: 0 });
    expect(err(() => parseEvent('{"v":1,"event":"state","status":3}')).message).toBe('state event without a "status" object');
    expect(parseEvent(okReply({}).trim())).toBeNull();
    expect(err(() => parseEvent('{"v":1,"event":"correction","source":"x"}')).message).toBe('correction event without a known "source"');
    expect(parseRequest('{"v":1,"cmd":"subscribe"}').cmd).toBe('subscribe');
  });
});
