import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // CLI tests spawn whole processes; on a loaded 2-core CI machine they can take seconds each.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
