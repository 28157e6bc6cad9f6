// Turns the daemon's correction events into desktop notices, rate-limited:
// the first correction after a quiet spell shows at once, and whatever comes
// in the next `intervalMs` is held back and shown as one notice ("3
// corrections") when it is over. Words appear only when the event carries
// them (the daemon's opt-in) and the caller says to show them (the tray's).
import type { CorrectionEvent } from '../control/protocol.js';

export interface Notice {
  summary: string;
  body: string;
}

export interface CorrectionNoticesOptions {
  intervalMs: number;
  show: (n: Notice) => void;
  /** Clock and timer, replaceable in tests. */
  now?: () => number;
  setTimer?: (f: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

// More fixes than this in one notice would not be read.
const MAX_FIXES_SHOWN = 3;

const SOURCE_NAMES: Record<CorrectionEvent['source'], string> = {
  user: 'your list',
  default: 'the default list',
  dictionary: 'the dictionary',
};

export class CorrectionNotices {
  private count = 0;
  private fixes: string[] = [];
  private sources = new Set<CorrectionEvent['source']>();
  private lastShown = -Infinity;
  private timer: unknown = null;
  private readonly now: () => number;

  constructor(private readonly opts: CorrectionNoticesOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** One event from the daemon; `showFix`: the user asked to see words. */
  add(e: CorrectionEvent, showFix: boolean): void {
    this.count += 1 + e.missed;
    this.sources.add(e.source);
    if (showFix && e.typed !== undefined && e.fix !== undefined) this.fixes.push(`${e.typed} → ${e.fix}`);
    if (this.timer !== null) return;
    const wait = this.lastShown + this.opts.intervalMs - this.now();
    if (wait <= 0) this.flush();
    else this.timer = (this.opts.setTimer ?? setTimeout)(() => { this.timer = null; this.flush(); }, wait);
  }

  /** Drops what is held back (notifications were switched off). */
  reset(): void {
    if (this.timer !== null) (this.opts.clearTimer ?? ((t) => clearTimeout(t as NodeJS.Timeout)))(this.timer);
    this.timer = null;
    this.count = 0;
    this.fixes = [];
    this.sources.clear();
  }

  private flush(): void {
    if (this.count === 0) return;
    this.lastShown = this.now();
    this.opts.show(noticeFor(this.count, this.fixes, [...this.sources]));
    this.count = 0;
    this.fixes = [];
    this.sources.clear();
  }
}

/** The notice's text: the fixes when known (some may be missing: missed events, a late opt-in), else the count. */
export function noticeFor(count: number, fixes: string[], sources: CorrectionEvent['source'][]): Notice {
  const summary = count === 1 ? (fixes.length === 1 ? fixes[0] : '1 correction') : `${count} corrections`;
  if (fixes.length > 0 && !(count === 1 && fixes.length === 1)) {
    const shown = fixes.slice(0, MAX_FIXES_SHOWN);
    const more = count - shown.length;
    return { summary, body: shown.join(', ') + (more > 0 ? ` and ${more} more` : '') };
  }
  if (fixes.length === 1) return { summary, body: `from ${SOURCE_NAMES[sources[0]]}` };
  return { summary, body: `autocorrect fixed what you typed (${sources.map((s) => SOURCE_NAMES[s]).join(', ')})` };
}
