// The parts of the uinput shell that need no kernel: byte layouts, key set,
// error explanations, and failures on paths that are not uinput.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  EVENT_SIZE, UinputError, UinputKeyboard, decodeEvents, deviceListed, encodeEvents, encodeSetup,
  eventNodeOf, explainErrno, keyboardKeyCodes,
} from '../../src/inject/uinput.js';

describe('input_event encoding', () => {
  it('packs type, code, value at offsets 16, 18, 20 of 24-byte structs, time zero', () => {
    const buf = encodeEvents([1, 30, 1, 0, 0, 0, 0x11, 1, -1]);
    expect(buf.length).toBe(3 * EVENT_SIZE);
    expect(buf.readBigInt64LE(0)).toBe(0n);
    expect([buf.readUInt16LE(16), buf.readUInt16LE(18), buf.readInt32LE(20)]).toEqual([1, 30, 1]);
    expect([buf.readUInt16LE(64), buf.readUInt16LE(66), buf.readInt32LE(68)]).toEqual([0x11, 1, -1]);
    expect(decodeEvents(buf)).toEqual([1, 30, 1, 0, 0, 0, 0x11, 1, -1]);
  });

  it('rejects a list that is not whole triples', () => {
    expect(() => encodeEvents([1, 30])).toThrow(RangeError);
  });
});

describe('uinput_setup', () => {
  it('is 92 bytes: input_id, NUL-terminated name at 8, ff_effects_max 0', () => {
    const buf = encodeSetup('kb');
    expect(buf.length).toBe(92);
    expect(buf.readUInt16LE(0)).toBe(0x06); // BUS_VIRTUAL
    expect(buf.subarray(8, 11)).toEqual(Buffer.from('kb\0'));
    expect(buf.readUInt32LE(88)).toBe(0);
  });

  it('refuses a name the kernel would truncate', () => {
    expect(() => encodeSetup('x'.repeat(80))).toThrow(/name longer/);
    expect(() => encodeSetup('x'.repeat(79))).not.toThrow();
  });
});

describe('announced keys', () => {
  const codes = new Set(keyboardKeyCodes());
  it('covers every classic key, so forwarded keys are not dropped', () => {
    for (let c = 1; c <= 248; c++) expect(codes.has(c), `code ${c}`).toBe(true);
    expect(codes.has(0x1d0)).toBe(true); // KEY_FN
  });
  it('has no mouse, joystick, touch or trigger buttons, so desktops see a keyboard', () => {
    for (const btn of [0x100, 0x110, 0x111, 0x120, 0x130, 0x140, 0x14a, 0x150, 0x220, 0x2c0]) {
      expect(codes.has(btn), `code 0x${btn.toString(16)}`).toBe(false);
    }
    expect(codes.has(0)).toBe(false);
  });
});

describe('errors a user can act on', () => {
  it('explains a missing device with modprobe', () => {
    const e = explainErrno(2, 'open', '/dev/uinput');
    expect(e).toBeInstanceOf(UinputError);
    expect(e.code).toBe('ENOENT');
    expect(e.hint).toContain('sudo modprobe uinput');
  });

  it('explains a permission problem with the setup command', () => {
    for (const errno of [13, 1]) {
      const e = explainErrno(errno, 'open', '/dev/uinput');
      expect(e.hint).toContain('sudo autocorrector setup');
    }
    expect(explainErrno(13, 'open', '/dev/uinput').code).toBe('EACCES');
  });

  it('names an unexpected errno instead of guessing', () => {
    const e = explainErrno(28, 'write', '/dev/uinput');
    expect(e.code).toBe('ENOSPC');
    expect(e.hint).toContain('errno 28');
  });

  it('reports a missing path through the real open() call', () => {
    let caught: unknown;
    try { UinputKeyboard.create({ path: '/nonexistent/autocorrector/uinput' }); } catch (e) { caught = e; }
    expect(caught).toBeInstanceOf(UinputError);
    expect((caught as UinputError).code).toBe('ENOENT');
    expect((caught as UinputError).syscall).toBe('open');
  });

  it('rejects a file that is not uinput, and does not leak its fd', () => {
    const fds = () => readdirSync('/proc/self/fd').length;
    const before = fds();
    let caught: unknown;
    try { UinputKeyboard.create({ path: '/dev/null' }); } catch (e) { caught = e; }
    expect((caught as UinputError).code).toBe('ENOTTY');
    expect((caught as UinputError).syscall).toMatch(/^ioctl/);
    expect(fds()).toBe(before);
  });
});

describe('finding the device in /proc/bus/input/devices', () => {
  const text = [
    'I: Bus=0011 Vendor=0001 Product=0001 Version=ab41',
    'N: Name="AT Translated Set 2 keyboard"',
    'H: Handlers=sysrq kbd event0 leds',
    '',
    'I: Bus=0006 Vendor=0000 Product=0000 Version=0001',
    'N: Name="autocorrector virtual keyboard"',
    'H: Handlers=sysrq kbd leds event3 ',
    '',
  ].join('\n');

  it('finds the event node of the named device only', () => {
    expect(eventNodeOf('autocorrector virtual keyboard', text)).toBe('/dev/input/event3');
    expect(eventNodeOf('AT Translated Set 2 keyboard', text)).toBe('/dev/input/event0');
    expect(eventNodeOf('autocorrector', text)).toBeUndefined();
  });

  it('matches whole names, not prefixes', () => {
    expect(deviceListed('autocorrector virtual keyboard', text)).toBe(true);
    expect(deviceListed('autocorrector virtual', text)).toBe(false);
  });
});
