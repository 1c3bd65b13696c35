/**
 * Property tests over generated inventories (fixed seeds, modest numRuns so `npm test` stays fast;
 * `npm run fuzz` runs the same generators for minutes).
 */
import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Finding } from '../../../src/engine/types.js';
import { ResidencyError } from '../../../src/model/errors.js';
import type { Report } from '../../../src/report/types.js';
import { score } from '../../../src/score/score.js';
import { AS_OF, allFormatters, checkText, inventoryArb, junkDocument, loadWorld, type World } from './arbitraries.js';

let w: World;
let formatters: [string, (r: Report) => string][];

beforeAll(async () => {
  w = await loadWorld();
  formatters = await allFormatters();
});

const fingerprints = (r: Report): string[] => r.findings.map((f) => f.fingerprint).sort();

describe('loading never throws anything but ResidencyError', () => {
  it('arbitrary JSON and YAML documents', () => {
    fc.assert(
      fc.property(junkDocument, fc.boolean(), (value, asYaml) => {
        const text = asYaml ? stringify(value ?? null) : (JSON.stringify(value) ?? 'null');
        const result = checkText(w, text, asYaml ? 'junk.yaml' : 'junk.json');
        if (result instanceof ResidencyError) expect(result.diagnostics.length).toBeGreaterThan(0);
      }),
      { seed: 8101, numRuns: 150 },
    );
  });

  it('arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.boolean(), (text, json) => {
        checkText(w, text, json ? 'x.json' : 'x.yaml');
      }),
      { seed: 8102, numRuns: 200 },
    );
  });

  it('generated (schema-valid) inventories run to a report', () => {
    fc.assert(
      fc.property(inventoryArb(w), (inv) => {
        const result = checkText(w, JSON.stringify(inv));
        if (result instanceof ResidencyError) {
          // only semantic problems of the generated data (unknown region for a partial catalogue, …)
          for (const d of result.diagnostics.filter((x) => x.severity === 'error')) {
            expect(d.code).not.toBe('E_SCHEMA');
          }
        } else {
          expect(result.summary.vendors).toBe(inv.vendors.length);
        }
      }),
      { seed: 8103, numRuns: 60 },
    );
  });
});

describe('every formatter output parses', () => {
  it('json, sarif (JSON), junit (XML), csv (RFC 4180), html/markdown (non-empty, no raw <script> from data), pretty (no controls)', () => {
    fc.assert(
      fc.property(inventoryArb(w, { maxVendors: 3 }), (inv) => {
        const report = checkText(w, JSON.stringify(inv));
        if (report instanceof ResidencyError) return;
        for (const [name, format] of formatters) {
          const out = format(report);
          switch (name) {
            case 'json':
              expect(JSON.parse(out).schemaVersion).toBe(report.schemaVersion);
              break;
            case 'sarif':
              expect(JSON.parse(out).version).toBe('2.1.0');
              break;
            case 'junit':
              expect(XMLValidator.validate(out)).toBe(true);
              break;
            case 'csv': {
              const rows = parseCsv(out, { relaxColumnCount: false }) as string[][];
              expect(rows.length).toBeGreaterThan(0);
              // formula injection: no cell starts with = + - @ (or a tab/CR) unless neutralised
              for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+@\t\r]/);
              break;
            }
            case 'html':
              expect(out).not.toContain('<script>alert(1)</script>');
              break;
            case 'markdown':
              expect(out).not.toContain('<script>');
              break;
            case 'pretty':
              expect(out).not.toMatch(/[\u001b\u202e\u0000-\u0008\u000b-\u001f]/);
              break;
          }
        }
      }),
      { seed: 8104, numRuns: 30 },
    );
  });
});

describe('results do not depend on vendor order', () => {
  it('shuffled vendors → same fingerprints and same score', () => {
    fc.assert(
      fc.property(
        inventoryArb(w).chain((inv) =>
          fc
            .shuffledSubarray(inv.vendors, { minLength: inv.vendors.length, maxLength: inv.vendors.length })
            .map((shuffled) => [inv, { ...inv, vendors: shuffled }] as const),
        ),
        ([a, b]) => {
          const ra = checkText(w, JSON.stringify(a));
          const rb = checkText(w, JSON.stringify(b));
          if (ra instanceof ResidencyError || rb instanceof ResidencyError) {
            expect(ra instanceof ResidencyError).toBe(rb instanceof ResidencyError);
            return;
          }
          expect(fingerprints(rb)).toEqual(fingerprints(ra));
          expect(rb.summary.score).toBe(ra.summary.score);
          expect(rb.summary.counts).toEqual(ra.summary.counts);
        },
      ),
      { seed: 8105, numRuns: 40 },
    );
  });
});

const findingArb = (vendorIds: string[]) =>
  fc
    .record({
      ruleId: fc.constantFrom('r1', 'r2', 'r3'),
      severity: fc.constantFrom('critical', 'high', 'medium', 'low', 'info'),
      status: fc.constantFrom('open', 'open', 'existing', 'waived'),
      vendor:
        vendorIds.length > 0
          ? fc.option(fc.constantFrom(...vendorIds).map((id) => ({ id, name: id })))
          : fc.constant(null),
      factors: fc.record({
        sensitivity: fc.double({ min: -1, max: 2, noNaN: true }),
        volume: fc.double({ min: -10, max: 1e12, noNaN: true }),
        criticality: fc.constantFrom('critical', 'high', 'medium', 'low', 'bogus'),
      }),
    })
    .map((f) => ({ ...f, vendor: f.vendor ?? undefined }) as unknown as Finding);

describe('scoring', () => {
  const vendorsAndFindings = fc
    .uniqueArray(fc.stringMatching(/^[a-z]{1,4}$/), { maxLength: 6 })
    .chain((ids) => fc.tuple(fc.constant(ids), fc.array(findingArb(ids), { maxLength: 20 }), findingArb(ids)));
  const weights = fc.dictionary(fc.constantFrom('r1', 'r2', 'r3'), fc.double({ min: 0, max: 5, noNaN: true }));

  it('scores stay within 0–100 (organisation and every vendor)', () => {
    fc.assert(
      fc.property(vendorsAndFindings, weights, ([ids, findings], wts) => {
        const s = score(ids, findings, new Map(Object.entries(wts)));
        expect(s.score).toBeGreaterThanOrEqual(0);
        expect(s.score).toBeLessThanOrEqual(100);
        for (const v of s.vendors.values()) {
          expect(v.score).toBeGreaterThanOrEqual(0);
          expect(v.score).toBeLessThanOrEqual(100);
        }
      }),
      { seed: 8106, numRuns: 300 },
    );
  });

  it('adding a finding never raises a score', () => {
    fc.assert(
      fc.property(vendorsAndFindings, weights, ([ids, findings, extra], wts) => {
        const map = new Map(Object.entries(wts));
        const before = score(ids, findings, map);
        const after = score(ids, [...findings, extra], map);
        expect(after.score).toBeLessThanOrEqual(before.score);
        for (const [id, v] of after.vendors) expect(v.score).toBeLessThanOrEqual(before.vendors.get(id)?.score ?? 100);
      }),
      { seed: 8107, numRuns: 300 },
    );
  });

  it('no findings (or only waived ones) scores 100', () => {
    fc.assert(
      fc.property(vendorsAndFindings, ([ids, findings]) => {
        expect(score(ids, []).score).toBe(100);
        const waived = findings.map((f) => ({ ...f, status: 'waived' as const }));
        expect(score(ids, waived).score).toBe(100);
      }),
      { seed: 8108, numRuns: 100 },
    );
  });

  it('a generated inventory with no findings scores 100 end to end', () => {
    fc.assert(
      fc.property(inventoryArb(w), (inv) => {
        const r = checkText(w, JSON.stringify(inv));
        if (r instanceof ResidencyError) return;
        if (r.findings.every((f) => f.status === 'waived')) expect(r.summary.score).toBe(100);
        else expect(r.summary.score).toBeLessThanOrEqual(100);
      }),
      { seed: 8109, numRuns: 40 },
    );
  });
});

describe('--as-of determinism', () => {
  it('the same input twice gives a byte-identical JSON report', () => {
    const json = formatters.find(([n]) => n === 'json')?.[1] as (r: Report) => string;
    fc.assert(
      fc.property(inventoryArb(w), (inv) => {
        const text = JSON.stringify(inv);
        const a = checkText(w, text);
        const b = checkText(w, text);
        if (a instanceof ResidencyError || b instanceof ResidencyError) {
          expect(String(a)).toBe(String(b));
          return;
        }
        expect(json(b)).toBe(json(a));
        expect(a.asOf).toBe(AS_OF);
      }),
      { seed: 8110, numRuns: 30 },
    );
  });
});

describe('regressions found by fuzzing (kept as fixed cases)', () => {
  it('fuzz seed 589254614: an organisation name with U+202E reached the terminal verdict line', () => {
    const pretty = formatters.find(([n]) => n === 'pretty')?.[1] as (r: Report) => string;
    const r = checkText(
      w,
      JSON.stringify({
        apiVersion: 'residency/v1',
        kind: 'Inventory',
        organisation: { name: '\u202eevil\u202c' },
        vendors: [],
      }),
    );
    expect(r).not.toBeInstanceOf(ResidencyError);
    const out = pretty(r as Report);
    expect(out).toContain('evil');
    expect(out).not.toMatch(/[\u202e\u202c]/);
  });
});
