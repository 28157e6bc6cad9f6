// The daemon's own reaction to the panic chord (the addon's detection of it
// is tested on a real kernel): it says so, lets go of every keyboard, and ends.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/config/settings.js';
import { startDaemon } from '../../src/daemon/daemon.js';
import type { PortStartOptions } from '../../src/drive/keyboard-port.js';
import { UsKeymap } from '../../src/keymap/us.js';
import { SimulatedKeyboard } from '../../src/simulate/simulated-keyboard.js';

/** The simulated keyboard, with the addon's panic report and a record of stop(). */
class PanicKeyboard extends SimulatedKeyboard {
  started: PortStartOptions | null = null;
  stops = 0;
  override start(opts: PortStartOptions): void {
    this.started = opts;
    super.start(opts);
  }
  override stop(): void {
    this.stops++;
    super.stop();
  }
}

describe('the panic chord', () => {
  it.each(['grab', 'snoop'] as const)('%s: logs it, releases the keyboards and the daemon ends', async (mode) => {
    let port: PanicKeyboard | undefined;
    const log: string[] = [];
    const daemon = await startDaemon({
      mode, verbose: false, debugKeys: false, testHooks: false, settings: DEFAULT_SETTINGS,
      configDir: mkdtempSync(join(tmpdir(), 'ac-panic-')), log: (l) => log.push(l),
      port: () => (port = new PanicKeyboard(new UsKeymap())),
    });
    daemon.arm();
    expect(port!.started?.onPanic).toBeTypeOf('function');
    let ended: number | null = null;
    void daemon.done.then((code) => { ended = code; });
    await Promise.resolve();
    expect(ended).toBeNull(); // running until the chord
    port!.started!.onPanic!();
    expect(await daemon.done).toBe(0);
    expect(port!.stops).toBe(1);
    expect(log).toContain('panic chord (Backspace+Escape+Enter): keyboards released, exiting');
    // Keys after it change nothing: the port was stopped.
    port!.type('teh ');
    expect(port!.screen.text).toBe('');
  });
});
