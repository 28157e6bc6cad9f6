import type { Edit } from '../engine/types.js';

/**
 * Snoop mode cannot hold a key back: the edit reaches the screen *after* the
 * key that caused it. This rewrites an edit meant to go before that key into
 * one that goes after it. Null when that cannot be done safely (Enter or Tab
 * may already have sent the line or moved focus).
 */
export function editAfterKey(edit: Edit, keyChar: string): Edit | null {
  if (edit.kind === 'undo') {
    // The Backspace already removed the boundary character the undo re-types.
    return { ...edit, erase: edit.erase - 1, text: edit.text.slice(0, -1) };
  }
  if (keyChar === '\n' || keyChar === '\t') return null;
  return { ...edit, erase: edit.erase + 1, text: edit.text + keyChar };
}
