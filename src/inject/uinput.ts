// The virtual keyboard: a uinput device made through libc via ffi-rs.
// Shell module (I/O only); the pure core never imports it.
import { readFileSync, readSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { DataType, load, open as ffiOpen } from './ffi.js';

export const DEFAULT_NAME = 'autocorrector virtual keyboard';
export const DEFAULT_PATH = '/dev/uinput';

// linux/uinput.h and linux/input-event-codes.h (x86-64).
const UI_SET_EVBIT = 0x40045564;
const UI_SET_KEYBIT = 0x40045565;
const UI_SET_RELBIT = 0x40045566;
const UI_SET_MSCBIT = 0x40045568;
const UI_SET_LEDBIT = 0x40045569;
const UI_DEV_SETUP = 0x405c5503;
const UI_DEV_CREATE = 0x5501;
const UI_DEV_DESTROY = 0x5502;
const EV_KEY = 1, EV_REL = 2, EV_MSC = 4, EV_LED = 0x11, EV_REP = 0x14;
// A keyboard with a built-in touchpad or a receiver that is one device for
// both is grabbed whole; its pointer half must have somewhere to go, or the
// grab would kill the mouse: REL_X, REL_Y, REL_HWHEEL, REL_WHEEL and their
// hi-res twins, and the mouse buttons BTN_LEFT..BTN_TASK.
const POINTER_RELS = [0, 1, 6, 8, 0x0b, 0x0c];
const POINTER_BUTTONS = [0x110, 0x111, 0x112, 0x113, 0x114, 0x115, 0x116, 0x117];
const MSC_SCAN = 4;
const LEDS = [0, 1, 2]; // NUML, CAPSL, SCROLLL: what VTs and desktops toggle
export const BUS_VIRTUAL = 0x06;
export const BUS_USB = 0x03;
/**
 * The id of our virtual keyboard ("AC" and "KB" in ASCII), so that other
 * programs and our own reader tell it apart (native/devices.h agrees).
 */
export const OWN_ID = { bustype: BUS_VIRTUAL, vendor: 0x4143, product: 0x4b42, version: 1 };
const UINPUT_MAX_NAME_SIZE = 80;
const SETUP_SIZE = 92; // input_id (4 x u16) + name[80] + u32 ff_effects_max
const O_RDWR = 0o2, O_NONBLOCK = 0o4000, O_CLOEXEC = 0o2000000;

export const EVENT_SIZE = 24; // struct input_event: i64 sec, i64 usec, u16 type, u16 code, i32 value

/**
 * Keyboard key codes the device announces: every keyboard key, none of the
 * BTN_* ranges (joystick, gamepad, digitizer, wheel, dpad, trigger-happy),
 * yet any key the daemon forwards from a grabbed keyboard is accepted (the
 * kernel drops undeclared codes). Mouse buttons are added apart (see
 * POINTER_BUTTONS) for keyboards that carry a pointer.
 */
export function keyboardKeyCodes(): number[] {
  const codes: number[] = [];
  const add = (from: number, to: number) => { for (let c = from; c <= to; c++) codes.push(c); };
  add(1, 0xff);      // KEY_ESC .. the classic keyboard block
  add(0x160, 0x21f); // KEY_OK .. (after BTN_WHEEL), before BTN_DPAD_*
  add(0x224, 0x2bf); // after BTN_DPAD_*, before BTN_TRIGGER_HAPPY
  return codes;
}

export type UinputErrorCode = 'ENOENT' | 'ENODEV' | 'EACCES' | 'EPERM' | 'EBUSY' | 'EINVAL' | 'ENOTTY' | 'EBADF' | 'ECLOSED' | 'EIO' | 'EUNKNOWN' | string;

/** A failure the user can act on: `hint` is a plain sentence, meant to be shown instead of a stack trace. */
export class UinputError extends Error {
  constructor(readonly code: UinputErrorCode, readonly syscall: string, readonly hint: string, readonly errno = 0) {
    super(`${syscall}: ${code}: ${hint}`);
    this.name = 'UinputError';
  }
}

const errnoNames = new Map<number, string>(
  Object.entries(osConstants.errno).map(([name, num]) => [num as number, name]),
);

export function errnoName(errno: number): string {
  return errnoNames.get(errno) ?? 'EUNKNOWN';
}

/** Maps an errno from a syscall on `path` to the error a user sees. Pure, so it is tested without a kernel. */
export function explainErrno(errno: number, syscall: string, path: string): UinputError {
  const code = errnoName(errno);
  const hint = ((): string => {
    switch (code) {
      case 'ENOENT':
      case 'ENODEV':
      case 'ENXIO':
        return `${path} is missing: the uinput kernel module is not loaded; run \`sudo modprobe uinput\``
          + ' (and add `uinput` to /etc/modules-load.d/ to keep it after a reboot)';
      case 'EACCES':
      case 'EPERM':
      case 'EROFS':
        return `${path} is not writable by you: run \`sudo autocorrector setup\``
          + ' (installs a udev rule giving group autocorrector access, and adds you to it) and log in again';
      case 'EBUSY':
        return `${path} is busy: another program holds it in an exclusive way`;
      case 'ENOTTY':
      case 'EINVAL':
        return `${path} did not accept a uinput request (${syscall}): is it really the uinput device, and is the kernel older than 4.5?`;
      case 'EMFILE':
      case 'ENFILE':
        return 'too many open files in this process or system';
      default:
        return `${syscall} on ${path} failed (${code}, errno ${errno})`;
    }
  })();
  return new UinputError(code, syscall, hint, errno);
}

/** Packs flat [type, code, value, ...] triples into input_event structs; the kernel stamps the time. */
export function encodeEvents(events: ArrayLike<number>): Buffer {
  if (events.length % 3 !== 0) throw new RangeError('events must be flat [type, code, value] triples');
  const n = events.length / 3;
  const buf = Buffer.alloc(n * EVENT_SIZE);
  for (let i = 0; i < n; i++) {
    const at = i * EVENT_SIZE + 16;
    buf.writeUInt16LE(events[i * 3], at);
    buf.writeUInt16LE(events[i * 3 + 1], at + 2);
    buf.writeInt32LE(events[i * 3 + 2], at + 4);
  }
  return buf;
}

/** Unpacks input_event structs into flat [type, code, value, ...] triples (time dropped). */
export function decodeEvents(buf: Uint8Array): number[] {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: number[] = [];
  for (let at = 0; at + EVENT_SIZE <= b.length; at += EVENT_SIZE) {
    out.push(b.readUInt16LE(at + 16), b.readUInt16LE(at + 18), b.readInt32LE(at + 20));
  }
  return out;
}

export interface DeviceId { bustype: number; vendor: number; product: number; version: number }

export function encodeSetup(name: string, id: DeviceId = OWN_ID): Buffer {
  const buf = Buffer.alloc(SETUP_SIZE);
  buf.writeUInt16LE(id.bustype, 0);
  buf.writeUInt16LE(id.vendor, 2);
  buf.writeUInt16LE(id.product, 4);
  buf.writeUInt16LE(id.version, 6);
  const bytes = Buffer.from(name, 'utf8');
  if (bytes.length >= UINPUT_MAX_NAME_SIZE) throw new RangeError(`device name longer than ${UINPUT_MAX_NAME_SIZE - 1} bytes`);
  bytes.copy(buf, 8); // rest stays zero: NUL-terminated, ff_effects_max = 0
  return buf;
}

// ffi-rs: one private library key, so another module opening libc cannot clash with ours.
const LIB = 'autocorrector-uinput-libc';
type Ret = { value: number; errnoCode: number };
let opened = false;
function call(funcName: string, retType: DataType, paramsType: DataType[], paramsValue: unknown[]): Ret {
  if (!opened) {
    ffiOpen({ library: LIB, path: 'libc.so.6' });
    opened = true;
  }
  return load({ library: LIB, funcName, retType, paramsType, paramsValue, errno: true }) as unknown as Ret;
}
const libc = {
  open: (path: string, flags: number) => call('open', DataType.I32, [DataType.String, DataType.I32], [path, flags]),
  // ioctl is variadic; on x86-64 passing the third argument as a fixed one is ABI-compatible.
  ioctlInt: (fd: number, req: number, arg: number) =>
    call('ioctl', DataType.I32, [DataType.I32, DataType.U64, DataType.U64], [fd, req, arg]),
  ioctlPtr: (fd: number, req: number, arg: Buffer) =>
    call('ioctl', DataType.I32, [DataType.I32, DataType.U64, DataType.U8Array], [fd, req, arg]),
  write: (fd: number, buf: Buffer) =>
    call('write', DataType.I64, [DataType.I32, DataType.U8Array, DataType.U64], [fd, buf, buf.length]),
  close: (fd: number) => call('close', DataType.I32, [DataType.I32], [fd]),
};

export interface UinputOptions {
  name?: string;
  path?: string;
  /** Bus and ids; default OWN_ID. Test keyboards that stand for a physical one use BUS_USB. */
  id?: DeviceId;
}

export class UinputKeyboard {
  private destroyed = false;

  private constructor(readonly fd: number, readonly name: string, readonly path: string) {}

  /**
   * Opens uinput read-write and non-blocking: the kernel sends LED changes
   * (Caps Lock pressed on any keyboard) back as events readable on this fd.
   */
  static create(opts: UinputOptions = {}): UinputKeyboard {
    const name = opts.name ?? DEFAULT_NAME;
    const path = opts.path ?? DEFAULT_PATH;
    const setup = encodeSetup(name, opts.id); // validate before opening anything
    const o = libc.open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (o.value < 0) throw explainErrno(o.errnoCode, 'open', path);
    const fd = o.value;
    try {
      const setBit = (req: number, bit: number, what: string) => {
        const r = libc.ioctlInt(fd, req, bit);
        if (r.value < 0) throw explainErrno(r.errnoCode, `ioctl(${what} ${bit})`, path);
      };
      setBit(UI_SET_EVBIT, EV_KEY, 'UI_SET_EVBIT');
      for (const code of keyboardKeyCodes()) setBit(UI_SET_KEYBIT, code, 'UI_SET_KEYBIT');
      // EV_REP: the kernel then autorepeats held keys itself (250 ms / 33 ms), like a real keyboard.
      setBit(UI_SET_EVBIT, EV_REP, 'UI_SET_EVBIT');
      setBit(UI_SET_EVBIT, EV_LED, 'UI_SET_EVBIT');
      for (const led of LEDS) setBit(UI_SET_LEDBIT, led, 'UI_SET_LEDBIT');
      for (const code of POINTER_BUTTONS) setBit(UI_SET_KEYBIT, code, 'UI_SET_KEYBIT');
      setBit(UI_SET_EVBIT, EV_REL, 'UI_SET_EVBIT');
      for (const rel of POINTER_RELS) setBit(UI_SET_RELBIT, rel, 'UI_SET_RELBIT');
      setBit(UI_SET_EVBIT, EV_MSC, 'UI_SET_EVBIT');
      setBit(UI_SET_MSCBIT, MSC_SCAN, 'UI_SET_MSCBIT');
      const s = libc.ioctlPtr(fd, UI_DEV_SETUP, setup);
      if (s.value < 0) throw explainErrno(s.errnoCode, 'ioctl(UI_DEV_SETUP)', path);
      const made = libc.ioctlInt(fd, UI_DEV_CREATE, 0);
      if (made.value < 0) throw explainErrno(made.errnoCode, 'ioctl(UI_DEV_CREATE)', path);
    } catch (err) {
      libc.close(fd);
      throw err;
    }
    return new UinputKeyboard(fd, name, path);
  }

  /** Flat [type, code, value, ...]; one write() syscall, so a report is never split. Caller adds EV_SYN. */
  write(events: ArrayLike<number>): void {
    this.assertOpen('write');
    const buf = encodeEvents(events);
    if (buf.length === 0) return;
    const r = libc.write(this.fd, buf);
    if (r.value < 0) throw explainErrno(r.errnoCode, 'write', this.path);
    if (r.value !== buf.length) throw new UinputError('EIO', 'write', `short write to ${this.path}: ${r.value} of ${buf.length} bytes`);
  }

  /** Events the kernel sent to the device (EV_LED, EV_UINPUT), without waiting; [] when none. */
  readEvents(): number[] {
    this.assertOpen('read');
    const buf = Buffer.alloc(EVENT_SIZE * 64);
    try {
      const n = readSync(this.fd, buf, 0, buf.length, null);
      return decodeEvents(buf.subarray(0, n));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EAGAIN') return [];
      throw err;
    }
  }

  /** Removes the device (the kernel releases any key still held) and closes the fd. Idempotent. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    libc.ioctlInt(this.fd, UI_DEV_DESTROY, 0);
    libc.close(this.fd);
  }

  get isDestroyed(): boolean {
    return this.destroyed;
  }

  private assertOpen(syscall: string): void {
    if (this.destroyed) throw new UinputError('ECLOSED', syscall, 'the virtual keyboard was already destroyed');
  }
}

/** True when /proc/bus/input/devices lists a device with exactly this name. */
export function deviceListed(name: string, devicesText?: string): boolean {
  const text = devicesText ?? readFileSync('/proc/bus/input/devices', 'utf8');
  return text.split('\n').some((line) => line === `N: Name="${name}"`);
}

/** The /dev/input/eventN node of the named device, from /proc/bus/input/devices; undefined when absent. */
export function eventNodeOf(name: string, devicesText?: string): string | undefined {
  const text = devicesText ?? readFileSync('/proc/bus/input/devices', 'utf8');
  for (const block of text.split(/\n\s*\n/)) {
    if (!block.split('\n').includes(`N: Name="${name}"`)) continue;
    const handlers = block.match(/^H: Handlers=(.*)$/m)?.[1] ?? '';
    const ev = handlers.split(/\s+/).find((h) => /^event\d+$/.test(h));
    if (ev) return `/dev/input/${ev}`;
  }
  return undefined;
}

/** Waits (polling) until the device shows up; the kernel lists it a few ms after UI_DEV_CREATE. */
export async function waitForDevice(name: string, timeoutMs = 2000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const node = eventNodeOf(name);
    if (node) return node;
    if (Date.now() > deadline) throw new Error(`input device "${name}" did not appear within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
