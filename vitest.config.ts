import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    // Rebuilds dist/ when it is older than src/ (tests run the built CLI).
    globalSetup: ['test/support/fresh-dist.ts'],
  },
});
