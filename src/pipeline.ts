import type { Catalog } from './catalog/types.js';
import { evaluate } from './engine/evaluate.js';
import type { RulePack } from './engine/rules.js';
import type { Finding } from './engine/types.js';
import { awsFacts } from './enrich/aws.js';
import { enrich } from './enrich/enrich.js';
import { missingFactWarnings } from './inventory/missing-facts.js';
import { type InventoryFragment, loadInventory } from './inventory/validate.js';
import { hasErrors, ResidencyError } from './model/errors.js';
import type { PipelineStage } from './model/stages.js';
import type { Diagnostic } from './model/types.js';
import type { ParsedDocument } from './parse/parse.js';
import { buildReport, ruleWeights } from './report/build.js';
import type { AwsIdentityReport, FailOn, Report, WaiverStatus } from './report/types.js';
import { judge } from './score/verdict.js';

export interface CheckInput {
  tool: { name: string; version: string };
  docs: readonly ParsedDocument[];
  fragments?: readonly InventoryFragment[];
  catalog: Catalog;
  catalogDiagnostics?: Diagnostic[];
  /** Warnings from reading the inputs (the importers' own are on their fragments). */
  inputDiagnostics?: Diagnostic[];
  pack: RulePack;
  asOf: string;
  failOn: FailOn;
  minScore: number;
  configuration: Record<string, unknown>;
  recordTargets?: boolean;
  /** With `recordTargets`: past this many targets, keep only those that fail or err (`EvaluateOptions.targetLimit`). */
  targetLimit?: number;
  identity?: AwsIdentityReport;
  /** Post-evaluation hook: waivers and baseline mark findings (pure). */
  triage?: (findings: Finding[]) => {
    waivers?: WaiverStatus[];
    baseline?: Report['baseline'];
    diagnostics?: Diagnostic[];
    /** Findings with their triaged status (defaults to the evaluated findings). */
    findings?: Finding[];
    /** Extra reasons the run fails (e.g. unused waivers under --strict-waivers). */
    reasons?: string[];
  };
  timings?: (stage: PipelineStage) => void;
  /**
   * Given when the caller does not use `docs` after this run: their texts are dropped as soon as the last
   * diagnostic located inside a vendor or service is made (ParsedDocument.release, before the end of `enrich`),
   * instead of being held to the end of the run, and this is called with the bytes that frees. A text that can be
   * read again from its input a piece at a time is dropped earlier, once the inventory is validated
   * (ParsedDocument.shelve), and this is called then too (`stage` says which: the end of `validate` or of
   * `enrich`). Findings are located at vendors, services and the organisation, which stay located.
   */
  releaseDocuments?: (freedBytes: number, stage: 'validate' | 'enrich') => void;
}

/** The whole pure pipeline: documents in, report out. Throws ResidencyError (exit 2) on invalid input. */
export function runCheck(input: CheckInput): Report {
  const mark = input.timings ?? (() => {});
  const loaded = loadInventory(input.docs, input.catalog, input.fragments ?? []);
  mark('validate');
  if (hasErrors(loaded.diagnostics)) throw new ResidencyError('E_INVENTORY', 'invalid inventory', loaded.diagnostics);
  // a text that can be read again from its input a piece at a time is not held through enrichment, where a full
  // collection would count it as live and set the heap's next limit from it (docs/performance-history.md, "Pass 20")
  if (input.releaseDocuments) {
    const shelved = loaded.shelve();
    if (shelved > 0) input.releaseDocuments(shelved, 'validate');
  }
  const aws = awsFacts(input.identity, loaded.inventory.organisation.awsAccounts ?? []);
  const identity: AwsIdentityReport | undefined = aws
    ? { ...input.identity, inInventory: aws.inInventory, china: aws.china }
    : input.identity;
  const enriched = enrich(loaded.inventory, input.catalog, {
    asOf: input.asOf,
    locate: loaded.locate,
    aws,
  });
  const missingFacts = missingFactWarnings(enriched, loaded);
  if (input.releaseDocuments) input.releaseDocuments(loaded.release(), 'enrich');
  mark('enrich');
  const evaluation = evaluate(enriched, input.pack.compiled, {
    recordTargets: input.recordTargets,
    targetLimit: input.targetLimit,
    locateOrganisation: loaded.locateOrganisation,
  });
  mark('evaluate');
  const triage = input.triage?.(evaluation.findings) ?? {};
  const findings = triage.findings ?? evaluation.findings;
  mark('triage');
  const verdict = judge({
    vendorIds: enriched.vendors.map((v) => v.facts.id),
    distinctVendorIds: true, // validated: a repeated vendor id is an error
    findings,
    weights: ruleWeights(input.pack),
    outcomes: evaluation.outcomes,
    failOn: input.failOn,
    minScore: input.minScore,
    waivers: triage.waivers,
    reasons: triage.reasons,
  });
  mark('score');
  const inputs = [
    ...input.docs.map((d) => ({ path: d.file, sha256: d.sha256, format: d.format })),
    ...(input.fragments ?? []).map((f) => {
      const skipped = (f as InventoryFragment & { skipped?: string[] }).skipped;
      return {
        path: f.file,
        sha256: (f as InventoryFragment & { sha256?: string }).sha256 ?? '',
        format: (f as InventoryFragment & { format?: string }).format ?? 'import',
        ...(skipped && skipped.length > 0 ? { skipped } : {}),
      };
    }),
  ];
  const report = buildReport({
    tool: input.tool,
    asOf: input.asOf,
    inputs,
    enriched,
    pack: input.pack,
    catalog: input.catalog,
    findings,
    outcomes: evaluation.outcomes,
    failOn: input.failOn,
    minScore: input.minScore,
    configuration: input.configuration,
    diagnostics: [
      ...(input.catalogDiagnostics ?? []),
      ...(input.inputDiagnostics ?? []),
      ...input.pack.diagnostics,
      ...loaded.diagnostics,
      ...missingFacts,
      ...(triage.diagnostics ?? []),
    ],
    waivers: triage.waivers,
    baseline: triage.baseline,
    reasons: triage.reasons,
    identity,
    verdict,
  });
  mark('build');
  return report;
}
