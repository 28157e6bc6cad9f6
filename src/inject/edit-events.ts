import type { Engine } from '../engine/engine.js';
import type { Edit, KeyInput } from '../engine/types.js';
import { editKeystrokes, type EventTriples } from './keystrokes.js';

export interface EditOutput {
  edit: Edit;
  /** Key events to write before the key that caused the edit. */
  events: EventTriples;
}

/**
 * Feeds one key event to the engine and, when it wants an edit, returns the
 * key events that carry it out. The one step the daemon and `try` share.
 */
export function feedKey(engine: Engine, ev: KeyInput): EditOutput | null {
  const edit = engine.key(ev);
  if (edit === null) return null;
  const tracker = engine.tracker;
  const events = editKeystrokes(edit, engine.keymap, tracker.capsLock, tracker.heldModifiers(), tracker.group);
  return events === null ? null : { edit, events };
}
