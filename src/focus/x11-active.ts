// Follows the active window on X11 (_NET_ACTIVE_WINDOW on the root window,
// which window managers keep, and the window's WM_CLASS): where AT-SPI says
// nothing, the [apps] and terminal rules still know the app. A minimal X11
// client over the display's local socket: only the requests this needs.
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

// Any type: WINDOW and STRING as window managers set them, or what a tool wrote.
const ANY_TYPE = 0;
const ATOM_WM_CLASS = 67;
const PROPERTY_NOTIFY = 28;
const PROPERTY_CHANGE_MASK = 0x400000;
const CW_EVENT_MASK = 0x800;

/** The display number of a local DISPLAY (":1", ":1.0", "unix:1"); null for none or a remote one. */
export function localDisplay(display: string | undefined): number | null {
  const m = /^(?:unix)?:(\d+)(?:\.\d+)?$/.exec(display ?? '');
  return m ? Number(m[1]) : null;
}

/** The MIT-MAGIC-COOKIE-1 for display `n` from an Xauthority file's bytes; null when none. */
export function cookieFor(file: Buffer, n: number): Buffer | null {
  let at = 0;
  const field = (): Buffer => {
    const len = file.readUInt16BE(at);
    const b = file.subarray(at + 2, at + 2 + len);
    at += 2 + len;
    return b;
  };
  while (at + 2 <= file.length) {
    try {
      at += 2; // family: local (256) or wild (65535) for a local socket; any is taken
      field(); // address
      const number = field().toString();
      const name = field().toString();
      const data = field();
      if (name === 'MIT-MAGIC-COOKIE-1' && (number === String(n) || number === '')) return data;
    } catch {
      return null;
    }
  }
  return null;
}

const pad4 = (n: number): number => (4 - (n % 4)) % 4;

/** The window manager's WM_CLASS value ("instance\0Class\0") as the class, else the instance. */
export function classOf(value: Buffer): string | null {
  const [instance, cls] = value.toString('latin1').split('\0');
  return cls || instance || null;
}

export interface ActiveWindowFollower {
  stop(): void;
}

type Reply = Buffer | null; // null: an X error

class X11Connection {
  private seq = 0;
  private readonly waiting = new Map<number, (r: Reply) => void>();
  private pending = Buffer.alloc(0);
  onEvent: (ev: Buffer) => void = () => {};

  constructor(private readonly sock: Socket) {}

  /** Handles bytes after the setup reply: replies, errors and events, 32 bytes each plus a reply's extra. */
  data(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 32) {
      const code = this.pending[0];
      const len = code === 1 ? 32 + this.pending.readUInt32LE(4) * 4 : 32;
      if (this.pending.length < len) return;
      const msg = this.pending.subarray(0, len);
      this.pending = this.pending.subarray(len);
      if (code === 0 || code === 1) {
        const seq = msg.readUInt16LE(2);
        const done = this.waiting.get(seq);
        this.waiting.delete(seq);
        done?.(code === 1 ? msg : null);
      } else {
        this.onEvent(msg);
      }
    }
  }

  /** Sends a request; `reply`: whether one comes back (errors come either way). */
  request(body: Buffer, reply: boolean): Promise<Reply> {
    this.seq = (this.seq + 1) & 0xffff;
    const seq = this.seq;
    this.sock.write(body);
    return new Promise((resolve) => {
      if (reply) this.waiting.set(seq, resolve);
      else {
        this.waiting.set(seq, resolve); // an error, if any
        setImmediate(() => { if (this.waiting.get(seq) === resolve) { this.waiting.delete(seq); resolve(Buffer.alloc(0)); } });
      }
    });
  }

  async internAtom(name: string): Promise<number> {
    const n = Buffer.from(name, 'latin1');
    const b = Buffer.alloc(8 + n.length + pad4(n.length));
    b.writeUInt8(16, 0); // InternAtom
    b.writeUInt8(0, 1); // create if missing: a window manager may set it later
    b.writeUInt16LE(b.length / 4, 2);
    b.writeUInt16LE(n.length, 4);
    n.copy(b, 8);
    const r = await this.request(b, true);
    if (!r) throw new Error(`InternAtom ${name} failed`);
    return r.readUInt32LE(8);
  }

  async getProperty(window: number, property: number, type: number, longs: number): Promise<Buffer | null> {
    const b = Buffer.alloc(24);
    b.writeUInt8(20, 0); // GetProperty
    b.writeUInt8(0, 1); // do not delete
    b.writeUInt16LE(6, 2);
    b.writeUInt32LE(window, 4);
    b.writeUInt32LE(property, 8);
    b.writeUInt32LE(type, 12);
    b.writeUInt32LE(0, 16);
    b.writeUInt32LE(longs, 20);
    const r = await this.request(b, true);
    if (!r || r.readUInt32LE(8) === 0) return null; // an error, or no such property
    const format = r[1];
    const n = r.readUInt32LE(16) * (format / 8);
    return r.subarray(32, 32 + n);
  }

  selectPropertyChanges(window: number): Promise<Reply> {
    const b = Buffer.alloc(16);
    b.writeUInt8(2, 0); // ChangeWindowAttributes
    b.writeUInt16LE(4, 2);
    b.writeUInt32LE(window, 4);
    b.writeUInt32LE(CW_EVENT_MASK, 8);
    b.writeUInt32LE(PROPERTY_CHANGE_MASK, 12);
    return this.request(b, false);
  }
}

/** The setup request, with the display's cookie when there is one. */
function setupRequest(cookie: Buffer | null): Buffer {
  const name = cookie ? Buffer.from('MIT-MAGIC-COOKIE-1') : Buffer.alloc(0);
  const data = cookie ?? Buffer.alloc(0);
  const b = Buffer.alloc(12 + name.length + pad4(name.length) + data.length + pad4(data.length));
  b.write('l', 0); // little-endian
  b.writeUInt16LE(11, 2);
  b.writeUInt16LE(0, 4);
  b.writeUInt16LE(name.length, 6);
  b.writeUInt16LE(data.length, 8);
  name.copy(b, 12);
  data.copy(b, 12 + name.length + pad4(name.length));
  return b;
}

/** The first screen's root window from a successful setup reply. */
function rootOf(setup: Buffer): number {
  const vendorLen = setup.readUInt16LE(24);
  const formats = setup[29];
  return setup.readUInt32LE(40 + vendorLen + pad4(vendorLen) + 8 * formats);
}

/**
 * Connects to the local X display and reports the active window's class now
 * and at each change (null: no active window, or no window manager keeping
 * _NET_ACTIVE_WINDOW). Rejects when there is no display or it refuses us.
 */
export function followX11ActiveWindow(env: NodeJS.ProcessEnv, onWindow: (app: string | null) => void, onLost?: (why: string) => void): Promise<ActiveWindowFollower> {
  const n = localDisplay(env.DISPLAY);
  if (n === null) return Promise.reject(new Error('no local X display (DISPLAY)'));
  let cookie: Buffer | null = null;
  try { cookie = cookieFor(readFileSync(env.XAUTHORITY || join(env.HOME || homedir(), '.Xauthority')), n); } catch { /* no file: no auth */ }
  return new Promise((resolve, reject) => {
    const sock = connect(`/tmp/.X11-unix/X${n}`);
    let x: X11Connection | null = null;
    let setup = Buffer.alloc(0);
    let stopped = false;
    sock.on('error', (err) => { if (!x) reject(new Error(`X11: ${err.message}`)); });
    sock.on('close', () => { if (x && !stopped) onLost?.('X display closed'); });
    sock.on('connect', () => sock.write(setupRequest(cookie)));
    sock.on('data', (chunk) => {
      if (x) return x.data(chunk);
      setup = Buffer.concat([setup, chunk]);
      if (setup.length < 8) return;
      const total = 8 + setup.readUInt16LE(6) * 4;
      if (setup.length < total) return;
      if (setup[0] !== 1) {
        sock.destroy();
        return reject(new Error(`X11 refused connection: ${setup.subarray(8, 8 + setup[1]).toString()}`));
      }
      const root = rootOf(setup);
      const conn = new X11Connection(sock);
      x = conn;
      const rest = setup.subarray(total);
      start(conn, root).then((active) => {
        resolve({ stop: () => { stopped = true; sock.destroy(); } });
        void active;
      }, (err: Error) => { sock.destroy(); reject(err); });
      if (rest.length > 0) conn.data(rest);
    });
  });

  async function start(conn: X11Connection, root: number): Promise<void> {
    const active = await conn.internAtom('_NET_ACTIVE_WINDOW');
    const report = async () => {
      const w = await conn.getProperty(root, active, ANY_TYPE, 1);
      const id = w && w.length >= 4 ? w.readUInt32LE(0) : 0;
      const cls = id === 0 ? null : await conn.getProperty(id, ATOM_WM_CLASS, ANY_TYPE, 64);
      onWindow(cls ? classOf(cls) : null);
    };
    conn.onEvent = (ev) => {
      if ((ev[0] & 0x7f) === PROPERTY_NOTIFY && ev.readUInt32LE(4) === root && ev.readUInt32LE(8) === active) void report();
    };
    await conn.selectPropertyChanges(root);
    await report();
  }
}
