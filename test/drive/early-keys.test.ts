import { describe, expect, it } from 'vitest';
import { EarlyKeys, type EarlyKeysSink } from '../../src/drive/early-keys.js';
import { RECORD_INTS, REC_CODE, REC_SEQ, type DeviceEvent } from '../../src/input/records.js';

function batch(...seqs: number[]): Int32Array {
  const b = new Int32Array(seqs.length * RECORD_INTS);
  seqs.forEach((s, i) => { b[i * RECORD_INTS + REC_SEQ] = s; b[i * RECORD_INTS + REC_CODE] = 30; });
  return b;
}

function recorder(): EarlyKeysSink & { seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    events: (b) => { for (let at = 0; at < b.length; at += RECORD_INTS) seen.push(`key ${b[at + REC_SEQ]}`); },
    opaque: (ch) => seen.push(`opaque ${ch}`),
    device: (ev) => seen.push(`${ev.kind} ${ev.index}`),
    unseen: () => seen.push('unseen'),
  };
}

const grabbed: DeviceEvent = { kind: 'grabbed', path: '/dev/input/event3', name: 'kbd', index: 0, isKeyboard: true };

describe('EarlyKeys', () => {
  it('replays batches, characters and device notices in the order they came, once', () => {
    const early = new EarlyKeys();
    early.device(grabbed);
    const b = batch(1, 2);
    early.events(b);
    b[REC_SEQ] = 99; // the port reuses its array: what was kept is a copy
    early.opaque('é');
    early.events(batch(3));
    const sink = recorder();
    early.replay(sink);
    expect(sink.seen).toEqual(['grabbed 0', 'key 1', 'key 2', 'opaque é', 'key 3']);
    const again = recorder();
    early.replay(again);
    expect(again.seen).toEqual([]);
  });

  it('past its limit keeps the newest records and says keys went by unseen before them', () => {
    const early = new EarlyKeys(3);
    early.device(grabbed);
    early.events(batch(1, 2));
    early.events(batch(3));
    early.events(batch(4, 5));
    const sink = recorder();
    early.replay(sink);
    expect(sink.seen).toEqual(['grabbed 0', 'unseen', 'key 3', 'key 4', 'key 5']);
  });
});
