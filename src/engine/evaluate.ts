import * as crypto from 'node:crypto';
import { EMPTY, orEmpty } from '../enrich/shared.js';
import type { DataFacts, EnrichedInventory, EnrichedService, EnrichedVendor, FactSet } from '../enrich/types.js';
import { SEVERITIES, type Severity, type SourceLocation } from '../model/types.js';
import { parseDay } from '../util/dates.js';
import { lastOf } from '../util/memo.js';
import type { CompiledRule } from './compile.js';
import {
  BASES,
  type Basis,
  type Finding,
  type FindingFactors,
  type OutcomeStatus,
  type RuleOutcome,
  type Scope,
} from './types.js';

export interface EvaluateOptions {
  /** Record every evaluated target per rule (JUnit needs passes too). */
  recordTargets?: boolean;
  /** Where the organisation block is, for organisation-scope findings. */
  locateOrganisation?: () => SourceLocation | undefined;
}

export interface Evaluation {
  findings: Finding[];
  outcomes: RuleOutcome[];
}

const SENSITIVITY: Record<string, number> = {
  genomic: 1,
  omic: 1,
  biometric: 1,
  government: 1,
  health: 0.9,
  'precise-geolocation': 0.9,
  financial: 0.8,
  credentials: 0.8,
  personal: 0.7,
  'intellectual-property': 0.6,
  other: 0.3,
  unknown: 0.3,
};

/** Stable across runs and line moves: keyed on rule, vendor, service and data set only. */
export function fingerprint(parts: readonly string[]): string {
  return sha256Hex(parts.join('\u0000')).slice(0, 32);
}

/**
 * sha256 of a string's UTF-8 bytes, in hex. The one-shot `crypto.hash` (Node ≥ 20.12) costs a third of a Hash
 * object per finding; older Node 20 releases fall back to `createHash` (same digest).
 */
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

function sensitivityOf(categories: readonly string[]): number {
  let s = 0;
  for (const c of categories) s = Math.max(s, SENSITIVITY[c] ?? 0.3);
  return s;
}

/**
 * Evaluate compiled rules over the enriched inventory in a single pass: each target's fact set is
 * built once and every rule of that scope runs against it.
 */
export function evaluate(
  enriched: EnrichedInventory,
  rules: readonly CompiledRule[],
  options: EvaluateOptions = {},
): Evaluation {
  const asOfDay = parseDay(enriched.asOf) ?? 0;
  const outcomes = new Map<string, RuleOutcome>();
  for (const rule of rules) {
    outcomes.set(rule.definition.id, {
      ruleId: rule.definition.id,
      pass: 0,
      fail: 0,
      not_applicable: 0,
      error: 0,
      ...(options.recordTargets ? { targets: [] } : {}),
    });
  }
  // each rule's outcome resolved once (not looked up per target)
  type Entry = { rule: CompiledRule; outcome: RuleOutcome };
  const byScope: Record<Scope, Entry[]> = { organisation: [], vendor: [], service: [], data: [] };
  for (const rule of rules)
    byScope[rule.definition.scope].push({ rule, outcome: outcomes.get(rule.definition.id) as RuleOutcome });
  const record = options.recordTargets === true;
  const findings: Finding[] = [];

  const targetName = (
    vendor: EnrichedVendor | undefined,
    service: EnrichedService | undefined,
    dataIndex: number | undefined,
  ): string => {
    if (!vendor) return 'organisation';
    if (!service) return vendor.facts.id;
    const target = `${vendor.facts.id}/${service.facts.id}`;
    return dataIndex === undefined ? target : `${target}/data/${dataIndex}`;
  };

  const refs = new TargetRefs();

  const run = (
    entry: Entry,
    facts: FactSet,
    vendor: EnrichedVendor | undefined,
    service: EnrichedService | undefined,
    dataIndex: number | undefined,
  ): void => {
    const { rule, outcome } = entry;
    let status: OutcomeStatus;
    let message: string | undefined;
    try {
      if (rule.applies && !rule.applies(facts, asOfDay)) status = 'not_applicable';
      else if (rule.fails(facts, asOfDay)) status = 'fail';
      else status = 'pass';
      if (status === 'fail') {
        message = rule.message(facts);
        findings.push(buildFinding(rule, facts, message, vendor, service, dataIndex, options.locateOrganisation, refs));
      }
    } catch (error) {
      status = 'error';
      message = `rule ${rule.definition.id} failed on ${targetName(vendor, service, dataIndex)}: ${(error as Error).message}`;
      outcome.errors = [...(outcome.errors ?? []), message];
    }
    // a property each (not outcome[status]: one keyed store with four names for every rule and target)
    if (status === 'fail') outcome.fail++;
    else if (status === 'pass') outcome.pass++;
    else if (status === 'not_applicable') outcome.not_applicable++;
    else outcome.error++;
    if (record) outcome.targets?.push({ target: targetName(vendor, service, dataIndex), status, message });
  };

  const organisationFacts: FactSet = { organisation: enriched.organisation, asOf: enriched.asOf };
  for (const entry of byScope.organisation) run(entry, organisationFacts, undefined, undefined, undefined);

  // One fact set per scope, reused for every target (fields reassigned, same keys in the same order
  // as before): rules read it synchronously and nothing keeps a reference to it.
  const organisation = enriched.organisation;
  const asOf = enriched.asOf;
  const vendorFacts = { organisation, vendor: undefined, asOf } as FactSet;
  const serviceFacts = { organisation, vendor: undefined, asOf, service: undefined } as FactSet;
  const dataFacts = { organisation, vendor: undefined, asOf, service: undefined, data: undefined } as FactSet;
  const vendorRules = byScope.vendor;
  const serviceRules = byScope.service;
  const dataRules = byScope.data;
  for (const vendor of enriched.vendors) {
    vendorFacts.vendor = vendor.facts;
    for (const entry of vendorRules) run(entry, vendorFacts, vendor, undefined, undefined);
    if (serviceRules.length === 0 && dataRules.length === 0) continue;
    serviceFacts.vendor = vendor.facts;
    dataFacts.vendor = vendor.facts;
    for (const service of vendor.services) {
      serviceFacts.service = service.facts;
      for (const entry of serviceRules) run(entry, serviceFacts, vendor, service, undefined);
      if (dataRules.length === 0) continue;
      dataFacts.service = service.facts;
      for (const data of service.data) {
        dataFacts.data = data;
        for (const entry of dataRules) run(entry, dataFacts, vendor, service, data.index);
      }
    }
  }

  findings.sort(compareFindings);
  return { findings, outcomes: [...outcomes.values()] };
}

function buildFinding(
  rule: CompiledRule,
  facts: FactSet,
  message: string,
  vendor: EnrichedVendor | undefined,
  service: EnrichedService | undefined,
  dataIndex: number | undefined,
  locateOrganisation: (() => SourceLocation | undefined) | undefined,
  refs: TargetRefs,
): Finding {
  const def = rule.definition;
  let evidence: string[] = [];
  for (const get of rule.evidence) {
    const value = get(facts);
    if (typeof value === 'string' && value) evidence.push(value);
    else if (Array.isArray(value)) for (const v of value) if (typeof v === 'string' && v) evidence.push(v);
  }
  // exact size (a list grown by push keeps room for 16), or the shared empty list: findings live until written
  evidence = evidence.length === 0 ? EMPTY : evidence.slice();
  let regimes = def.regimes;
  if (rule.regimesFrom) {
    const applicable = rule.regimesFrom(facts);
    if (Array.isArray(applicable)) regimes = def.regimes.filter((r) => applicable.includes(r));
  }
  // a basisFrom value outside BASES falls back to the rule's basis; no basis at all is 'unknown'
  let basis: Basis = def.basis ?? 'unknown';
  if (rule.basisFrom) {
    const value = rule.basisFrom(facts);
    if ((BASES as readonly unknown[]).includes(value)) basis = value as Basis;
  }
  let ruleSeverity = def.severity;
  if (rule.severityFrom) {
    const value = rule.severityFrom(facts);
    if ((SEVERITIES as readonly unknown[]).includes(value)) ruleSeverity = value as Severity;
  }
  // the section that makes each claimed regime hold, as the rule cites it
  const legalBasis = orEmpty(
    regimes.flatMap((regime) => {
      const citation = def.citations?.[regime];
      return citation ? [{ regime, citation }] : [];
    }),
  );
  const data = dataIndex !== undefined ? service?.data[dataIndex] : undefined;
  const categories = data ? [data.category] : (service?.facts.categories ?? []);
  const volume = data
    ? (data.usPersons ?? data.devices ?? 0)
    : (service?.raw.data ?? []).reduce((n, d) => n + (d.usPersons ?? d.devices ?? 0), 0);
  const factors: FindingFactors = {
    sensitivity: sensitivityOf(categories),
    volume,
    criticality: service?.facts.criticality ?? vendor?.facts.criticality ?? 'medium',
  };
  const location = service?.location ?? vendor?.location ?? (vendor ? undefined : locateOrganisation?.());
  return {
    fingerprint: fingerprint([
      def.id,
      vendor?.facts.id ?? '',
      service?.facts.id ?? '',
      dataIndex !== undefined ? `${dataIndex}:${data?.category ?? ''}` : '',
    ]),
    ruleId: def.id,
    title: def.title,
    severity: def.basis || def.basisFrom ? severityFor(basis, ruleSeverity) : ruleSeverity,
    scope: def.scope,
    vendor: vendor ? refs.vendor(vendor) : undefined,
    service: service ? refs.service(service) : undefined,
    data: data ? refs.data(data) : undefined,
    message,
    basis,
    regimes,
    legalBasis,
    evidence,
    location,
    references: def.references,
    remediation: def.remediation,
    inferred: service && service.facts.inferred.length > 0 ? service.facts.inferred : undefined,
    factors,
    status: 'open',
  };
}

/**
 * The `vendor`, `service` and `data` parts of a finding, one (read-only) object per target shared by its findings:
 * targets are evaluated one after the other, so the last one made is the one to reuse.
 */
class TargetRefs {
  readonly vendor = lastOf(
    (v: EnrichedVendor): NonNullable<Finding['vendor']> => Object.freeze({ id: v.facts.id, name: v.facts.name }),
  );
  readonly service = lastOf(
    (s: EnrichedService): NonNullable<Finding['service']> =>
      Object.freeze({ id: s.facts.id, name: s.facts.name, provider: s.facts.provider.id }),
  );
  readonly data = lastOf(
    (d: DataFacts): NonNullable<Finding['data']> => Object.freeze({ index: d.index, category: d.category }),
  );
}

/**
 * Severity follows the basis (docs/legal-model.md): a prohibition is critical; a restricted transaction, an
 * obligation or an exposure is at most high (the rule's own severity when lower); a missing fact is at most medium.
 */
const SEVERITY_CEILING: Record<Basis, Severity> = {
  prohibited: 'critical',
  restricted: 'high',
  reportable: 'high',
  exposure: 'high',
  unknown: 'medium',
};

export function severityFor(basis: Basis, ruleSeverity: Severity): Severity {
  if (basis === 'prohibited') return 'critical';
  const ceiling = SEVERITY_CEILING[basis];
  return severityRank(ruleSeverity) < severityRank(ceiling) ? ceiling : ruleSeverity;
}

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    cmp(a.vendor?.id ?? '', b.vendor?.id ?? '') ||
    cmp(a.service?.id ?? '', b.service?.id ?? '') ||
    cmp(a.ruleId, b.ruleId) ||
    (a.data?.index ?? -1) - (b.data?.index ?? -1)
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
