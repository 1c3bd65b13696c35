/**
 * `--sarif-max-results`: GitHub code scanning rejects a SARIF run of more than 25,000 results. Past the limit the
 * open findings are written first, the most severe first, then those in the baseline, then the waived ones.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEVERITIES } from '../../../src/model/types.js';
import { formatSarif, sarifChunks } from '../../../src/report/formatters/sarif.js';
import type { Report } from '../../../src/report/types.js';
import { ROOT } from '../../helpers.js';
import { bundledWorld, checkTriaged } from '../run-check.js';

type Result = { properties: { severity: string; status: string }; partialFingerprints: Record<string, string> };
type Run = {
  results: Result[];
  invocations: { toolExecutionNotifications: { descriptor: { id: string }; message: { text: string } }[] }[];
  properties: { sarifMaxResults?: { limit: number; findings: number } };
};
const run = (text: string): Run => (JSON.parse(text) as { runs: Run[] }).runs[0];

let open: Report;
let triaged: Report;
beforeAll(async () => {
  const world = await bundledWorld();
  const file = 'examples/acme-failing.yaml';
  const docs = [{ text: readFileSync(path.join(ROOT, file), 'utf8'), file }];
  open = checkTriaged(world, docs, false);
  triaged = checkTriaged(world, docs, true);
});

/** Where a finding stands when not all fit: open by severity, then in the baseline, then waived. */
const rank = (f: { severity: string; status: string }): number => {
  const severity = SEVERITIES.indexOf(f.severity as (typeof SEVERITIES)[number]);
  return f.status === 'open' ? severity : f.status === 'existing' ? SEVERITIES.length : SEVERITIES.length + 1;
};

describe('SARIF within --sarif-max-results', () => {
  it('is the whole document, byte for byte, when every finding fits', () => {
    const whole = formatSarif(open);
    expect(formatSarif(open, { maxResults: open.findings.length })).toBe(whole);
    expect(run(whole).results).toHaveLength(open.findings.length);
    expect(run(whole).properties.sarifMaxResults).toBeUndefined();
  });

  for (const [name, report] of [
    ['open findings', () => open],
    ['waived and baseline findings', () => triaged],
  ] as const) {
    it(`past it, writes the most important ${name} first, in the report's order, and says so`, () => {
      const r = report();
      const max = Math.floor(r.findings.length / 2);
      const text = formatSarif(r, { maxResults: max });
      expect([...sarifChunks(r, { maxResults: max })].join('')).toBe(text);
      const cut = run(text);
      expect(cut.results).toHaveLength(max);
      // a subsequence of the report's findings, in its order
      const order = new Map(r.findings.map((f, i) => [f.fingerprint, i]));
      const places = cut.results.map((x) => order.get(x.partialFingerprints['residency/v1']) ?? -1);
      expect(places.every((p, i) => p >= 0 && (i === 0 || p > places[i - 1]))).toBe(true);
      // none written is less important than one left out
      const written = new Set(places);
      const worstWritten = Math.max(...cut.results.map((x) => rank(x.properties)));
      const left = r.findings.filter((_, i) => !written.has(i));
      expect(left.length).toBe(r.findings.length - max);
      expect(left.every((f) => rank(f) >= worstWritten)).toBe(true);
      expect(cut.properties.sarifMaxResults).toEqual({ limit: max, findings: r.findings.length });
      const note = cut.invocations[0].toolExecutionNotifications.find((n) => n.descriptor.id === 'W_SARIF_RESULTS_CUT');
      expect(note?.message.text).toContain(`${max} of ${r.findings.length} findings are written as results`);
    });
  }

  it('puts waived findings after those in the baseline, and both after every open one', () => {
    const statuses = triaged.findings.map((f) => f.status);
    expect(new Set(statuses)).toEqual(new Set(['open', 'waived', 'existing']));
    const opened = statuses.filter((s) => s === 'open').length;
    const baseline = statuses.filter((s) => s === 'existing').length;
    const text = formatSarif(triaged, { maxResults: opened + baseline });
    const kinds = run(text).results.map((x) => x.properties.status);
    expect(kinds.filter((s) => s === 'open')).toHaveLength(opened);
    expect(kinds.filter((s) => s === 'existing')).toHaveLength(baseline);
    expect(kinds).not.toContain('waived');
  });
});
