import type { Finding } from '../engine/types.js';
import type { Diagnostic } from '../model/types.js';
import type { Report, WaiverStatus } from '../report/types.js';
import { pushAll } from '../util/arrays.js';
import { applyBaseline, type Baseline } from './baseline.js';
import { applyWaivers, type WaiverFile } from './waivers.js';

export { applyBaseline, type Baseline, parseBaseline } from './baseline.js';
export { applyWaivers, parseWaivers, type Waiver, type WaiverFile, waiverMatches } from './waivers.js';

export interface TriageOptions {
  asOf: string;
  waivers?: WaiverFile;
  baseline?: Baseline;
  strictWaivers?: boolean;
}

export interface TriageResult {
  findings: Finding[];
  waivers?: WaiverStatus[];
  baseline?: Report['baseline'];
  diagnostics: Diagnostic[];
  reasons: string[];
}

/** The `triage` hook of runCheck: waivers first, then the baseline (a waived finding stays waived). */
export function triage(findings: readonly Finding[], options: TriageOptions): TriageResult {
  let current = [...findings];
  const result: TriageResult = { findings: current, diagnostics: [], reasons: [] };
  if (options.waivers) {
    const w = applyWaivers(current, options.waivers, { asOf: options.asOf, strict: options.strictWaivers });
    current = w.findings;
    result.waivers = w.waivers;
    pushAll(result.diagnostics, w.diagnostics);
    pushAll(result.reasons, w.reasons);
  }
  if (options.baseline) {
    const b = applyBaseline(current, options.baseline);
    current = b.findings;
    result.baseline = b.baseline;
  }
  result.findings = current;
  return result;
}
