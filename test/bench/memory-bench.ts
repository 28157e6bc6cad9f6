// `npm run bench`, memory: the daemon's resident memory (issue 17, point 3:
// at most 64 MB). The real daemon, `autocorrector run`, started as the
// systemd unit starts it (its Node flags; then with V8's defaults, for
// comparison), with the keys coming from the
// test-only `--input fake` keyboard on stdin (so no /dev/input is needed;
// the modules and data loaded are the daemon's own; the unit's environment
// too, its glibc setting). RSS is read from
// /proc after load, after a million key events of Brown prose with typos,
// and once idle, in each correction mode, with its anonymous part (heap,
// data) and its file-backed part (mostly the node binary's own pages).
// Caveats: the fake key source allocates more per key than the addon's
// path (JSON lines, the typist's steps, the simulated screen), and the keys
// come ~100 times faster than anyone types, so V8's heap is caught at
// some point between two full GCs: expect a few MB of noise; the daemon's
// focus and login-session followers (D-Bus) are not started. Prints, never asserts.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DAEMON_ENV, DAEMON_NODE_FLAGS } from '../../src/setup/node-options.js';
import { UsKeymap } from '../../src/keymap/us.js';
import { typeText } from '../../src/simulate/typist.js';
import { brownProse } from './brown.js';

const KEY_EVENTS = 1_000_000;
/** Lines the daemon may have unanswered: keeps its stdin from buffering the whole text. */
const WINDOW = 32;
const TARGET_MB = 64;
/** The idle wait before the last reading. */
const IDLE_MS = 15_000;

// The CLI as the unit runs it: the bundle (npm run build makes it).
const cli = fileURLToPath(new URL('../../bundle/main.js', import.meta.url));

interface Rss {
  /** VmRSS, RssAnon and RssFile, MB. */
  total: number;
  anon: number;
  file: number;
}

function rssOf(pid: number): Rss {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN) / 1024;
  return { total: mb('VmRSS'), anon: mb('RssAnon'), file: mb('RssFile') };
}

const show = (r: Rss) => `${r.total.toFixed(1)} MB (anon ${r.anon.toFixed(1)} + file ${r.file.toFixed(1)})`;

/** Node itself with these flags, doing nothing: what no change to the daemon can take away. */
async function bareNode(flags: readonly string[], unitEnv: Readonly<Record<string, string>>): Promise<Rss> {
  const child = spawn(process.execPath, [...flags, '-e', 'process.stdout.write("up\\n"); setTimeout(() => {}, 5000)'], { env: { ...process.env, ...unitEnv }, stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise((resolve) => child.stdout.once('data', resolve));
  await new Promise((r) => setTimeout(r, 300));
  const r = rssOf(child.pid!);
  child.kill();
  return r;
}

/** Brown prose, a sentence-ish line at a time, with a few letters swapped, until `events` key events. */
function lines(events: number): string[] {
  const keymap = new UsKeymap();
  const out: string[] = [];
  let count = 0;
  let seed = 7;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  while (count < events) {
    for (const raw of brownProse(20_000).split(/(?<=[.!?])\s+/)) {
      const line = raw.replace(/[A-Za-z]{4,}/g, (w) => {
        if (rand() >= 0.05) return w;
        const i = 1 + Math.floor(rand() * (w.length - 2));
        return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
      }) + ' ';
      out.push(line);
      count += typeText(line, keymap).length;
      if (count >= events) break;
    }
  }
  return out;
}

async function measure(correction: 'list' | 'dictionary', text: string[], flags: readonly string[], unitEnv: Readonly<Record<string, string>>): Promise<{ load: Rss; typed: Rss; idle: Rss; peak: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'ac-mem-bench-'));
  writeFileSync(join(dir, 'config.toml'), `correction = "${correction}"\nlayout = "us"\nlanguages = ["en"]\nlearn = false\n`);
  const env = {
    ...process.env,
    ...unitEnv,
    AUTOCORRECTOR_TEST_HOOKS: '1',
    XDG_RUNTIME_DIR: dir,
    XDG_STATE_HOME: join(dir, 'state'),
  };
  const child = spawn(process.execPath, [...flags, cli, 'run', '--input', 'fake', '--config-dir', dir], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let log = '';
  let done = 0;
  let wake: (() => void) | null = null;
  child.stderr.on('data', (b: Buffer) => {
    log += b.toString();
    wake?.();
  });
  const acks = createInterface({ input: child.stdout });
  acks.on('line', (l) => {
    if (/^\{"done":/.test(l)) done++;
    wake?.();
  });
  let exited: ((code: number | null) => void) | null = null;
  const exit = new Promise<void>((resolve) => child.once('exit', (code) => { exited?.(code); resolve(); }));
  const until = (ok: () => boolean) => new Promise<void>((resolve, reject) => {
    const check = () => { if (ok()) { wake = null; resolve(); } };
    wake = check;
    exited = (code) => reject(new Error(`the daemon exited (${code}):\n${log}`));
    check();
  });
  try {
    await until(() => /ready in/.test(log));
    const load = rssOf(child.pid!);
    let sent = 0;
    let peak = load.total;
    for (const line of text) {
      child.stdin.write(JSON.stringify({ text: line }) + '\n');
      sent++;
      if (sent - done >= WINDOW) await until(() => sent - done < WINDOW / 2);
      if (sent % 500 === 0) peak = Math.max(peak, rssOf(child.pid!).total);
    }
    await until(() => done === sent);
    const typed = rssOf(child.pid!);
    // V8's memory reducer gives back heap pages once the process idles.
    await new Promise((r) => setTimeout(r, IDLE_MS));
    return { load, typed, idle: rssOf(child.pid!), peak: Math.max(peak, typed.total) };
  } finally {
    exited = null;
    child.kill('SIGTERM');
    await exit;
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const text = lines(KEY_EVENTS);
  console.log(`\ndaemon memory (autocorrector run --input fake, English, ${KEY_EVENTS.toLocaleString('en')} key events of Brown prose)`);
  for (const [name, flags, unitEnv] of [['the unit\'s flags and environment', DAEMON_NODE_FLAGS, DAEMON_ENV], ['V8 and glibc defaults', [], {}]] as const) {
    const envText = Object.entries(unitEnv).map(([k, v]) => `${k}=${v} `).join('');
    console.log(`${envText}node ${flags.join(' ') || '(no flags)'} (${name}); node alone: ${show(await bareNode(flags, unitEnv))}`);
    for (const correction of ['list', 'dictionary'] as const) {
      const r = await measure(correction, text, flags, unitEnv);
      console.log(`  correction = "${correction}": RSS after load ${show(r.load)}, after the key events ${show(r.typed)}, ${IDLE_MS / 1000} s later ${show(r.idle)}; highest seen ${r.peak.toFixed(1)} MB`);
    }
  }
  console.log(`target (issue 17): RSS after typing <= ${TARGET_MB} MB`);
}

await main();
