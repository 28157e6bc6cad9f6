import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatError } from '../../src/lists/corrections.js';
import { CorrectionLists, loadCorrectionsFile, packageRoot, USER_FILE_TOO_LARGE } from '../../src/lists/load.js';
import { ignoreWord, readIgnored } from '../../src/lists/edit.js';
import { addLearned } from '../../src/lists/learned.js';

let dir: string;
let user: string;
let dflt: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ac-lists-'));
  user = join(dir, 'corrections.toml');
  dflt = join(dir, 'default.toml');
  writeFileSync(dflt, "teh = 'the'\nadn = 'and'\n");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('loadCorrectionsFile', () => {
  it('treats a missing file as empty, not as an error', () => {
    const r = loadCorrectionsFile(join(dir, 'nope.toml'));
    expect(r).toEqual({ entries: new Map(), errors: [], missing: true, usable: true });
  });

  it('reports a directory in place of the file without throwing', () => {
    mkdirSync(user);
    const r = loadCorrectionsFile(user);
    expect(r.usable).toBe(false);
    expect(formatError(r.errors[0])).toBe(`${user}: cannot read: is a directory, not a file`);
  });

  it('reports a FIFO without blocking on it', () => {
    execFileSync('mkfifo', [user]);
    const r = loadCorrectionsFile(user);
    expect(r.usable).toBe(false);
    expect(formatError(r.errors[0])).toMatch(/cannot read: not a regular file/);
  });

  it('reports EACCES as permission denied (as root: read as nobody)', () => {
    writeFileSync(user, "teh = 'the'\n");
    chmodSync(user, 0o000);
    let r;
    if (process.getuid!() === 0) {
      // Root reads any file, so the read is done as nobody: this process's
      // effective ids switched for one synchronous call (the real uid stays 0, so
      // they switch back). The file is root's; nobody reaches its directory.
      chmodSync(dir, 0o755);
      process.setegid!(65534);
      process.seteuid!(65534);
      try {
        r = loadCorrectionsFile(user);
      } finally {
        process.seteuid!(0);
        process.setegid!(0);
      }
    } else {
      r = loadCorrectionsFile(user);
    }
    expect(r.usable).toBe(false);
    expect(r.errors.map(formatError)).toEqual([`${user}: cannot read: permission denied`]);
  });

  it('reports invalid UTF-8 at its line', () => {
    writeFileSync(user, Buffer.concat([Buffer.from("teh = 'the'\nx = '"), Buffer.from([0xc3, 0x28]), Buffer.from("'\n")]));
    const r = loadCorrectionsFile(user);
    expect(r.errors.map(formatError)).toEqual([`${user}:2: not valid UTF-8 text`]);
  });
});

describe('CorrectionLists', () => {
  it('loads the default and user lists', () => {
    writeFileSync(user, "recieve = 'receive'\n");
    const { lists, errors } = CorrectionLists.load({ userPath: user, defaultPath: dflt });
    expect(errors).toEqual([]);
    expect(lists.defaults.get('teh')).toBe('the');
    expect(lists.user.get('recieve')).toBe('receive');
  });

  it('finds the user list in --config-dir', () => {
    writeFileSync(user, "recieve = 'receive'\n");
    const lists = new CorrectionLists({ configDir: dir, defaultPath: dflt });
    expect(lists.userPath).toBe(user);
    expect(lists.reloadUser().ok).toBe(true);
    expect(lists.user.get('recieve')).toBe('receive');
  });

  it('a broken user file on first load gives an empty user list and the errors', () => {
    writeFileSync(user, "teh = 'the'\nadn = \n");
    const { lists, errors } = CorrectionLists.load({ userPath: user, defaultPath: dflt });
    expect(lists.user.size).toBe(0);
    expect(errors.map(formatError)).toEqual([expect.stringMatching(new RegExp(`^${user}:2: TOML syntax`))]);
    expect(lists.defaults.size).toBe(2);
  });

  it('keeps the last good user data when a reload finds a broken file', () => {
    writeFileSync(user, "recieve = 'receive'\n");
    const lists = new CorrectionLists({ userPath: user, defaultPath: dflt });
    expect(lists.reloadUser()).toEqual({ ok: true, applied: true, errors: [] });

    writeFileSync(user, "recieve = 'receive'\nthier = 'their\n"); // half-saved edit
    const bad = lists.reloadUser();
    expect(bad.ok).toBe(false);
    expect(bad.applied).toBe(false);
    expect(bad.errors[0].line).toBe(2);
    expect([...lists.user]).toEqual([['recieve', 'receive']]);

    rmSync(user);
    mkdirSync(user); // a directory now: still the last good data
    expect(lists.reloadUser().applied).toBe(false);
    expect([...lists.user]).toEqual([['recieve', 'receive']]);

    rmSync(user, { recursive: true });
    writeFileSync(user, "thier = 'their'\n");
    expect(lists.reloadUser().ok).toBe(true);
    expect([...lists.user]).toEqual([['thier', 'their']]);
  });

  it('refuses a user list of tens of MB before reading it, and keeps the last good one (issue 14)', async () => {
    writeFileSync(user, "recieve = 'receive'\n");
    const lists = new CorrectionLists({ userPath: user, defaultPath: dflt });
    lists.reloadUser();
    // A valid list: were it read, it would parse (for ~20 s, on the daemon's only thread).
    const line = "abcdefgh = 'abcdefgh'\n";
    writeFileSync(user, line.repeat(Math.ceil(20e6 / line.length)));
    const r = lists.reloadUser();
    expect(r.applied).toBe(false);
    expect(r.errors.map(formatError)).toEqual([`${user}: cannot read: ${USER_FILE_TOO_LARGE}`]);
    expect(USER_FILE_TOO_LARGE).toMatch(/^larger than 256 KiB, .*trim it/);
    expect([...lists.user]).toEqual([['recieve', 'receive']]);
    // ignored.txt and learned.txt: read the same way, and an edit never rewrites what it could not read.
    const big = 'word\n'.repeat(Math.ceil(20e6 / 5));
    writeFileSync(join(dir, 'ignored.txt'), big);
    writeFileSync(join(dir, 'learned.txt'), big);
    expect(readIgnored(dir).errors.map((e) => e.message)).toEqual([`cannot read: ${USER_FILE_TOO_LARGE}`]);
    await expect(ignoreWord(dir, 'teh')).rejects.toThrow(USER_FILE_TOO_LARGE);
    await expect(addLearned(dir, 'kubectl')).rejects.toThrow(USER_FILE_TOO_LARGE);
    expect(statSync(join(dir, 'ignored.txt')).size).toBe(big.length);
    expect(statSync(join(dir, 'learned.txt')).size).toBe(big.length);
  });

  it('a parseable file with some bad entries applies the good ones', () => {
    writeFileSync(user, "recieve = 'receive'\n");
    const lists = new CorrectionLists({ userPath: user, defaultPath: dflt });
    lists.reloadUser();
    writeFileSync(user, "thier = 'their'\n\"can't of\" = \"can't have\"\n");
    const r = lists.reloadUser();
    expect(r.ok).toBe(false);
    expect(r.applied).toBe(true);
    expect(r.errors.map((e) => e.line)).toEqual([2]);
    expect([...lists.user]).toEqual([['thier', 'their']]);
  });

  it('a deleted user file means no user corrections', () => {
    writeFileSync(user, "recieve = 'receive'\n");
    const lists = new CorrectionLists({ userPath: user, defaultPath: dflt });
    lists.reloadUser();
    rmSync(user);
    expect(lists.reloadUser()).toEqual({ ok: true, applied: true, errors: [] });
    expect(lists.user.size).toBe(0);
  });

  it('reports a missing default list', () => {
    const lists = new CorrectionLists({ userPath: user, defaultPath: join(dir, 'gone.toml') });
    const r = lists.loadDefault();
    expect(r.ok).toBe(false);
    expect(formatError(r.errors[0])).toMatch(/gone\.toml: the default list is missing/);
  });
});

describe('packageRoot', () => {
  it('finds the directory holding autocorrector\'s package.json', () => {
    expect(packageRoot()).toBe(join(import.meta.dirname, '..', '..'));
  });
});
