import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/engine/types.js';
import { parseText } from '../../../src/parse/parse.js';
import { expandReport } from '../../../src/report/compact.js';
import { formatterFor } from '../../../src/report/formatters/index.js';
import { formatJson, jsonChunks } from '../../../src/report/formatters/json.js';
import { bySeverity } from '../../../src/report/formatters/summary.js';
import {
  type FindingList,
  findingAt,
  findingsToCount,
  LazyItems,
  pendingFindings,
  pendingVendors,
  registerItems,
} from '../../../src/report/items.js';
import type { Report, ReportVendor } from '../../../src/report/types.js';
import { ROOT } from '../../helpers.js';
import { bundledWorld, checkDocs, type World } from '../run-check.js';

/**
 * buildReport's `vendors` and `findings` are made one item at a time by the JSON writer and whole for any
 * other reader (src/report/items.ts): both must give the same report, byte for byte.
 */
let world: World;
beforeAll(async () => {
  world = await bundledWorld();
});

/** The failing example, with secret-shaped text in a vendor's name (so in findings' messages and evidence). */
function failingReport(): Report {
  const file = 'examples/acme-failing.yaml';
  const text = readFileSync(path.join(ROOT, file), 'utf8').replaceAll(
    'Globex Analytics Ltd',
    'Globex password=hunter2 AKIAIOSFODNN7EXAMPLE Ltd',
  );
  return checkDocs(world, [parseText(text, file)]);
}

/** A plain copy of the report: the spread reads every getter, so its lists are ordinary arrays. */
function plain(report: Report): Report {
  return { ...report };
}

describe('the report lists made one item at a time', () => {
  it('write the same JSON as the whole lists, without making them whole', () => {
    const report = failingReport();
    const lazyText = [...jsonChunks(report)].join('');
    expect(pendingVendors(report)).toBeDefined();
    expect(pendingFindings(report)?.length).toBeGreaterThan(5);
    const copy = plain(report);
    expect(pendingVendors(report)).toBeUndefined(); // the spread made them whole
    expect(pendingFindings(copy)).toBeUndefined();
    expect(formatJson(copy)).toBe(lazyText);
    // the whole lists (now kept by the report) give the same text again
    expect(formatJson(report)).toBe(lazyText);
    const parsed = JSON.parse(lazyText);
    expect(parsed.findings.some((f: { catalogFacts?: string[] }) => (f.catalogFacts?.length ?? 0) > 0)).toBe(true);
    // the findings' text is redacted (the vendor's control evidence is written as the inventory gives it)
    const findingsText = JSON.stringify(parsed.findings);
    expect(findingsText).toContain('password=[REDACTED] [REDACTED] Ltd');
    expect(findingsText).not.toContain('hunter2');
    expect(findingsText).not.toContain('AKIAIOSFODNN7EXAMPLE');
  });

  it('give every other format the same text as a plain report', async () => {
    for (const format of ['sarif', 'junit', 'markdown', 'html', 'csv', 'pretty'] as const) {
      const formatter = await formatterFor(format);
      const lazy = failingReport();
      const text = formatter(lazy, { color: false, width: 100 });
      expect(text, format).toBe(formatter(plain(failingReport()), { color: false, width: 100 }));
    }
  });

  it('are made once, in the order of the summaries by score then id, and can be replaced', () => {
    const report = failingReport();
    const vendors = report.vendors;
    expect(report.vendors).toBe(vendors);
    const order = [...vendors].sort((a, b) => a.score - b.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    expect(vendors.map((v) => v.id)).toEqual(order.map((v) => v.id));
    expect(vendors.find((v) => v.id === 'globex-analytics')?.name).toBe('Globex password=[REDACTED] [REDACTED] Ltd');
    const counted = findingsToCount(report);
    expect(bySeverity(counted, 'any')).toEqual(bySeverity(report.findings, 'any'));
    expect(bySeverity(counted)).toEqual(bySeverity(report.findings));
    report.findings = [];
    expect(pendingFindings(report)).toBeUndefined();
    expect(JSON.parse(formatJson(report)).findings).toEqual([]);
  });
});

describe('a finding written from its parts', () => {
  it('is the text of the finding with its catalogFacts, whatever keys the finding has', () => {
    const findings = [
      { fingerprint: 'a', ruleId: 'r', catalogFacts: ['old'], status: 'open' }, // the key already there
      { fingerprint: 'b', references: [{ title: 't' }], remediation: 'x', message: '\u2028"\ud800\\', status: 'open' },
      {}, // no key at all
      { fingerprint: 'c', vendor: undefined, status: 'waived' },
    ] as unknown as Finding[];
    const keys = [['k:0'], ['k:1', 'k:\u0001'], ['k:2'], undefined];
    const list = new LazyItems<Finding, FindingList>({
      length: findings.length,
      parts: (i) => ({ finding: findings[i], catalogFacts: keys[i] }),
      at(i) {
        return findingAt(this, i);
      },
    });
    const vendors = new LazyItems<ReportVendor>({ length: 0, at: () => ({}) as ReportVendor });
    const report = {
      schemaVersion: '2.0.0',
      get vendors() {
        return vendors.all();
      },
      get findings() {
        return list.all();
      },
      rules: [],
    } as unknown as Report;
    registerItems(report, { vendors, findings: list, source: findings });
    const text = formatJson(report);
    expect(pendingFindings(report)).toBeDefined();
    expect(text).toBe(formatJson(plain(report)));
    const parsed = JSON.parse(text);
    expect(parsed.vendors).toEqual([]);
    // schema 3.0.0: the `open` status is not written, and comes back when the report is expanded
    expect(parsed.findings[0]).toEqual({ fingerprint: 'a', ruleId: 'r', catalogFacts: ['k:0'] });
    expect(Object.keys(parsed.findings[0])).toEqual(['fingerprint', 'ruleId', 'catalogFacts']);
    expect(expandReport({ ...parsed, schemaVersion: '3.0.0' }).findings[0]).toMatchObject({
      fingerprint: 'a',
      ruleId: 'r',
      catalogFacts: ['k:0'],
      status: 'open',
    });
    expect(parsed.findings[1].references).toBeUndefined();
    expect(parsed.findings[2]).toEqual({ catalogFacts: ['k:2'] });
    expect(parsed.findings[3]).toEqual({ fingerprint: 'c', status: 'waived' });
  });
});
