import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * `npm run test:fast`: unit and CLI tests, without the slow suites (hostile inputs, performance, property and
 * fuzz runs, the browser and AWS end-to-end tests, npm pack). Those run in `npm test` and `npm run test:slow`.
 */
export const SLOW = [
  'test/hostile/**',
  'test/perf/**',
  'test/properties/**',
  'test/fuzz/**',
  'test/**/*.e2e.test.ts',
  'test/**/*.browser.test.ts',
  'test/ci/pack.test.ts',
];

export default defineConfig({
  test: { ...base.test, exclude: [...(base.test?.exclude ?? ['**/node_modules/**']), ...SLOW] },
});
