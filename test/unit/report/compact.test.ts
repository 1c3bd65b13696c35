/**
 * Schema 3.0.0: the JSON report's items omit what the report says elsewhere, and `expandReport` gives back exactly
 * the 2.0.0 document (the writer without compaction). Property-style over generated inventories, plus the cases the
 * generator does not reach (null markers, several inputs, waived and baseline findings), plus every reader of a JSON
 * report on 2.0.0 and 3.0.0 documents.
 */
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseText } from '../../../src/parse/parse.js';
import { expandReport, ReportCompactor } from '../../../src/report/compact.js';
import { formatJson, formatJsonDocument } from '../../../src/report/formatters/json.js';
import type { Report, ReportVendor } from '../../../src/report/types.js';
import { runDiff } from '../../../src/runner/diff.js';
import { runVerify } from '../../../src/runner/verify.js';
import { validate } from '../../../src/schema/schemas.js';
import { verifyReport } from '../../../src/sign/sign.js';
import { parseBaseline } from '../../../src/triage/baseline.js';
import { reportSide } from '../../../src/triage/diff.js';
import { ROOT } from '../../helpers.js';
import { inventoryArb, loadWorld, type World } from '../../slow/properties/arbitraries.js';
import { checkTriaged } from '../run-check.js';

const SIGNED_2 = path.join(ROOT, 'test/unit/sign/fixtures/signed-2.0.0.json');
const SIGNED_2_KEY = path.join(ROOT, 'test/unit/sign/fixtures/signed-2.0.0.pub.pem');

let w: World;
beforeAll(async () => {
  w = await loadWorld();
});

type Json = Record<string, unknown>;

/** The report as written (3.0.0) and as schema 2.0.0 wrote it (the same writer, nothing omitted). */
function both(report: Report): { compact: Json; full: Json } {
  return { compact: JSON.parse(formatJson(report)), full: JSON.parse(formatJsonDocument(report as never)) };
}

/** Expanding the written report gives the full one, key order included; the written one validates. */
function expectLossless(report: Report): Json {
  const { compact, full } = both(report);
  expect(validate('report', compact)).toEqual([]);
  const expanded = expandReport(compact);
  expect(isDeepStrictEqual(expanded, full)).toBe(true);
  expect(JSON.stringify(expanded)).toBe(JSON.stringify(full));
  return compact;
}

/** Check generated documents, some findings waived and some in a baseline (what triage does to a finding). */
function check(docs: { text: string; file: string }[], triaged: boolean): Report {
  return checkTriaged(w, docs, triaged);
}

describe('schema 3.0.0 is lossless', () => {
  it('generated inventories, in one or two files, triaged or not: expandReport gives back the 2.0.0 document', () => {
    let findings = 0;
    const scopes = new Set<string>();
    fc.assert(
      fc.property(inventoryArb(w, { maxVendors: 6 }), fc.boolean(), fc.boolean(), (inv, split, triaged) => {
        const half = Math.ceil(inv.vendors.length / 2);
        const docs = split
          ? [
              { text: JSON.stringify({ ...inv, vendors: inv.vendors.slice(0, half) }), file: 'a.json' },
              { text: JSON.stringify({ ...inv, vendors: inv.vendors.slice(half) }), file: 'b/c.json' },
            ]
          : [{ text: JSON.stringify(inv, null, 2), file: 'inventory.json' }];
        let report: Report;
        try {
          report = check(docs, triaged);
        } catch {
          return; // semantic problems of the generated data
        }
        const compact = expectLossless(report);
        findings += report.findings.length;
        for (const f of report.findings) scopes.add(f.scope);
        // each finding omits its rule's title; a finding of the second input keeps its file
        for (const f of compact.findings as Json[]) expect(f).not.toHaveProperty('title');
        if (split) {
          const second = report.findings.filter((f) => f.location?.file === 'b/c.json').length;
          const kept = (compact.findings as { location?: { file?: string } }[]).filter((f) => f.location?.file);
          expect(kept.length).toBe(second);
        }
      }),
      { seed: 3_000, numRuns: 60 },
    );
    // the generator reached findings of every scope
    expect(findings).toBeGreaterThan(100);
    expect([...scopes].sort()).toEqual(['data', 'organisation', 'service', 'vendor']);
  });

  it('the examples and fixtures with waivers and a baseline', () => {
    for (const file of ['examples/acme-failing.yaml', 'examples/minimal.yaml', 'examples/acme-clean.yaml']) {
      for (const triaged of [false, true]) {
        const report = check([{ text: readFileSync(path.join(ROOT, file), 'utf8'), file }], triaged);
        expectLossless(report);
      }
    }
  });

  it('what a default would wrongly supply is written null: no controller, a service without a country', () => {
    const vendor = (id: string, v: Partial<ReportVendor>): ReportVendor => ({
      id,
      name: `${id} Ltd`,
      criticality: 'high',
      score: 50,
      grade: 'F',
      findings: 0,
      coveredPerson: false,
      controlEvidence: `${id} → ? — controlling country unknown`,
      services: [],
      ...v,
    });
    const service = (s: Partial<ReportVendor['services'][number]>) => ({
      id: 's',
      provider: 'p',
      providerName: 'P',
      controlCountry: 'US',
      countries: [],
      adversaryControlled: false,
      adversaryHosted: false,
      categories: [],
      ...s,
    });
    const finding = (f: Json): Json => ({
      fingerprint: '0',
      ruleId: 'r',
      title: 'T',
      severity: 'low',
      scope: 'vendor',
      message: 'm',
      basis: 'exposure',
      regimes: [],
      legalBasis: [],
      evidence: [],
      factors: { sensitivity: 0, volume: 0, criticality: 'high' },
      status: 'open',
      ...f,
    });
    const report = {
      schemaVersion: '3.0.0',
      inputs: [{ path: 'in.yaml', sha256: 'x', format: 'yaml' }],
      vendors: [
        vendor('a', {
          controller: 'a Ltd',
          controlCountry: 'DE',
          controlEvidence: 'a → a Ltd (DE) — no adversary control established',
          services: [service({})],
        }),
        vendor('b', {
          services: [
            service({ controlCountry: undefined }),
            service({ id: 't', providerName: 'Other', controlCountry: 'CN', adversaryHosted: true, categories: ['x'] }),
          ],
        }),
        vendor('a', { name: 'Second a', criticality: 'low', coveredPerson: true }),
      ],
      findings: [
        finding({
          fingerprint: '1',
          vendor: { id: 'a', name: 'a Ltd' },
          location: { file: 'in.yaml', line: 1, column: 1 },
        }),
        finding({
          fingerprint: '2',
          title: 'Other',
          severity: 'high',
          vendor: { id: 'a', name: 'Second a' },
          basis: 'restricted',
          regimes: ['x'],
          legalBasis: [{ regime: 'x', citation: 'c' }],
          evidence: ['e'],
          location: { file: 'other.yaml', line: 2, column: 3 },
          factors: { sensitivity: 1, volume: 5, criticality: 'low' },
          status: 'existing',
        }),
        finding({
          fingerprint: '3',
          ruleId: 'unknown',
          scope: 'organisation',
          factors: { sensitivity: 0, volume: 0, criticality: 'medium' },
        }),
      ],
      rules: [{ id: 'r', title: 'T', severity: 'low', scope: 'vendor', basis: 'exposure', regimes: [] }],
    } as unknown as Report;
    const { compact, full } = both(report);
    const [a, b, a2] = compact.vendors as Json[];
    expect(a).toEqual({
      id: 'a',
      name: 'a Ltd',
      criticality: 'high',
      score: 50,
      grade: 'F',
      findings: 0,
      controlCountry: 'DE',
      services: [{ id: 's', provider: 'p', countries: [] }],
    });
    expect(b.controller).toBeNull();
    expect(b.services).toEqual([
      { id: 's', provider: 'p', controlCountry: null, countries: [] },
      {
        id: 't',
        provider: 'p',
        providerName: 'Other',
        controlCountry: 'CN',
        countries: [],
        adversaryHosted: true,
        categories: ['x'],
      },
    ]);
    expect(a2.coveredPerson).toBe(true);
    expect(compact.providers).toEqual({ p: { name: 'P', controlCountry: 'US' } });
    const [f1, f2, f3] = compact.findings as Json[];
    expect(f1).toEqual({
      fingerprint: '1',
      ruleId: 'r',
      vendor: { id: 'a' },
      message: 'm',
      location: { line: 1, column: 1 },
      factors: { sensitivity: 0, volume: 0 },
    });
    // the second vendor 'a' is not the one a reader finds first: its name and criticality stay
    expect(f2).toMatchObject({
      title: 'Other',
      vendor: { id: 'a', name: 'Second a' },
      factors: { criticality: 'low' },
      status: 'existing',
    });
    expect(f3).toMatchObject({ title: 'T', scope: 'organisation' });
    // (this report's keys are not in the writer's order: equal as values)
    expect(isDeepStrictEqual(expandReport(compact), full)).toBe(true);
  });

  it('redacted names: a finding omits the redacted vendor name that vendors[] gives', () => {
    const secret = 'Leaky password=hunter2 AKIAIOSFODNN7EXAMPLE';
    const text = JSON.stringify({
      apiVersion: 'residency/v1',
      kind: 'Inventory',
      organisation: { name: `Org token=abc123456789` },
      vendors: [
        {
          id: 'leaky',
          name: secret,
          criticality: 'high',
          ownership: [{ entity: `${secret} Holdings`, country: 'CN', percent: 60 }],
          services: [
            {
              id: 's',
              name: `${secret} db`,
              provider: 'alibaba-cloud',
              regions: ['cn-beijing'],
              data: [{ category: 'personal', usPersons: 200000 }],
            },
          ],
        },
      ],
    });
    const report = check([{ text, file: 'leaky.json' }], false);
    const compact = expectLossless(report);
    // the finding's vendor name is the redacted one of vendors[]: omitted, and put back redacted
    const [vendor] = compact.vendors as { name: string }[];
    expect(vendor.name).toBe('Leaky password=[REDACTED] [REDACTED]');
    const ofVendor = (compact.findings as Json[]).filter((f) => f.vendor);
    expect(ofVendor.length).toBeGreaterThan(5);
    expect(ofVendor.every((f) => isDeepStrictEqual(f.vendor, { id: 'leaky' }))).toBe(true);
    const expanded = expandReport(compact) as { findings: { vendor?: { name: string } }[] };
    for (const f of expanded.findings) if (f.vendor) expect(f.vendor.name).toBe(vendor.name);
  });

  it('older reports are read as they are', () => {
    const old = JSON.parse(readFileSync(SIGNED_2, 'utf8'));
    expect(expandReport(old)).toBe(old);
    const v1 = { schemaVersion: '1.0.0', findings: [{ fingerprint: 'x' }] };
    expect(expandReport(v1)).toBe(v1);
  });

  it('the compactor holds no item: a vendor it was given is not kept', () => {
    const c = new ReportCompactor([], []);
    const v = { id: 'v', name: 'V', criticality: 'low', services: [] } as unknown as ReportVendor;
    const out = c.vendor(v) as Json;
    expect(out).not.toBe(v);
    expect(c.providers()).toEqual({});
  });
});

describe('readers accept 2.0.0 and 3.0.0 reports', () => {
  const failing = () => {
    const file = 'examples/acme-failing.yaml';
    const report = check([{ text: readFileSync(path.join(ROOT, file), 'utf8'), file }], true);
    return both(report);
  };

  it('diff: the same findings, severities, statuses and messages from either form', () => {
    const { compact, full } = failing();
    const side = (doc: Json) => reportSide(parseText(JSON.stringify(doc), 'r.json'));
    const a = side(compact);
    expect(a.findings.length).toBeGreaterThan(10);
    expect(a.findings).toEqual(side({ ...full, schemaVersion: '2.0.0' }).findings);
    expect(a.findings.some((f) => f.status === 'open')).toBe(true);
    expect(a.findings.every((f) => typeof f.severity === 'string' && typeof f.status === 'string')).toBe(true);
  });

  it('diff (command) between a 2.0.0 report written by the previous version and a 3.0.0 one', async () => {
    const dir = (await import('node:fs')).mkdtempSync(path.join((await import('node:os')).tmpdir(), 'compact-'));
    const { writeFileSync } = await import('node:fs');
    const file = 'examples/acme-failing.yaml';
    const now = check([{ text: readFileSync(path.join(ROOT, file), 'utf8'), file }], false);
    writeFileSync(path.join(dir, 'new.json'), formatJson(now));
    const result = await runDiff({ old: SIGNED_2, new: path.join(dir, 'new.json'), format: 'json' });
    const json = result.json as { findings: { new: unknown[]; resolved: unknown[]; unchanged: { status?: string }[] } };
    expect(json.findings.new).toEqual([]);
    expect(json.findings.resolved).toEqual([]);
    // unchanged findings are printed from the new report: its open findings say so, though it omits `open`
    expect(json.findings.unchanged.length).toBe(now.findings.length);
    expect(json.findings.unchanged.every((f) => f.status === 'open')).toBe(true);
  });

  it('baseline: the fingerprints of either form', () => {
    const { compact, full } = failing();
    const fps = (doc: Json) => [...parseBaseline(parseText(JSON.stringify(doc), 'b.json')).fingerprints];
    expect(fps(compact)).toEqual(fps(full));
    expect(fps(compact).length).toBeGreaterThan(10);
  });

  it('verify: a 2.0.0 report signed by the previous version still verifies, and is tampered with detectably', async () => {
    const result = await runVerify({ report: SIGNED_2, key: SIGNED_2_KEY });
    expect(result.signature).toMatchObject({ valid: true });
    const doc = JSON.parse(readFileSync(SIGNED_2, 'utf8'));
    expect(doc.schemaVersion).toBe('2.0.0');
    const key = createPublicKey(readFileSync(SIGNED_2_KEY, 'utf8'));
    doc.findings[0].status = 'existing';
    expect(verifyReport(doc, key)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });
});
