import { restateFinding } from '../engine/evaluate.js';
import type { Finding } from '../engine/types.js';
import { fileErrors } from '../model/errors.js';
import type { ParsedDocument } from '../parse/parse.js';

export interface Baseline {
  file: string;
  sha256: string;
  fingerprints: ReadonlySet<string>;
}

/** A baseline that is not a report, at the position of what is wrong. */
export const BASELINE_ERRORS = fileErrors(
  'E_BASELINE',
  'Give a JSON report written by `residency check --format json`',
);

/** What the baseline's checks say, one place for the whole-text and the streamed reader. */
export const BASELINE_PROBLEMS = {
  notReport: ['the baseline is not a JSON report', 'an object with findings[]'],
  noFindings: ["the baseline has no 'findings' list", 'a JSON report with findings[]'],
  noFingerprint: (i: number): [string, string] => [
    `findings[${i}] has no fingerprint`,
    'a finding with a fingerprint string',
  ],
} as const;

/** A finding's fingerprint, or undefined when it has none a baseline can use. */
export function baselineFingerprint(finding: unknown): string | undefined {
  const fp = (finding as { fingerprint?: unknown } | null)?.fingerprint;
  return typeof fp === 'string' && fp !== '' ? fp : undefined;
}

/**
 * A baseline is a previous JSON report; only its findings' fingerprints are used. The shape is
 * checked just enough to refuse a file that is not a report (located error, exit 2).
 */
export function parseBaseline(doc: ParsedDocument): Baseline {
  const data = doc.data as { findings?: unknown; schemaVersion?: unknown } | null;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw BASELINE_ERRORS.inDocument(doc, '', ...BASELINE_PROBLEMS.notReport);
  }
  if (!Array.isArray(data.findings)) {
    throw BASELINE_ERRORS.inDocument(doc, '', ...BASELINE_PROBLEMS.noFindings);
  }
  const fingerprints = new Set<string>();
  data.findings.forEach((f: unknown, i: number) => {
    const fp = baselineFingerprint(f);
    if (fp === undefined)
      throw BASELINE_ERRORS.inDocument(doc, `/findings/${i}`, ...BASELINE_PROBLEMS.noFingerprint(i));
    fingerprints.add(fp);
  });
  return { file: doc.file, sha256: doc.sha256, fingerprints };
}

export interface BaselineResult {
  findings: Finding[];
  baseline: { path: string; sha256: string; existing: number; resolved: number };
}

/**
 * Pure: open findings whose fingerprint is in the baseline become `existing` (they are reported but do
 * not fail the run). Fingerprints hang on rule, vendor, service and data set ids, not on positions, so
 * reformatting or reordering the inventory changes nothing.
 */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline): BaselineResult {
  let existing = 0;
  const seen = new Set<string>();
  const out = findings.map((f) => {
    seen.add(f.fingerprint);
    if (f.status !== 'open' || !baseline.fingerprints.has(f.fingerprint)) return f;
    existing++;
    return restateFinding(f, 'existing');
  });
  let resolved = 0;
  for (const fp of baseline.fingerprints) if (!seen.has(fp)) resolved++;
  return { findings: out, baseline: { path: baseline.file, sha256: baseline.sha256, existing, resolved } };
}
