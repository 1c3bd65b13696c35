import type { Basis, Finding, Reference, RuleOutcome, Scope } from '../engine/types.js';
import type { Diagnostic, Severity } from '../model/types.js';

/**
 * 3.0.0: each vendor, service and finding omits what the report already says elsewhere: a finding its rule's
 * title, scope, severity, basis and regimes, its vendor's name and criticality, the first input's path, empty
 * lists and the `open` status; a service its provider's name and country (new top-level `providers`) and false
 * flags; a vendor its name as controller and a plain control sentence (issue 13: a 100k report went from 2.38x to
 * 1.55x its minified input). `expandReport` (compact.ts) gives back the 2.0.0 form; readers accept 1.x to 3.0.0.
 * 2.0.0: findings refer to `rules[]` by `ruleId` for references and remediation (issue 13); every finding has
 * `basis` and `legalBasis` (issue 12). See docs/formats.md.
 */
export const REPORT_SCHEMA_VERSION = '3.0.0';

export type FailOn = Severity | 'never';

/** A finding as written in the JSON report: references and remediation are its rule's, in `rules[]`. */
export type ReportFinding = Omit<Finding, 'references' | 'remediation'>;

export interface ReportRule {
  id: string;
  title: string;
  severity: Severity;
  scope: Scope;
  weight: number;
  description?: string;
  rationale: string;
  remediation: string;
  references: Reference[];
  regimes: string[];
  /** Static basis of the rule's findings, or `from <fact path>` when it depends on facts. */
  basis: string;
  source: string;
}

export interface ReportVendor {
  id: string;
  name: string;
  criticality: string;
  score: number;
  grade: string;
  findings: number;
  coveredPerson: boolean;
  controller?: string;
  controlCountry?: string;
  controlEvidence: string;
  services: {
    id: string;
    provider: string;
    providerName: string;
    /** Controlling country of the service's effective operator (provider, or region operator). */
    controlCountry?: string;
    countries: string[];
    adversaryControlled: boolean;
    adversaryHosted: boolean;
    categories: string[];
  }[];
}

/** Findings counted by status; `findings` is their sum. */
export interface StatusTotals {
  findings: number;
  open: number;
  existing: number;
  waived: number;
}

/** A regime id used in the report, defined from the catalogue. */
export interface RegimeDefinition {
  id: string;
  name: string;
  citation: string;
  /** What the regime calls an adversary ("foreign adversary", "country of concern"). */
  term?: string;
  source?: string;
  asOf?: string;
}

/** A catalogue fact a finding relied on, with where it comes from and when it was checked. */
export interface CatalogFact {
  kind: 'entity' | 'provider' | 'region' | 'list-membership' | 'regime' | 'threshold';
  id: string;
  fact: string;
  source?: string;
  asOf?: string;
}

export interface WaiverStatus {
  id?: string;
  ruleId: string;
  vendor?: string;
  service?: string;
  fingerprint?: string;
  reason: string;
  approvedBy: string;
  expires: string;
  state: 'active' | 'expired' | 'unused' | 'expiring';
  matched: number;
}

export interface AwsIdentityReport {
  account?: string;
  arn?: string;
  userId?: string;
  partition?: string;
  inInventory?: boolean;
  china?: boolean;
  error?: { code: string; message: string };
}

export interface Report {
  schemaVersion: string;
  tool: { name: string; version: string };
  asOf: string;
  organisation: { name: string; jurisdiction: string };
  inputs: { path: string; sha256: string; format: string; skipped?: string[] }[];
  rulePack: { version: string; sha256: string; rules: number };
  catalog: {
    version: string;
    sha256: string;
    /** Set only when the catalogue's newest fact is more than `maxAgeDays` older than `asOf`. */
    stale?: { newestAsOf: string; ageDays: number; maxAgeDays: number };
  };
  configuration: Record<string, unknown> & { sha256?: string };
  scoring: Record<string, unknown>;
  summary: {
    verdict: 'pass' | 'fail';
    score: number;
    grade: string;
    counts: Record<Severity, number>;
    findings: number;
    open: number;
    waived: number;
    existing: number;
    vendors: number;
    services: number;
    passed: boolean;
    failOn: FailOn;
    minScore: number;
    reasons: string[];
    /** Totals by regime (a finding counts under each of its regimes) and by basis, before the findings. */
    totals: {
      byRegime: ({ regime: string } & StatusTotals)[];
      /** Findings that claim no regime (governance and data-quality rules). */
      noRegime: StatusTotals;
      byBasis: ({ basis: Basis } & StatusTotals)[];
    };
  };
  /** Every regime id used by the rules and findings, defined. */
  regimes: RegimeDefinition[];
  /** The catalogue facts findings relied on, by key (findings list their keys). */
  catalogFacts: Record<string, CatalogFact>;
  vendors: ReportVendor[];
  findings: Finding[];
  outcomes: RuleOutcome[];
  rules: ReportRule[];
  diagnostics: Diagnostic[];
  waivers?: WaiverStatus[];
  baseline?: { path: string; sha256: string; existing: number; resolved: number };
  identity?: AwsIdentityReport;
}
