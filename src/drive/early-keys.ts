// The daemon grabs the keyboards before its engine is loaded (issue 17:
// ready fast): meanwhile every key goes out as typed, and what the port
// reports waits here, in order. Once the engine is there it is replayed into
// the drive loop, so a word begun during loading is known whole and the
// modifiers held then are known; nothing was held back, so the loop can only
// drop (never type) what the engine would have fixed then. Past `limit`
// records the oldest are not kept: the engine is told keys went by unseen.
import { RECORD_INTS, type DeviceEvent } from '../input/records.js';

export interface EarlyKeysSink {
  events(batch: Int32Array): void;
  opaque(ch: string): void;
  device(ev: DeviceEvent): void;
  /** Keys went by that the sink will never see: the word in progress is unknown. */
  unseen(): void;
}

type Item = { batch: Int32Array } | { opaque: string } | { device: DeviceEvent };

export class EarlyKeys {
  private items: Item[] = [];
  private records = 0;
  private lost = false;

  constructor(private readonly limit = 4096) {}

  events(batch: Int32Array): void {
    if (batch.length === 0) return;
    // (a copy: the port may reuse its array)
    this.items.push({ batch: batch.slice() });
    this.records += batch.length / RECORD_INTS;
    while (this.records > this.limit) this.dropOldest();
  }

  opaque(ch: string): void {
    this.items.push({ opaque: ch });
  }

  device(ev: DeviceEvent): void {
    this.items.push({ device: ev });
  }

  /** Hands everything kept to `sink`, in order, and keeps nothing after. */
  replay(sink: EarlyKeysSink): void {
    const items = this.items;
    this.items = [];
    this.records = 0;
    let lost = this.lost;
    this.lost = false;
    for (const item of items) {
      if ('batch' in item) {
        if (lost) { sink.unseen(); lost = false; }
        sink.events(item.batch);
      } else if ('opaque' in item) sink.opaque(item.opaque);
      else sink.device(item.device);
    }
    if (lost) sink.unseen();
  }

  private dropOldest(): void {
    const i = this.items.findIndex((it) => 'batch' in it);
    if (i < 0) return;
    const { batch } = this.items[i] as { batch: Int32Array };
    this.records -= batch.length / RECORD_INTS;
    // Device notices before it stay: a grab's LEDs and a removal still matter.
    this.items.splice(i, 1);
    this.lost = true;
  }
}
