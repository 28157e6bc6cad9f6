// Corrections as events for the control socket's subscribers (the tray's
// per-correction notifications). PRIVACY: the typed word and its fix go into
// an event only while the user has opted in (config.toml notify_show_fix),
// and only to subscribers on the user's own 0600 socket; never to a log or a
// file. Otherwise an event says only that a correction happened, and where
// its rule came from.
import type { Edit } from '../engine/types.js';
import { encodeEvent, type SubscribeData } from '../control/protocol.js';
import { Subscribers } from '../control/subscribers.js';

export class CorrectionFeed {
  readonly subscribers = new Subscribers();
  /** notify_show_fix, as config.toml says now. */
  showFix = false;

  subscribed(): SubscribeData {
    return { events: ['correction'], showFix: this.showFix };
  }

  /** An edit that reached the screen; sent after the current key batch, so the key path never waits on it. */
  applied(edit: Edit): void {
    if (edit.kind !== 'correction' || this.subscribers.size === 0) return;
    const words = this.showFix ? { typed: edit.typed, fix: edit.fix } : {};
    const { source } = edit;
    setImmediate(() => this.subscribers.publish((missed) => encodeEvent({ event: 'correction', source, missed, ...words })));
  }
}
