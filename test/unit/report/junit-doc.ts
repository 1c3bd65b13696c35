/** A JUnit document parsed for the tests, and the check that its counts are those of the cases it writes. */
import { XMLParser } from 'fast-xml-parser';
import { expect } from 'vitest';

export type Text = string | { '#text'?: string; message?: string };
export type JunitCase = { name: string; failure?: Text; error?: Text; skipped?: Text; 'system-out'?: string };
export type JunitSuite = {
  name: string;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  testcase?: JunitCase[];
  properties?: { property: { name: string; value: string }[] };
};
export type JunitDoc = {
  testsuites: { tests: number; failures: number; errors: number; skipped: number; testsuite: JunitSuite[] };
};

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: true,
  isArray: (name) => name === 'testsuite' || name === 'testcase' || name === 'property',
});

export function parseJunit(xml: string): JunitDoc {
  return parser.parse(xml) as JunitDoc;
}

/** Every suite's and the document's counts are those of the cases written; returns the kinds of case seen. */
export function expectCountsHold(doc: JunitDoc): Set<string> {
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
  const { tests, failures, errors, skipped } = doc.testsuites;
  expect({ tests, failures, errors, skipped }).toEqual(sum);
  return kinds;
}
