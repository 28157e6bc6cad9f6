// Runs the real, built daemon (`autocorrector run --input fake`) and the real
// CLI against temp XDG dirs, and talks to them the way a user's tools would.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { request } from '../../src/control/client.js';

export const CLI = join(import.meta.dirname, '..', '..', 'dist', 'src', 'cli', 'main.js');

export interface Dirs {
  root: string;
  runtime: string;
  config: string;
  state: string;
  /** The daemon's runtime dir, where the socket and pid file are. */
  sockDir: string;
  socket: string;
  env: NodeJS.ProcessEnv;
}

export function makeDirs(): Dirs {
  const root = mkdtempSync(join(tmpdir(), 'autocorrector-control-'));
  const [runtime, config, state, home] = ['run', 'config', 'state', 'home'].map((d) => join(root, d));
  mkdirSync(runtime, { mode: 0o700 });
  mkdirSync(home);
  const sockDir = join(runtime, 'autocorrector');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    XDG_RUNTIME_DIR: runtime,
    XDG_CONFIG_HOME: config,
    XDG_STATE_HOME: state,
    AUTOCORRECTOR_TEST_HOOKS: '1',
  };
  return { root, runtime, config, state, sockDir, socket: join(sockDir, 'control.sock'), env };
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one CLI command to completion. */
export function cli(dirs: Dirs, ...args: string[]): Promise<CliResult> {
  // Async, so the test's own event loop keeps reading the daemon's pipes meanwhile.
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [CLI, ...args], { env: dirs.env });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    p.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    p.on('error', reject);
    p.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

export function cliSync(dirs: Dirs, ...args: string[]): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { env: dirs.env, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export class TestDaemon {
  stderr = '';
  private acks: ((n: number) => void)[] = [];
  private sent = 0;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(readonly proc: ChildProcessWithoutNullStreams, readonly dirs: Dirs) {
    proc.stderr.setEncoding('utf8').on('data', (d: string) => { this.stderr += d; });
    createInterface({ input: proc.stdout }).on('line', (line) => {
      const msg = JSON.parse(line) as { done?: number };
      if (typeof msg.done === 'number') this.acks.shift()?.(msg.done);
    });
    this.exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.proc.pid!;
  }

  /** Starts a daemon and waits until its socket answers (or it exits). */
  static async start(dirs: Dirs, args: string[] = []): Promise<TestDaemon> {
    const proc = spawn(process.execPath, [CLI, 'run', '--input', 'fake', ...args], { env: dirs.env });
    const d = new TestDaemon(proc, dirs);
    let gone = false;
    void d.exited.then(() => { gone = true; });
    const until = Date.now() + 15_000;
    while (Date.now() < until) {
      if (gone) throw new Error(`daemon exited at start: ${d.stderr}`);
      try {
        const r = await request('status', {}, { socket: dirs.socket, timeoutMs: 1000 });
        if (r.ok) return d;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    proc.kill('SIGKILL');
    throw new Error(`daemon did not answer within 15 s: ${d.stderr}`);
  }

  /** Sends one fake-keyboard message and waits until the daemon has handled its keys. */
  send(msg: object): Promise<void> {
    this.sent++;
    const want = this.sent;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no ack from the fake key source')), 5000);
      this.acks.push((n) => {
        clearTimeout(timer);
        if (n === want) resolve();
        else reject(new Error(`ack ${n}, expected ${want}`));
      });
      this.proc.stdin.write(JSON.stringify(msg) + '\n');
    });
  }

  type(text: string): Promise<void> {
    return this.send({ text });
  }

  async screen(): Promise<string> {
    return (await this.application()).text;
  }

  /** What the stand-in application received: its text, and how many shortcut presses. */
  async application(): Promise<{ text: string; shortcuts: number }> {
    const r = await request('test-screen', {}, { socket: this.dirs.socket });
    if (!r.ok) throw new Error(r.error);
    return r.data as { text: string; shortcuts: number };
  }

  /** Types `text` and returns what it added to the screen. */
  async typed(text: string): Promise<string> {
    const before = await this.screen();
    await this.type(text);
    const after = await this.screen();
    return after.slice(before.length);
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill(signal);
    return this.exited;
  }
}

/** Every regular file under dir (recursively). */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}
