import { defineConfig } from 'vitest/config';

/** `npm run fuzz`: the long fuzz run, outside `npm test` (see docs/robustness.md). */
export default defineConfig({
  test: {
    include: ['test/fuzz/**/*.fuzz.ts'],
    testTimeout: 3_600_000,
  },
});
