import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    // The languages autocorrector checks come from the locale when config.toml
    // names none: tests (and the CLIs they spawn) run in the C locale, English,
    // whatever the developer's session uses. Tests of other languages say so.
    env: { LANG: 'C.UTF-8', LC_ALL: '', LC_MESSAGES: '', LANGUAGE: '' },
    // Rebuilds dist/ when it is older than src/ (tests run the built CLI).
    globalSetup: ['test/support/fresh-dist.ts'],
  },
});
