/** `residency diff` writes its output in pieces: the pieces are the text the whole comparison makes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DiffFinding,
  type DiffSide,
  diffJsonChunks,
  diffMarkdownChunks,
  diffReports,
  diffTextChunks,
  diffToJson,
} from '../../../src/triage/diff.js';

const text = fc.string({ unit: fc.constantFrom('a', 'Z', '"', '\\', '\n', '|', '—', '😀', '\u2028', '\ud800') });
const finding: fc.Arbitrary<DiffFinding> = fc.record(
  {
    fingerprint: fc.constantFrom('f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8'),
    ruleId: text,
    severity: fc.constantFrom('critical', 'high', 'low'),
    status: fc.constantFrom('open', 'waived', 'existing'),
    vendor: fc.record({ id: text }),
    service: fc.record({ id: text }),
    message: text,
  },
  { requiredKeys: ['fingerprint', 'ruleId', 'severity'] },
);
const side: fc.Arbitrary<DiffSide> = fc.record({
  file: text,
  sha256: fc.constant('0'.repeat(64)),
  asOf: fc.option(fc.constant('2026-11-28'), { nil: undefined }),
  score: fc.integer({ min: 0, max: 100 }),
  findings: fc.uniqueArray(finding, { selector: (f) => f.fingerprint, maxLength: 8 }),
});

describe('diff output in pieces', () => {
  it('JSON: the pieces are JSON.stringify of the whole comparison, for any reports', () => {
    fc.assert(
      fc.property(side, side, (a, b) => {
        const d = diffReports(a, b);
        const pieces = [...diffJsonChunks(d)];
        expect(pieces.join('')).toBe(`${JSON.stringify(diffToJson(d), null, 2)}\n`);
        // a piece per finding listed, besides the document's own pieces
        expect(pieces.length).toBeGreaterThanOrEqual(d.counts.new + d.counts.resolved + d.counts.unchanged);
      }),
      { seed: 16_004, numRuns: 1000 },
    );
  });

  it('text and Markdown: pieces of at most 512 lines that end with a line break', () => {
    const findings = Array.from({ length: 1500 }, (_, i) => ({
      fingerprint: `f${i}`,
      ruleId: 'rule',
      severity: 'high',
      vendor: { id: `v${i}` },
      message: 'm',
    }));
    const d = diffReports(
      { file: 'a.json', sha256: '0', score: 50, findings: findings.slice(0, 1000) },
      { file: 'b.json', sha256: '0', score: 40, findings: findings.slice(500) },
    );
    for (const chunks of [diffTextChunks(d), diffMarkdownChunks(d)]) {
      const pieces = [...chunks];
      expect(pieces.length).toBeGreaterThan(1);
      for (const piece of pieces) {
        expect(piece.endsWith('\n')).toBe(true);
        expect(piece.split('\n').length - 1).toBeLessThanOrEqual(512);
      }
      const whole = pieces.join('');
      // 500 new and 500 resolved findings, each on a line of its own
      expect(whole.match(/\bf\d+\b/g)?.length).toBe(1000);
    }
  });
});
