import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatError, parseCorrections } from '../../src/lists/corrections.js';
import {
  addCorrection, EditError, ignoreWord, readIgnored, removeCorrection, tomlString, unignoreWord,
} from '../../src/lists/edit.js';
import { LOCK_FILE, withEditLock } from '../../src/files/lock.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const BUILT_EDIT = join(ROOT, 'dist', 'src', 'lists', 'edit.js');

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ac-edit-'));
  file = join(dir, 'corrections.toml');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const read = () => readFileSync(file, 'utf8');
const entries = () => parseCorrections(read(), file).entries;

describe('addCorrection / removeCorrection', () => {
  it('creates the file (and the directory) when missing', async () => {
    const sub = join(dir, 'a', 'b');
    const r = await addCorrection(sub, 'teh', 'the');
    expect(r.changed).toBe(true);
    expect(readFileSync(join(sub, 'corrections.toml'), 'utf8')).toBe("teh = 'the'\n");
  });

  it('keeps comments, order, spacing and blank lines on a round trip', async () => {
    const original = "# my list\n\nzzz = 'last'   # sorted? no\n\n# names\nbrb   =   'be right back'\nTeh = \"tea\" # kettle\n";
    writeFileSync(file, original);
    await addCorrection(dir, 'adn', 'and');
    expect(read()).toBe(original + "adn = 'and'\n");
    await addCorrection(dir, 'teh', 'the'); // any case: replaces the value on Teh's line
    expect(read()).toBe(original.replace('"tea"', "'the'") + "adn = 'and'\n");
    await removeCorrection(dir, 'ADN');
    await addCorrection(dir, 'teh', 'tea');
    expect(read()).toBe(original.replace('"tea"', "'tea'"));
    await removeCorrection(dir, 'brb');
    expect(read()).toBe("# my list\n\nzzz = 'last'   # sorted? no\n\n# names\nTeh = 'tea' # kettle\n");
  });

  it('reports the previous fix and does nothing when already so', async () => {
    writeFileSync(file, "teh = 'tea'\n");
    expect((await addCorrection(dir, 'teh', 'the')).previous).toBe('tea');
    const before = statSync(file).mtimeMs;
    const r = await addCorrection(dir, 'teh', 'the');
    expect(r.changed).toBe(false);
    expect(statSync(file).mtimeMs).toBe(before);
    expect((await removeCorrection(dir, 'nothere')).changed).toBe(false);
  });

  it('quotes values and keys safely', async () => {
    const fixes = ["don't", 'say "hi"', 'back\\slash', "it's \"x\" \\", 'café', '\'\'\'', '# not a comment'];
    for (const [i, fix] of fixes.entries()) await addCorrection(dir, `w${'x'.repeat(i)}`, fix);
    await addCorrection(dir, "o'neil", "O'Neill");
    await addCorrection(dir, 'naïve', 'naive');
    const got = entries();
    fixes.forEach((fix, i) => expect(got.get(`w${'x'.repeat(i)}`)).toBe(fix));
    expect(got.get("o'neil")).toBe("O'Neill");
    expect(got.get('naïve')).toBe('naive');
    expect(parseCorrections(read(), file).errors).toEqual([]);
    expect(tomlString("a'b")).toBe('"a\'b"');
    expect(tomlString('a"b')).toBe('\'a"b\'');
  });

  it('inserts new keys before a [table], not into it', async () => {
    writeFileSync(file, "teh = 'the'\n\n[oops]\nx = 'y'\n");
    await addCorrection(dir, 'adn', 'and');
    expect(entries()).toEqual(new Map([['teh', 'the'], ['adn', 'and']]));
    expect(read()).toContain('[oops]\nx = \'y\'\n');
  });

  it('keeps CRLF line ends and a BOM', async () => {
    writeFileSync(file, "\ufeff# list\r\nteh = 'the'\r\n");
    await addCorrection(dir, 'adn', 'and');
    expect(readFileSync(file)).toEqual(Buffer.from("\ufeff# list\r\nteh = 'the'\r\nadn = 'and'\r\n"));
  });

  it('rejects typos and fixes the parser would reject, touching nothing', async () => {
    writeFileSync(file, "teh = 'the'\n");
    for (const [typo, fix] of [['two words', 'x'], ['teh2', 'x'], ["'teh", 'x'], ['', 'x'], ['teh', ''], ['teh', 'a\nb'], ['teh', 'x'.repeat(201)]]) {
      await expect(addCorrection(dir, typo, fix)).rejects.toBeInstanceOf(EditError);
    }
    await expect(removeCorrection(dir, 'a b')).rejects.toThrow(/one word/);
    expect(read()).toBe("teh = 'the'\n");
  });

  it('refuses to edit a file that does not parse, with file:line, and changes nothing', async () => {
    const broken = "teh = 'the'\nthis is = not toml\n";
    writeFileSync(file, broken);
    const err = await addCorrection(dir, 'adn', 'and').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EditError);
    expect((err as Error).message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: TOML syntax`));
    expect((err as Error).message).not.toMatch(/\n\s+at /); // no stack
    await expect(removeCorrection(dir, 'teh')).rejects.toThrow(/:2: /);
    expect(read()).toBe(broken);
  });

  it('random bytes as the file: a file:line message, never a crash, file untouched', async () => {
    for (let seed = 0; seed < 40; seed++) {
      const bytes = randomBytes(1 + seed * 37);
      writeFileSync(file, bytes);
      const r = await addCorrection(dir, 'teh', 'the').then((x) => x, (e: unknown) => e);
      if (r instanceof EditError) {
        expect(r.message).toMatch(/^\S+corrections\.toml:\d+: /);
        expect(readFileSync(file)).toEqual(bytes);
      } else {
        // Random bytes that happen to be valid TOML: the edit must be exact.
        expect(r).not.toBeInstanceOf(Error);
        expect(entries().get('teh')).toBe('the');
      }
    }
  });

  it('keeps bad entries in a parseable file and reports them as warnings', async () => {
    writeFileSync(file, "teh = 5\nok = 'fine'\n");
    const r = await addCorrection(dir, 'adn', 'and');
    expect(r.warnings.map(formatError)).toEqual([`${file}:1: "teh": the fix must be a quoted string, e.g. teh = 'the'`]);
    // Adding the bad key itself replaces its value in place (no duplicate key).
    await addCorrection(dir, 'teh', 'the');
    expect(read()).toBe("teh = 'the'\nok = 'fine'\nadn = 'and'\n");
  });

  it('refuses layouts it cannot edit exactly rather than guess', async () => {
    writeFileSync(file, 'teh = """\nthe"""\n');
    await expect(addCorrection(dir, 'teh', 'tea')).rejects.toThrow(/edit it by hand/);
    expect(read()).toBe('teh = """\nthe"""\n');
  });

  it('keeps the file mode, writes through a symlink, leaves no temp files', async () => {
    writeFileSync(file, "teh = 'the'\n");
    chmodSync(file, 0o600);
    await addCorrection(dir, 'adn', 'and');
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const real = join(dir, 'dotfiles', 'corrections.toml');
    mkdirSync(join(dir, 'dotfiles'));
    writeFileSync(real, "brb = 'be right back'\n");
    const linked = join(dir, 'linked');
    mkdirSync(linked);
    symlinkSync(real, join(linked, 'corrections.toml'));
    await addCorrection(linked, 'teh', 'the');
    expect(readFileSync(real, 'utf8')).toBe("brb = 'be right back'\nteh = 'the'\n");
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp') || n === LOCK_FILE)).toEqual([]);
  });
});

describe('edit lock', () => {
  it('breaks a lock left by a dead process', async () => {
    writeFileSync(join(dir, LOCK_FILE), '999999999 deadbeef\n');
    await addCorrection(dir, 'teh', 'the');
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('times out on a live lock with a clear message', async () => {
    writeFileSync(join(dir, LOCK_FILE), `${process.pid} other\n`);
    const err = await withEditLock(dir, () => 1, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect((err as EditError).code).toBe('locked');
    expect((err as Error).message).toContain(`pid ${process.pid}`);
  });

  it('serialises edits within one process', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => addCorrection(dir, `typo${'a'.repeat(i)}`, `fix${i}`)));
    expect(entries().size).toBe(20);
  });

  it('twenty concurrent processes adding lose none', async () => {
    // The CLI's `add` when it is built, else a script calling addCorrection.
    const cliHasAdd = existsSync(CLI) && /\badd:\s*\{/.test(readFileSync(CLI, 'utf8'));
    expect(existsSync(BUILT_EDIT), 'run `npm run build` first').toBe(true);
    writeFileSync(file, '# concurrent\n');
    const script = `import { addCorrection } from ${JSON.stringify(BUILT_EDIT)};
await addCorrection(process.argv[1], process.argv[2], process.argv[3]);`;
    const words = Array.from({ length: 20 }, (_, i) => `w${String.fromCharCode(97 + i).repeat(3)}`);
    const results = await Promise.all(words.map((w) => new Promise<{ code: number | null; err: string }>((done) => {
      const args = cliHasAdd
        ? [CLI, 'add', '--config-dir', dir, w, `fix ${w}`]
        : ['--input-type=module', '-e', script, dir, w, `fix ${w}`];
      const p = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      p.stderr.on('data', (d: Buffer) => { err += d; });
      p.on('close', (code) => done({ code, err }));
    })));
    expect(results.filter((r) => r.code !== 0)).toEqual([]);
    const got = entries();
    expect(got.size).toBe(20);
    for (const w of words) expect(got.get(w)).toBe(`fix ${w}`);
    expect(read().startsWith('# concurrent\n')).toBe(true);
  }, 60_000);
});

describe('ignored.txt', () => {
  it('adds once, matches any case, keeps comments, removes', async () => {
    const ign = join(dir, 'ignored.txt');
    writeFileSync(ign, '# words I mean\nteh   # really\n');
    expect((await ignoreWord(dir, 'TEH')).changed).toBe(false);
    await ignoreWord(dir, 'adn');
    await ignoreWord(dir, "don't");
    expect(readFileSync(ign, 'utf8')).toBe("# words I mean\nteh   # really\nadn\ndon't\n");
    expect(readIgnored(dir)).toEqual({ words: new Set(['teh', 'adn', "don't"]), errors: [], missing: false });
    await unignoreWord(dir, 'Teh');
    expect(readFileSync(ign, 'utf8')).toBe("# words I mean\nadn\ndon't\n");
    expect((await unignoreWord(dir, 'zzz')).changed).toBe(false);
    await expect(ignoreWord(dir, 'two words')).rejects.toBeInstanceOf(EditError);
  });

  it('reports bad lines with file:line and keeps the good words', () => {
    writeFileSync(join(dir, 'ignored.txt'), 'ok\ntwo words\n\nhttp://x\nfine\n');
    const r = readIgnored(dir);
    expect(r.words).toEqual(new Set(['ok', 'fine']));
    expect(r.errors.map((e) => e.line)).toEqual([2, 4]);
    expect(formatError(r.errors[0])).toMatch(/ignored\.txt:2: "two words" is not one word/);
  });

  it('missing file: empty, no error; bad bytes: a line-numbered error', () => {
    expect(readIgnored(dir)).toEqual({ words: new Set(), errors: [], missing: true });
    writeFileSync(join(dir, 'ignored.txt'), Buffer.from([0x6f, 0x6b, 0x0a, 0xff, 0xfe, 0x0a]));
    const r = readIgnored(dir);
    expect(r.words.size).toBe(0);
    expect(formatError(r.errors[0])).toBe(`${join(dir, 'ignored.txt')}:2: not valid UTF-8 text`);
  });
});
