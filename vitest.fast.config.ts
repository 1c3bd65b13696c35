import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * `npm run test:fast`: the unit and CLI tests (test/unit, test/cli and the rest), without the slow suites: test/slow
 * (hostile inputs, performance, properties, the browser and AWS end-to-end tests, npm pack), the tests that install
 * the package in a scratch clone (test/ci: the GitHub Action and pre-commit hook; test/docs/commands.test.ts: every
 * documented command) and the long fuzz run. Those run in `npm test` and `npm run test:slow` (package.json lists
 * the same paths).
 */
export const SLOW = ['test/slow/**', 'test/ci/**', 'test/docs/commands.test.ts', 'test/fuzz/**'];

export default defineConfig({
  test: {
    ...base.test,
    exclude: [...(base.test?.exclude ?? ['**/node_modules/**']), ...SLOW],
    // Most of these tests wait on a CLI child process, so one worker per core (vitest's default is one fewer) leaves
    // the cores idle: two per core took the run from 183 s to 113 s of wall time on 2 cores (2026-12-02, idle).
    maxWorkers: 2 * availableParallelism(),
  },
});
