import type { AwsOptions } from '../adapters/aws/identity.js';
import { defaultWaiversFile, loadBaseline, loadWaiverFile } from '../adapters/config-files.js';
import { readEd25519Key } from '../adapters/keys.js';
import {
  CHECK_HEAP_PER_JSON_BYTE,
  checkCapacity,
  checkInventoryHeap,
  createHeapGuard,
  createProgress,
  createStageTimer,
  PARSE_HEAP_FACTOR,
  timingsWanted,
} from '../adapters/perf.js';
import { spillSinks } from '../adapters/spill.js';
import { loadCatalog, loadRulePack, TOOL } from '../adapters/workspace.js';
import { writeFileAtomic, writeToStream } from '../adapters/write.js';
import type { RulePack } from '../engine/rules.js';
import { userRuleExampleDiagnostics } from '../engine/tester.js';
import type { Finding, RuleDefinition } from '../engine/types.js';
import { hasErrors, ResidencyError } from '../model/errors.js';
import type { Resolved } from '../model/settings.js';
import type { Diagnostic } from '../model/types.js';
import { runCheck } from '../pipeline.js';
import { exitCodeFor } from '../report/build.js';
import { type Format, writerFor } from '../report/formatters/index.js';
import { parseReportTargets } from '../report/formatters/targets.js';
import type { AwsIdentityReport, FailOn, Report } from '../report/types.js';
import type { Baseline } from '../triage/baseline.js';
import { type TriageResult, triage } from '../triage/index.js';
import type { WaiverFile } from '../triage/waivers.js';
import { formatBytes } from '../util/text.js';
import { type ImportInputOptions, readAllInputs } from './inputs.js';
import type { RunnerIo } from './io.js';

export interface CheckOptions {
  /** Inventories and importer inputs (- for standard input). */
  files: string[];
  asOf: string;
  /** The settings after precedence (flag > configuration file > default) and where each came from. */
  resolved: Resolved;
  /** The largest input accepted, in bytes (the parsed maxInputSize setting). */
  maxBytes: number;
  import?: ImportInputOptions;
  /** Write the report to this file (atomically) instead of standard output. */
  output?: string;
  /** `FORMAT=PATH`: also write the report in FORMAT to PATH. */
  reports?: string[];
  /** Sign the JSON report with this Ed25519 private key (PEM file). */
  sign?: string;
  /** Keep a Markdown report within this many bytes (`--markdown-max-size`), the summary always written. */
  markdownMaxBytes?: number;
  /** Keep a JUnit report within about this many test cases (`--junit-max-tests`). */
  junitMaxTests?: number;
  /** Write at most this many SARIF results (`--sarif-max-results`). */
  sarifMaxResults?: number;
  quiet?: boolean;
  verbose?: boolean;
  color?: boolean;
  width?: number;
  /** Print per-stage timings to standard error (RESIDENCY_TIMINGS also turns them on). */
  timings?: boolean;
  /** Record the AWS identity; `optional` carries on when STS fails. */
  awsIdentity?: { mode: 'required' | 'optional'; options: AwsOptions };
}

export interface CheckResult {
  /** 0 ran and passed, 1 a threshold was breached (errors throw a ResidencyError: exit 2). */
  exitCode: number;
  report: Report;
}

/** The loaded waiver file and baseline the settings name, and the rule ids they disable. */
export interface CheckWorkflow extends Resolved {
  waivers?: WaiverFile;
  baselineFile?: Baseline;
}

/**
 * `residency check`: read the inputs, load catalogue and rules, run the pure pipeline, format and write
 * the report(s). Bad input throws a ResidencyError (exit 2).
 */
export async function runCheckCommand(options: CheckOptions, io: RunnerIo): Promise<CheckResult> {
  const { files, asOf, maxBytes } = options;
  // from the start: `load` counts the waivers and the baseline too (a 100k-vendor baseline, 100,000 waivers in YAML)
  const timer = timingsWanted(options.timings === true) ? createStageTimer() : undefined;
  const workflow = await loadWorkflow(options.resolved, files, asOf);
  const settings = workflow.settings;
  const format = settings.format as Format;
  if (options.sign && format !== 'json') {
    throw new ResidencyError('E_USAGE', '--sign needs the JSON format', [
      {
        code: 'E_USAGE',
        severity: 'error',
        message: `--sign signs the JSON report, but the format is '${format}'`,
        hint: 'Add --format json (with --output FILE to write it to a file)',
      },
    ]);
  }
  const markdownMaxBytes = options.markdownMaxBytes;
  const signingKey = options.sign ? await readEd25519Key(options.sign, 'private') : undefined;
  const reportTargets = parseReportTargets(options.reports);
  const progress = createProgress();
  // from the file sizes, only what cannot be read and parsed; the counts and the heap itself tell the rest
  const inputBytes = await checkCapacity(files, {
    maxBytes,
    jsonHeapFactor: PARSE_HEAP_FACTOR,
    jsonHintFactor: CHECK_HEAP_PER_JSON_BYTE,
  });

  const identity = options.awsIdentity ? await awsIdentity(options.awsIdentity, io) : undefined;
  const [{ catalog, diagnostics: catalogDiagnostics }, pack] = await Promise.all([
    loadCatalog(settings.catalog),
    loadRulePack({
      rules: settings.rules,
      defaultRules: settings.defaultRules,
      disabled: new Set(settings.disable.map((d) => d.id)),
    }),
  ]);
  const exampleErrors = userRuleExampleDiagnostics(pack, { catalog, asOf });
  if (exampleErrors.length > 0) throw new ResidencyError('E_RULE_EXAMPLE', 'rule examples fail', exampleErrors);
  const weighted = applyWeights(pack, workflow);
  progress.update(`residency: loading ${files.join(', ')}…`);
  // the pipeline drops the inventories' texts once they are validated (runCheck's releaseDocuments)
  const read = await readAllInputs(files, { maxBytes, catalog, import: options.import, shelvable: true });
  const fragments =
    read.fragments.length > 0 ? (await import('../inventory/merge.js')).disjointFragments(read.fragments) : [];
  progress.done();
  if (hasErrors(read.diagnostics)) throw new ResidencyError('E_INPUT', 'cannot read the inventory', read.diagnostics);
  await checkInventoryHeap(read.docs, fragments);
  timer?.mark('load');
  const guard = createHeapGuard({ file: files[0] });
  /** Bytes of input text dropped once the inventory was validated (for --timings). */
  let dropped = 0;
  if (inputBytes > 8 * 1024 * 1024) progress.update(`residency: checking ${formatBytes(inputBytes)} of inventory…`);
  const report = runCheck({
    timings: (stage) => {
      timer?.mark(stage);
      guard(stage);
    },
    tool: TOOL,
    docs: read.docs,
    fragments,
    catalog,
    catalogDiagnostics,
    inputDiagnostics: read.diagnostics,
    pack: weighted.pack,
    asOf,
    failOn: settings.failOn as FailOn,
    minScore: settings.minScore,
    configuration: configurationRecord(workflow),
    triage: triageHook(workflow, asOf, weighted.diagnostics),
    identity,
    recordTargets: format === 'junit' || reportTargets.some((t) => t.format === 'junit'),
    // a JUnit report kept within a number of test cases past it counts passes per rule: they need not be kept
    targetLimit: options.junitMaxTests,
    // the input's text is garbage from then on: the heap guard counts it out of the input it measures growth from
    releaseDocuments: (freed, stage) => {
      guard.released(freed);
      if (stage === 'validate') dropped += freed;
    },
  });
  const formatOptions = {
    color: options.output ? false : options.color === true,
    width: options.width,
    quiet: options.quiet === true,
    verbose: options.verbose === true,
    maxBytes: markdownMaxBytes,
    maxTests: options.junitMaxTests,
    maxResults: options.sarifMaxResults,
  };
  // every report is streamed in pieces to its file or standard output (formatting is then counted in the write
  // stage); a signed one too, its signature the last member, made once the others have been written
  const output: Iterable<string> = signingKey
    ? (await import('../sign/sign.js')).signedJsonChunks(report, signingKey, spillSinks())
    : (await writerFor(format))(report, formatOptions);
  progress.done();
  timer?.mark('format');
  for (const t of reportTargets) {
    const targetWriter = await writerFor(t.format);
    // the options that shape a report file (not the terminal's width, --quiet or --verbose)
    const { maxBytes, maxTests, maxResults } = formatOptions;
    await writeFileAtomic(t.path, targetWriter(report, { color: false, maxBytes, maxTests, maxResults }));
  }
  if (options.output) {
    await writeFileAtomic(options.output, output);
    if (!options.quiet || format !== 'pretty') {
      const { verdictLine } = await import('../report/formatters/pretty.js');
      io.stderr(`${verdictLine(report)}\n`);
    }
  } else {
    await writeToStream(io.stdout, output);
  }
  if (timer) {
    timer.mark('write');
    io.stderr(timer.summary());
    if (read.workerScans) io.stderr(`residency:perf scanned ${read.workerScans} input(s) in a worker thread\n`);
    if (dropped > 0) io.stderr(`residency:perf dropped ${formatBytes(dropped)} of input text once validated\n`);
  }
  return { exitCode: exitCodeFor(report), report };
}

/**
 * The waiver file (given, or `.residency-waivers.yaml` beside the first inventory) and the baseline the
 * settings name, loaded.
 */
export async function loadWorkflow(resolved: Resolved, files: readonly string[], asOf: string): Promise<CheckWorkflow> {
  const settings = { ...resolved.settings };
  const sources = { ...resolved.sources };
  if (settings.waivers === undefined) {
    const found = await defaultWaiversFile(files);
    if (found !== undefined) {
      settings.waivers = found;
      sources.waivers = 'default';
    }
  }
  const [waivers, baselineFile] = await Promise.all([
    settings.waivers !== undefined ? loadWaiverFile(settings.waivers, asOf) : undefined,
    settings.baseline !== undefined ? loadBaseline(settings.baseline) : undefined,
  ]);
  return { ...resolved, settings, sources, waivers, baselineFile };
}

/**
 * The pack with the configuration's rule weights applied: new rule objects, the loaded (and cached) pack is
 * left as it was. Unknown ids are warnings.
 */
export function applyWeights(
  pack: RulePack,
  workflow: Pick<Resolved, 'settings' | 'sources'>,
): {
  pack: RulePack;
  diagnostics: Diagnostic[];
} {
  const diagnostics: Diagnostic[] = [];
  const weights = new Map<string, number>();
  for (const w of workflow.settings.weights) {
    if (pack.rules.some((r) => r.definition.id === w.id)) weights.set(w.id, w.weight);
    else
      diagnostics.push({
        code: 'W_CONFIG_UNKNOWN_RULE',
        severity: 'warning',
        message: `rules.weights names '${w.id}', which is not in the rule pack`,
        file: workflow.sources.weights,
        hint: 'Check the rule id with `residency rules list`',
      });
  }
  if (weights.size === 0) return { pack, diagnostics };
  const reweighted = new Map<RuleDefinition, RuleDefinition>();
  const weigh = (definition: RuleDefinition): RuleDefinition => {
    const weight = weights.get(definition.id);
    if (weight === undefined) return definition;
    let copy = reweighted.get(definition);
    if (!copy) {
      copy = { ...definition, weight };
      reweighted.set(definition, copy);
    }
    return copy;
  };
  return {
    pack: {
      ...pack,
      rules: pack.rules.map((r) => (weights.has(r.definition.id) ? { ...r, definition: weigh(r.definition) } : r)),
      compiled: pack.compiled.map((c) =>
        weights.has(c.definition.id) ? { ...c, definition: weigh(c.definition) } : c,
      ),
    },
    diagnostics,
  };
}

/** What the JSON report records about the effective configuration (everything that changes the result). */
export function configurationRecord(workflow: CheckWorkflow): Record<string, unknown> {
  const s = workflow.settings;
  return {
    failOn: s.failOn,
    minScore: s.minScore,
    rules: s.rules,
    defaultRules: s.defaultRules,
    catalog: s.catalog,
    disabledRules: s.disable,
    ruleWeights: s.weights,
    waivers: workflow.waivers ? { path: workflow.waivers.file, sha256: workflow.waivers.sha256 } : null,
    baseline: workflow.baselineFile ? { path: workflow.baselineFile.file, sha256: workflow.baselineFile.sha256 } : null,
    strictWaivers: s.strictWaivers,
    source: workflow.file ?? null,
    sources: Object.fromEntries(
      Object.entries(workflow.sources).filter(([key]) => key !== 'format' && key !== 'maxInputSize'),
    ),
  };
}

/** The runCheck triage hook for this workflow, with any configuration warnings. */
export function triageHook(
  workflow: CheckWorkflow,
  asOf: string,
  extraDiagnostics: Diagnostic[] = [],
): (findings: Finding[]) => TriageResult {
  return (findings) => {
    const result = triage(findings, {
      asOf,
      waivers: workflow.waivers,
      baseline: workflow.baselineFile,
      strictWaivers: workflow.settings.strictWaivers,
    });
    result.diagnostics.unshift(...extraDiagnostics);
    return result;
  };
}

/** STS is imported only here, only when asked for (`residency --help` never loads the SDK). */
async function awsIdentity(
  request: NonNullable<CheckOptions['awsIdentity']>,
  io: RunnerIo,
): Promise<AwsIdentityReport> {
  const { getCallerIdentity, toAwsIdentityFailure } = await import('../adapters/aws/identity.js');
  try {
    const id = await getCallerIdentity(request.options);
    return { account: id.account, arn: id.arn, userId: id.userId, partition: id.partition };
  } catch (error) {
    if (request.mode !== 'optional') throw error;
    const failure = toAwsIdentityFailure(error);
    io.stderr(`warning ${failure.code}: ${failure.message}. ${failure.hint} (continuing: --aws-identity=optional)\n`);
    return { error: { code: failure.code, message: `${failure.message}. ${failure.hint}` } };
  }
}
