// Proof against a real kernel: the native input addon grabs, forwards, holds
// word-ending keys for JS, lets go when JS stalls or the panic chord is
// pressed, follows hotplug and reports what it cannot open. One boot; each
// scenario is a run of tools/addon-driver.mjs, with the VT as the consumer.
import { beforeAll, describe, expect, it } from 'vitest';
import { runScenarios, type Boot, type ScenarioResult } from './scenario.js';
import { describeRun, kernelAvailability } from './vm.js';

const unavailable = kernelAvailability();
const skip = unavailable !== null && !process.env.CI;
if (skip) console.warn(`kernel tests skipped: ${unavailable}`);

const EV_KEY = 1, EV_LED = 0x11, LED_CAPSL = 1;
const K = { esc: 1, bs: 14, enter: 28, space: 57, caps: 58, lshift: 42, a: 30, b: 48, c: 46, d: 32, e: 18, h: 35, i: 23, t: 20, x: 45 };

interface Rec { seq: number; device: number; type: number; code: number; value: number; timeMs: number; held: boolean }
interface DevEv { kind: string; path: string; name: string; index: number; message?: string; error?: string; group?: string; mode?: number; at: number }
type Virt = Array<[number, number, number]>; // [time µs, code, value]

const drive = (name: string, vtLines: number) => `vt_reader "$OUT/vt.txt" ${vtLines}
node "$tools/addon-driver.mjs" ${name} "$OUT"
wait $vt_pid`;

function result(r: ScenarioResult): Record<string, unknown> {
  expect(r.status, r.log).toBe(0);
  return JSON.parse(r.files['result.json']);
}
/** [code, value] of what the virtual keyboard sent, kernel autorepeats left out. */
const keysOf = (virt: Virt) => virt.filter(([, , v]) => v !== 2).map(([, c, v]) => [c, v]);
const taps = (...codes: number[]) => codes.flatMap((c) => [[c, 1], [c, 0]]);

describe.skipIf(skip)(`native input addon on a real kernel${skip ? ` (skipped: ${unavailable})` : ''}`, () => {
  let boot: Boot;

  beforeAll(async () => {
    if (unavailable) throw new Error(`kernel tests cannot run: ${unavailable}`);
    boot = await runScenarios([
      { name: 'forward', script: drive('forward', 2) },
      { name: 'timeout', script: drive('timeout', 1) },
      { name: 'chain', script: drive('chain', 1) },
      { name: 'grabwait', script: drive('grabwait', 1) },
      { name: 'hotplug', script: drive('hotplug', 1) },
      { name: 'stall', script: drive('stall', 2) },
      { name: 'handover', script: drive('handover', 1) },
      { name: 'snoop', script: drive('snoop', 1) },
      { name: 'multi', script: drive('multi', 1) },
      // On one CPU: the slow reader (real-time priority) and the writer share it.
      { name: 'longfix', script: 'taskset -c 0 node "$tools/addon-driver.mjs" longfix "$OUT"' },
      { name: 'refuse', script: 'node "$tools/addon-driver.mjs" refuse "$OUT"' },
      { name: 'batches', script: 'node "$tools/addon-driver.mjs" batches "$OUT"' },
      { name: 'skip', script: 'node "$tools/addon-driver.mjs" skip "$OUT"' },
      { name: 'watchmask', script: 'node "$tools/addon-driver.mjs" watchmask "$OUT"' },
      {
        // 31 taps of x and one of b (128 events, the last a report), then 'a' down; 'a' up 1.5 s later.
        name: 'dropped',
        script: `node -e 'const e=[];for(let i=0;i<32;i++){const c=i<31?45:48;e.push({code:c,value:1,timeMs:0},{code:c,value:0,timeMs:0})}e.push({code:30,value:1,timeMs:0},{code:30,value:0,timeMs:1500});console.log(JSON.stringify(e))' > "$OUT/flood.json"
node "$tools/fake-keyboard.mjs" --events "$OUT/flood.json" --name 'ac fake dropped' --ready "$OUT/ready" --wait-for "$OUT/go" --burst 65 --linger 500 &
fake=$!
wait_file "$OUT/ready"
node "$tools/addon-driver.mjs" dropped "$OUT" &
drv=$!
wait_file "$OUT/grabbed" 30
kill -STOP $drv
touch "$OUT/go"
sleep 0.5
kill -CONT $drv
touch "$OUT/resumed"
wait $drv
wait $fake`,
      },
      {
        name: 'throws',
        script: `set +e
node "$tools/addon-driver.mjs" throws "$OUT" 2> "$OUT/stderr"
echo $? > "$OUT/exit"
set -e
sleep 0.3
node "$tools/decode-events.mjs" "$OUT/virt.bin" "$OUT/virt.json"`,
      },
      {
        name: 'exitheld',
        script: `set +e
node "$tools/addon-driver.mjs" exitheld "$OUT"
echo $? > "$OUT/exit"
set -e
sleep 0.3
node "$tools/decode-events.mjs" "$OUT/virt.bin" "$OUT/virt.json"`,
      },
      {
        name: 'panic',
        script: `set +e
node "$tools/addon-driver.mjs" panic "$OUT"
echo $? > "$OUT/exit"
date +%s%3N > "$OUT/end"
set -e
sleep 0.3
node "$tools/decode-events.mjs" "$OUT/virt.bin" "$OUT/virt.json"`,
      },
      {
        name: 'noperm',
        script: `echo '[]' > "$OUT/none.json"
node "$tools/fake-keyboard.mjs" --events "$OUT/none.json" --name 'ac fake noperm' --ready "$OUT/ready" --linger 30000 &
wait_file "$OUT/ready"
mkdir -p /tmp/noperm && chmod 777 /tmp/noperm
# The checkout's parent is 0700 (vm.ts): nobody must fail to reach it there and
# succeed through the public mount, as a clone in root's home needs.
stat -c %a "$(dirname "$CHECKOUT")" > "$OUT/parentMode"
setpriv --reuid=65534 --regid=65534 --clear-groups test -r "$CHECKOUT/package.json" && echo yes > "$OUT/privateReadable" || echo no > "$OUT/privateReadable"
CHECKOUT="$PUBLIC_CHECKOUT" setpriv --reuid=65534 --regid=65534 --clear-groups node "$PUBLIC_CHECKOUT/test/kernel/tools/addon-driver.mjs" noperm /tmp/noperm &
drv=$!
wait_file /tmp/noperm/started
node "$tools/fake-keyboard.mjs" --events "$OUT/none.json" --name 'ac fake late' --ready /tmp/late.ready --linger 4000 &
wait_file /tmp/late.ready
sleep 0.3
chmod 666 "$(cat /tmp/late.ready)"
date +%s%3N > "$OUT/chmodAt"
wait $drv
cp /tmp/noperm/result.json "$OUT/"
cp /tmp/late.ready "$OUT/late"`,
      },
    ], 480_000); // every scenario; the emulator under load
  }, 900_000); // vm.ts lets one VM run at a time: this may first wait for another test's boot

  it('boots and runs every scenario', () => {
    expect(boot.run.exitCode, describeRun(boot.run)).toBe(0);
    console.log(`kernel VM: ${boot.run.elapsedMs} ms for boot + ${Object.keys(boot.results).length} addon scenarios`);
  });

  it('types the correction before the held space, and what was typed meanwhile after it', () => {
    const r = boot.results.forward;
    const res = result(r);
    // 'a' may autorepeat on the virtual keyboard if the emulator is slow to stop()
    expect(r.files['vt.txt']).toMatch(/^the xb\na+ok\n$/);
    expect(keysOf(res.virt as Virt)).toEqual([
      ...taps(K.t, K.e, K.h),
      ...taps(K.bs, K.bs, K.bs, K.t, K.h, K.e), // the injection, first
      [K.space, 1], [K.space, 0], // the held key, then the queue in order
      ...taps(K.x),
      ...taps(K.b, K.enter), // the queued Enter's own (early) answer, then Enter
      ...taps(K.caps, K.caps),
      [K.a, 1], [K.a, 0], // stop() released it on the virtual keyboard
    ]);
    const answers = res.answers as Array<{ code: number; ok: boolean }>;
    // Enter was answered while still queued behind the held space
    expect(answers).toEqual([
      expect.objectContaining({ code: K.enter, ok: true }),
      expect.objectContaining({ code: K.space, ok: true }),
    ]);
    const recs = res.records as Rec[];
    expect(recs.every((x) => x.type === EV_KEY)).toBe(true);
    expect(recs.map((x) => x.seq)).toEqual([...recs.map((x) => x.seq)].sort((a, b) => a - b));
    expect(recs.filter((x) => x.held).map((x) => [x.code, x.value])).toEqual([[K.space, 1], [K.enter, 1]]);
    expect((res.devices as DevEv[]).map((d) => d.kind)).toEqual(['added', 'grabbed']);
    expect(res.runningAfterStop).toBe(false);
  });

  it('serves a grabbed keyboard on a thread of its own, and ends it with the grab', () => {
    const res = result(boot.results.forward);
    const count = (names: unknown, name: string) => (names as string[]).filter((n) => n === name).length;
    expect(count(res.threadsGrabbed, 'ac-input')).toBe(1);
    expect(count(res.threadsGrabbed, 'ac-keys')).toBe(1);
    expect(count(res.threadsStopped, 'ac-input')).toBe(0);
    expect(count(res.threadsStopped, 'ac-keys')).toBe(0);
    const hot = result(boot.results.hotplug);
    expect(count(hot.threadsRemoved, 'ac-keys')).toBe(0); // unplugged: its thread saw ENODEV and ended
    expect(count(hot.threadsRegrabbed, 'ac-keys')).toBe(1);
  });

  it('passes Caps Lock LED changes on to the grabbed keyboard', () => {
    const res = result(boot.results.forward);
    const leds = (t: number[]) => {
      const out: number[] = [];
      for (let i = 0; i + 2 < t.length; i += 3) if (t[i] === EV_LED && t[i + 1] === LED_CAPSL) out.push(t[i + 2]);
      return out;
    };
    expect(leds(res.ledsOn as number[]).at(-1)).toBe(1);
    expect(leds(res.ledsOff as number[]).at(-1)).toBe(0);
  });

  it('sends a held key as typed when JS does not answer in time, and refuses the late answer', () => {
    const r = boot.results.timeout;
    const res = result(r);
    expect(r.files['vt.txt']).toBe('teh x\n');
    const virt = res.virt as Virt;
    expect(keysOf(virt)).toEqual(taps(K.t, K.e, K.h, K.space, K.x, K.enter));
    const hUp = virt.find(([, c, v]) => c === K.h && v === 0)![0];
    const spaceDown = virt.find(([, c, v]) => c === K.space && v === 1)![0];
    expect((spaceDown - hUp) / 1000).toBeGreaterThanOrEqual(200); // waited ~250 ms for an answer
    const answers = res.answers as Array<{ code: number; ok: boolean }>;
    expect(answers).toHaveLength(2);
    expect(answers.find((a) => a.code === K.space)?.ok).toBe(false); // 700 ms: too late
    expect(answers.find((a) => a.code === K.enter)?.ok).toBe(true);
  });

  it('a held key queued behind another gets its full time from the answer before it', () => {
    const r = boot.results.chain;
    const res = result(r);
    // Both answers applied, in order: b before the space, c before the Backspace (which erases it).
    expect(keysOf(res.virt as Virt)).toEqual(taps(K.b, K.space, K.c, K.bs, K.enter));
    expect((res.answers as Array<{ code: number; ok: boolean }>).map((a) => [a.code, a.ok])).toEqual([[K.space, true], [K.bs, true]]);
    expect(r.files['vt.txt']).toBe('b \n');
  });

  it('grabs a keyboard only once no key is down, without repeating what went past', () => {
    const r = boot.results.grabwait;
    const res = result(r);
    expect(res.grabbedWhileDown).toBe(false);
    expect(res.grabDelayMs).toBeLessThan(1000);
    expect(r.files['vt.txt']).toMatch(/^Abx+\n$/);
  });

  it('leaves autorepeat to the virtual keyboard instead of doubling it', () => {
    const res = result(boot.results.grabwait);
    const physical = (res.records as Rec[]).filter((x) => x.code === K.x && x.value === 2).length;
    const virtual = (res.virt as Virt).filter(([, c, v]) => c === K.x && v === 2).length;
    expect(physical).toBeGreaterThan(3); // the fake keyboard did repeat, and JS was told
    expect(virtual).toBeGreaterThan(3);
    expect(virtual).toBeLessThanOrEqual(physical + 3); // not physical + virtual
    const vt = boot.results.grabwait.files['vt.txt'];
    expect(vt.length - 'Ab\n'.length).toBe(virtual + 1);
  });

  it('picks up a plugged keyboard within a second, drops it when unplugged, serves it again', () => {
    const r = boot.results.hotplug;
    const res = result(r);
    expect(res.firstGrabMs).toBeLessThan(1000);
    expect((res.removed as DevEv).message).toMatch(/vanished|unplugged/);
    expect(res.secondGrabMs).toBeLessThan(1000);
    expect(r.files['vt.txt']).toBe('hi\n');
    expect(keysOf(res.virt as Virt)).toEqual(taps(K.h, K.i, K.enter));
    expect((res.devices as DevEv[]).map((d) => d.kind)).toEqual(['added', 'grabbed', 'removed', 'added', 'grabbed']);
  });

  it('ungrabs while JS is blocked, leaves no key down, and grabs again once JS is back', () => {
    const r = boot.results.stall;
    const res = result(r);
    expect(res.fakeExit).toBe(0);
    expect(r.files['vt.txt']).toBe('aBC\nd\n');
    const devs = res.devices as DevEv[];
    // (then 'removed' once the fake keyboard's process ends)
    expect(devs.map((d) => d.kind + (d.message ? `:${d.message}` : '')).slice(0, 4)).toEqual(['added', 'grabbed', 'ungrabbed:stalled', 'grabbed']);
    const virt = res.virt as Virt;
    const down = new Set<number>();
    for (const [, c, v] of virt) if (v === 1) down.add(c); else if (v === 0) down.delete(c);
    expect([...down]).toEqual([]);
    expect(keysOf(virt).slice(-4)).toEqual(taps(K.d, K.enter)); // forwarded again after the regrab
    const shiftUp = keysOf(virt).findIndex(([c, v]) => c === K.lshift && v === 0);
    expect(shiftUp).toBeGreaterThan(0);
    expect(shiftUp).toBeLessThan(keysOf(virt).length - 4); // released when it came up, before 'd'
    expect(keysOf(virt).some(([c]) => c === K.c)).toBe(false); // typed while ungrabbed: not through us
  });

  it('typing through a stall and the regrab after it: every key reaches the desktop exactly once', () => {
    const res = result(boot.results.handover);
    expect(res.fakeExit).toBe(0);
    const kinds = (res.devices as DevEv[]).map((d) => d.kind + (d.message ? `:${d.message}` : ''));
    expect(kinds.slice(0, 4)).toEqual(['added', 'grabbed', 'ungrabbed:stalled', 'grabbed']);
    const presses = (evs: number[][]) => {
      const m: Record<number, number> = {};
      for (const [c, v] of evs) if (v === 1 && c !== K.enter) m[c] = (m[c] ?? 0) + 1;
      return m;
    };
    const through = keysOf(res.virt as Virt);
    const straight = keysOf(res.direct as Virt);
    // The switch happened mid-typing: both ways carried some of it.
    expect(through.filter(([, v]) => v === 1).length).toBeGreaterThan(10);
    expect(straight.filter(([, v]) => v === 1).length).toBeGreaterThan(0);
    // No press lost, none doubled. (A key that went down through us and came up
    // after the switch is released through us too, so releases may be seen twice.)
    const seen = presses([...through, ...straight]);
    expect(seen).toEqual(presses(res.typed as number[][]));
    const down = new Set<number>();
    for (const [c, v] of through) if (v === 1) down.add(c); else if (v === 0) down.delete(c);
    expect([...down]).toEqual([]);
  });

  it('holds back every keyboard behind a held key; reads the mouse without grabbing it', () => {
    const r = boot.results.multi;
    const res = result(r);
    expect(r.files['vt.txt']).toBe('the x\n');
    expect(keysOf(res.virt as Virt)).toEqual([
      ...taps(K.t, K.e, K.h, K.bs, K.bs, K.bs, K.t, K.h, K.e, K.space, K.x, K.enter),
    ]);
    const devs = res.devices as Array<DevEv & { isPointer?: boolean; isKeyboard?: boolean }>;
    const mouse = devs.find((d) => d.kind === 'added' && d.name === 'ac fake mouse')!;
    expect(mouse).toMatchObject({ isPointer: true, isKeyboard: false });
    expect(devs.filter((d) => d.kind === 'grabbed').map((d) => d.name).sort()).toEqual(['ac fake multi 1', 'ac fake multi 2']);
    const clicks = (res.records as Rec[]).filter((x) => x.code === 0x110);
    expect(clicks.map((x) => [x.device, x.value, x.held])).toEqual([[mouse.index, 1, false], [mouse.index, 0, false]]);
    const kb1 = devs.find((d) => d.kind === 'added' && d.name === 'ac fake multi 1')!.index;
    const kb2 = devs.find((d) => d.kind === 'added' && d.name === 'ac fake multi 2')!.index;
    expect(new Set((res.records as Rec[]).filter((x) => x.code === K.x).map((x) => x.device))).toEqual(new Set([kb2]));
    expect(new Set((res.records as Rec[]).filter((x) => x.code === K.t).map((x) => x.device))).toEqual(new Set([kb1]));
  });

  it('a correction of over 200 characters reaches a slow reader whole, and keys typed meanwhile come after it', () => {
    const res = result(boot.results.longfix) as Record<string, { dropped: number; presses: number[]; injectMs: number }> & { expected: number[] };
    // One write is more than a reader's buffer holds: read only after it, it overflows.
    expect(res.unpaced.dropped).toBeGreaterThan(0);
    expect(res.unpaced.presses).not.toEqual(res.expected);
    // Paced: no SYN_DROPPED, every character, then the held space, then what was typed meanwhile.
    expect(res.paced.dropped).toBe(0);
    expect(res.paced.presses).toEqual(res.expected);
    console.log(`${res.expected.length - 3}-character correction written in ${res.paced.injectMs.toFixed(1)} ms (paced)`);
  });

  it('wakes JS about once a word, not once a key, and drain() hands over what waits', () => {
    type Sentence = { words: number; keys: number; batches: number; presses: number[]; releases: number; inOrder: boolean; typed: number[] };
    const res = result(boot.results.batches) as { sentence: Sentence; unbatched: Sentence; drain: { waiting: number; drained: number[][] } };
    for (const s of [res.sentence, res.unbatched]) {
      expect(s.presses).toEqual(s.typed);
      expect(s.releases).toBe(s.keys);
      expect(s.inOrder).toBe(true);
    }
    const s = res.sentence;
    expect(s.batches).toBeLessThanOrEqual(s.words + 3);
    // The count can tell: a batch per read (batchMs 0) wakes JS about once a key.
    expect(res.unbatched.batches).toBeGreaterThanOrEqual(s.keys);
    console.log(`${s.keys} keys (${s.words} words) typed: JS woken ${s.batches} times (${res.unbatched.batches} with batchMs 0)`);
    expect(res.drain.waiting).toBe(0);
    expect(res.drain.drained).toEqual(taps(K.a, K.b, K.c));
  });

  it('snoop: injects only when no key was pressed since the given event', () => {
    const r = boot.results.snoop;
    const res = result(r);
    expect(res.idleInject).toBe(true);
    expect(res.busyInject).toBe(false);
    expect(r.files['vt.txt']).toBe('abc\n');
    expect((res.records as Rec[]).some((x) => x.held)).toBe(false);
  });

  it('panic chord: tells JS, and ends the process itself when JS does not', () => {
    const r = boot.results.panic;
    expect(r.status, r.log).toBe(0);
    expect(r.files.exit?.trim()).toBe('3');
    expect(r.files.survived).toBeUndefined();
    const panicAt = Number(r.files.panic);
    const end = Number(r.files.end);
    expect(panicAt).toBeGreaterThanOrEqual(Number(r.files.grabbed));
    expect(end - panicAt).toBeGreaterThanOrEqual(700);
    expect(end - panicAt).toBeLessThan(4000);
    // Enter went down first, then Escape, then Backspace: none of them reached the virtual keyboard.
    const virt = JSON.parse(r.files['virt.json']) as { keys: number[][] };
    expect(virt.keys.filter(([, v]) => v === 1)).toEqual([]);
  });

  it('after SYN_DROPPED, counts a key left in the same read once', () => {
    const r = boot.results.dropped;
    const res = result(r);
    expect(res.xPresses).toBeLessThan(31); // the flood did overflow our buffer
    expect(res.aPresses).toBe(1);
    expect(keysOf(res.virt as Virt)).toEqual([[K.a, 1], [K.a, 0]]);
  });

  it('a callback that throws: keyboards released, the held key sent on, the process ends with a failure', () => {
    const r = boot.results.throws;
    expect(r.status, r.log).toBe(0);
    expect(Number(r.files.exit)).not.toBe(0);
    expect(r.files.survived).toBeUndefined();
    expect(r.files.stderr).toMatch(/input callback threw; keyboards released/);
    const virt = JSON.parse(r.files['virt.json']) as { keys: number[][] };
    expect(virt.keys).toEqual(taps(K.t, K.e, K.h, K.space));
  });

  it('process.exit() with a key held: the key still goes out', () => {
    const r = boot.results.exitheld;
    expect(r.status, r.log).toBe(0);
    expect(r.files.exit.trim()).toBe('0');
    expect(r.files.survived).toBeUndefined();
    const virt = JSON.parse(r.files['virt.json']) as { keys: number[][] };
    expect(virt.keys).toEqual(taps(K.t, K.e, K.h, K.space));
  });

  it('refuses an injection that would leave a key down; the held key goes out as typed', () => {
    const res = result(boot.results.refuse);
    expect(keysOf(res.virt as Virt)).toEqual(taps(K.a, K.space, K.enter));
    const answers = res.answers as Array<{ code: number; ok: boolean }>;
    expect(answers.find((a) => a.code === K.space)?.ok).toBe(false);
  });

  it('watches /dev/input for IN_ATTRIB only while a node there cannot be opened', () => {
    const res = result(boot.results.watchmask);
    type Mask = { mask: number; attrib: boolean };
    const attrib = (key: string) => {
      const masks = res[key] as Mask[];
      expect(masks.length, key).toBe(1); // the addon's one watch
      return masks[0].attrib;
    };
    expect(attrib('allOpen')).toBe(false);
    expect(attrib('badThere')).toBe(true);
    expect((res.error as DevEv).path).toBe('/dev/input/event99');
    expect(attrib('badReported')).toBe(true);
    expect(attrib('badGone')).toBe(false);
  });

  it('grabs neither another program\'s virtual keyboard unless named nor a keyboard with a switch', () => {
    const res = result(boot.results.skip);
    const devs = res.devices as DevEv[];
    const kinds = (name: string) => devs.filter((d) => d.name === name).map((d) => d.kind);
    expect(kinds('ac fake usb')).toEqual(['added', 'grabbed']);
    expect(kinds('ac fake virtual')).toEqual(['added', 'skipped']);
    expect(devs.find((d) => d.name === 'ac fake virtual' && d.kind === 'skipped')?.message).toMatch(/virtual/);
    expect(kinds('ac fake switch')).toEqual(['added', 'skipped']);
    expect(devs.find((d) => d.name === 'ac fake switch' && d.kind === 'skipped')?.message).toMatch(/EV_SW/);
  });

  it('runs as another user from a clone whose parent is 0700 (through the public mount)', () => {
    const r = boot.results.noperm;
    expect(r.files.parentMode?.trim(), r.log).toBe('700');
    expect(r.files.privateReadable?.trim(), r.log).toBe('no');
    expect(r.status, r.log).toBe(0);
  });

  it('reports devices it may not open, with the group that owns them', () => {
    const r = boot.results.noperm;
    const res = result(r);
    const denied = (res.list as Array<{ path: string; error?: string; group?: string; mode?: number }>).filter((d) => d.error);
    expect(denied.length, JSON.stringify(res.list)).toBeGreaterThan(0);
    for (const d of denied) {
      expect(d.error).toBe('EACCES');
      expect(d.group).toMatch(/\S/);
      expect(typeof d.mode).toBe('number');
    }
    const errs = (res.devices as DevEv[]).filter((d) => d.kind === 'error');
    const late = r.files.late.trim();
    expect([...new Set(errs.map((d) => d.path).filter((p) => p !== late))].sort(), JSON.stringify(errs))
      .toEqual(denied.map((d) => d.path).sort());
    expect(errs.every((d) => d.error === 'EACCES' && d.group)).toBe(true);
    // Made 0600 root, opened to all a moment later (as udev does): picked up
    // within a second of the chmod. (If the chmod came more than a second
    // after the node, an error was reported first: the emulator is slow.)
    const added = (res.devices as DevEv[]).filter((d) => d.kind === 'added');
    expect(added.map((d) => d.name), JSON.stringify(res.devices)).toEqual(['ac fake late']);
    expect(added[0].at - Number(r.files.chmodAt)).toBeLessThan(1000);
  });
});
