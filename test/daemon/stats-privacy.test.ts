// Stats reach disk as counts only, atomically, on exit; and nothing the user
// typed reaches any file the daemon writes, or its log.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, filesUnder, makeDirs, readJson, TestDaemon } from './harness.js';

// Typed (typos and the plain words among them) and what they became.
const TYPED = ['recieve', 'thier', 'wierd', 'becuase', 'seperate', 'accomodate', 'zebra', 'quixotic', 'marmalade'];
const FIXES = ['receive', 'their', 'weird', 'because', 'separate', 'accommodate'];

interface StatsFile {
  v: number;
  since: string;
  wordsSeen: number;
  corrections: Record<string, number>;
  reverted: Record<string, number>;
}

describe('stats and privacy', () => {
  it('counts go to stats.json on SIGTERM, accumulate across runs, and no typed word is written anywhere', async () => {
    const dirs = makeDirs();
    const statsPath = join(dirs.state, 'autocorrector', 'stats.json');

    const d = await TestDaemon.start(dirs, ['--verbose']);
    await d.type('I recieve thier zebra wierd ');
    await d.send({ backspace: 1 }); // reverts wierd -> weird once (not twice: no auto-ignore)
    await d.type(' becuase quixotic\n');
    expect(await cli(dirs, 'disable').then((r) => r.status)).toBe(0);
    await d.type('seperate marmalade ');
    expect(await cli(dirs, 'enable').then((r) => r.status)).toBe(0);
    await d.type('accomodate.');
    expect(await d.screen()).toBe('I receive their zebra wierd because quixotic\nseperate marmalade accommodate.');
    expect(existsSync(statsPath)).toBe(false); // not written on every key

    const exit = await d.stop('SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    // Clean exit: the socket and pid file are gone, no temp file is left.
    expect(existsSync(dirs.socket)).toBe(false);
    expect(existsSync(join(dirs.sockDir, 'daemon.pid'))).toBe(false);
    expect(filesUnder(dirs.root).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    const stats = readJson<StatsFile>(statsPath);
    expect(stats).toEqual({
      v: 1,
      since: expect.any(String),
      wordsSeen: 11,
      corrections: { user: 0, default: 5, dictionary: 0 },
      reverted: { user: 0, default: 1, dictionary: 0 },
    });
    expect(statSync(statsPath).mode & 0o777).toBe(0o600);

    // The privacy rule: every file the daemon wrote, and its log, without a word typed or fixed.
    const written = filesUnder(dirs.root);
    expect(written).toContain(statsPath);
    for (const file of written) {
      const text = readFileSync(file, 'latin1').toLowerCase();
      for (const w of [...TYPED, ...FIXES]) expect(text.includes(w), `${w} in ${file}`).toBe(false);
    }
    const log = d.stderr.toLowerCase();
    expect(log).toContain('correction (default list)'); // --verbose did log, as counts
    for (const w of [...TYPED, ...FIXES]) expect(log.includes(w), `${w} in the log`).toBe(false);

    // A second run adds to the saved counts and replaces the file by rename (a new inode).
    const inode = statSync(statsPath).ino;
    const d2 = await TestDaemon.start(dirs);
    await d2.type('recieve zebra ');
    const live = JSON.parse((await cli(dirs, 'stats', '--json')).stdout);
    expect(live.session).toEqual({ wordsSeen: 2, corrections: { user: 0, default: 1, dictionary: 0 }, reverted: { user: 0, default: 0, dictionary: 0 } });
    expect(live.total).toEqual({ wordsSeen: 13, corrections: { user: 0, default: 6, dictionary: 0 }, reverted: { user: 0, default: 1, dictionary: 0 } });
    expect(live.since).toBe(stats.since);
    expect((await d2.stop()).code).toBe(0);
    const again = readJson<StatsFile>(statsPath);
    expect(again.wordsSeen).toBe(13);
    expect(again.since).toBe(stats.since);
    expect(statSync(statsPath).ino).not.toBe(inode);
  });

  it('a damaged stats.json is reported and counting starts again', async () => {
    const dirs = makeDirs();
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(join(dirs.state, 'autocorrector'), { recursive: true });
    const statsPath = join(dirs.state, 'autocorrector', 'stats.json');
    writeFileSync(statsPath, '{"wordsSeen": 5, "corr');
    const d = await TestDaemon.start(dirs);
    await d.type('thier ');
    await d.stop();
    expect(d.stderr).toContain(`${statsPath}: damaged (not JSON); counting from zero`);
    expect(readJson<StatsFile>(statsPath)).toMatchObject({ wordsSeen: 1, corrections: { default: 1 } });
  });
});
