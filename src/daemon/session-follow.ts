// Lets go of the keyboards while the user's login session is not in front
// (logind), and takes them back when it is. Without logind (no system bus,
// another init) nothing is followed, and `status` and `doctor` say so.
import type { SessionStatus } from '../control/replies.js';
import { followSession, type SessionFollower } from '../session/logind.js';
import { monotonicMs } from './clock.js';

export interface SessionControl {
  suspend(letGo?: () => void): void;
  resume(): void;
}

export interface SessionFollowing {
  status(): SessionStatus;
  stop(): void;
}

export function followLoginSession(daemon: SessionControl, log: (line: string) => void, env: NodeJS.ProcessEnv = process.env): SessionFollowing {
  let follower: SessionFollower | null = null;
  let why = 'looking for the session';
  let stopped = false;
  const apply = (active: boolean, id: string) => {
    if (active) {
      daemon.resume();
      log(`session ${id} is active again: keyboards grabbed (at ${monotonicMs().toFixed(1)} ms)`);
      return;
    }
    const t0 = performance.now();
    // The monotonic time lets a test set it beside the moment logind said so. (Log lines here
    // avoid everyday words: the kernel tests check that no typed word reaches the log.)
    let letGo = '';
    daemon.suspend(() => { letGo = `in ${(performance.now() - t0).toFixed(1)} ms (at ${monotonicMs().toFixed(1)} ms)`; });
    log(`session ${id} is not active: keyboards let go ${letGo}; reading nothing (all done in ${(performance.now() - t0).toFixed(1)} ms)`);
  };
  followSession({
    env,
    onActive: (active) => apply(active, follower?.id ?? '?'),
    onLost: (lost) => {
      why = lost;
      follower = null;
      // Nothing will say when it is our turn again: serving beats holding the keyboards dead.
      daemon.resume();
      log(`session: ${lost}; keyboards stay grabbed from now on`);
    },
  }).then((f) => {
    if (stopped) return f.stop();
    follower = f;
    log(`session: following logind session ${f.id} (${f.active ? 'active' : 'not active'})`);
    if (!f.active) apply(false, f.id);
  }, (err: Error) => {
    why = err.message;
    log(`session: ${err.message}; keyboards stay grabbed across user switches`);
  });
  return {
    status: () => (follower ? { id: follower.id, active: follower.active } : { id: null, active: true, why }),
    stop() {
      stopped = true;
      follower?.stop();
    },
  };
}
