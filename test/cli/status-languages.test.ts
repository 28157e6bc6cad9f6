import { describe, expect, it } from 'vitest';
import { formatStatus } from '../../src/cli/status.js';
import type { StatusData } from '../../src/daemon/service.js';

const base: StatusData = {
  pid: 1, enabled: true, mode: 'grab', uptimeSec: 5, keyboards: [], lists: { user: 0, default: 0, ignored: 0 },
  userFile: '/c/corrections.toml', problems: [], autoIgnored: [], layout: { name: 'de', source: 'config.toml' },
  languages: { codes: ['de', 'en'], source: 'LANGUAGE=de:en:it', unsupported: ['it'] }, subscribers: 0,
};

describe('status shows the languages', () => {
  it('names them and where they came from, and the ones without a speller', () => {
    expect(formatStatus(base)).toContain('languages: German, English (from LANGUAGE=de:en:it; autocorrector has no speller for it)\n');
  });

  it('says when no language is active', () => {
    expect(formatStatus({ ...base, languages: { codes: [], source: 'LANG=it_IT.UTF-8', unsupported: ['it'] } })).toMatch(/languages: none \(only your own list corrects\)/);
  });
});
