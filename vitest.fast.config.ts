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
    // The CLI tests run the commands in-process (test/cli/run.ts; test/cli/e2e.test.ts runs each as a process too), so
    // the run is CPU-bound: one worker per core (vitest's default leaves one core idle). The files of a worker share
    // its modules (no per-file isolation): each file no longer loads src/ and the built CLI afresh, which was half of
    // the CPU time. `npm test` keeps vitest's per-file isolation, so a test that only passes after another file has
    // run still fails there. 2026-12-02, 2 cores: 217 s of CPU (child processes, isolated) -> 38 s; see docs/design.md.
    isolate: false,
    maxWorkers: availableParallelism(),
  },
});
