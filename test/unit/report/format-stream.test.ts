/**
 * SARIF, Markdown, HTML and CSV reports are written in pieces (100k vendors make 184, 131, 280 and 57 MB of them:
 * SARIF stopped fitting in one string near 290k vendors, HTML near 190k). The pieces are the bytes of the report
 * made whole, each finding's part of them is made only when it is written, and the findings are taken one after the
 * other from the report's pending list, never made whole for it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseText } from '../../../src/parse/parse.js';
import { formatterFor, writerFor } from '../../../src/report/formatters/index.js';
import { formatPretty, prettyChunks } from '../../../src/report/formatters/pretty.js';
import { formatSarif, sarifChunks } from '../../../src/report/formatters/sarif.js';
import { pendingFindings } from '../../../src/report/items.js';
import type { Report } from '../../../src/report/types.js';
import { ROOT } from '../../helpers.js';
import { bundledWorld, checkDocs, type World } from '../run-check.js';

let world: World;
beforeAll(async () => {
  world = await bundledWorld();
});

function check(file: string): Report {
  return checkDocs(world, [parseText(readFileSync(path.join(ROOT, file), 'utf8'), file)]);
}

const STREAMED = ['sarif', 'markdown', 'html', 'csv'] as const;

async function pieces(format: (typeof STREAMED)[number], report: Report): Promise<string[]> {
  const written = (await writerFor(format))(report, { color: false });
  expect(typeof written).not.toBe('string');
  return [...(written as Iterable<string>)];
}

describe('reports written in pieces', () => {
  it.each(STREAMED)(
    '%s: the pieces are the whole report, made a finding (HTML: a vendor) at a time',
    async (format) => {
      const report = check('examples/acme-failing.yaml');
      const count = report.summary.findings;
      expect(count).toBeGreaterThan(20);
      // streamed first, while the findings are pending: but for HTML, which groups them by vendor, the writer does
      // not make the list whole
      const streamed = await pieces(format, report);
      expect(pendingFindings(report) === undefined).toBe(format === 'html');
      // then the whole string, from the report's findings made whole (report.findings)
      expect(report.findings).toHaveLength(count);
      expect(pendingFindings(report)).toBeUndefined();
      const whole = (await formatterFor(format))(report, { color: false });
      expect(streamed.join('')).toBe(whole);
      expect(streamed.length).toBeGreaterThan(count);
      // each finding's fingerprint is in small pieces only, never in one that holds the report
      const fingerprints = report.findings.map((f) => f.fingerprint);
      for (const fingerprint of fingerprints.slice(0, 10)) {
        const holding = streamed.filter((piece) => piece.includes(fingerprint));
        expect(holding.length).toBeGreaterThanOrEqual(1);
        for (const piece of holding) expect(piece.length).toBeLessThan(whole.length / 4);
      }
    },
  );

  it('SARIF: the spliced results are those formatSarif writes, at their indentation, item for item', () => {
    for (const file of ['examples/acme-failing.yaml', 'examples/acme-clean.yaml', 'examples/minimal.yaml']) {
      const report = check(file);
      const text = [...sarifChunks(report)].join('');
      expect(text).toBe(formatSarif(report));
      const doc = JSON.parse(text) as { runs: { results: { partialFingerprints: Record<string, string> }[] }[] };
      expect(doc.runs[0].results.map((r) => r.partialFingerprints['residency/v1'])).toEqual(
        report.findings.map((f) => f.fingerprint),
      );
    }
  });

  it('a report with no findings: the same bytes as its whole form', async () => {
    const report = check('examples/minimal.yaml');
    const empty = { ...report, findings: [] } as Report;
    for (const format of ['sarif', 'html', 'markdown', 'csv'] as const) {
      const text = (await pieces(format, empty)).join('');
      expect(text).toBe((await formatterFor(format))(empty, { color: false }));
    }
    expect(JSON.parse([...sarifChunks(empty)].join('')).runs[0].results).toEqual([]);
  });

  it('HTML: the findings table block, escaped a row at a time, is the block escaped whole', async () => {
    const report = check('examples/acme-failing.yaml');
    const text = (await pieces('html', report)).join('');
    const block = /<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(text)?.[1];
    expect(block).toBeDefined();
    const rows = (JSON.parse(block as string) as { findings: { index: number; rule: string }[] }).findings;
    expect(rows.map((r) => r.index)).toEqual(report.findings.map((_, i) => i));
    expect(rows.map((r) => r.rule)).toEqual(report.findings.map((f) => f.ruleId));
  });
});

describe('the terminal report written in pieces', () => {
  type Generate = { inventoryChunks: (opts: object) => Iterable<string> };

  it('comes in pieces of whole lines, at the end of a vendor once a few hundred lines have gathered', async () => {
    const generate = (await import(path.join(ROOT, 'bench', 'generate.mjs') as string)) as Generate;
    const text = [...generate.inventoryChunks({ vendors: 1000, seed: 1, shape: 'minified', format: 'json' })].join('');
    const report = checkDocs(world, [parseText(text, 'inventory.json')]);
    for (const options of [{ color: false }, { color: true, verbose: true }, { color: false, width: 80 }]) {
      const written = (await writerFor('pretty'))(report, options);
      expect(typeof written).not.toBe('string');
      const pieces = [...(written as Iterable<string>)];
      const whole = pieces.join('');
      expect(whole).toBe(formatPretty(report, options));
      const lines = whole.split('\n').length - 1;
      expect(lines).toBeGreaterThan(1500);
      expect(pieces.length).toBeGreaterThan(2);
      for (const piece of pieces) {
        expect(piece.endsWith('\n')).toBe(true);
        expect(piece.split('\n').length - 1).toBeLessThan(lines / 2);
      }
      // each piece but the last ends after a vendor's findings: the next one starts with the blank line before a vendor
      for (const piece of pieces.slice(1)) expect(piece.startsWith('\n')).toBe(true);
    }
    // quiet: the verdict alone, one piece
    const quiet = [...prettyChunks(report, { color: false, quiet: true })];
    expect(quiet).toHaveLength(1);
    expect(quiet[0]).toMatch(/^✔ PASS|^✖ FAIL/);
  });
});
