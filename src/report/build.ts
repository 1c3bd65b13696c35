import { catalogFreshness, STALE_AFTER_DAYS } from '../catalog/lists.js';
import type { Catalog } from '../catalog/types.js';
import type { RulePack } from '../engine/rules.js';
import type { Finding, RuleOutcome } from '../engine/types.js';
import type { EnrichedInventory, EnrichedVendor } from '../enrich/types.js';
import { EXIT } from '../model/errors.js';
import type { Diagnostic } from '../model/types.js';
import { getNear, SCORING_METHOD } from '../score/score.js';
import { judge, type Verdict } from '../score/verdict.js';
import { canonicalDigest } from '../util/canonical-json.js';
import { lastOf } from '../util/memo.js';
import { catalogFactsOf, regimeDefinitions, totalsOf } from './facts.js';
import { type FindingList, findingAt, type ItemList, LazyItems, registerItems } from './items.js';
import { redactSecrets } from './text.js';
import {
  type AwsIdentityReport,
  type FailOn,
  REPORT_SCHEMA_VERSION,
  type Report,
  type ReportVendor,
  type WaiverStatus,
} from './types.js';

export interface BuildReportInput {
  tool: { name: string; version: string };
  asOf: string;
  inputs: { path: string; sha256: string; format: string; skipped?: string[] }[];
  enriched: EnrichedInventory;
  pack: RulePack;
  catalog: Catalog;
  findings: Finding[];
  outcomes: RuleOutcome[];
  failOn: FailOn;
  minScore: number;
  configuration: Record<string, unknown>;
  diagnostics: Diagnostic[];
  waivers?: WaiverStatus[];
  baseline?: Report['baseline'];
  identity?: AwsIdentityReport;
  /** Extra reasons the run fails, from triage (e.g. unused waivers under --strict-waivers). */
  reasons?: string[];
  /** The score and verdict, when already computed (else computed here from the fields above). */
  verdict?: Verdict;
}

/**
 * sha256 of the value's JSON in the key order built here (the lists are sorted stably where they are built): the
 * bytes of `JSON.stringify`, written by the one canonical-JSON writer with `sortKeys: false` (sorting them would
 * change every recorded digest).
 */
export function digestOf(value: unknown): string {
  return canonicalDigest(value, { sortKeys: false });
}

/** Version and digest of the catalogue, plus `stale` when its newest fact is too old for `asOf`. */
function catalogSummary(catalog: Catalog, asOf: string): Report['catalog'] {
  const fresh = catalogFreshness(catalog.newestAsOf, asOf);
  const summary: Report['catalog'] = { version: catalog.version, sha256: catalog.sha256 };
  if (fresh?.stale)
    summary.stale = { newestAsOf: fresh.newestAsOf, ageDays: fresh.ageDays, maxAgeDays: STALE_AFTER_DAYS };
  return summary;
}

/** The weight of each rule in the score (1 unless the rule or the configuration says otherwise). */
export function ruleWeights(pack: Pick<RulePack, 'rules'>): Map<string, number> {
  return new Map(pack.rules.map((r) => [r.definition.id, r.definition.weight ?? 1]));
}

/** The verdict of the report's findings (the pipeline computes it in its own `score` stage). */
export function verdictOf(input: BuildReportInput): Verdict {
  return judge({
    vendorIds: input.enriched.vendors.map((v) => v.facts.id),
    distinctVendorIds: true, // a validated inventory's
    findings: input.findings,
    weights: ruleWeights(input.pack),
    outcomes: input.outcomes,
    failOn: input.failOn,
    minScore: input.minScore,
    waivers: input.waivers,
    reasons: input.reasons,
  });
}

/** Pure: assemble the one report model every formatter reads. */
export function buildReport(input: BuildReportInput): Report {
  const { enriched, findings, pack } = input;
  const { scored, counts, perVendor, open, waived, existing, reasons, passed } = input.verdict ?? verdictOf(input);
  let services = 0;
  for (const v of enriched.vendors) services += v.services.length;

  const facts = catalogFactsOf(findings, enriched, input.catalog);
  const configuration = { ...input.configuration };
  configuration.sha256 = digestOf(input.configuration);

  const vendorList = new LazyItems<ReportVendor>(vendorItems(enriched.vendors, scored.vendors, perVendor));
  const redact = findingRedactor();
  const findingList = new LazyItems<Finding, FindingList>({
    length: findings.length,
    // credentials that found their way into an inventory are never echoed (see docs/robustness.md)
    parts: (i) => ({ finding: redactFinding(findings[i], redact), catalogFacts: facts.keys[i] }),
    at(i) {
      return findingAt(this, i);
    },
  });
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: input.tool,
    asOf: input.asOf,
    organisation: { name: enriched.organisation.name, jurisdiction: enriched.organisation.jurisdiction },
    inputs: input.inputs,
    rulePack: { version: pack.version, sha256: pack.sha256, rules: pack.rules.length },
    catalog: catalogSummary(input.catalog, input.asOf),
    configuration,
    scoring: { ...SCORING_METHOD },
    summary: {
      verdict: passed ? 'pass' : 'fail',
      score: scored.score,
      grade: scored.grade,
      counts,
      findings: findings.length,
      open,
      waived,
      existing,
      vendors: enriched.vendors.length,
      services,
      passed,
      failOn: input.failOn,
      minScore: input.minScore,
      reasons,
      totals: totalsOf(findings),
    },
    regimes: regimeDefinitions(
      [...pack.rules.flatMap((r) => r.definition.regimes), ...findings.flatMap((f) => f.regimes)],
      input.catalog,
    ),
    catalogFacts: facts.facts,
    // made one at a time by the JSON writer, whole for any other reader (see items.ts)
    get vendors(): ReportVendor[] {
      return vendorList.all();
    },
    set vendors(value: ReportVendor[]) {
      vendorList.replace(value);
    },
    get findings(): Finding[] {
      return findingList.all();
    },
    set findings(value: Finding[]) {
      findingList.replace(value);
    },
    outcomes: input.outcomes.map((o) => ({
      ruleId: o.ruleId,
      pass: o.pass,
      fail: o.fail,
      not_applicable: o.not_applicable,
      error: o.error,
      ...(o.errors ? { errors: o.errors } : {}),
      ...(o.targets ? { targets: o.targets } : {}),
    })),
    rules: pack.rules.map((r) => ({
      id: r.definition.id,
      title: r.definition.title,
      severity: r.definition.severity,
      scope: r.definition.scope,
      weight: r.definition.weight ?? 1,
      description: r.definition.description,
      rationale: r.definition.rationale,
      remediation: r.definition.remediation,
      references: r.definition.references,
      regimes: r.definition.regimes,
      basis: r.definition.basisFrom ? `from ${r.definition.basisFrom}` : (r.definition.basis ?? 'unknown'),
      source: r.file,
    })),
    diagnostics: input.diagnostics,
    ...(input.waivers ? { waivers: input.waivers } : {}),
    ...(input.baseline ? { baseline: input.baseline } : {}),
    ...(input.identity ? { identity: input.identity } : {}),
  };
  registerItems(report, { vendors: vendorList, findings: findingList, source: findings });
  return report;
}

/**
 * The vendor summaries, by score (lowest first) then id: the order is worked out once (from the
 * scores), each summary is made when asked for.
 */
function vendorItems(
  vendors: readonly EnrichedVendor[],
  scored: ReadonlyMap<string, { score: number; grade: string }>,
  perVendor: ReadonlyMap<string, number>,
): ItemList<ReportVendor> {
  // worked out once, in the inventory's order (the maps are read in the order they were filled)
  let order: { positions: number[]; scores: ({ score: number; grade: string } | undefined)[]; counts: number[] };
  const sorted = (): typeof order => {
    if (order) return order;
    // in the order the score was given the ids: each is found at its position, without a look-up by id
    const scores = vendors.map((v, i) => getNear(scored, v.facts.id, i));
    const counts = vendors.map((v, i) => getNear(perVendor, v.facts.id, i) ?? 0);
    const score = scores.map((s) => s?.score ?? 100);
    const ids = vendors.map((v) => v.facts.id);
    // a stable sort of the positions: ties keep the inventory's order, as sorting the summaries did
    const positions = Array.from(vendors, (_, i) => i).sort(
      (a, b) => score[a] - score[b] || (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0),
    );
    order = { positions, scores, counts };
    return order;
  };
  return {
    length: vendors.length,
    compactAt(index, compactor) {
      const { positions, scores, counts } = sorted();
      const at = positions[index];
      const { facts, services } = vendors[at];
      const s = scores[at];
      const compactServices = new Array(services.length);
      for (let i = 0; i < services.length; i++) {
        const f = services[i].facts;
        compactServices[i] = compactor.serviceOf(
          f.id,
          f.provider.id,
          f.provider.name,
          f.control.country,
          f.hosting.countries,
          f.adversaryControlled,
          f.hosting.adversary,
          f.categories,
        );
      }
      return compactor.vendorOf(
        at,
        facts.id,
        redactSecrets(facts.name),
        facts.criticality,
        s?.score ?? 100,
        s?.grade ?? 'A',
        counts[at],
        facts.coveredPerson,
        redactOptional(facts.control.controller),
        facts.control.country,
        redactSecrets(facts.control.evidence),
        compactServices,
      );
    },
    at(index) {
      const { positions, scores, counts } = sorted();
      const v = vendors[positions[index]];
      const s = scores[positions[index]];
      return {
        id: v.facts.id,
        name: redactSecrets(v.facts.name),
        criticality: v.facts.criticality,
        score: s?.score ?? 100,
        grade: s?.grade ?? 'A',
        findings: counts[positions[index]],
        coveredPerson: v.facts.coveredPerson,
        controller: redactOptional(v.facts.control.controller),
        controlCountry: v.facts.control.country,
        controlEvidence: redactSecrets(v.facts.control.evidence),
        services: v.services.map((s) => ({
          id: s.facts.id,
          provider: s.facts.provider.id,
          providerName: s.facts.provider.name,
          controlCountry: s.facts.control.country,
          countries: s.facts.hosting.countries,
          adversaryControlled: s.facts.adversaryControlled,
          adversaryHosted: s.facts.hosting.adversary,
          categories: s.facts.categories,
        })),
      };
    },
  };
}

/** `redactSecrets` of a text that may be absent (a vendor with no known controller). */
function redactOptional(text: string | undefined): string | undefined {
  return text === undefined ? undefined : redactSecrets(text);
}

/** How a finding's texts are redacted (`redactSecrets`, remembering what it need not search again). */
interface FindingRedactor {
  /** A vendor's name: the findings of one target share theirs, so the last name is remembered. */
  vendorName: (text: string) => string;
  /** A service's name, likewise. */
  serviceName: (text: string) => string;
  /**
   * An evidence sentence: the findings of one target repeat many (the 100k bench's messages and evidence are 43.5 M
   * characters, 24.6 M of them in distinct texts).
   */
  evidence: (text: string) => string;
}

function findingRedactor(): FindingRedactor {
  // texts that hold nothing secret-shaped (nearly all): redactSecrets gives each back as it is
  const clean = new Set<string>();
  return {
    vendorName: lastOf(redactSecrets),
    serviceName: lastOf(redactSecrets),
    evidence: (text) => {
      if (clean.has(text)) return text;
      const redacted = redactSecrets(text);
      if (redacted === text) clean.add(text);
      return redacted;
    },
  };
}

/**
 * A finding with secrets redacted from its message, evidence and names. Findings are plain data and
 * nearly never hold anything secret-shaped: then the finding itself is returned (same keys, same
 * values), instead of a copy per finding.
 */
function redactFinding(f: Finding, redact: FindingRedactor): Finding {
  // read once: a finding `evaluate` made renders its message when it is read (src/engine/evaluate.ts)
  const text = f.message;
  const message = redactSecrets(text);
  let evidence = f.evidence;
  for (let i = 0; i < evidence.length; i++) {
    const redacted = redact.evidence(evidence[i]);
    if (redacted !== evidence[i]) {
      if (evidence === f.evidence) evidence = [...f.evidence];
      evidence[i] = redacted;
    }
  }
  const vendorName = f.vendor ? redact.vendorName(f.vendor.name) : undefined;
  const serviceName = f.service ? redact.serviceName(f.service.name) : undefined;
  if (message === text && evidence === f.evidence && vendorName === f.vendor?.name && serviceName === f.service?.name)
    return f;
  return {
    ...f,
    message,
    evidence: evidence === f.evidence ? [...evidence] : evidence,
    ...(f.vendor ? { vendor: { ...f.vendor, name: vendorName as string } } : {}),
    ...(f.service ? { service: { ...f.service, name: serviceName as string } } : {}),
  };
}

/** The exit code is a property of the report: 0 passed, 1 a threshold was breached. */
export function exitCodeFor(report: Report): number {
  return report.summary.passed ? EXIT.OK : EXIT.FAIL;
}
