/**
 * The JUnit report has a test case per rule and evaluated target, passes included: 10k vendors make 57 MB of it,
 * 100k vendors more than the longest string V8 can make. It is written a line at a time (junitChunks), never as
 * one string, and what each suite and the whole document count is worked out before the cases are written.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseText } from '../../../src/parse/parse.js';
import { runCheck } from '../../../src/pipeline.js';
import { formatterFor, writerFor } from '../../../src/report/formatters/index.js';
import { junitChunks } from '../../../src/report/formatters/junit.js';
import type { Report } from '../../../src/report/types.js';
import { AS_OF, ROOT } from '../../helpers.js';
import { bundledWorld } from '../run-check.js';
import { expectCountsHold, parseJunit } from './junit-doc.js';

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
    const kinds = expectCountsHold(parseJunit([...junitChunks(report)].join('')));
    expect(kinds).toEqual(new Set(['failure', 'skipped', 'pass']));
  });
});
