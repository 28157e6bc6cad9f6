// The drive loop's own bookkeeping of keys down (per device): with rollover a
// fix must first release a letter still held, or the kernel drops its press.
import { describe, expect, it } from 'vitest';
import { DriveLoop } from '../../src/drive/drive-loop.js';
import type { KeyboardPort } from '../../src/drive/keyboard-port.js';
import { EV_KEY } from '../../src/keymap/keycodes.js';
import { FLAG_HELD, RECORD_INTS, REC_CODE, REC_DEVICE, REC_FLAGS, REC_SEQ, REC_TYPE, REC_VALUE, type Injection } from '../../src/input/records.js';
import { keyCode } from '../support/keys.js';
import { testEngine } from '../support/replay.js';

/** Grab mode: feeds `script` (device:d|u:key, space-separated) and returns each held key's answer. */
function answers(script: string): number[][] {
  const out: number[][] = [];
  const port = {
    resolve: (_seq: number, injection: Injection = []) => {
      out.push(Array.from(injection));
      return true;
    },
  } as unknown as KeyboardPort;
  const loop = new DriveLoop(testEngine({ user: { teh: 'the' } }), port, { mode: 'grab' });
  let seq = 0;
  for (const tok of script.split(' ')) {
    const [dev, dir, name] = tok.split(':');
    const rec = new Int32Array(RECORD_INTS);
    const code = keyCode(name);
    rec[REC_SEQ] = ++seq;
    rec[REC_DEVICE] = Number(dev);
    rec[REC_TYPE] = EV_KEY;
    rec[REC_CODE] = code;
    rec[REC_VALUE] = dir === 'd' ? 1 : 0;
    rec[REC_FLAGS] = dir === 'd' && name === 'space' ? FLAG_HELD : 0;
    loop.events(rec);
  }
  return out;
}

const TEH = '0:d:t 0:u:t 0:d:e 0:u:e 0:d:h';

describe('DriveLoop keys down', () => {
  it('releases the word\'s last letter first when it is still down', () => {
    const [fix] = answers(`${TEH} 0:d:space`);
    expect(fix.slice(0, 3)).toEqual([EV_KEY, keyCode('h'), 0]);
  });

  it('does not when that letter was released, on this or another keyboard', () => {
    expect(answers(`${TEH} 0:u:h 0:d:space`)[0].slice(0, 3)).not.toEqual([EV_KEY, keyCode('h'), 0]);
    // Held on keyboard 1, released there: keyboard 0 never held it.
    expect(answers('0:d:t 0:u:t 0:d:e 0:u:e 1:d:h 1:u:h 0:d:space')[0].slice(0, 3)).not.toEqual([EV_KEY, keyCode('h'), 0]);
  });

  it('counts a letter held on another keyboard as down', () => {
    const [fix] = answers('0:d:t 0:u:t 0:d:e 0:u:e 1:d:h 0:d:space');
    expect(fix.slice(0, 3)).toEqual([EV_KEY, keyCode('h'), 0]);
  });
});
