import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { run, tempDir } from './scratch.js';

// scripts/action-outputs.mjs: the GitHub Action's score and verdict outputs, read from its JSON report's head
const SCRIPT = path.join(ROOT, 'scripts', 'action-outputs.mjs');
const BIN = path.join(ROOT, 'bin', 'run.js');

describe('the Action outputs script', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('action-outputs');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints the report summary's score and verdict, as JSON.parse reads them", () => {
    const report = path.join(dir, 'report.json');
    const check = run(process.execPath, [
      BIN,
      'check',
      path.join(ROOT, 'examples', 'acme-failing.yaml'),
      '--as-of',
      '2026-11-28',
      '--report',
      `json=${report}`,
    ]);
    expect(check.status).toBe(1);
    const outputs = run(process.execPath, [SCRIPT, report]);
    expect(outputs.status).toBe(0);
    const { summary } = JSON.parse(readFileSync(report, 'utf8'));
    expect(summary.verdict).toBe('fail');
    expect(outputs.stdout).toBe(`score=${summary.score}\nverdict=fail\n`);
    expect(outputs.stderr).toBe('');
  });

  it('prints empty outputs and a warning, and exits 0, for a report it cannot read', () => {
    const cases: [string, string, RegExp][] = [
      ['missing.json', '', /cannot read the summary of .*missing\.json \(ENOENT/],
      ['not-json.json', '{"summary": {"score": 5 oops}, "findings": []}', /cannot read the summary/],
      ['cut-short.json', '{"summary": {"score": 5, "verd', /has no summary with a score and a verdict/],
      ['no-summary.json', '{"findings": []}', /has no summary with a score and a verdict/],
      // a verdict that is not one word never reaches $GITHUB_OUTPUT (a line break would add an output)
      ['odd.json', '{"summary": {"score": 5, "verdict": "pass\\nscore=100"}}', /has no summary with a score/],
    ];
    for (const [name, text, warning] of cases) {
      const file = path.join(dir, name);
      if (text) writeFileSync(file, text);
      const outputs = run(process.execPath, [SCRIPT, file]);
      expect(outputs.status, name).toBe(0);
      expect(outputs.stdout, name).toMatch(/^score=(5)?\nverdict=\n$/);
      expect(outputs.stderr, name).toMatch(warning);
    }
  });
});
