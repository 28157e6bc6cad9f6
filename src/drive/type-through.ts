// Text typed through the drive loop on the simulated keyboard: what `try`
// prints and what `eval` scores. The same engine, loop and hold rules as the
// daemon in grab mode; only the port differs.
import type { Engine } from '../engine/engine.js';
import type { Edit } from '../engine/types.js';
import { FLAG_HELD, REC_FLAGS, REC_VALUE } from '../input/records.js';
import { SimulatedKeyboard } from '../simulate/simulated-keyboard.js';
import { DriveLoop } from './drive-loop.js';

export interface Simulation {
  keyboard: SimulatedKeyboard;
  /** Every edit that reached the screen, in order. */
  edits: Edit[];
}

export interface SimulationOptions {
  mode?: 'grab' | 'snoop';
  /** Called with the nanoseconds each held key press took to decide (eval's timing). */
  timeHeld?: (ns: number) => void;
}

/** A simulated keyboard started on the drive loop of `engine`. */
export function simulate(engine: Engine, opts: SimulationOptions = {}): Simulation {
  const keyboard = new SimulatedKeyboard(engine.keymap);
  const edits: Edit[] = [];
  const mode = opts.mode ?? 'grab';
  const loop = new DriveLoop(engine, keyboard, { mode, applied: (e) => edits.push(e) });
  const timeHeld = opts.timeHeld;
  const onEvents = timeHeld === undefined ? loop.events : (batch: Int32Array): void => {
    const a = process.hrtime.bigint();
    loop.events(batch);
    const ns = Number(process.hrtime.bigint() - a);
    if ((batch[REC_FLAGS] & FLAG_HELD) !== 0 && batch[REC_VALUE] === 1) timeHeld(ns);
  };
  keyboard.start({ mode, holdKeys: engine.editKeyCodes(), onEvents, onOpaque: loop.opaque, onDevice: loop.device });
  return { keyboard, edits };
}

export interface TypeResult {
  text: string;
  edits: Edit[];
}

/** Types `input` (a newline is Enter) and returns what the screen shows and the edits made. */
export function typeThrough(input: string, engine: Engine, opts: SimulationOptions = {}): TypeResult {
  const { keyboard, edits } = simulate(engine, opts);
  keyboard.type(input);
  keyboard.stop();
  return { text: keyboard.screen.text, edits };
}
