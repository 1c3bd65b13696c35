/**
 * `--junit-max-tests`: CI systems refuse JUnit reports past a size, and a large inventory's report lists millions of
 * targets. Past the limit, passing and not-applicable targets are counted in one test case per rule, and the other
 * cases are listed most important first (errors, failures by severity, waived and baseline findings, warnings).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../../src/model/types.js';
import { parseText } from '../../../src/parse/parse.js';
import { formatJunit } from '../../../src/report/formatters/junit.js';
import type { Report } from '../../../src/report/types.js';
import { AS_OF, ROOT } from '../../helpers.js';
import { bundledWorld, checkDocs } from '../run-check.js';
import { expectCountsHold, parseJunit, type Text } from './junit-doc.js';

const text = (t: Text | undefined): string => (typeof t === 'string' ? t : (t?.['#text'] ?? t?.message ?? ''));
const number = (s: string): number => Number(s.replace(/,/g, ''));
const parse = parseJunit;

let report: Report;
/** The same check, the evaluation told that the JUnit report is kept within 60 test cases. */
let limited: Report;
beforeAll(async () => {
  const world = await bundledWorld();
  const file = 'examples/acme-failing.yaml';
  const doc = () => parseText(readFileSync(path.join(ROOT, file), 'utf8'), file);
  report = checkDocs(world, [doc()], AS_OF, { recordTargets: true });
  limited = checkDocs(world, [doc()], AS_OF, { recordTargets: true, targetLimit: 60 });
});

const outcomes = (status: string): number =>
  report.outcomes.reduce((n, o) => n + (o.targets ?? []).filter((t) => t.status === status).length, 0);

describe('JUnit within --junit-max-tests', () => {
  it('is the whole document, byte for byte, when it fits', () => {
    const whole = formatJunit(report);
    const cases = whole.match(/<testcase /g)?.length ?? 0;
    expect(cases).toBeGreaterThan(100);
    expect(formatJunit(report, { maxTests: cases })).toBe(whole);
    expect(formatJunit(report, { maxTests: cases - 1 })).not.toBe(whole);
  });

  it('past it, counts passing and not-applicable targets in one case per rule and lists every other case', () => {
    const whole = parse(formatJunit(report));
    const cases = whole.testsuites.tests;
    const doc = parse(formatJunit(report, { maxTests: cases - 1 }));
    expectCountsHold(doc);
    expect(doc.testsuites.tests).toBeLessThan(cases);
    // the counted cases add up to the targets they stand for
    let passes = 0;
    let notApplicable = 0;
    for (const suite of doc.testsuites.testsuite)
      for (const c of suite.testcase ?? []) {
        if (c.name === 'passing targets')
          passes += number(/^([\d,]+) targets? pass/.exec(c['system-out'] ?? '')?.[1] ?? 'x');
        if (c.name === 'not-applicable targets')
          notApplicable += number(/not applicable: ([\d,]+) targets?/.exec(text(c.skipped))?.[1] ?? 'x');
        expect(c.name).not.toBe('targets not listed');
      }
    expect(passes).toBe(outcomes('pass'));
    expect(notApplicable).toBe(outcomes('not_applicable'));
    // every failure is still listed
    expect(doc.testsuites.failures).toBe(whole.testsuites.failures);
    const summary = doc.testsuites.testsuite[0].properties?.property ?? [];
    expect(summary.find((p) => p.name === 'junit-max-tests')?.value).toMatch(
      new RegExp(`^[\\d,]+ test cases for ${cases.toLocaleString('en-US')} \\(at most about`),
    );
  });

  it('lists the most severe failures first when not all fit, and counts the rest', () => {
    const severityOf = new Map(report.findings.map((f) => [f.fingerprint, f.severity]));
    const failing = report.findings.filter((f) => f.status === 'open').length;
    expect(failing).toBeGreaterThan(20);
    const doc = parse(formatJunit(report, { maxTests: 60 }));
    expectCountsHold(doc);
    expect(doc.testsuites.tests).toBeLessThanOrEqual(60);
    const listed: string[] = [];
    let unlisted = 0;
    for (const suite of doc.testsuites.testsuite)
      for (const c of suite.testcase ?? []) {
        if (c.name === 'targets not listed') unlisted += number(/^([\d,]+) failing/.exec(text(c.failure))?.[1] ?? '0');
        else if (c.failure !== undefined) {
          const fingerprint = /fingerprint: (\w+)/.exec(text(c.failure))?.[1] ?? '';
          listed.push(severityOf.get(fingerprint) ?? 'missing');
        }
      }
    expect(listed.length).toBeGreaterThan(0);
    expect(unlisted).toBeGreaterThan(0);
    expect(listed.length + unlisted).toBe(failing);
    // no failure listed is less severe than one left out: the left-out ones are all of the least severe rank listed
    const rank = (s: string) => SEVERITIES.indexOf(s as (typeof SEVERITIES)[number]);
    const worstListed = Math.max(...listed.map(rank));
    const leftOut = report.findings.filter((f) => f.status === 'open').map((f) => rank(f.severity));
    leftOut.sort((a, b) => a - b);
    // the listed ones are the `listed.length` most severe
    expect(listed.map(rank).sort((a, b) => a - b)).toEqual(leftOut.slice(0, listed.length));
    expect(leftOut.slice(listed.length).every((r) => r >= worstListed)).toBe(true);
  });

  it('needs no passing or not-applicable target kept past the limit: the same document from their counts', () => {
    const kept = (r: Report, status: string) =>
      r.outcomes.reduce((n, o) => n + (o.targets ?? []).filter((t) => t.status === status).length, 0);
    // the evaluation kept only the targets that fail or err, and counted the rest
    expect(kept(limited, 'pass') + kept(limited, 'not_applicable')).toBe(0);
    expect(kept(report, 'pass')).toBeGreaterThan(60);
    expect(limited.outcomes.map(({ targets: _t, ...counts }) => counts)).toEqual(
      report.outcomes.map(({ targets: _t, ...counts }) => counts),
    );
    expect(kept(limited, 'fail')).toBe(kept(report, 'fail'));
    expect(formatJunit(limited, { maxTests: 60 })).toBe(formatJunit(report, { maxTests: 60 }));
  });
});
