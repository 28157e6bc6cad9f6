// The tray's rate limit for per-correction notices, on a hand-driven clock.
import { describe, expect, it } from 'vitest';
import { CorrectionNotices, noticeFor, type Notice } from '../../src/tray/correction-notices.js';
import type { CorrectionEvent } from '../../src/control/protocol.js';

function rig(intervalMs = 10_000) {
  let now = 1_000_000;
  let pending: { f: () => void; at: number } | null = null;
  const shown: Notice[] = [];
  const notices = new CorrectionNotices({
    intervalMs,
    show: (n) => shown.push(n),
    now: () => now,
    setTimer: (f, ms) => (pending = { f, at: now + ms }),
    clearTimer: () => { pending = null; },
  });
  const advance = (ms: number) => {
    now += ms;
    if (pending && pending.at <= now) {
      const p = pending;
      pending = null;
      p.f();
    }
  };
  return { notices, shown, advance, timerSet: () => pending !== null };
}

const ev = (extra: Partial<CorrectionEvent> = {}): CorrectionEvent => ({ v: 1, event: 'correction', source: 'default', missed: 0, ...extra });
const fixed = (typed: string, fix: string) => ev({ typed, fix });

describe('per-correction notices', () => {
  it('the first shows at once; the rest of the interval is held back and shown as one', () => {
    const { notices, shown, advance } = rig();
    notices.add(fixed('teh', 'the'), true);
    expect(shown).toEqual([{ summary: 'teh → the', body: 'from the default list' }]);
    advance(1000);
    notices.add(fixed('adn', 'and'), true);
    advance(1000);
    notices.add(fixed('recieve', 'receive'), true);
    expect(shown).toHaveLength(1);
    advance(7999);
    expect(shown).toHaveLength(1);
    advance(1);
    expect(shown[1]).toEqual({ summary: '2 corrections', body: 'adn → and, recieve → receive' });
  });

  it('after a quiet interval the next one shows at once again', () => {
    const { notices, shown, advance, timerSet } = rig();
    notices.add(ev(), false);
    advance(10_000);
    notices.add(ev(), false);
    expect(shown).toHaveLength(2);
    expect(timerSet()).toBe(false);
  });

  it('without the opt-in (or without words in the event): counts only', () => {
    const { notices, shown, advance } = rig();
    notices.add(fixed('teh', 'the'), false); // the daemon sent words, the tray was not asked to show them
    notices.add(ev({ source: 'user' }), true); // the daemon sent none
    notices.add(ev({ missed: 4 }), true);
    advance(10_000);
    expect(shown).toEqual([
      { summary: '1 correction', body: 'autocorrect fixed what you typed (the default list)' },
      { summary: '6 corrections', body: 'autocorrect fixed what you typed (your list, the default list)' },
    ]);
    expect(JSON.stringify(shown)).not.toMatch(/teh|→/);
  });

  it('many fixes: the first three and how many more', () => {
    expect(noticeFor(5, ['a → b', 'c → d', 'e → f', 'g → h'], ['default'])).toEqual({ summary: '5 corrections', body: 'a → b, c → d, e → f and 2 more' });
  });

  it('reset drops what was held back', () => {
    const { notices, shown, advance } = rig();
    notices.add(ev(), false);
    notices.add(ev(), false);
    notices.reset();
    advance(20_000);
    expect(shown).toHaveLength(1);
  });
});
