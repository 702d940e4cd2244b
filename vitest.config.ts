import { defineConfig } from 'vitest/config';

// One runner for every kind of test. Browser tests (*.browser.test.ts) start the real app and
// drive Debian's Chromium; they run in a single fork so they do not fight for the two cores.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
