/**
 * `check --junit-max-tests` and `--sarif-max-results` through the CLI (what each cut keeps:
 * test/unit/report/junit-cut.test.ts, test/unit/report/sarif-cut.test.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AS_OF, ROOT } from '../../helpers.js';
import { runCli } from '../run.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'residency-junit-size-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const cases = (xml: string) => xml.match(/<testcase /g)?.length ?? 0;

describe('check --junit-max-tests', () => {
  it('keeps the JUnit on standard output and in --report targets within the number of test cases', async () => {
    const file = path.join(ROOT, 'examples', 'acme-failing.yaml');
    const full = await runCli(['check', file, '--as-of', AS_OF, '--format', 'junit']);
    expect(full.status).toBe(1);
    expect(cases(full.stdout)).toBeGreaterThan(100);
    const target = path.join(tmp, 'residency.xml');
    const cut = await runCli([
      ...['check', file, '--as-of', AS_OF, '--format', 'junit', '--junit-max-tests', '60'],
      ...['--report', `junit=${target}`],
    ]);
    expect(cut.status).toBe(1);
    expect(cases(cut.stdout)).toBeLessThanOrEqual(60);
    expect(cut.stdout).toContain('<property name="junit-max-tests" value="');
    expect(readFileSync(target, 'utf8')).toBe(cut.stdout);
  });

  it('refuses a value that is not a count, before reading anything (exit 2)', async () => {
    const file = path.join(ROOT, 'examples', 'acme-failing.yaml');
    const flags = [
      ['junit', '--junit-max-tests', 'a number of test cases'],
      ['sarif', '--sarif-max-results', 'a number of results'],
    ] as const;
    for (const [format, flag, what] of flags)
      for (const value of ['many', '0', '-5', '1.5']) {
        const run = await runCli(['check', file, '--as-of', AS_OF, '--format', format, flag, value]);
        expect(run.status).toBe(2);
        expect(run.stderr).toContain(`E_USAGE: ${flag} '${value}' is not ${what}`);
        expect(run.stdout).toBe('');
      }
  });
});

describe('check --sarif-max-results', () => {
  it('writes at most that many results, on standard output and in --report targets alike', async () => {
    const file = path.join(ROOT, 'examples', 'acme-failing.yaml');
    const full = await runCli(['check', file, '--as-of', AS_OF, '--format', 'sarif']);
    const findings = JSON.parse(full.stdout).runs[0].results.length as number;
    expect(findings).toBeGreaterThan(20);
    const target = path.join(tmp, 'residency.sarif');
    const cut = await runCli([
      ...['check', file, '--as-of', AS_OF, '--format', 'sarif', '--sarif-max-results', '20'],
      ...['--report', `sarif=${target}`],
    ]);
    expect(cut.status).toBe(1);
    expect(JSON.parse(cut.stdout).runs[0].results).toHaveLength(20);
    expect(JSON.parse(cut.stdout).runs[0].properties.sarifMaxResults).toEqual({ limit: 20, findings });
    expect(readFileSync(target, 'utf8')).toBe(cut.stdout);
  });
});
