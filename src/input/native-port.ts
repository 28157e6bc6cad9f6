// The native backend of the keyboard port: the addon reads and grabs the
// keyboards on its own thread and forwards them to our uinput keyboard, which
// also carries the injected edits. The virtual keyboard is made at start and
// destroyed at stop, after the addon has released every key through it.
import type { KeyboardPort, PortStartOptions } from '../drive/keyboard-port.js';
import { UinputKeyboard } from '../inject/uinput.js';
import * as addon from './native.js';
import type { DeviceInfo, Injection } from './records.js';

export class NativeKeyboardPort implements KeyboardPort {
  private vkbd: UinputKeyboard | null = null;

  listDevices(): DeviceInfo[] {
    return addon.listDevices();
  }

  /** Throws UinputError (with a hint) when /dev/uinput cannot be used. */
  start(opts: PortStartOptions): void {
    const vkbd = UinputKeyboard.create();
    try {
      addon.start({ ...opts, uinputFd: vkbd.fd });
    } catch (err) {
      vkbd.destroy();
      throw err;
    }
    this.vkbd = vkbd;
  }

  setKeys(holdKeys: readonly number[], chordKeys: readonly number[]): void {
    addon.setHoldKeys(holdKeys);
    addon.setChordKeys(chordKeys);
  }

  resolve(seq: number, injection?: Injection, drop?: boolean): boolean {
    return addon.resolve(seq, injection, drop);
  }

  injectIfIdle(injection: Injection, afterSeq: number): boolean {
    return addon.injectIfIdle(injection, afterSeq);
  }

  /** The grab ends at once; destroying the virtual keyboard (slow in the kernel) waits for stop(). */
  release(): void {
    addon.stop(); // ungrabs every keyboard and releases keys the virtual keyboard holds
  }

  drain(): void {
    addon.drain();
  }

  stop(): void {
    addon.stop(); // ungrabs every keyboard and releases keys the virtual keyboard holds
    this.vkbd?.destroy();
    this.vkbd = null;
  }
}
