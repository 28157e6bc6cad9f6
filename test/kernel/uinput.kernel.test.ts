// Proof against a real kernel: src/inject/uinput.ts makes a keyboard the
// kernel accepts, and what it types reaches a real consumer (the VT) intact.
import { beforeAll, describe, expect, it } from 'vitest';
import { runScenarios, typeKeys, type Boot } from './scenario.js';
import { describeRun, kernelAvailability } from './vm.js';

const unavailable = kernelAvailability();
// In CI the kernel tests must run: a missing VM fails loudly instead of skipping.
const skip = unavailable !== null && !process.env.CI;
if (skip) console.warn(`kernel tests skipped: ${unavailable}`);

describe.skipIf(skip)(`uinput keyboard on a real kernel${skip ? ` (skipped: ${unavailable})` : ''}`, () => {
  let boot: Boot;

  beforeAll(async () => {
    if (unavailable) throw new Error(`kernel tests cannot run: ${unavailable}`);
    boot = await runScenarios([
      {
        name: 'listed',
        script: `cat > /tmp/listed.mjs <<'EOF'
import { readFileSync, writeFileSync } from 'node:fs';
const { UinputKeyboard, waitForDevice, deviceListed } = await import(process.env.CHECKOUT + '/dist/src/inject/uinput.js');
const kb = UinputKeyboard.create({ name: 'autocorrector proof' });
const node = await waitForDevice('autocorrector proof');
const block = readFileSync('/proc/bus/input/devices', 'utf8').split('\\n\\n').find((b) => b.includes('autocorrector proof'));
kb.destroy();
kb.destroy(); // idempotent
await new Promise((r) => setTimeout(r, 50));
writeFileSync(process.env.OUT + '/node', node);
writeFileSync(process.env.OUT + '/device', block);
writeFileSync(process.env.OUT + '/after', String(deviceListed('autocorrector proof')));
EOF
OUT="$OUT" node /tmp/listed.mjs`,
      },
      {
        name: 'backspaces',
        script: `vt_reader "$OUT/vt.txt" 1
${typeKeys('"teh " bs bs bs bs "the " enter')}
wait $vt_pid`,
      },
      {
        name: 'capslock',
        script: `vt_reader "$OUT/vt.txt" 1
${typeKeys('caps t:100 "a" caps t:100 "b" enter', '--readback "$OUT/readback.json"')}
wait $vt_pid`,
      },
    ]);
  }, 300_000); // may first wait for another VM (one at a time)

  it('boots and runs every scenario', () => {
    expect(boot.run.exitCode, describeRun(boot.run)).toBe(0);
    console.log(`kernel VM: ready after ${boot.run.bootS} s guest time; ${boot.run.elapsedMs} ms in all for ${Object.keys(boot.results).length} scenarios`);
  });

  it('shows up as an input device with an event node, and goes away on destroy', () => {
    const r = boot.results.listed;
    expect(r.files.node, r.log).toMatch(/^\/dev\/input\/event\d+$/);
    expect(r.files.device).toMatch(/Handlers=.*\bkbd\b/); // the VT treats it as a keyboard
    // and it can carry the pointer half of a keyboard+touchpad device it grabs
    expect(r.files.device).toMatch(/^B: REL=1943$/m); // REL_X, Y, HWHEEL, WHEEL, WHEEL_HI_RES, HWHEEL_HI_RES
    expect(r.files.after).toBe('false');
  });

  it('types text the VT sees exactly, backspaces applied', () => {
    const r = boot.results.backspaces;
    expect(r.status, r.log).toBe(0);
    expect(r.files['vt.txt']).toBe('the \n');
  });

  it('gets Caps Lock LED changes back on its fd, and Caps Lock shifts letters', () => {
    const r = boot.results.capslock;
    expect(r.status, r.log).toBe(0);
    expect(r.files['vt.txt']).toBe('Ab\n');
    const triples: number[] = JSON.parse(r.files['readback.json']);
    const leds: Array<[number, number]> = [];
    for (let i = 0; i < triples.length; i += 3) {
      if (triples[i] === 0x11 && triples[i + 1] === 1) leds.push([triples[i + 1], triples[i + 2]]);
    }
    // On, then off again: the VT toggled the LED of every keyboard, ours included.
    const changes = leds.map(([, v]) => v).filter((v, i, a) => i === 0 || a[i - 1] !== v);
    expect(changes.slice(-2), JSON.stringify(triples)).toEqual([1, 0]);
  });
});
