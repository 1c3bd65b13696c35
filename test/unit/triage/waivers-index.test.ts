/**
 * Waivers are looked up by rule and vendor (issue 13: per-item work that depended on the input's size). The former
 * implementation — every finding tried against every waiver, in the file's order — is the oracle: the same findings
 * waived by the same waivers, the same counts, states and diagnostics, on random findings and waiver files.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/engine/types.js';
import { applyWaivers, type Waiver, type WaiverFile, waiverMatches } from '../../../src/triage/waivers.js';

const AS_OF = '2026-11-28';

/** The former loop: each finding against every waiver; the first live match waives it. */
function oracle(findings: readonly Finding[], file: WaiverFile): { waived: (string | undefined)[]; matched: number[] } {
  const today = Date.parse(AS_OF);
  const matched = file.waivers.map(() => 0);
  const waived = findings.map((f) => {
    let waiver: Waiver | undefined;
    file.waivers.forEach((w, i) => {
      if (!waiverMatches(w, f)) return;
      matched[i]++;
      if (Date.parse(w.expires) >= today && waiver === undefined) waiver = w;
    });
    if (!waiver || f.status === 'waived') return f.status === 'waived' ? f.waiver?.reason : undefined;
    return waiver.reason;
  });
  return { waived, matched };
}

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

describe('applyWaivers by rule and vendor', () => {
  it('waives the same findings with the same waivers as trying every waiver (400 random files)', () => {
    const r = random(11);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)];
    const rules = ['rule-a', 'rule-b', 'rule-c'];
    const vendors = ['v1', 'v2', 'v3', 'v4'];
    const services = [undefined, 's1', 's2'];
    for (let round = 0; round < 400; round++) {
      const findings: Finding[] = Array.from({ length: Math.floor(r() * 30) }, (_, i) => {
        const service = pick(services);
        const organisation = r() < 0.1;
        const already = r() < 0.05;
        return {
          fingerprint: `fp-${i % 7}`,
          ruleId: pick(rules),
          title: 't',
          severity: 'high',
          scope: organisation ? 'organisation' : service ? 'service' : 'vendor',
          ...(organisation ? {} : { vendor: { id: pick(vendors), name: 'V' } }),
          ...(service && !organisation ? { service: { id: service, name: service, provider: 'aws' } } : {}),
          message: 'm',
          regimes: [],
          basis: 'exposure',
          legalBasis: [],
          evidence: [],
          references: [],
          remediation: 'r',
          factors: { sensitivity: 0, volume: 0, criticality: 'high' },
          status: already ? 'waived' : 'open',
          ...(already ? { waiver: { reason: 'earlier', approvedBy: 'x', expires: '2027-01-01' } } : {}),
        } as Finding;
      });
      const waivers: Waiver[] = Array.from({ length: Math.floor(r() * 12) }, (_, i) => {
        const service = r() < 0.3 ? pick(['s1', 's2']) : undefined;
        const fingerprint = r() < 0.2 ? `fp-${Math.floor(r() * 7)}` : undefined;
        return {
          rule: pick(rules),
          vendor: pick(vendors),
          ...(service ? { service } : {}),
          ...(fingerprint ? { fingerprint } : {}),
          reason: `waiver ${i}`,
          approvedBy: 'a',
          expires: r() < 0.25 ? '2026-01-01' : '2027-06-01',
          location: { file: 'w.yaml', line: i + 1, column: 3, pointer: `/waivers/${i}` },
        };
      });
      const file: WaiverFile = { file: 'w.yaml', sha256: '0', waivers };
      const got = applyWaivers(findings, file, { asOf: AS_OF });
      const want = oracle(findings, file);
      expect({
        round,
        waived: got.findings.map((f) => (f.status === 'waived' ? f.waiver?.reason : undefined)),
        matched: got.waivers.map((w) => w.matched),
      }).toEqual({ round, waived: want.waived, matched: want.matched });
      // findings no waiver touched are given back as they were
      got.findings.forEach((f, i) => {
        if (f.status !== 'waived' || findings[i].status === 'waived') expect(f).toBe(findings[i]);
      });
    }
  });
});
