// Shared pieces for kernel scenarios that run the real daemon: a keyboard
// (tools/keyboard-steps.mjs) typing in phases the shell can wait on.
import { KEY } from '../../src/keymap/keycodes.js';
import { keyCode, keys, type StreamItem } from '../support/keys.js';
import type { KeyInput } from '../../src/engine/types.js';

export type Step = { keys: KeyInput[] } | { waitFile: string; timeoutMs?: number } | { touch: string } | { sleep: number };

const onlyKeys = (items: StreamItem[]): KeyInput[] => items.map((e) => {
  if (!('code' in e)) throw new Error('keyboard-steps: clicks are not keys');
  return e;
});
/** test/support/keys.ts notation, 10 ms per event. */
export const k = (notation: string): Step => ({ keys: onlyKeys(keys(notation)) });

/**
 * A fast typist: a key every `everyMs`, each held `holdMs` (> everyMs, so the
 * next key goes down before the last comes up). Capitals with Shift.
 */
export function typist(text: string, everyMs = 10, holdMs = 15): KeyInput[] {
  const out: KeyInput[] = [];
  const name = (ch: string) => (ch === ' ' ? 'space' : ch === ',' ? 'comma' : ch === '.' ? 'dot' : ch === '\n' ? 'enter' : ch.toLowerCase());
  const chars = [...text];
  chars.forEach((ch, i) => {
    const t = i * everyMs;
    const code = keyCode(name(ch));
    const upper = ch !== ch.toLowerCase();
    // Shift is let go before the next key goes down, or that key would be a capital too.
    if (upper) out.push({ code: KEY.LEFTSHIFT, value: 1, timeMs: t });
    out.push({ code, value: 1, timeMs: t + (upper ? 2 : 0) });
    if (upper) out.push({ code: KEY.LEFTSHIFT, value: 0, timeMs: t + everyMs - 2 });
    // A double letter: a finger lets go before it presses the same key again (a second
    // press of a key that is down would be dropped by the kernel, and one letter lost).
    const again = i + 1 < chars.length && name(chars[i + 1]) === name(ch);
    out.push({ code, value: 0, timeMs: t + (again ? everyMs - 1 : holdMs) });
  });
  return out.sort((a, b) => a.timeMs - b.timeMs);
}

export const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Shell lines that start a keyboard-steps keyboard in the background ($kb_pid) and wait until it exists. */
export function keyboard(name: string, steps: Step[], file = 'steps.json'): string {
  return [
    `cat > "$OUT/${file}" <<'STEPS_JSON'`,
    JSON.stringify(steps),
    'STEPS_JSON',
    `rm -f "$OUT/kb.ready"`,
    `node "$tools/keyboard-steps.mjs" --name ${shq(name)} --steps "$OUT/${file}" --ready "$OUT/kb.ready" --readback "$OUT/${file}.readback" &`,
    'kb_pid=$!',
    'wait_file "$OUT/kb.ready"',
  ].join('\n');
}

// The VT reader starts once the daemon is ready (its own timeout is 20 s; start-up under a
// busy emulator can take 15). A reader that gives up early leaves its line to the next scenario.
export const prelude = '. "$tools/daemon-lib.sh"';
export const go: Step = { waitFile: 'go' };

