// The daemon takes the keyboards before its engine is loaded (issue 17:
// ready fast). Keys typed meanwhile go out as typed, and the engine hears of
// them once it is there: a word begun during loading is corrected when it
// ends after, and nothing typed meanwhile is held or changed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/config/settings.js';
import { startDaemon } from '../../src/daemon/daemon.js';
import type { PortStartOptions } from '../../src/drive/keyboard-port.js';
import { UsKeymap } from '../../src/keymap/us.js';
import { SimulatedKeyboard } from '../../src/simulate/simulated-keyboard.js';

/** Types `whileLoading` as soon as it is started, i.e. before the daemon has an engine. */
class EarlyTypist extends SimulatedKeyboard {
  keysAtStart: { hold: number; chord: number } | null = null;
  constructor(private readonly whileLoading: string) {
    super(new UsKeymap());
  }
  override start(opts: PortStartOptions): void {
    super.start(opts);
    this.keysAtStart = { hold: opts.holdKeys?.length ?? 0, chord: opts.chordKeys?.length ?? 0 };
    this.type(this.whileLoading);
  }
}

async function daemonTypedOn(whileLoading: string, mode: 'grab' | 'snoop' = 'grab') {
  let port: EarlyTypist | undefined;
  const log: string[] = [];
  const daemon = await startDaemon({
    mode, verbose: false, debugKeys: false, testHooks: false, settings: DEFAULT_SETTINGS,
    configDir: mkdtempSync(join(tmpdir(), 'ac-grab-first-')), log: (l) => log.push(l),
    port: () => (port = new EarlyTypist(whileLoading)),
  });
  return { daemon, port: port!, log };
}

async function armedDaemonTypedOn(whileLoading: string, mode: 'grab' | 'snoop' = 'grab') {
  const r = await daemonTypedOn(whileLoading, mode);
  r.daemon.arm();
  return r;
}

describe('keys typed while the engine loads', () => {
  it('go out as typed: nothing is held back before the daemon is armed', async () => {
    const { daemon, port, log } = await daemonTypedOn('teh ');
    expect(port.keysAtStart).toEqual({ hold: 0, chord: 0 });
    expect(port.screen.text).toBe('teh ');
    // Engine loaded but not armed (the caller's own start-up still runs): still as typed.
    port.type('teh ');
    expect(port.screen.text).toBe('teh teh ');
    expect(log.some((l) => l.startsWith('ready in'))).toBe(false);
    // Armed: word ends are held for the engine's answer.
    daemon.arm();
    port.type('teh ');
    expect(port.screen.text).toBe('teh teh the ');
    daemon.stop();
  });

  it.each(['grab', 'snoop'] as const)('%s: a word begun while loading and ended after is judged whole', async (mode) => {
    const { daemon, port } = await armedDaemonTypedOn('I recie', mode);
    port.type('ve it ');
    expect(port.screen.text).toBe('I receive it ');
    daemon.stop();
  });

  it('the log says when the keyboards were taken and when corrections began', async () => {
    const { daemon, log } = await armedDaemonTypedOn('');
    expect(log.some((l) => /^1 keyboard\(s\): .*; mode grab; at \d+ ms, engine loading$/.test(l))).toBe(true);
    expect(log.some((l) => /^ready in \d+ ms \(engine \d+ ms\); keyboards taken at \d+ ms$/.test(l))).toBe(true);
    daemon.stop();
  });
});
