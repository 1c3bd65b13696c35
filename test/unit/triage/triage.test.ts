import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/engine/types.js';
import type { ResidencyError } from '../../../src/model/errors.js';
import { parseText } from '../../../src/parse/parse.js';
import { applyBaseline, parseBaseline } from '../../../src/triage/baseline.js';
import { diffReports, diffToMarkdown, reportSide } from '../../../src/triage/diff.js';
import { triage } from '../../../src/triage/index.js';
import { applyWaivers, parseWaivers, waiverMatches } from '../../../src/triage/waivers.js';

const AS_OF = '2026-11-28';

function finding(
  ruleId: string,
  vendor: string,
  service?: string,
  fingerprint = `${ruleId}-${vendor}-${service ?? ''}`,
): Finding {
  return {
    fingerprint,
    ruleId,
    title: ruleId,
    severity: 'high',
    scope: service ? 'service' : 'vendor',
    vendor: { id: vendor, name: vendor },
    ...(service ? { service: { id: service, name: service, provider: 'aws' } } : {}),
    message: 'm',
    regimes: [],
    basis: 'unknown',
    legalBasis: [],
    evidence: [],
    references: [],
    remediation: 'r',
    factors: { sensitivity: 0, volume: 0, criticality: 'high' },
    status: 'open',
  };
}

function waiverDoc(body: string, file = 'waivers.yaml') {
  return parseText(body, file);
}

function thrown(fn: () => unknown): ResidencyError {
  try {
    fn();
  } catch (error) {
    return error as ResidencyError;
  }
  throw new Error('expected an error');
}

const ONE = `waivers:
  - id: RISK-1
    rule: adversary-owned-vendor
    vendor: globex
    reason: divesting
    approvedBy: ciso
    expires: 2027-02-01
`;

describe('waivers', () => {
  it('matches on rule and vendor, and narrows by service and fingerprint', () => {
    const f = finding('r1', 'v1', 's1', 'abc');
    expect(waiverMatches({ rule: 'r1', vendor: 'v1' }, f)).toBe(true);
    expect(waiverMatches({ rule: 'r1', vendor: 'v2' }, f)).toBe(false);
    expect(waiverMatches({ rule: 'r2', vendor: 'v1' }, f)).toBe(false);
    expect(waiverMatches({ rule: 'r1', vendor: 'v1', service: 's1' }, f)).toBe(true);
    expect(waiverMatches({ rule: 'r1', vendor: 'v1', service: 's2' }, f)).toBe(false);
    expect(waiverMatches({ rule: 'r1', vendor: 'v1', fingerprint: 'abc' }, f)).toBe(true);
    expect(waiverMatches({ rule: 'r1', vendor: 'v1', fingerprint: 'abd' }, f)).toBe(false);
  });

  it('waives a matched finding and records the waiver on it', () => {
    const file = parseWaivers(waiverDoc(ONE), AS_OF);
    const out = applyWaivers([finding('adversary-owned-vendor', 'globex'), finding('other', 'globex')], file, {
      asOf: AS_OF,
    });
    expect(out.findings[0].status).toBe('waived');
    expect(out.findings[0].waiver).toEqual({
      reason: 'divesting',
      approvedBy: 'ciso',
      expires: '2027-02-01',
      id: 'RISK-1',
    });
    expect(out.findings[1].status).toBe('open');
    expect(out.waivers).toEqual([
      expect.objectContaining({ id: 'RISK-1', ruleId: 'adversary-owned-vendor', state: 'active', matched: 1 }),
    ]);
    expect(out.reasons).toEqual([]);
    expect(out.diagnostics).toEqual([]);
  });

  it('an expired waiver leaves the finding open, is reported expired with its date and location', () => {
    const file = parseWaivers(waiverDoc(ONE.replace('2027-02-01', '2026-11-27')), AS_OF);
    const out = applyWaivers([finding('adversary-owned-vendor', 'globex')], file, { asOf: AS_OF });
    expect(out.findings[0].status).toBe('open');
    expect(out.findings[0].waiver).toBeUndefined();
    expect(out.waivers[0].state).toBe('expired');
    expect(out.diagnostics[0]).toMatchObject({ code: 'E_WAIVER_EXPIRED', file: 'waivers.yaml', line: 2, column: 5 });
    expect(out.diagnostics[0].message).toContain('expired on 2026-11-27');
  });

  it('a waiver expiring on as-of is still live; within 14 days it is expiring', () => {
    for (const [expires, state] of [
      ['2026-11-28', 'expiring'],
      ['2026-12-12', 'expiring'],
      ['2026-12-13', 'active'],
    ] as const) {
      const file = parseWaivers(waiverDoc(ONE.replace('2027-02-01', expires)), AS_OF);
      const out = applyWaivers([finding('adversary-owned-vendor', 'globex')], file, { asOf: AS_OF });
      expect(out.findings[0].status, expires).toBe('waived');
      expect(out.waivers[0].state, expires).toBe(state);
    }
  });

  it('an unused waiver warns, and fails the run with strict', () => {
    const file = parseWaivers(waiverDoc(ONE), AS_OF);
    const lax = applyWaivers([finding('other', 'globex')], file, { asOf: AS_OF });
    expect(lax.waivers[0].state).toBe('unused');
    expect(lax.diagnostics).toEqual([expect.objectContaining({ code: 'W_WAIVER_UNUSED', severity: 'warning' })]);
    expect(lax.reasons).toEqual([]);
    const strict = applyWaivers([finding('other', 'globex')], file, { asOf: AS_OF, strict: true });
    expect(strict.diagnostics).toEqual([expect.objectContaining({ code: 'E_WAIVER_UNUSED', severity: 'error' })]);
    expect(strict.reasons).toEqual(['1 unused waiver(s) (--strict-waivers)']);
  });

  it('maxWaiverDays caps how far ahead of as-of an expiry may be (located error)', () => {
    const body = `maxWaiverDays: 30\n${ONE}`;
    const error = thrown(() => parseWaivers(waiverDoc(body), AS_OF));
    expect(error.code).toBe('E_WAIVERS');
    expect(error.diagnostics[0]).toMatchObject({
      code: 'E_WAIVER_TOO_LONG',
      file: 'waivers.yaml',
      line: 8,
      column: 14,
    });
    expect(error.diagnostics[0].expected).toBe('a date on or before 2026-12-28');
    expect(() => parseWaivers(waiverDoc(body.replace('2027-02-01', '2026-12-28')), AS_OF)).not.toThrow();
  });

  it('schema errors are located: missing reason, bad date, unknown key', () => {
    const body = `waivers:
  - rule: adversary-owned-vendor
    vendor: globex
    approvedBy: ciso
    expires: 2027-02-30
    vendr: x
`;
    const error = thrown(() => parseWaivers(waiverDoc(body), AS_OF));
    const byCode = error.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
    expect(byCode).toEqual([
      "2:5 waivers[0] is missing required property 'reason'",
      "5:14 waivers[0].expires has '2027-02-30', which is not a valid date",
      "6:5 unknown property 'vendr' in waivers[0]",
    ]);
  });
});

describe('baseline', () => {
  const report = JSON.stringify({ findings: [{ fingerprint: 'a' }, { fingerprint: 'gone' }] }, null, 2);

  it('marks open findings in the baseline as existing and counts resolved ones', () => {
    const baseline = parseBaseline(parseText(report, 'old.json'));
    const out = applyBaseline([finding('r', 'v', undefined, 'a'), finding('r', 'w', undefined, 'b')], baseline);
    expect(out.findings.map((f) => f.status)).toEqual(['existing', 'open']);
    expect(out.baseline).toMatchObject({ path: 'old.json', existing: 1, resolved: 1 });
    expect(out.baseline.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a waived finding stays waived even when it is in the baseline', () => {
    const baseline = parseBaseline(parseText(report, 'old.json'));
    const waivers = parseWaivers(waiverDoc(ONE), AS_OF);
    const out = triage([finding('adversary-owned-vendor', 'globex', undefined, 'a')], {
      asOf: AS_OF,
      waivers,
      baseline,
    });
    expect(out.findings[0].status).toBe('waived');
    expect(out.baseline?.existing).toBe(0);
  });

  it('refuses a file that is not a report, with a location', () => {
    const error = thrown(() => parseBaseline(parseText('{\n  "findings": [\n    {"rule": 1}\n  ]\n}\n', 'x.json')));
    expect(error.diagnostics[0]).toMatchObject({ code: 'E_BASELINE', file: 'x.json', line: 3, column: 5 });
    expect(() => parseBaseline(parseText('vendors: []\n', 'inv.yaml'))).toThrow(/no 'findings' list/);
  });
});

describe('diff', () => {
  const side = (file: string, score: number, fps: string[]) =>
    reportSide(
      parseText(
        JSON.stringify({
          asOf: AS_OF,
          summary: { score },
          findings: fps.map((fp) => ({ fingerprint: fp, ruleId: `rule-${fp}`, severity: 'high', vendor: { id: 'v' } })),
        }),
        file,
      ),
    );

  it('splits findings into new, resolved and unchanged by fingerprint and gives the score change', () => {
    const d = diffReports(side('a.json', 60, ['x', 'y']), side('b.json', 55, ['y', 'z']));
    expect(d.counts).toEqual({ new: 1, resolved: 1, unchanged: 1 });
    expect(d.new_.map((f) => f.fingerprint)).toEqual(['z']);
    expect(d.resolved.map((f) => f.fingerprint)).toEqual(['x']);
    expect(d.scoreChange).toBe(-5);
    expect(diffToMarkdown(d)).toContain('Score **60 → 55** (-5)');
  });

  it('refuses a report without a score', () => {
    expect(() => reportSide(parseText('{"findings": []}', 'a.json'))).toThrow(/summary.score/);
  });
});
