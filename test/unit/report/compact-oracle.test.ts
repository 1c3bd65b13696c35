/**
 * The one-pass compactor (src/report/compact.ts) against the writer it replaced (compact-oracle.ts): the same items,
 * byte for byte, on generated inventories and on items of any shape (keys missing, undefined, in another order,
 * unknown, odd strings: lone surrogates, control characters, `</script>`, quotes, `__proto__`).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/engine/types.js';
import { parseText } from '../../../src/parse/parse.js';
import {
  ENGINE_FINDING_KEYS,
  plainControlEvidence,
  ReportCompactor,
  SERVICE_KEYS,
  VENDOR_KEYS,
} from '../../../src/report/compact.js';
import { formatJson } from '../../../src/report/formatters/json.js';
import { pendingFindings, pendingVendors } from '../../../src/report/items.js';
import type { Report, ReportRule, ReportVendor } from '../../../src/report/types.js';
import { inventoryArb, loadWorld, type World } from '../../slow/properties/arbitraries.js';
import { checkDocs } from '../run-check.js';
import { OracleCompactor } from './compact-oracle.js';

type Json = Record<string, unknown>;

let w: World;
beforeAll(async () => {
  w = await loadWorld();
});

/** The items of a top-level list as the report text writes them, one per line. */
function lines(text: string, key: string): string[] {
  const all = text.split('\n');
  const start = all.indexOf(`  ${JSON.stringify(key)}: [`);
  if (start < 0) return [];
  const out: string[] = [];
  for (let i = start + 1; all[i] !== '  ]' && all[i] !== '  ],'; i++) out.push(all[i].slice(4).replace(/,$/, ''));
  return out;
}

/** The report's vendors, providers and findings text as the oracle writes them from the same items. */
function oracleItems(
  report: Report,
  vendors: readonly ReportVendor[],
  findings: (oracle: OracleCompactor) => unknown[],
): { vendors: string[]; providers: string; findings: string[] } {
  const oracle = new OracleCompactor(report.rules, report.inputs);
  const v = vendors.map((item) => JSON.stringify(oracle.vendor(item)));
  const providers = JSON.stringify(oracle.providers(), null, 2);
  return { vendors: v, providers, findings: findings(oracle).map((f) => JSON.stringify(f)) };
}

function expectWrittenAsOracle(report: Report, lazy: boolean): void {
  const text = formatJson(report);
  const expected = lazy
    ? (() => {
        const vendors = pendingVendors(report);
        const findings = pendingFindings(report);
        if (!vendors || !findings) throw new Error('the report lists should still be pending');
        const items = Array.from({ length: vendors.length }, (_, i) => vendors.at(i));
        return oracleItems(report, items, (oracle) =>
          Array.from({ length: findings.length }, (_, i) => {
            const { finding, catalogFacts } = findings.parts(i);
            return oracle.findingOf(finding, catalogFacts);
          }),
        );
      })()
    : oracleItems(report, report.vendors, (oracle) => report.findings.map((f) => oracle.findingItem(f)));
  expect(lines(text, 'vendors')).toEqual(expected.vendors);
  expect(lines(text, 'findings')).toEqual(expected.findings);
  expect(text).toContain(`"providers": ${expected.providers.replaceAll('\n', '\n  ')}`);
}

describe('the one-pass compactor writes what the copy-then-omit writer wrote', () => {
  it('generated inventories: every vendor, provider and finding line, lazy lists and whole ones', () => {
    let findings = 0;
    fc.assert(
      fc.property(inventoryArb(w, { maxVendors: 6 }), fc.boolean(), (inventory, triaged) => {
        const report = checkDocs(w, [parseText(JSON.stringify(inventory), 'inventory.json')]);
        if (triaged) {
          // what triage does to a finding: waived (with its waiver) or existing
          report.findings = report.findings.map((f, i) =>
            i % 2 === 0
              ? { ...f, status: 'waived' as const, waiver: { reason: '</script>', approvedBy: 'a', expires: 'x' } }
              : { ...f, status: 'existing' as const },
          );
        } else {
          // the items as the engine and buildReport make them have the shapes the compactor makes in one literal
          const parts = pendingFindings(report);
          for (let i = 0; i < (parts?.length ?? 0); i++) {
            expect(Object.keys(parts?.parts(i).finding ?? {})).toEqual(ENGINE_FINDING_KEYS);
          }
          const vendors = pendingVendors(report);
          for (let i = 0; i < (vendors?.length ?? 0); i++)
            expect(Object.keys(vendors?.at(i) ?? {})).toEqual(VENDOR_KEYS);
          expectWrittenAsOracle(report, true);
        }
        expectWrittenAsOracle({ ...report }, false);
        findings += report.findings.length;
      }),
      { numRuns: 60, seed: 8 },
    );
    expect(findings).toBeGreaterThan(100);
  });

  it('items of any shape, keys in any order, odd strings', () => {
    fc.assert(
      fc.property(caseArb, ({ rules, inputs, vendors, findings }) => {
        const compactor = new ReportCompactor(rules, inputs);
        const oracle = new OracleCompactor(rules, inputs);
        for (const v of vendors) expectSame(compactor.vendor(v), oracle.vendor(v));
        expect(JSON.stringify(compactor.providers())).toBe(JSON.stringify(oracle.providers()));
        for (const { finding, catalogFacts } of findings) {
          expectSame(compactor.finding(finding, catalogFacts), oracle.findingOf(finding, catalogFacts));
          expectSame(compactor.finding(finding), oracle.findingItem(finding));
        }
      }),
      { numRuns: 3000, seed: 8 },
    );
  });
});

/** The same JSON text (what is written; an own `__proto__` key, never written, may leave the copies' prototypes apart). */
function expectSame(actual: unknown, expected: unknown): void {
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
}

const ODD = [
  '',
  '"',
  '\\',
  '</script>',
  '\u2028\u2029',
  '\ud800',
  '\udc00a',
  '😀',
  '\u0000\u001f\u007f',
  'é→⇒—',
  '__proto__',
  'toJSON',
];
const odd = fc.oneof(fc.constantFrom(...ODD), fc.string({ unit: 'binary', maxLength: 8 }), fc.string({ maxLength: 6 }));
const NAMES = ['N', 'M', '😀', '\ud800'];
const scalar = fc.oneof(
  fc.constantFrom<unknown>(...NAMES, undefined, null, true, false, 0, -1, 2),
  odd,
  fc.constant([]),
  fc.constant({}),
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: arb }, { weight: 1, arbitrary: scalar });

/**
 * An object with some of `values`' keys (and unknown ones), in any order, or with exactly the keys of one of
 * `shapes`, in order (the items the engine and buildReport make); `__proto__` an own key, as JSON.parse makes it.
 */
function objectArb(values: Record<string, fc.Arbitrary<unknown>>, shapes: string[][] = []): fc.Arbitrary<Json> {
  const keys = [...Object.keys(values), 'extra', '__proto__', '7'];
  const chosenKeys =
    shapes.length > 0 ? fc.oneof(fc.shuffledSubarray(keys), fc.constantFrom(...shapes)) : fc.shuffledSubarray(keys);
  return chosenKeys
    .chain((chosen) =>
      fc.tuple(
        ...chosen.map((key) =>
          (Object.hasOwn(values, key) ? values[key] : scalar).map((value) => [key, value] as [string, unknown]),
        ),
      ),
    )
    .map((entries) => Object.fromEntries(entries));
}

const ruleArb = objectArb({
  id: fc.constantFrom('r1', 'r2'),
  title: fc.constantFrom('T', 'U'),
  severity: fc.constantFrom('high', 'low'),
  scope: fc.constantFrom('vendor', 'service'),
  basis: fc.constantFrom('prohibited', 'unknown'),
  regimes: fc.constantFrom(['a'], ['a', 'b'], []),
}) as fc.Arbitrary<unknown> as fc.Arbitrary<ReportRule>;

const serviceArb = objectArb(
  {
    id: odd,
    provider: maybe(fc.constantFrom('p1', 'p2')),
    providerName: maybe(fc.constantFrom(...NAMES)),
    controlCountry: fc.constantFrom('CN', 'US', undefined, null),
    countries: fc.constantFrom(['US'], []),
    adversaryControlled: maybe(fc.boolean()),
    adversaryHosted: maybe(fc.boolean()),
    categories: maybe(fc.constantFrom([], ['x'])),
  },
  [SERVICE_KEYS],
);

const vendorArb = fc
  .tuple(
    objectArb(
      {
        id: maybe(fc.constantFrom('v1', 'v2')),
        name: maybe(fc.constantFrom(...NAMES)),
        criticality: fc.constantFrom('low', 'high'),
        score: fc.integer({ min: 0, max: 100 }),
        coveredPerson: maybe(fc.boolean()),
        controller: fc.constantFrom(...NAMES, undefined),
        controlCountry: fc.constantFrom('CN', 'US', undefined),
        controlEvidence: odd,
        grade: fc.constantFrom('A', 'F'),
        findings: fc.nat(),
        services: maybe(fc.array(fc.oneof({ weight: 5, arbitrary: serviceArb }, { weight: 1, arbitrary: scalar }))),
      },
      [VENDOR_KEYS],
    ),
    fc.constantFrom('own', 'other', 'none'),
  )
  .map(([v, sentence]) => {
    // often the one-link sentence the compact vendor omits (in the key's place, when it has one), or one of
    // another controller or country (the same sentence when those are the vendor's)
    if (sentence === 'own' && 'controlEvidence' in v) v.controlEvidence = plainControlEvidence(v);
    if (sentence === 'other' && 'controlEvidence' in v) {
      v.controlEvidence = plainControlEvidence({ id: v.id, controller: 'N', controlCountry: 'CN' });
    }
    return v as unknown as ReportVendor;
  });

const findingArb = objectArb(
  {
    fingerprint: odd,
    ruleId: fc.constantFrom('r1', 'r2', 'r3'),
    title: fc.constantFrom('T', 'U'),
    severity: fc.constantFrom('high', 'low'),
    scope: fc.constantFrom('vendor', 'service'),
    basis: fc.constantFrom('prohibited', 'unknown'),
    regimes: fc.constantFrom(['a'], ['a', 'b'], []).map((r) => [...r]),
    vendor: maybe(objectArb({ id: fc.constantFrom('v1', 'v2', 'v3'), name: fc.constantFrom(...NAMES) })),
    service: maybe(objectArb({ id: odd, name: odd, provider: odd })),
    message: odd,
    legalBasis: maybe(fc.constantFrom([], [{ regime: 'a', section: 's' }])),
    evidence: maybe(fc.array(odd, { maxLength: 2 })),
    location: maybe(objectArb({ file: fc.constantFrom('a.json', 'b.json'), line: fc.nat(), pointer: odd })),
    references: fc.constant([{ title: 'r', url: 'u' }]),
    remediation: odd,
    factors: maybe(objectArb({ sensitivity: fc.nat(), volume: fc.nat(), criticality: fc.constantFrom('low', 'high') })),
    status: maybe(fc.constantFrom('open', 'waived', 'existing')),
    inferred: fc.constantFrom([{ fact: 'f', from: 'g' }], undefined),
    waiver: fc.constantFrom({ reason: '</script>', approvedBy: 'a', expires: 'x' }, undefined),
    catalogFacts: fc.constantFrom(['k0'], undefined),
  },
  [ENGINE_FINDING_KEYS, [...ENGINE_FINDING_KEYS, 'waiver']],
) as fc.Arbitrary<unknown> as fc.Arbitrary<Finding>;

const caseArb = fc.record({
  rules: fc.array(ruleArb, { maxLength: 3 }),
  inputs: fc.constantFrom<{ path?: unknown }[]>([], [{ path: 'a.json' }], [{}], [{ path: undefined }]),
  vendors: fc.array(vendorArb, { maxLength: 4 }),
  findings: fc.array(
    fc.record({ finding: findingArb, catalogFacts: fc.constantFrom<string[] | undefined>(['k1', 'k2'], undefined) }),
    {
      maxLength: 6,
    },
  ),
});
