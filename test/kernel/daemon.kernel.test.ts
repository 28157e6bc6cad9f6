// The real daemon (`autocorrector run`, built in dist/) on a real kernel: a
// test-side uinput keyboard types, the daemon serves only that keyboard, and
// the text is what the kernel's VT (tty1) received. One boot, one daemon per
// scenario (tools/daemon-lib.sh); the keyboard is tools/keyboard-steps.mjs, so
// the shell can kill or block the daemon between typing phases.
import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { KEY } from '../../src/keymap/keycodes.js';
import { go, k, keyboard, prelude, typist } from './daemon-steps.js';
import { runScenarios, type Boot, type ScenarioResult } from './scenario.js';
import { describeRun, kernelAvailability } from './vm.js';

const unavailable = kernelAvailability();
const skip = unavailable !== null && !process.env.CI; // CI never skips: it fails
if (skip) console.warn(`kernel tests skipped: ${unavailable}`);

const PARAGRAPH = 'I recieve teh mail adn thier dog, becuase I beleive it is definately occured. Ok.\n';
const CORRECTED = 'I receive the mail and their dog, because I believe it is definitely occurred. Ok.\n';
/** Words typed in the scenarios: none may ever reach the daemon's log. */
const TYPED_WORDS = ['recieve', 'receive', 'teh', 'adn', 'thier', 'becuase', 'because', 'beleive', 'believe', 'definately', 'occured', 'occurred'];

const EV_LED = 0x11, LED_CAPSL = 1;

describe.skipIf(skip)(`autocorrector run on a real kernel${skip ? ` (skipped: ${unavailable})` : ''}`, () => {
  let boot: Boot;

  beforeAll(async () => {
    if (unavailable) throw new Error(`kernel tests cannot run: ${unavailable}`);
    boot = await runScenarios([
      {
        name: 'rollover',
        script: `${prelude}
${keyboard('ac kbd rollover', [go, { keys: typist(PARAGRAPH) }, { sleep: 300 }])}
start_daemon 'ac kbd rollover'
wait_log 'device grabbed: ac kbd rollover'
vt_reader "$OUT/vt.txt" 1
touch "$OUT/go"
wait $kb_pid
wait $vt_pid
stop_daemon`,
      },
      {
        name: 'shift',
        script: `${prelude}
${keyboard('ac kbd shift', [go, k('d:lshift t u:lshift "eh" d:lshift 1 u:lshift enter'), { sleep: 300 }])}
start_daemon 'ac kbd shift'
wait_log 'device grabbed: ac kbd shift'
vt_reader "$OUT/vt.txt" 1
touch "$OUT/go"
wait $kb_pid
wait $vt_pid
stop_daemon INT # (Ctrl+C in a terminal) the others end with SIGTERM`,
      },
      {
        // Backspace undo, then SIGTERM: exit 0, virtual keyboard gone, the keyboard typing straight to the VT.
        name: 'undo-term',
        script: `${prelude}
${keyboard('ac kbd undo', [go, k('"teh " bs " ok" enter'), { touch: 'typed' }, { waitFile: 'stopped' }, k('"teh" enter'), { sleep: 300 }])}
start_daemon 'ac kbd undo'
wait_log 'device grabbed: ac kbd undo'
vt_reader "$OUT/vt.txt" 2
touch "$OUT/go"
wait_file "$OUT/typed"
sleep 0.3
stop_daemon TERM
touch "$OUT/stopped"
wait $kb_pid
wait $vt_pid`,
      },
      {
        // SIGKILL while 'a' is held (and autorepeating on the virtual keyboard).
        name: 'sigkill',
        script: `${prelude}
${keyboard('ac kbd kill', [go, k('d:a'), { sleep: 500 }, { touch: 'held' }, { waitFile: 'killed' }, { sleep: 700 }, k('u:a "ok" enter'), { sleep: 700 }, k('"z" enter'), { sleep: 300 }])}
start_daemon 'ac kbd kill'
wait_log 'device grabbed: ac kbd kill'
vt_reader "$OUT/vt.txt" 2
touch "$OUT/go"
wait_file "$OUT/held"
stop_daemon KILL
touch "$OUT/killed"
wait $kb_pid
wait $vt_pid`,
      },
      {
        // SIGUSR2 (test hook) busy-waits the daemon's JS thread for 4 s. Before it, a word is
        // half typed and Shift goes down; both end while JS is blocked and the keyboard ungrabbed,
        // so the daemon must not go on believing in them afterwards.
        name: 'stall',
        script: `${prelude}
${keyboard('ac kbd stall', [
  // The pause after 'teh ': this scenario is about the stall, not about how fast a cold
  // daemon's first correction is (CI of 78b9b45: the 't' after it came first, so no fix).
  go, k('"teh "'), { sleep: 500 }, k('"te" d:lshift'), { touch: 'phase1' }, { waitFile: 'blocked' },
  // At once: under a busy emulator these keys must still fall inside the 4 s block.
  // (1.5 s after the first of them the addon calls JS stalled and lets the keyboard go.)
  k('"xy" u:lshift " teh adn "'), { touch: 'phase2' }, { waitFile: 'resumed' }, k('"h teh" enter'), { sleep: 300 },
])}
start_daemon 'ac kbd stall'
wait_log 'device grabbed: ac kbd stall'
vt_reader "$OUT/vt.txt" 1
touch "$OUT/go"
wait_file "$OUT/phase1"
sleep 0.3
kill -USR2 $daemon_pid
date +%s%3N > "$OUT/blocked-at"
sleep 0.2
touch "$OUT/blocked"
wait_file "$OUT/phase2"
date +%s%3N > "$OUT/typed-at"
wait_log 'device grabbed: ac kbd stall' 20 2
touch "$OUT/resumed"
wait $kb_pid
wait $vt_pid
stop_daemon`,
      },
      {
        name: 'replug',
        script: `${prelude}
${keyboard('ac kbd replug', [go, k('"teh " enter'), { sleep: 200 }], 'first.json')}
start_daemon 'ac kbd replug'
wait_log 'device grabbed: ac kbd replug'
vt_reader "$OUT/vt.txt" 2
touch "$OUT/go"
wait $kb_pid
rm "$OUT/go"
${keyboard('ac kbd replug', [go, k('"teh" enter'), { sleep: 300 }], 'second.json')}
wait_log 'device grabbed: ac kbd replug' 10 2
touch "$OUT/go"
wait $kb_pid
wait $vt_pid
stop_daemon`,
      },
      {
        name: 'capslock',
        script: `${prelude}
${keyboard('ac kbd caps', [go, k('caps "teh "'), { sleep: 400 }, k('caps enter'), { sleep: 400 }])}
start_daemon 'ac kbd caps'
wait_log 'device grabbed: ac kbd caps'
vt_reader "$OUT/vt.txt" 1
touch "$OUT/go"
wait $kb_pid
wait $vt_pid
stop_daemon`,
      },
      {
        // Caps Lock toggled while the daemon has let go (JS blocked by SIGUSR2; a Shift tap
        // starts the stall clock). JS never sees that key: it must learn the lock from the
        // LEDs when the keyboard is grabbed again. Knowing it, "TEH. tEH" on screen becomes
        // "THE. tEH"; believing Caps Lock off, it would read "teh. Teh" and make "THE. tHE".
        name: 'capsregrab',
        script: `${prelude}
${keyboard('ac kbd capsregrab', [
  { waitFile: 'blocked' }, k('lshift'), { waitFile: 'caps' }, k('caps'), { touch: 'capsdone' },
  { waitFile: 'resumed' }, k('"teh. " d:lshift t u:lshift "eh " enter'), { sleep: 400 }, k('caps'), { sleep: 300 },
])}
start_daemon 'ac kbd capsregrab'
wait_log 'device grabbed: ac kbd capsregrab'
vt_reader "$OUT/vt.txt" 1
kill -USR2 $daemon_pid
sleep 0.2
touch "$OUT/blocked"
# After the stall (1.5 s after the Shift tap), before JS resumes (4 s).
sleep 2.5
touch "$OUT/caps"
wait_file "$OUT/capsdone"
wait_log 'device grabbed: ac kbd capsregrab' 20 2
touch "$OUT/resumed"
wait $kb_pid
wait $vt_pid
stop_daemon`,
      },
      {
        // Fast user switching: logind (a stand-in on a private bus: real logind cannot run
        // here) says the daemon's session is no longer active. The daemon must let go of the
        // keyboard at once (the VT, another reader, then gets the keys straight: uncorrected),
        // and take it back when the session is active again.
        name: 'session',
        script: `${prelude}
dbus-daemon --session --address=unix:path=/tmp/logind-bus --nofork --nopidfile > "$OUT/bus.log" 2>&1 &
bus_pid=$!
wait_file /tmp/logind-bus 20
mkfifo /tmp/logind-in
node "$tools/logind-standin.mjs" --bus unix:path=/tmp/logind-bus --session c1 < /tmp/logind-in > "$OUT/standin.log" 2>&1 &
standin_pid=$!
exec 7> /tmp/logind-in
n=400; until grep -q '^ready c1' "$OUT/standin.log"; do n=$((n - 1)); [ "$n" -gt 0 ] || { echo "no stand-in" >&2; exit 1; }; sleep 0.05; done
${keyboard('ac kbd session', [go, k('"teh "'), { touch: 'phase1' }, { waitFile: 'inactive' }, k('"teh "'), { touch: 'phase2' }, { waitFile: 'active' }, k('"teh" enter'), { sleep: 300 }])}
export DBUS_SYSTEM_BUS_ADDRESS=unix:path=/tmp/logind-bus XDG_SESSION_ID=c1
start_daemon 'ac kbd session'
unset DBUS_SYSTEM_BUS_ADDRESS XDG_SESSION_ID
wait_log 'device grabbed: ac kbd session'
wait_log 'session: following logind session c1 (active)'
vt_reader "$OUT/vt.txt" 1
touch "$OUT/go"
wait_file "$OUT/phase1"
# Another reader, trying to grab the keyboard until it is free: when that happens is what counts.
node "$tools/grab-probe.mjs" 'ac kbd session' "$OUT/probe.ready" > "$OUT/probe.log" 2>&1 &
probe_pid=$!
wait_file "$OUT/probe.ready"
sleep 0.5
echo 'active 0' >&7
wait_log 'session c1 is not active: keyboards let go'
wait $probe_pid
touch "$OUT/inactive"
wait_file "$OUT/phase2"
sleep 0.5
echo 'active 1' >&7
wait_log 'device grabbed: ac kbd session' 20 2
touch "$OUT/active"
wait $kb_pid
wait $vt_pid
stop_daemon
exec 7>&-
kill $standin_pid $bus_pid 2>/dev/null || true`,
      },
      {
        // Snoop: "teh " at a person's pace, then "teh" with space and x pressed in one report.
        name: 'snoop',
        script: `${prelude}
${keyboard('ac kbd snoop', [
  go, k('t t:70 e t:70 h t:70 space'), { sleep: 600 },
  k('"teh"'), { keys: [{ code: KEY.SPACE, value: 1, timeMs: 0 }, { code: KEY.X, value: 1, timeMs: 0 }, { code: KEY.SPACE, value: 0, timeMs: 10 }, { code: KEY.X, value: 0, timeMs: 20 }] },
  { sleep: 600 }, k('enter'), { sleep: 300 },
])}
start_daemon 'ac kbd snoop' --mode snoop
wait_log 'device added: ac kbd snoop'
vt_reader "$OUT/vt.txt" 1
touch "$OUT/go"
wait $kb_pid
wait $vt_pid
stop_daemon`,
      },
    ], 900_000); // nine daemons one after another under an emulated CPU (no KVM): each start takes 10-40 s
    // For a person diagnosing a failure: every scenario's files and logs in one JSON.
    if (process.env.AUTOCORRECTOR_KERNEL_DUMP) writeFileSync(process.env.AUTOCORRECTOR_KERNEL_DUMP, JSON.stringify(boot, null, 1));
  }, 1_800_000); // the boot's own 900 s bound, plus waiting for another test's VM (vm.ts runs one at a time)

  const result = (name: string): ScenarioResult => {
    const r = boot.results[name];
    expect(r.status, `${r.log}\n--- daemon.log ---\n${r.files['daemon.log'] ?? ''}`).toBe(0);
    return r;
  };

  it('boots and runs every scenario; the daemon says when it is ready', () => {
    expect(boot.run.exitCode, describeRun(boot.run)).toBe(0);
    const ready = Object.entries(boot.results).map(([name, r]) => [name, r.files['daemon.log']?.match(/ready in (\d+) ms/)?.[1]]);
    for (const [name, ms] of ready) expect(ms, `${name}: no ready line`).toBeDefined();
    const stops = Object.entries(boot.results).filter(([n]) => n !== 'sigkill').map(([n, r]) => `${n} ${r.files['stop-ms']?.trim()}`);
    console.log(`daemon kernel VM: ${boot.run.elapsedMs} ms, guest ready at ${boot.run.bootS} s; ready in (ms): ${ready.map(([n, ms]) => `${n} ${ms}`).join(', ')}; SIGTERM to exit (ms): ${stops.join(', ')}`);
  });

  it('1. a 10 ms typist with rollover: the VT shows the corrected paragraph', () => {
    expect(result('rollover').files['vt.txt']).toBe(CORRECTED);
  });

  it('2. Teh! with Shift held for T and ! gives The!', () => {
    expect(result('shift').files['vt.txt']).toBe('The!\n');
  });

  it('3. Backspace right after a correction restores the typed word', () => {
    expect(result('undo-term').files['vt.txt'].split('\n')[0]).toBe('teh ok');
  });

  it('SIGTERM: exit 0, the virtual keyboard gone, the keyboard ungrabbed', () => {
    const r = result('undo-term');
    expect(r.files['daemon.exit'].trim()).toBe('0');
    expect(r.files['vkbd-after'].trim()).toBe('0');
    // Typed after the daemon ended, so uncorrected and straight from the keyboard.
    expect(r.files['vt.txt'].split('\n')[1]).toBe('teh');
  });

  it('4. SIGKILL while a key is held: no key stays down, the grab is gone', () => {
    const r = result('sigkill');
    expect(r.files['daemon.exit'].trim()).toBe(String(128 + 9));
    expect(r.files['vkbd-after'].trim()).toBe('0'); // its keys were released with it
    // 'a' repeated while held; after the kill nothing repeats it, and typing reaches the VT.
    expect(r.files['vt.txt']).toMatch(/^a+ok\nz\n$/);
  });

  it('5. JS blocked for 4 s: keys typed meanwhile reach the VT uncorrected, correction resumes', () => {
    const r = result('stall');
    // 'h' after the stall starts a new word, lower case: the half word and the Shift were forgotten.
    expect(r.files['vt.txt']).toBe('the teXY teh adn h the\n');
    // The keys were typed while JS was blocked, not after.
    expect(Number(r.files['typed-at']) - Number(r.files['blocked-at'])).toBeLessThan(4000);
    expect(r.files['daemon.log']).toMatch(/device ungrabbed: ac kbd stall.*stalled/);
  });

  it('6. the keyboard destroyed and created again is served again', () => {
    expect(result('replug').files['vt.txt']).toBe('the \nthe\n');
  });

  it('7. Caps Lock: TEH becomes THE, and the LED reaches the grabbed keyboard', () => {
    const r = result('capslock');
    expect(r.files['vt.txt']).toBe('THE \n');
    const leds = (JSON.parse(r.files['steps.json.readback']) as number[][])
      .filter(([, type, code]) => type === EV_LED && code === LED_CAPSL).map(([, , , v]) => v);
    expect(leds).toEqual([1, 0]);
  });

  it('Caps Lock toggled while the keyboard was let go is read back at the regrab', () => {
    const r = result('capsregrab');
    expect(r.files['daemon.log']).toMatch(/device ungrabbed: ac kbd capsregrab.*stalled/);
    expect(r.files['vt.txt']).toBe('THE. tEH \n');
  });

  it('the session made inactive (logind) lets go of the keyboard at once; active again takes it back', () => {
    const r = result('session');
    // Corrected, then straight from the keyboard to the VT (uncorrected), then corrected again.
    expect(r.files['vt.txt']).toBe('the teh the\n');
    const emitted = Number(/^emitted active 0 ([\d.]+)$/m.exec(r.files['standin.log'])?.[1]);
    // When another reader could take the keyboard, after logind's signal.
    const free = Number(/^free ([\d.]+)$/m.exec(r.files['probe.log'])?.[1]);
    const letGo = /session c1 is not active: keyboards let go in ([\d.]+) ms \(at ([\d.]+) ms\)/.exec(r.files['daemon.log']);
    expect(letGo, r.files['daemon.log']).not.toBeNull();
    const lag = free - emitted;
    console.log(`session inactive -> the keyboard free for another reader ${lag.toFixed(1)} ms after logind's signal`
      + ` (the daemon's own count: ${(Number(letGo![2]) - emitted).toFixed(1)} ms, of which ungrab ${letGo![1]} ms)`);
    expect(lag).toBeGreaterThan(0);
    // Issue 15 asks for 100 ms. Under this emulator (TCG, no KVM, a shared host) the same path
    // measured 126-212 ms: the D-Bus hop alone took 29-114 ms and the ungrab (EVIOCGRAB waits
    // for an RCU grace period) 97-237 ms. The bound here catches a daemon that lets go only at
    // the next key or a timeout; the printed figure is the one to compare with 100 ms.
    expect(lag).toBeLessThan(1000);
  });

  it('8. snoop: a typo at a normal pace is corrected; one followed at once by a key is left alone', () => {
    const r = result('snoop');
    expect(r.files['vt.txt']).toBe('the teh x\n');
    expect(r.files['daemon.log']).toMatch(/correction dropped/);
  });

  it('every daemon exits 0 on SIGTERM (shift: SIGINT), and its log holds no typed text', () => {
    for (const [name, r] of Object.entries(boot.results)) {
      const log = r.files['daemon.log'] ?? '';
      for (const word of TYPED_WORDS) expect(log.toLowerCase(), `${name}: '${word}' in the log`).not.toMatch(new RegExp(`\\b${word}\\b`));
      if (name !== 'sigkill') {
        expect(r.files['daemon.exit']?.trim(), `${name} exit`).toBe('0');
        expect(r.files['vkbd-after']?.trim(), `${name} virtual keyboard left`).toBe('0');
        expect(Number(r.files['stop-ms']), `${name}: ms from SIGTERM to exit`).toBeLessThan(5000);
      }
    }
  });
});
