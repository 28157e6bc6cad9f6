// Which languages the user writes in, and where that came from: config.toml's
// `languages = ["de", "en"]`, else the session's locale. Pure: the environment
// is handed in.
//
// The locale is read the way gettext picks a message language: LC_ALL, else
// LC_MESSAGES, else LANG names the locale; when that locale is C or POSIX (or
// nothing is set, as for services and CI) the language is English and
// LANGUAGE is ignored, otherwise LANGUAGE ("de:en", a priority list) wins
// over the locale's own language. English is used only when the locale or
// the list says so: a German locale means German only.

/** Languages autocorrector can spell-check, by ISO 639-1 code. */
export const SUPPORTED_LANGUAGES = ['en', 'de', 'fr', 'es'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', de: 'German', fr: 'French', es: 'Spanish' };

export interface LanguageChoice {
  /** Active languages, in the order given; may be empty (then only the user's list corrects). */
  languages: Language[];
  /** Where they came from, as `status` shows it: "config.toml", "LANG=de_DE.UTF-8", … */
  source: string;
  /** Languages the locale asks for that autocorrector has no speller for (not checked). */
  unsupported: string[];
}

export function isLanguage(code: string): code is Language {
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(code);
}

/** "de_DE.UTF-8@euro" → "de"; "C", "POSIX", "C.UTF-8" → "c"; "" → "". */
export function localeLanguage(locale: string): string {
  const base = locale.trim().split(/[.@]/)[0];
  if (base === 'C' || base === 'POSIX') return 'c';
  return base.split(/[_-]/)[0].toLowerCase();
}

/** Checks config.toml's `languages` value: a list of supported codes. */
export function parseLanguagesSetting(v: unknown): { languages: Language[] } | { error: string } {
  const known = SUPPORTED_LANGUAGES.map((l) => `"${l}"`).join(', ');
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
    return { error: `must be a list of language codes in quotes, e.g. ["de", "en"] (known: ${known})` };
  }
  const out: Language[] = [];
  for (const raw of v as string[]) {
    const code = raw.trim().toLowerCase();
    if (!isLanguage(code)) return { error: `${JSON.stringify(raw)} is not a language autocorrector knows (known: ${known})` };
    if (!out.includes(code)) out.push(code);
  }
  return { languages: out };
}

/**
 * The languages in force: `configured` (config.toml's list, when set) wins;
 * otherwise the locale in `env`.
 */
export function chooseLanguages(configured: readonly Language[] | null, env: Readonly<Record<string, string | undefined>>): LanguageChoice {
  if (configured !== null) return { languages: [...configured], source: 'config.toml', unsupported: [] };
  const localeVar = (['LC_ALL', 'LC_MESSAGES', 'LANG'] as const).find((k) => (env[k] ?? '').trim() !== '');
  const locale = localeVar ? env[localeVar]!.trim() : '';
  const lang = localeLanguage(locale);
  if (lang === '' || lang === 'c') {
    return { languages: ['en'], source: localeVar ? `${localeVar}=${locale} (the C locale means English)` : 'no locale set (English)', unsupported: [] };
  }
  const priority = (env.LANGUAGE ?? '').trim();
  const [codes, source] = priority !== ''
    ? [priority.split(':').map(localeLanguage).filter((c) => c !== '' && c !== 'c'), `LANGUAGE=${priority}`]
    : [[lang], `${localeVar}=${locale}`];
  const languages: Language[] = [];
  const unsupported: string[] = [];
  for (const c of codes) {
    if (isLanguage(c)) {
      if (!languages.includes(c)) languages.push(c);
    } else if (!unsupported.includes(c)) {
      unsupported.push(c);
    }
  }
  return { languages, source, unsupported };
}

/** For `status` and logs: "German, English (from config.toml)". */
export function describeLanguages(choice: LanguageChoice): string {
  const names = choice.languages.length === 0 ? 'none (only your own list corrects)' : choice.languages.map((l) => LANGUAGE_NAMES[l]).join(', ');
  const skipped = choice.unsupported.length > 0 ? `; autocorrector has no speller for ${choice.unsupported.join(', ')}` : '';
  return `${names} (from ${choice.source}${skipped})`;
}
