/**
 * `--markdown-max-size`: GitHub drops a step summary over 1 MiB whole, so the Markdown report can be kept within a
 * size: the summary always, then as many findings as fit (open ones first), and a note of what was left out.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/engine/types.js';
import { parseText } from '../../../src/parse/parse.js';
import { formatMarkdown } from '../../../src/report/formatters/markdown.js';
import type { Report } from '../../../src/report/types.js';
import { ROOT } from '../../helpers.js';
import { bundledWorld, checkDocs } from '../run-check.js';

let report: Report;
let whole: string;
beforeAll(async () => {
  const file = 'examples/acme-failing.yaml';
  report = checkDocs(await bundledWorld(), [parseText(readFileSync(path.join(ROOT, file), 'utf8'), file)]);
  whole = formatMarkdown(report);
});

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
/** The findings table's rows: after its header, up to the blank line. */
const rows = (md: string) => {
  const start = md.indexOf('| Severity | Rule | Vendor | Service | Data | Location |');
  return md.slice(start).split('\n\n')[0].split('\n').slice(2);
};
const blocks = (md: string) => md.split('\n').filter((line) => line === '<details>').length;
/** The summary: up to the warnings. */
const summaryOf = (md: string) => md.slice(0, md.indexOf('### Warnings'));

describe('a Markdown report cut to a size', () => {
  it('is the whole report when the whole report fits', () => {
    expect(report.findings.every((f) => f.status === 'open')).toBe(true);
    expect(formatMarkdown(report, { maxBytes: bytes(whole) })).toBe(whole);
  });

  it('stays within the size: the whole summary, whole rows and blocks, and a note that counts them', () => {
    const total = report.findings.length;
    expect(total).toBeGreaterThan(20);
    for (const maxBytes of [bytes(whole) - 1, Math.floor(bytes(whole) / 3), 20_000]) {
      const md = formatMarkdown(report, { maxBytes });
      expect(bytes(md)).toBeLessThanOrEqual(maxBytes);
      expect(summaryOf(md)).toBe(summaryOf(whole));
      expect(md.split('\n').filter((line) => line === '</details>').length).toBe(blocks(md));
      const listed = rows(md).length;
      const detailed = blocks(md);
      expect(detailed).toBeLessThan(total);
      expect(md).toContain(
        `the table lists ${listed} of the ${total} findings (${total} open) and the details ${detailed}, open findings first`,
      );
      // the rows and blocks written are the first ones of the whole report, in its order (most severe first)
      expect(rows(whole).slice(0, listed)).toEqual(rows(md));
      expect(md).toMatch(/### Not shown\n\nThis report was cut to [\d,]+ bytes \(`--markdown-max-size`\)/);
    }
  });

  it('writes the summary whatever the size, and no finding that does not fit', () => {
    const md = formatMarkdown(report, { maxBytes: 100 });
    expect(summaryOf(md)).toBe(summaryOf(whole));
    // the warnings too are counted, not listed, past the size
    expect(md).toMatch(/### Warnings \(3\)\n\n- … and 3 more, left out to keep this report within its size limit/);
    expect(rows(md)).toEqual([]);
    expect(blocks(md)).toBe(0);
    expect(md).toContain(`the table lists 0 of the ${report.findings.length} findings`);
  });

  it('lists open findings before those in the baseline or waived, so new findings are not crowded out', () => {
    // the last (least severe) five stay open; every other finding is in the baseline
    const findings: Finding[] = report.findings.map((f, i, all) => ({
      ...f,
      status: i >= all.length - 5 ? 'open' : 'existing',
    }));
    const mixed = { ...report, findings } as Report;
    const md = formatMarkdown(mixed, { maxBytes: 25_000 });
    const listed = rows(md);
    expect(listed.length).toBeGreaterThan(5);
    expect(listed.slice(0, 5).every((line) => !line.includes('(existing)'))).toBe(true);
    expect(listed.slice(5).every((line) => line.includes('(existing)'))).toBe(true);
    expect(md).toContain('findings (5 open)');
    const fingerprints = findings.slice(-5).map((f) => f.fingerprint);
    for (const fingerprint of fingerprints) expect(md).toContain(`Fingerprint: \`${fingerprint}\``);
  });
});
