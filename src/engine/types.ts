import type { Inventory, Severity, SourceLocation } from '../model/types.js';

export type Scope = 'organisation' | 'vendor' | 'service' | 'data';

/**
 * What a finding rests on (docs/legal-model.md): a prohibition, a restricted transaction, an obligation such as a
 * report or audit (reportable), a risk the law does not regulate (exposure), or a missing fact (unknown).
 */
export const BASES = ['prohibited', 'restricted', 'reportable', 'exposure', 'unknown'] as const;
export type Basis = (typeof BASES)[number];

/** The section that makes a claimed regime hold. */
export interface LegalBasis {
  regime: string;
  citation: string;
}

export interface Predicate {
  fact: string;
  equals?: unknown;
  notEquals?: unknown;
  in?: unknown[];
  notIn?: unknown[];
  exists?: boolean;
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
  /** Date fact strictly before a date, `asOf`, or `asOf-365d` / `asOf+14d`. */
  before?: string;
  after?: string;
  /** Date fact within the N days up to and including asOf. */
  within?: number;
  matches?: string;
  contains?: unknown;
  containsAny?: unknown[];
  empty?: boolean;
}

export type Condition = { all: Condition[] } | { any: Condition[] } | { not: Condition } | Predicate;

export interface Reference {
  title: string;
  url?: string;
  citation?: string;
}

export interface RuleExample {
  name?: string;
  asOf?: string;
  /** Fail examples: the basis the finding must have. */
  basis?: Basis;
  inventory: Inventory;
  /** AWS caller identity for organisation rules that need one. */
  aws?: { account: string; arn: string; partition: string };
}

export interface RuleDefinition {
  id: string;
  title: string;
  severity: Severity;
  weight?: number;
  scope: Scope;
  description?: string;
  /** Optional applicability: when false the target is not_applicable. */
  appliesWhen?: Condition;
  /** The failure condition. */
  when: Condition;
  message: string;
  /** Fact paths whose values are shown as the evidence chain. */
  evidence?: string[];
  rationale: string;
  remediation: string;
  references: Reference[];
  regimes: string[];
  /** Fact path holding the regimes that really apply to a failing target (intersected with `regimes`). */
  regimesFrom?: string;
  /** What every finding of the rule rests on (absent: 'unknown', severity unchanged). */
  basis?: Basis;
  /** Fact path holding the basis when it depends on facts (a value outside BASES falls back to `basis`). */
  basisFrom?: string;
  /** Fact path holding the severity when it depends on facts (a list's severity); still capped by the basis. */
  severityFrom?: string;
  /** Per regime, the section that makes it hold when a finding claims it. */
  citations?: Record<string, string>;
  /** Which data sensitivity / volume weigh in the score. */
  tags?: string[];
  examples: { pass: RuleExample[]; fail: RuleExample[] };
}

export interface LoadedRule {
  definition: RuleDefinition;
  file: string;
  sha256: string;
  /** Set for bundled rules. */
  bundled: boolean;
  /** Where a JSON pointer into the rule file is (for located errors about the rule, e.g. its examples). */
  locate?: (pointer: string, key?: boolean) => { line: number; column: number } | undefined;
}

export type OutcomeStatus = 'pass' | 'fail' | 'not_applicable' | 'error';

export interface RuleOutcome {
  ruleId: string;
  pass: number;
  fail: number;
  not_applicable: number;
  error: number;
  /** Targets evaluated (only when asked for, e.g. for JUnit). */
  targets?: { target: string; status: OutcomeStatus; message?: string }[];
  errors?: string[];
}

export interface FindingFactors {
  /** Highest data sensitivity involved (0–1). */
  sensitivity: number;
  /** US persons or devices involved. */
  volume: number;
  criticality: string;
}

export interface Finding {
  fingerprint: string;
  ruleId: string;
  title: string;
  severity: Severity;
  scope: Scope;
  vendor?: { id: string; name: string };
  service?: { id: string; name: string; provider: string };
  data?: { index: number; category: string };
  message: string;
  /** What the finding rests on; severity follows it (severityFor). */
  basis: Basis;
  /** Only the regimes whose conditions hold. */
  regimes: string[];
  /** The section that makes each claimed regime hold. */
  legalBasis: LegalBasis[];
  evidence: string[];
  location?: SourceLocation;
  references: Reference[];
  remediation: string;
  inferred?: { fact: string; from: string }[];
  factors: FindingFactors;
  /** Keys into the report's `catalogFacts`: the catalogue facts this finding relied on. */
  catalogFacts?: string[];
  /** open unless waived or in the baseline. */
  status: 'open' | 'waived' | 'existing';
  waiver?: { reason: string; approvedBy: string; expires: string; id?: string };
}
