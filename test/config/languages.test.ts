import { describe, expect, it } from 'vitest';
import { chooseLanguages, describeLanguages, localeLanguage, parseLanguagesSetting } from '../../src/config/languages.js';
import { parseSettings } from '../../src/config/settings.js';
import { formatError } from '../../src/lists/corrections.js';

describe('localeLanguage', () => {
  it.each([
    ['de_DE.UTF-8', 'de'], ['fr_FR@euro', 'fr'], ['es', 'es'], ['en_GB.utf8', 'en'], ['pt-BR', 'pt'],
    ['C', 'c'], ['POSIX', 'c'], ['C.UTF-8', 'c'], ['', ''],
  ])('%s -> %s', (locale, lang) => expect(localeLanguage(locale)).toBe(lang));
});

describe('chooseLanguages', () => {
  it('config.toml wins over the locale', () => {
    expect(chooseLanguages(['de', 'en'], { LANG: 'fr_FR.UTF-8' })).toEqual({ languages: ['de', 'en'], source: 'config.toml', unsupported: [] });
  });

  it('a German locale means German alone: no English unless asked for', () => {
    expect(chooseLanguages(null, { LANG: 'de_DE.UTF-8' })).toEqual({ languages: ['de'], source: 'LANG=de_DE.UTF-8', unsupported: [] });
  });

  it('LC_ALL, then LC_MESSAGES, then LANG names the locale', () => {
    expect(chooseLanguages(null, { LC_ALL: 'es_ES.UTF-8', LC_MESSAGES: 'fr_FR', LANG: 'de_DE' }).languages).toEqual(['es']);
    expect(chooseLanguages(null, { LC_ALL: '', LC_MESSAGES: 'fr_FR', LANG: 'de_DE' })).toMatchObject({ languages: ['fr'], source: 'LC_MESSAGES=fr_FR' });
  });

  it('LANGUAGE lists several languages in order, English only when listed', () => {
    expect(chooseLanguages(null, { LANG: 'de_DE.UTF-8', LANGUAGE: 'de:en_US:it' })).toEqual({ languages: ['de', 'en'], source: 'LANGUAGE=de:en_US:it', unsupported: ['it'] });
  });

  it('C, POSIX or no locale at all (services, CI) is English, and LANGUAGE is then ignored as gettext does', () => {
    expect(chooseLanguages(null, {}).languages).toEqual(['en']);
    expect(chooseLanguages(null, { LANG: 'C.UTF-8', LANGUAGE: 'de' }).languages).toEqual(['en']);
    expect(chooseLanguages(null, { LC_ALL: 'POSIX' }).languages).toEqual(['en']);
  });

  it('a locale whose language has no speller corrects nothing rather than guessing English', () => {
    const c = chooseLanguages(null, { LANG: 'it_IT.UTF-8' });
    expect(c).toEqual({ languages: [], source: 'LANG=it_IT.UTF-8', unsupported: ['it'] });
    expect(describeLanguages(c)).toMatch(/none .*no speller for it/);
  });

  it('describes languages for status', () => {
    expect(describeLanguages(chooseLanguages(['de', 'en'], {}))).toBe('German, English (from config.toml)');
  });
});

describe('languages in config.toml', () => {
  it('takes a list of known codes, lower-cased, without repeats', () => {
    expect(parseLanguagesSetting(['DE', 'en', 'de'])).toEqual({ languages: ['de', 'en'] });
    expect(parseSettings('languages = ["fr"]\n', '/c/config.toml').settings.languages).toEqual(['fr']);
    expect(parseSettings('', '/c/config.toml').settings.languages).toBeNull();
  });

  it('reports a bad value at its line and keeps the locale', () => {
    const r = parseSettings('mode = "grab"\nlanguages = ["de", "klingon"]\n', '/c/config.toml');
    expect(r.settings.languages).toBeNull();
    expect(r.errors.map(formatError)).toEqual([expect.stringMatching(/^\/c\/config\.toml:2: languages: "klingon" is not a language/)]);
    expect(parseSettings('languages = "de"\n', '/c/config.toml').errors[0].message).toMatch(/must be a list/);
  });
});
