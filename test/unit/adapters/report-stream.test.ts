/**
 * `check --baseline` and `diff` read a JSON report a piece at a time (src/adapters/report-stream.ts): they must
 * read exactly what the whole-text reader reads (fingerprints, digest, the diff's brief findings), and give the
 * same errors; a report too large to read again whole gets the stream's own located error instead.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadBaseline } from '../../../src/adapters/config-files.js';
import { isResidencyError } from '../../../src/model/errors.js';
import type { Diagnostic } from '../../../src/model/types.js';
import { parseText } from '../../../src/parse/parse.js';
import { formatJson } from '../../../src/report/formatters/json.js';
import { runDiff } from '../../../src/runner/diff.js';
import { parseBaseline } from '../../../src/triage/baseline.js';
import { diffReports, diffToJson, reportSide } from '../../../src/triage/diff.js';
import { ROOT } from '../../helpers.js';
import { inventoryArb, loadWorld, type World } from '../../slow/properties/arbitraries.js';
import { checkTriaged } from '../run-check.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'residency-report-stream-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let w: World;
beforeAll(async () => {
  w = await loadWorld();
});

/** A JSON report (schema 3.0.0) of a generated inventory, some findings waived or in a baseline. */
function reportText(inventory: unknown, triaged: boolean): string | undefined {
  try {
    return formatJson(checkTriaged(w, [{ text: JSON.stringify(inventory), file: 'inventory.json' }], triaged));
  } catch {
    return undefined; // semantic problems of the generated data
  }
}

let files = 0;
function write(text: string): string {
  const file = path.join(tmp, `r${files++}.json`);
  writeFileSync(file, text);
  return file;
}

/** The error a promise rejects with: its first diagnostic. */
async function diagnostic(promise: Promise<unknown>): Promise<Diagnostic> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isResidencyError(error)) throw new Error(`expected a ResidencyError, got ${String(error)}`);
  return error.diagnostics[0];
}

describe('a report read a piece at a time is the report read whole', () => {
  it('baseline: the same fingerprints and digest, for generated reports, pretty, minified, with a byte-order mark', async () => {
    const samples = fc.sample(fc.tuple(inventoryArb(w, { maxVendors: 6 }), fc.boolean()), { seed: 7, numRuns: 40 });
    let fingerprints = 0;
    for (const [inventory, triaged] of samples) {
      const text = reportText(inventory, triaged);
      if (text === undefined) continue;
      for (const layout of [text, JSON.stringify(JSON.parse(text)), `\ufeff${text}`]) {
        const file = write(layout);
        const streamed = await loadBaseline(file);
        const whole = parseBaseline(parseText(readFileSync(file, 'utf8').replace(/^\ufeff/, ''), file));
        expect(streamed.sha256).toBe(whole.sha256);
        expect([...streamed.fingerprints]).toEqual([...whole.fingerprints]);
        fingerprints += streamed.fingerprints.size;
      }
    }
    expect(fingerprints).toBeGreaterThan(100);
  });

  it('diff: the same comparison as the whole reports give, compact reports with every status', async () => {
    const samples = fc.sample(
      fc.tuple(inventoryArb(w, { maxVendors: 6 }), inventoryArb(w, { maxVendors: 6 }), fc.boolean(), fc.boolean()),
      { seed: 11, numRuns: 30 },
    );
    let compared = 0;
    for (const [one, two, t1, t2] of samples) {
      const a = reportText(one, t1);
      // the second report: another inventory, or the first one with some vendors gone
      const b = reportText(compared % 2 ? two : { ...one, vendors: one.vendors.slice(1) }, t2);
      if (a === undefined || b === undefined) continue;
      const [fa, fb] = [write(a), write(JSON.stringify(JSON.parse(b)))];
      const streamed = await runDiff({ old: fa, new: fb, format: 'json' });
      const whole = diffToJson(
        diffReports(reportSide(parseText(a, fa)), reportSide(parseText(readFileSync(fb, 'utf8'), fb))),
      );
      expect(streamed.json).toEqual(whole);
      expect(JSON.stringify(streamed.json)).toBe(JSON.stringify(whole));
      compared++;
    }
    expect(compared).toBeGreaterThan(10);
  });

  it('a report saved as YAML is read whole, as YAML, whatever its size', async () => {
    const text = readFileSync(path.join(ROOT, 'test/unit/sign/fixtures/signed-2.0.0.json'), 'utf8');
    const file = path.join(tmp, 'baseline.yaml');
    writeFileSync(file, stringify(JSON.parse(text)));
    // rereadWholeBytes 0: a streamed read of this file would have failed with the stream's own error
    const read = await loadBaseline(file, 0);
    expect([...read.fingerprints]).toEqual([...parseBaseline(parseText(text, 'x.json')).fingerprints]);
    expect(read.fingerprints.size).toBeGreaterThan(0);
    const diff = await runDiff({ old: file, new: file, format: 'json', rereadWholeBytes: 0 });
    expect(diff.json.counts).toMatchObject({ new: 0, resolved: 0, unchanged: read.fingerprints.size });
  });

  it('diff and baseline read reports of schema 1.x and 2.0.0 as before', async () => {
    for (const name of ['signed-0.1.0.json', 'signed-2.0.0.json']) {
      const file = path.join(ROOT, 'test/unit/sign/fixtures', name);
      const text = readFileSync(file, 'utf8');
      const whole = reportSide(parseText(text, file));
      expect((await runDiff({ old: file, new: file, format: 'json' })).json).toEqual(
        diffToJson(diffReports(whole, whole)),
      );
      expect([...(await loadBaseline(file)).fingerprints]).toEqual([
        ...parseBaseline(parseText(text, file)).fingerprints,
      ]);
    }
  });
});

describe('a report too large to read again whole gets the streamed read’s own located errors', () => {
  const report = {
    schemaVersion: '3.0.0',
    summary: { score: 50, verdict: 'pass' },
    findings: [
      { fingerprint: 'a', ruleId: 'r1', message: 'one' },
      { fingerprint: 'b', ruleId: 'r1', message: 'two' },
      { fingerprint: 'c', ruleId: 'r1', message: 'three' },
    ],
    rules: [{ id: 'r1', severity: 'high' }],
  };
  const pretty = JSON.stringify(report, null, 2);

  it('a finding without a fingerprint: the same error, at the same place, as the whole-text reader gives', async () => {
    const broken = JSON.parse(pretty);
    delete broken.findings[1].fingerprint;
    const file = write(JSON.stringify(broken, null, 2));
    // rereadWholeBytes 0: as if the file were too large to read again whole
    const streamed = await diagnostic(loadBaseline(file, 0));
    const whole = await diagnostic(loadBaseline(file));
    expect(streamed).toEqual(whole);
    expect(streamed).toMatchObject({ code: 'E_BASELINE', line: 13, column: 5, pointer: '/findings/1' });
    const diffStreamed = await diagnostic(runDiff({ old: file, new: file, format: 'json', rereadWholeBytes: 0 }));
    const diffWhole = await diagnostic(runDiff({ old: file, new: file, format: 'json' }));
    expect(diffStreamed).toEqual(diffWhole);
    expect(diffStreamed).toMatchObject({ code: 'E_REPORT', line: 13, column: 5, pointer: '/findings/1' });
  });

  it('a report that is not a report: the same error, located at its start', async () => {
    const cases: [string, string, string][] = [
      ['[1, 2]', 'the baseline is not a JSON report', 'not a JSON report'],
      [
        '{"summary": {"score": 1}, "findings": {}}',
        "the baseline has no 'findings' list",
        "the report has no 'findings' list",
      ],
      ['{"summary": {}, "findings": []}', '', 'the report has no summary.score'],
    ];
    for (const [text, baseline, diff] of cases) {
      const file = write(text);
      if (baseline) {
        const streamed = await diagnostic(loadBaseline(file, 0));
        expect(streamed).toMatchObject({ code: 'E_BASELINE', message: baseline, line: 1, column: 1 });
        expect((await diagnostic(loadBaseline(file))).message).toBe(baseline);
      }
      const streamed = await diagnostic(runDiff({ old: file, new: file, format: 'json', rereadWholeBytes: 0 }));
      expect(streamed).toMatchObject({ code: 'E_REPORT', message: diff, line: 1, column: 1 });
      expect((await diagnostic(runDiff({ old: file, new: file, format: 'json' }))).message).toBe(diff);
    }
  });

  it('text that is not JSON, or not UTF-8: the whole-text reader’s code, on the same line', async () => {
    const cases: [string | Buffer, string][] = [
      [pretty.replace('"ruleId": "r1",\n      "message": "two"', '"ruleId": "r1"\n      "message": "two"'), 'E_PARSE'],
      [pretty.replace('"message": "three"', '"message": "three", "message": "3"'), 'E_DUPLICATE_KEY'],
      [pretty.slice(0, pretty.indexOf('"three"')), 'E_PARSE'],
      [
        Buffer.concat([Buffer.from(pretty.slice(0, 40)), Buffer.from([0xff]), Buffer.from(pretty.slice(40))]),
        'E_ENCODING',
      ],
    ];
    for (const [text, code] of cases) {
      const file = write('');
      writeFileSync(file, text);
      const streamed = await diagnostic(loadBaseline(file, 0));
      const whole = await diagnostic(loadBaseline(file));
      expect(streamed.code, String(text)).toBe(code);
      expect(whole.code).toBe(code);
      expect(streamed.line).toBe(whole.line);
      expect(streamed.file).toBe(file);
      expect(streamed.hint).toBeTruthy();
    }
  });

  it('bytes that are not UTF-8: the same error and position as the whole-text reader, wherever the reads cut', async () => {
    // lines of text with two- and three-byte characters, over the 1 MiB a read takes, and a bad byte placed around
    // the cut: inside a character that the cut splits, right after it, at the end of the file
    const line = '    "é — ünïcødé",\n';
    const body = Buffer.from(
      `{\n  "padding": [\n${line.repeat(Math.ceil((1024 * 1024) / Buffer.byteLength(line)) + 10)}`,
    );
    const cut = 1024 * 1024;
    const cases: [string, Buffer][] = [
      [
        'a lone 0xff after the cut',
        Buffer.concat([body.subarray(0, cut + 5), Buffer.from([0xff]), body.subarray(cut + 5)]),
      ],
      [
        'a character cut short across the cut',
        Buffer.concat([body.subarray(0, cut - 1), Buffer.from([0xe2, 0x41]), body.subarray(cut - 1)]),
      ],
      [
        'a three-byte character split by the cut, then 0xc0',
        Buffer.concat([body.subarray(0, cut - 1), Buffer.from([0xe2, 0x80, 0x94, 0xc0]), body.subarray(cut - 1)]),
      ],
      ['a character begun at the end of the file', Buffer.concat([body, Buffer.from([0xe2, 0x80])])],
      [
        'a lone 0xff lines after the cut',
        Buffer.concat([body.subarray(0, cut + 205), Buffer.from([0xff]), body.subarray(cut + 205)]),
      ],
      ['0xff in the first line', Buffer.concat([Buffer.from('{"a": "'), Buffer.from([0xff]), Buffer.from('"}')])],
    ];
    for (const [what, bytes] of cases) {
      const file = write('');
      writeFileSync(file, bytes);
      const streamed = await diagnostic(loadBaseline(file, 0));
      const whole = await diagnostic(loadBaseline(file));
      expect(whole.code, what).toBe('E_ENCODING');
      expect(streamed, what).toEqual(whole);
    }
  });
});
