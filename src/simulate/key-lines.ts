// `run --input fake` (tests only, AUTOCORRECTOR_TEST_HOOKS=1): the simulated
// keyboard typed on by JSON lines on a stream (the daemon's stdin), so tests
// can run the real daemon where there is no /dev/input or /dev/uinput:
//   {"text": "teh "}     the text as key presses (typist.ts), on the daemon's layout
//   {"backspace": 2}     Backspace pressed and released, twice
//   {"click": true}      a mouse click
//   {"keys": [[29, 1], [46, 1], [46, 0], [29, 0]]}   raw [code, value] events (chords)
//   {"pause": 5000}      5 s pass on the keys' clock before this line's keys (no real wait)
//   {"text": "te", "wait": true}   the keys reach the screen at once, but their records
//                        wait, as in the addon's batch, until a key the engine must
//                        decide, a line without "wait" (batchMs passed), or drain()
// After each line it writes {"done": N} (N lines so far) to the ack stream,
// so a test knows the keys went through before it looks at the screen, which
// the `test-screen` control command reads.
import type { Readable, Writable } from 'node:stream';
import { KEY } from '../keymap/keycodes.js';
import type { Keymap } from '../keymap/keymap.js';
import type { PortStartOptions } from '../drive/keyboard-port.js';
import { FLAG_HELD, RECORD_INTS, REC_FLAGS } from '../input/records.js';
import { SimulatedKeyboard } from './simulated-keyboard.js';

export class LineDrivenKeyboard extends SimulatedKeyboard {
  /** The stream's data listener while started, and the part line it has not ended yet. */
  private onData: ((chunk: Buffer | string) => void) | null = null;
  private partial = '';
  private clock = 0;
  private done = 0;
  /** The driver's onEvents, and the records a "wait" line holds back from it. */
  private deliver: ((batch: Int32Array) => void) | null = null;
  private holding = false;
  private waiting: Int32Array[] = [];

  constructor(keymap: Keymap, private readonly lines: Readable, private readonly ack: Writable) {
    super(keymap);
  }

  override start(opts: PortStartOptions): void {
    this.deliver = opts.onEvents;
    super.start({ ...opts, onEvents: (batch) => this.events(batch) });
    // Split by hand rather than through node:readline: the daemon itself
    // never loads readline, and the memory bench measures this path.
    this.lines.setEncoding('utf8');
    this.onData = (chunk) => {
      const parts = (this.partial + String(chunk)).split('\n');
      this.partial = parts.pop() ?? '';
      for (const text of parts) this.line(text.endsWith('\r') ? text.slice(0, -1) : text);
    };
    this.lines.on('data', this.onData);
    // A last line without its newline still counts, as readline had it.
    this.lines.once('end', () => {
      if (this.onData !== null && this.partial !== '') this.line(this.partial);
      this.partial = '';
    });
  }

  override stop(): void {
    if (this.onData) this.lines.off('data', this.onData);
    this.lines.pause();
    this.onData = null;
    super.stop();
  }

  /** Hands over what waits, in order, in one batch (as the addon's drain does). */
  override drain(): void {
    if (this.waiting.length === 0) return;
    const batch = new Int32Array(this.waiting.length * RECORD_INTS);
    this.waiting.forEach((rec, i) => batch.set(rec, i * RECORD_INTS));
    this.waiting = [];
    this.deliver?.(batch);
  }

  private events(batch: Int32Array): void {
    // A held key is sent at once, after what waits; so is every key outside a "wait" line.
    if (this.holding && !(batch[REC_FLAGS] & FLAG_HELD)) {
      this.waiting.push(batch);
      return;
    }
    this.drain();
    this.deliver?.(batch);
  }

  private line(text: string): void {
    let msg: { text?: unknown; backspace?: unknown; click?: unknown; keys?: unknown; pause?: unknown; wait?: unknown };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      this.ack.write(JSON.stringify({ error: 'not JSON' }) + '\n');
      return;
    }
    this.holding = msg.wait === true;
    this.clock = Math.max(this.clock + 30, Math.round(performance.now()));
    if (typeof msg.pause === 'number' && Number.isFinite(msg.pause) && msg.pause > 0) this.clock += Math.min(msg.pause, 3_600_000);
    if (typeof msg.text === 'string') this.clock = this.type(msg.text, { startMs: this.clock });
    const backspaces = typeof msg.backspace === 'number' ? Math.min(msg.backspace, 1000) : 0;
    for (let i = 0; i < backspaces; i++) {
      this.press(KEY.BACKSPACE, 1, (this.clock += 30));
      this.press(KEY.BACKSPACE, 0, (this.clock += 30));
    }
    if (Array.isArray(msg.keys)) {
      for (const k of msg.keys as unknown[]) {
        if (Array.isArray(k) && Number.isInteger(k[0]) && [0, 1, 2].includes(k[1] as number)) this.press(k[0] as number, k[1] as number, (this.clock += 30));
      }
    }
    if (msg.click === true) this.click(this.clock);
    if (!this.holding) this.drain(); // the batch's time is up
    this.ack.write(JSON.stringify({ done: ++this.done }) + '\n');
  }
}
