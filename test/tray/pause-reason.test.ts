import { describe, expect, it } from 'vitest';
import { pauseReason } from '../../src/tray/tray.js';

describe('the tooltip says when a focus rule pauses corrections', () => {
  it('each pausing rule has its reason; correcting rules and none have no pause', () => {
    expect(pauseReason('password')).toMatch(/password field/);
    expect(pauseReason('terminal')).toMatch(/terminals = true/);
    expect(pauseReason('app-off')).toMatch(/\[apps\] off/);
    expect(pauseReason('unknown-off')).toMatch(/unknown_focus/);
    expect(pauseReason('pending')).toMatch(/finding out/);
    for (const rule of ['correct', 'app-list-only', undefined]) expect(pauseReason(rule)).toBeNull();
  });
});
