// The daemon's status pushed to the subscribers that asked for it (the
// tray), so that none of them has to ask again and again: an idle daemon and
// an idle tray never wake. Whatever may change the status pokes the feed;
// the status is compared with the last one sent, after the current batch of
// work, and sent only when it differs. Counts only, as `status` is.
import type { StatusData } from '../control/replies.js';
import type { StateSource } from '../control/server.js';
import { encodeEvent } from '../control/protocol.js';
import { Subscribers } from '../control/subscribers.js';

/** What subscribers are not told about: it changes all the time without meaning anything new. */
function key(s: StatusData): string {
  return JSON.stringify({ ...s, uptimeSec: 0, subscribers: 0 });
}

export class StateFeed implements StateSource {
  readonly subscribers = new Subscribers();
  private last = '';
  private due = false;

  /** `current`: the status now, null while the daemon is still starting. */
  constructor(private readonly current: () => StatusData | null) {}

  /** Something may have changed: subscribers hear of it once, after the work under way. */
  poke(): void {
    if (this.due || this.subscribers.size === 0) return;
    this.due = true;
    setImmediate(() => {
      this.due = false;
      this.snapshot();
    });
  }

  /** The status now; those subscribed hear it first if it is news to them. */
  snapshot(): StatusData | null {
    const status = this.current();
    if (status === null) return null;
    const k = key(status);
    if (k !== this.last) {
      this.last = k;
      this.subscribers.publish((missed) => encodeEvent({ event: 'state', status, missed }));
    }
    return status;
  }
}
