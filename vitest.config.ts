import { defineConfig } from 'vitest/config';

// One suite, three kinds of test files, all run by `npm test`:
//   *.test.ts      pure and in-process tests beside the code they prove
//   *.db.test.ts   tests against both stores (PGlite and the PostgreSQL server)
//   test/e2e/**    browser tests in Debian's Chromium
// Two cores: at most two test files run at once. `npm test` runs the browser tests last, on
// their own, so a loaded machine does not starve Chromium of the CPU the keyboard flows need.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'packs/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'web/dist/**'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
