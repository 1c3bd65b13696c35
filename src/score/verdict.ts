import type { Finding, RuleOutcome } from '../engine/types.js';
import { SEVERITIES, type Severity } from '../model/types.js';
import { ByPosition, type ScoreResult, scoreAt, VendorPositions } from './score.js';

export interface VerdictInput {
  vendorIds: readonly string[];
  /**
   * The ids are distinct (a validated inventory's vendors): their positions are then known without a map of them
   * (VendorPositions). Not to be said of a list that may repeat an id.
   */
  distinctVendorIds?: boolean;
  findings: readonly Finding[];
  /** Rule id → weight (default 1). */
  weights: ReadonlyMap<string, number>;
  outcomes: readonly RuleOutcome[];
  failOn: Severity | 'never';
  minScore: number;
  waivers?: readonly { state: string }[];
  /** Extra reasons the run fails, from triage (e.g. unused waivers under --strict-waivers). */
  reasons?: readonly string[];
}

/** The score and the verdict of a run: what `summary` in the report says. */
export interface Verdict {
  scored: ScoreResult;
  counts: Record<Severity, number>;
  /** Open and existing findings per vendor id (waived ones do not count), for the vendors that have any. */
  perVendor: ReadonlyMap<string, number>;
  open: number;
  waived: number;
  existing: number;
  reasons: string[];
  passed: boolean;
}

function breaches(severity: Severity, failOn: Severity | 'never'): boolean {
  if (failOn === 'never') return false;
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(failOn);
}

/** Pure: score the findings and decide pass or fail against --fail-on and --min-score. */
export function judge(input: VerdictInput): Verdict {
  const { findings } = input;
  // one id → position map for the score and the counts (scored first: its vendors are the listed ones and those
  // its findings name, in that order)
  const positions = new VendorPositions(input.vendorIds, { distinct: input.distinctVendorIds });
  const scored = scoreAt(positions, findings, input.weights);
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const perPosition: number[] = [];
  let open = 0;
  let waived = 0;
  let existing = 0;
  let breaching = 0;
  for (const f of findings) {
    if (f.status === 'waived') {
      waived++;
      continue;
    }
    if (f.status === 'existing') existing++;
    else open++;
    counts[f.severity]++;
    if (f.vendor) {
      const i = positions.of(f.vendor);
      while (perPosition.length <= i) perPosition.push(0);
      perPosition[i]++;
    }
    if (f.status === 'open' && breaches(f.severity, input.failOn)) breaching++;
  }
  const perVendor = new ByPosition(positions, perPosition.length, (i) =>
    perPosition[i] > 0 ? perPosition[i] : undefined,
  );
  const reasons: string[] = [];
  if (breaching > 0) {
    reasons.push(`${breaching} open finding(s) at or above '${input.failOn}'`);
  }
  if (scored.score < input.minScore) reasons.push(`score ${scored.score} is below --min-score ${input.minScore}`);
  const errors = input.outcomes.reduce((n, o) => n + o.error, 0);
  if (errors > 0) reasons.push(`${errors} rule evaluation error(s)`);
  const expired = (input.waivers ?? []).filter((w) => w.state === 'expired');
  if (expired.length > 0) reasons.push(`${expired.length} expired waiver(s)`);
  reasons.push(...(input.reasons ?? []));
  return { scored, counts, perVendor, open, waived, existing, reasons, passed: reasons.length === 0 };
}
