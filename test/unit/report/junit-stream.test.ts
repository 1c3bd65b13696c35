/**
 * The JUnit report has a test case per rule and evaluated target, passes included: 10k vendors make 57 MB of it,
 * 100k vendors more than the longest string V8 can make. It is written a line at a time (junitChunks), never as
 * one string, and what each suite and the whole document count is worked out before the cases are written.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseText } from '../../../src/parse/parse.js';
import { runCheck } from '../../../src/pipeline.js';
import { formatterFor, writerFor } from '../../../src/report/formatters/index.js';
import { junitChunks } from '../../../src/report/formatters/junit.js';
import type { Report } from '../../../src/report/types.js';
import { AS_OF, ROOT } from '../../helpers.js';
import { bundledWorld } from '../run-check.js';

type Case = { failure?: unknown; error?: unknown; skipped?: unknown };
type Suite = { name: string; tests: number; failures: number; errors: number; skipped: number; testcase?: Case[] };

let report: Report;
beforeAll(async () => {
  const { catalog, pack } = await bundledWorld();
  const file = 'examples/acme-failing.yaml';
  report = runCheck({
    tool: { name: 'residency', version: '0.0.0-test' },
    docs: [parseText(readFileSync(path.join(ROOT, file), 'utf8'), file)],
    catalog,
    pack,
    asOf: AS_OF,
    failOn: 'high',
    minScore: 0,
    configuration: {},
    recordTargets: true,
  });
});

describe('JUnit written a line at a time', () => {
  it('comes to the writer in pieces of one line or one test case, never as one string', async () => {
    const written = (await writerFor('junit'))(report, { color: false });
    expect(typeof written).not.toBe('string');
    const pieces = [...(written as Iterable<string>)];
    const text = pieces.join('');
    expect(text).toBe((await formatterFor('junit'))(report, { color: false }));
    const cases = text.match(/<testcase /g)?.length ?? 0;
    expect(cases).toBeGreaterThan(100);
    expect(pieces.length).toBeGreaterThan(cases);
    for (const piece of pieces) {
      expect(piece.endsWith('\n')).toBe(true);
      expect(piece.match(/<testcase /g)?.length ?? 0).toBeLessThanOrEqual(1);
    }
  });

  it('leads each suite and the document with the counts of the cases written after them', () => {
    const parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      parseAttributeValue: true,
      isArray: (name) => name === 'testsuite' || name === 'testcase',
    });
    const doc = parser.parse([...junitChunks(report)].join('')) as {
      testsuites: { tests: number; failures: number; errors: number; skipped: number; testsuite: Suite[] };
    };
    const sum = { tests: 0, failures: 0, errors: 0, skipped: 0 };
    const kinds = new Set<string>();
    for (const suite of doc.testsuites.testsuite) {
      const cases = suite.testcase ?? [];
      const count = {
        tests: cases.length,
        failures: cases.filter((c) => c.failure !== undefined).length,
        errors: cases.filter((c) => c.error !== undefined).length,
        skipped: cases.filter((c) => c.skipped !== undefined).length,
      };
      expect({ tests: suite.tests, failures: suite.failures, errors: suite.errors, skipped: suite.skipped }).toEqual(
        count,
      );
      for (const key of Object.keys(sum) as (keyof typeof sum)[]) sum[key] += count[key];
      for (const c of cases) kinds.add(c.failure ? 'failure' : c.skipped !== undefined ? 'skipped' : 'pass');
    }
    expect(kinds).toEqual(new Set(['failure', 'skipped', 'pass']));
    const { tests, failures, errors, skipped } = doc.testsuites;
    expect({ tests, failures, errors, skipped }).toEqual(sum);
  });
});
