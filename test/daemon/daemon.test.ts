// The control plane end to end: the real daemon process (keys from the fake
// source), its real socket, and the real CLI.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, closeSync, existsSync, openSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../../src/control/client.js';
import { CLI, cli, makeDirs, modeOf, readJson, TestDaemon, type Dirs } from './harness.js';
import { until } from '../tray/until.js';

const HINT = 'autocorrector is not running; start it with `autocorrector run` or `systemctl --user start autocorrector`';

describe('a running daemon and the CLI', () => {
  let dirs: Dirs;
  let daemon: TestDaemon;
  beforeAll(async () => {
    dirs = makeDirs();
    daemon = await TestDaemon.start(dirs);
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  it('listens on a 0600 socket in a 0700 directory, with its pid beside it', () => {
    expect(statSync(dirs.socket).isSocket()).toBe(true);
    expect(modeOf(dirs.socket)).toBe(0o600);
    expect(modeOf(dirs.sockDir)).toBe(0o700);
    expect(statSync(dirs.sockDir).uid).toBe(process.getuid!());
    expect(readFileSync(join(dirs.sockDir, 'daemon.pid'), 'utf8').trim()).toBe(String(daemon.pid));
  });

  it('corrects what is typed through the fake keyboard', async () => {
    expect(await daemon.typed('I recieve teh mail ')).toBe('I receive the mail ');
  });

  it('status: running, pid, mode, keyboards, lists', async () => {
    const r = await cli(dirs, 'status');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`autocorrector is running (pid ${daemon.pid}`);
    expect(r.stdout).toContain('mode grab');
    expect(r.stdout).toContain('corrections: on');
    expect(r.stdout).toContain('keyboards: autocorrector fake keyboard');
    expect(r.stdout).toMatch(/lists: 0 yours \(.*corrections\.toml\), \d{4,} default, 0 ignored/);
    const j = await cli(dirs, 'status', '--json');
    expect(j.status).toBe(0);
    const s = JSON.parse(j.stdout);
    expect(s).toMatchObject({ pid: daemon.pid, enabled: true, mode: 'grab', problems: [], autoIgnored: [] });
    expect(s.keyboards).toEqual([{ name: 'autocorrector fake keyboard', path: 'fake:keyboard' }]);
    expect(s.lists.default).toBeGreaterThan(1000);
  });

  it('disable stops corrections at once, enable restores them, toggle flips', async () => {
    let r = await cli(dirs, 'disable');
    expect([r.status, r.stdout]).toEqual([0, 'corrections off\n']);
    expect(await daemon.typed('teh adn ')).toBe('teh adn ');
    expect(JSON.parse((await cli(dirs, 'status', '--json')).stdout).enabled).toBe(false);
    expect((await cli(dirs, 'status')).stdout).toContain('corrections: off');

    r = await cli(dirs, 'enable');
    expect([r.status, r.stdout]).toEqual([0, 'corrections on\n']);
    expect(await daemon.typed('teh adn ')).toBe('the and ');

    r = await cli(dirs, 'toggle', '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ enabled: false });
    expect(await daemon.typed('teh ')).toBe('teh ');
    r = await cli(dirs, 'toggle');
    expect([r.status, r.stdout]).toEqual([0, 'corrections on\n']);
    expect(await daemon.typed('teh ')).toBe('the ');
    // enable when on is fine and changes nothing
    expect((await cli(dirs, 'enable', '--json')).stdout).toBe('{"enabled":true}\n');
    r = await cli(dirs, 'disable', '--json');
    expect([r.status, r.stdout]).toEqual([0, '{"enabled":false}\n']);
    expect(await daemon.typed('teh ')).toBe('teh ');
    expect((await cli(dirs, 'enable', '--json')).stdout).toBe('{"enabled":true}\n');
  });

  it('a word half typed while disabled is not corrected after enable', async () => {
    await cli(dirs, 'disable');
    await daemon.type('te');
    await cli(dirs, 'enable');
    expect(await daemon.typed('h ')).toBe('h ');
  });

  it('a control request acts after the keys typed before it, even while their records wait in a batch', async () => {
    // Waiting records still reach the engine: the word is corrected at its end.
    let before = await daemon.screen();
    await daemon.send({ text: 'teh', wait: true });
    await daemon.type(' ');
    expect((await daemon.screen()).slice(before.length)).toBe('the ');
    // Corrections off and on mid-word forget it, so the daemon must hand the engine
    // the waiting "teh" before it acts on the request, not after.
    before = await daemon.screen();
    await daemon.send({ text: 'teh', wait: true });
    await cli(dirs, 'disable');
    await cli(dirs, 'enable');
    await daemon.type(' ');
    expect((await daemon.screen()).slice(before.length)).toBe('teh ');
  });

  it('stats counts words, corrections and reverts by source', async () => {
    const before = JSON.parse((await cli(dirs, 'stats', '--json')).stdout);
    expect(await daemon.typed('thier dog ')).toBe('their dog ');
    await daemon.send({ text: 'adn ' });
    await daemon.send({ backspace: 1 }); // reverts and -> adn
    await daemon.type('\n'); // ends the reverted word, so the next test starts a new one
    const r = await cli(dirs, 'stats', '--json');
    expect(r.status).toBe(0);
    const after = JSON.parse(r.stdout);
    // thier, dog, adn, and adn again when the newline ends the reverted word
    expect(after.session.wordsSeen - before.session.wordsSeen).toBe(4);
    expect(after.session.corrections.default - before.session.corrections.default).toBe(2);
    expect(after.session.reverted.default - before.session.reverted.default).toBe(1);
    expect(after.total).toEqual(after.session); // nothing saved before this daemon
    const text = await cli(dirs, 'stats');
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/words seen\s+\d+\s+\d+/);
    expect(text.stdout).toMatch(/corrected\s+\d+\s+\d+ {3}total: yours 0, default \d+, dictionary 0/);
    expect(text.stdout).toMatch(/reverted\s+1\s+1/);
  });

  it('devices lists the fake keyboard, grabbed', async () => {
    const r = await cli(dirs, 'devices');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('fake:keyboard\tautocorrector fake keyboard\tkeyboard\tgrabbed\n');
    const j = JSON.parse((await cli(dirs, 'devices', '--json')).stdout);
    expect(j.devices).toEqual([{ path: 'fake:keyboard', name: 'autocorrector fake keyboard', keyboard: true, pointer: false, state: 'grabbed' }]);
  });

  it('add puts a correction in force at once; remove takes it out', async () => {
    let r = await cli(dirs, 'add', 'zorp', 'zap');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`added zorp = 'zap' to ${join(dirs.config, 'autocorrector', 'corrections.toml')}`);
    expect(r.stdout).toContain('the running daemon uses it now');
    expect(await daemon.typed('zorp ')).toBe('zap ');

    r = await cli(dirs, 'add', 'brb', 'be right back', '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ changed: true, daemon: 'reloaded', warnings: [] });
    expect(await daemon.typed('brb ')).toBe('be right back ');

    r = await cli(dirs, 'list');
    expect([r.status, r.stdout]).toEqual([0, "zorp = 'zap'\nbrb = 'be right back'\n"]);
    expect(JSON.parse((await cli(dirs, 'list', '--user', '--json')).stdout)).toEqual({ zorp: 'zap', brb: 'be right back' });
    expect(JSON.parse((await cli(dirs, 'status', '--json')).stdout).lists.user).toBe(2);

    r = await cli(dirs, 'remove', 'zorp');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("removed 'zorp'");
    expect(r.stdout).toContain('the running daemon uses it now');
    expect(await daemon.typed('zorp ')).toBe('zorp ');
    r = await cli(dirs, 'remove', 'zorp');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^autocorrector: 'zorp' is neither in .* nor in .*\n$/);
  });

  it('ignore stops a default correction at once; list --ignored shows it; remove undoes it', async () => {
    let r = await cli(dirs, 'ignore', 'teh');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("ignoring 'teh'");
    expect(await daemon.typed('teh ')).toBe('teh ');
    r = await cli(dirs, 'list', '--ignored');
    expect([r.status, r.stdout]).toEqual([0, 'teh\n']);
    expect(JSON.parse((await cli(dirs, 'list', '--ignored', '--json')).stdout)).toEqual(['teh']);
    r = await cli(dirs, 'remove', 'teh');
    expect(r.status).toBe(0);
    expect(await daemon.typed('teh ')).toBe('the ');
  });

  it('list --default prints the shipped list as TOML lines', async () => {
    const r = await cli(dirs, 'list', '--default');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("\nteh = 'the'\n");
    expect(r.stdout.split('\n').length).toBeGreaterThan(1000);
    const bad = await cli(dirs, 'list', '--user', '--default');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('choose one of --user, --default, --ignored');
  });

  it('reload reports a broken file as file:line and keeps the last good list; a fixed file clears it', async () => {
    const file = join(dirs.config, 'autocorrector', 'corrections.toml');
    writeFileSync(file, "brb = 'be right back'\nthis is = not toml\n");
    let r = await cli(dirs, 'reload');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`autocorrector: ${file}:2: `);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
    const s = JSON.parse((await cli(dirs, 'status', '--json')).stdout);
    expect(s.problems).toHaveLength(1);
    expect(s.problems[0]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:2: `));
    expect((await cli(dirs, 'status')).stdout).toContain('problems (the last good list stays in force):');
    expect(await daemon.typed('brb ')).toBe('be right back ');

    writeFileSync(file, "brb = 'be back'\n");
    r = await cli(dirs, 'reload');
    expect([r.status, r.stdout, r.stderr]).toEqual([0, 'reloaded: 1 corrections of yours, 0 ignored words\n', '']);
    expect(JSON.parse((await cli(dirs, 'reload', '--json')).stdout)).toEqual({ problems: [], lists: { user: 1, default: expect.any(Number), ignored: 0 } });
    expect(await daemon.typed('brb ')).toBe('be back ');
  });

  it('an edit made outside (an editor saving by rename) is in force with no reload', async () => {
    // How soon is a latency goal for the bench; here: that it happens at all.
    const file = join(dirs.config, 'autocorrector', 'corrections.toml');
    writeFileSync(`${file}.swp`, "# mine\nbrb = 'back soon'\n");
    const { renameSync } = await import('node:fs');
    renameSync(`${file}.swp`, file);
    await expect.poll(async () => JSON.parse((await cli(dirs, 'list', '--json')).stdout).brb, { timeout: 10_000 }).toBe('back soon');
    await expect.poll(async () => daemon.typed('brb '), { timeout: 10_000, interval: 100 }).toBe('back soon ');
  });

  it('a correction reverted twice is ignored from then on, and status says so', async () => {
    await daemon.type('\nrecieve ');
    await daemon.send({ backspace: 1 });
    await daemon.type(' recieve ');
    await daemon.send({ backspace: 1 });
    expect((await daemon.screen()).endsWith('\nrecieve recieve')).toBe(true);
    const s = JSON.parse((await cli(dirs, 'status', '--json')).stdout);
    expect(s.autoIgnored).toEqual(['recieve']);
    expect(s.lists.ignored).toBe(1);
    expect((await cli(dirs, 'status')).stdout).toContain('ignored after you reverted them twice: recieve');
    expect(await daemon.typed(' recieve ')).toBe(' recieve ');
    // On disk, where `list --ignored` and `remove` find it.
    await expect.poll(async () => (await cli(dirs, 'list', '--ignored')).stdout).toBe('recieve\n');
    expect((await cli(dirs, 'remove', 'recieve')).status).toBe(0);
    expect(await daemon.typed('recieve ')).toBe('receive ');
  });

  it('answers protocol errors with a reply, not a hang-up', async () => {
    const raw = (line: string) => new Promise<string>((resolve, reject) => {
      import('node:net').then(({ createConnection }) => {
        const c = createConnection(dirs.socket);
        let got = '';
        c.setEncoding('utf8');
        c.on('connect', () => c.write(line + '\n'));
        c.on('data', (d: string) => {
          got += d;
          if (got.includes('\n')) { c.destroy(); resolve(got); }
        });
        c.on('error', reject);
      }, reject);
    });
    expect(JSON.parse(await raw('not json'))).toEqual({ v: 1, ok: false, error: 'request is not JSON', code: 'bad-request' });
    expect(JSON.parse(await raw('{"v":2,"cmd":"status"}'))).toMatchObject({ ok: false, code: 'version' });
    expect(JSON.parse(await raw('{"v":1,"cmd":"format-disk"}'))).toMatchObject({ ok: false, code: 'unknown-command' });
    expect(JSON.parse(await raw('{"v":1,"cmd":"status","args":[]}'))).toMatchObject({ ok: false, code: 'bad-request' });
    // Still serving after all that.
    expect((await request('ping', {}, { socket: dirs.socket })).ok).toBe(true);
  });

  it('no other user can connect (the 0700 directory and 0600 socket)', async (ctx) => {
    if (process.getuid!() !== 0) ctx.skip(); // needs root to run a client as another uid
    // Open the temp dirs above it, so only the daemon's own modes keep the other user out.
    const { chmodSync } = await import('node:fs');
    chmodSync(dirs.root, 0o755);
    chmodSync(dirs.runtime, 0o755);
    const probe = `require('net').createConnection(${JSON.stringify(dirs.socket)}).on('connect',()=>{console.log('connected');process.exit(0)}).on('error',e=>{console.log(e.code);process.exit(1)})`;
    const { spawnSync } = await import('node:child_process');
    const r = spawnSync(process.execPath, ['-e', probe], { uid: 65534, gid: 65534, encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('EACCES');
  });

  it('a second daemon for the same user refuses and names the running one', async () => {
    const second = await cli(dirs, 'run', '--input', 'fake');
    expect(second.status).toBe(1);
    expect(second.stderr).toContain(`autocorrector is already running (pid ${daemon.pid})`);
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
    // The first one is untouched: same socket, still answering.
    expect(existsSync(dirs.socket)).toBe(true);
    expect(JSON.parse((await cli(dirs, 'status', '--json')).stdout).pid).toBe(daemon.pid);
  });
});

describe('without a daemon', () => {
  const dirs = makeDirs();

  it.each(['status', 'enable', 'disable', 'toggle', 'reload', 'stats', 'devices'])('%s exits 3 with a one-line hint', async (cmd) => {
    const r = await cli(dirs, cmd);
    expect(r.status).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`autocorrector: ${HINT}\n`);
  });

  it('add, ignore and remove edit the files and say the daemon is not running', async () => {
    let r = await cli(dirs, 'add', 'teh', 'tea');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("added teh = 'tea'");
    expect(r.stdout).toContain('autocorrector is not running; the change applies when it starts');
    r = await cli(dirs, 'ignore', 'adn', '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      changed: true, files: [join(dirs.config, 'autocorrector', 'ignored.txt')], daemon: 'not-running', warnings: [],
    });
    expect(readFileSync(join(dirs.config, 'autocorrector', 'ignored.txt'), 'utf8')).toContain('adn');
    // list reads the files itself: no daemon needed.
    r = await cli(dirs, 'list');
    expect([r.status, r.stdout, r.stderr]).toEqual([0, "teh = 'tea'\n", '']);
    expect(JSON.parse((await cli(dirs, 'list', '--ignored', '--json')).stdout)).toEqual(['adn']);
    expect(JSON.parse((await cli(dirs, 'add', 'teh', 'tea', '--json')).stdout)).toMatchObject({ changed: false, daemon: null });

    // A daemon started now uses both.
    const d = await TestDaemon.start(dirs);
    try {
      expect(await d.typed('teh adn ')).toBe('tea adn ');
    } finally {
      await d.stop();
    }
    r = await cli(dirs, 'remove', 'teh', '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ changed: true, daemon: 'not-running' });
  });

  it('usage errors exit 2; a bad add exits 1 with one line', async () => {
    let r = await cli(dirs, 'add', 'only-one');
    expect(r.status).toBe(2);
    r = await cli(dirs, 'status', 'extra');
    expect(r.status).toBe(2);
    r = await cli(dirs, 'add', 'two words', 'x');
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^autocorrector: /);
  });

  it.each(['status', 'enable', 'disable', 'toggle', 'add', 'remove', 'ignore', 'list', 'reload', 'stats', 'devices'])('%s --help', async (cmd) => {
    const r = await cli(dirs, cmd, '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^usage: autocorrector ${cmd}`));
  });

  it('the top-level help lists every command', async () => {
    const r = await cli(dirs, '--help');
    for (const cmd of ['status', 'enable', 'disable', 'toggle', 'add', 'remove', 'ignore', 'list', 'reload', 'stats', 'devices']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${cmd} `, 'm'));
    }
  });
});

describe('the daemon refuses what it must', () => {
  it('a runtime dir open to others', async () => {
    const dirs = makeDirs();
    mkdirSync(dirs.sockDir, { mode: 0o755 });
    const { chmodSync } = await import('node:fs');
    chmodSync(dirs.sockDir, 0o755);
    const r = await cli(dirs, 'run', '--input', 'fake');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`autocorrector: ${dirs.sockDir} is open to other users (mode 755); fix it with \`chmod 700 ${dirs.sockDir}\`\n`);
    expect(existsSync(dirs.socket)).toBe(false);
  });

  it('a runtime dir owned by another user', async () => {
    if (process.getuid!() !== 0) {
      expect(process.env.CI, 'CI runs as root, and this check needs root').toBeFalsy();
      console.warn('skipped: giving the runtime dir to another user needs root');
      return;
    }
    const dirs = makeDirs();
    mkdirSync(dirs.sockDir, { mode: 0o700 });
    chownSync(dirs.sockDir, 65534, 65534);
    const r = await cli(dirs, 'run', '--input', 'fake');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`autocorrector: ${dirs.sockDir} belongs to uid 65534, not to you (uid 0); another user may be trying to intercept the control socket\n`);
    expect(existsSync(dirs.socket)).toBe(false);
  });

  it('root, unless --allow-root', async () => {
    if (process.getuid!() !== 0) {
      expect(process.env.CI, 'CI runs as root, and this check needs root').toBeFalsy();
      console.warn('skipped: the root refusal needs root');
      return;
    }
    const dirs = makeDirs();
    const r = await cli(dirs, 'run');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^autocorrector: refusing to run as root: .*--allow-root if you really mean it\n$/);
    // With --allow-root the next check is reached (stderr is a pipe here, so --debug-keys stops it).
    const allowed = await cli(dirs, 'run', '--allow-root', '--debug-keys');
    expect(allowed.stderr).not.toContain('refusing to run as root');
    expect(allowed.stderr).toContain('--debug-keys prints typed text');
  });

  it('--debug-keys when stderr is a pipe or a file (typed text goes only to a terminal)', async () => {
    const dirs = makeDirs();
    const r = await cli(dirs, 'run', '--input', 'fake', '--debug-keys');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('autocorrector: --debug-keys prints typed text and is allowed only when stderr is a terminal\n');
    const log = join(dirs.root, 'daemon.log');
    const fd = openSync(log, 'w');
    try {
      const f = spawnSync(process.execPath, [CLI, 'run', '--input', 'fake', '--debug-keys'], { env: dirs.env, stdio: ['pipe', 'pipe', fd], input: 'teh \n', timeout: 20_000 });
      expect(f.status).toBe(2);
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(log, 'utf8')).toBe('autocorrector: --debug-keys prints typed text and is allowed only when stderr is a terminal\n');
    expect(existsSync(dirs.socket)).toBe(false);
  });

  it('--debug-keys on a terminal prints the word and its fix there', async () => {
    // util-linux's script(1) gives the daemon a terminal; its output is what the terminal showed.
    const script = ['/usr/bin/script', '/bin/script'].find((f) => existsSync(f));
    if (!script) {
      expect(process.env.CI, 'script(1) is missing (util-linux)').toBeFalsy();
      console.warn('skipped: script(1) not found, no terminal to test --debug-keys on');
      return;
    }
    const dirs = makeDirs();
    const p = spawn(script, ['-qfec', `"${process.execPath}" "${CLI}" run --input fake --debug-keys`, '/dev/null'], { env: dirs.env, detached: true });
    let shown = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => { shown += d; });
    try {
      await until('the daemon is ready', () => shown.includes('ready in'), 15_000);
      p.stdin.write('{"text":"teh "}\n');
      await until('the debug line', () => shown.includes('[debug-keys]'), 10_000);
      expect(shown).toMatch(/\[debug-keys\] correction: teh -> the \(default\)/);
    } finally {
      process.kill(-p.pid!, 'SIGTERM');
    }
  });

  it('--input fake without the test hooks', async () => {
    const dirs = makeDirs();
    delete dirs.env.AUTOCORRECTOR_TEST_HOOKS;
    const r = await cli(dirs, 'run', '--input', 'fake');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--input fake is for tests only');
    expect(existsSync(dirs.socket)).toBe(false);
  });

  it('of four daemons started at once, exactly one runs; the others name it', async () => {
    const dirs = makeDirs();
    const { spawn } = await import('node:child_process');
    const procs = Array.from({ length: 4 }, () => spawn(process.execPath, [CLI, 'run', '--input', 'fake'], { env: dirs.env }));
    const stderr = procs.map(() => '');
    procs.forEach((p, i) => p.stderr.setEncoding('utf8').on('data', (d: string) => { stderr[i] += d; }));
    const exits = procs.map((p) => new Promise<number | null>((r) => p.on('exit', (code) => r(code))));
    // The refused ones exit; wait for three exits, or time out.
    const refused: number[] = [];
    await Promise.race([
      Promise.all(exits.map((e, i) => e.then(() => refused.push(i)))),
      new Promise((r) => setTimeout(r, 8000)),
    ]);
    try {
      expect(refused).toHaveLength(3);
      const running = procs.findIndex((_, i) => !refused.includes(i));
      expect(JSON.parse((await cli(dirs, 'status', '--json')).stdout).pid).toBe(procs[running].pid);
      for (const i of refused) {
        expect(procs[i].exitCode).toBe(1);
        expect(stderr[i]).toContain(`autocorrector is already running (pid ${procs[running].pid})`);
      }
    } finally {
      for (const p of procs) p.kill('SIGTERM');
      await Promise.all(exits);
    }
  });

  it('a stale socket and pid file left by a killed daemon are taken over', async () => {
    const dirs = makeDirs();
    const first = await TestDaemon.start(dirs);
    await first.stop('SIGKILL');
    expect(existsSync(dirs.socket)).toBe(true); // nobody cleaned up
    const second = await TestDaemon.start(dirs);
    try {
      expect(JSON.parse((await cli(dirs, 'status', '--json')).stdout).pid).toBe(second.pid);
      expect(readJson<number>(join(dirs.sockDir, 'daemon.pid'))).toBe(second.pid);
    } finally {
      await second.stop();
    }
  });
});

describe('a runtime dir path too long for a socket', () => {
  it('is refused in one line, the process exits', async () => {
    const dirs = makeDirs();
    const { mkdirSync: mk } = await import('node:fs');
    const long = join(dirs.runtime, 'x'.repeat(100));
    mk(long, { mode: 0o700 });
    dirs.env.XDG_RUNTIME_DIR = long;
    const r = await cli(dirs, 'run', '--input', 'fake');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^autocorrector: the socket path .* is longer than 107 bytes; set XDG_RUNTIME_DIR to a shorter directory\n$/);
  });
});
