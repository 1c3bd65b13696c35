import { Args, Flags } from '@oclif/core';
import { isValidDate } from '../core/dates.js';
import { ResidencyError } from '../core/errors.js';
import { SEVERITIES } from '../core/types.js';
import { BaseCommand, useColor } from '../io/command.js';
import { DEFAULT_MAX_INPUT_BYTES, parseSize } from '../io/files.js';
import { readEd25519Key, signJsonText } from '../io/keys.js';
import { applyWeights, configurationRecord, prepareWorkflow, triageHook } from '../io/workflow.js';
import { loadCatalog, loadRulePack, readDocuments, TOOL } from '../io/workspace.js';
import { writeFileAtomic } from '../io/write.js';
import { exitCodeFor } from '../report/build.js';
import { FORMATS, type Format, formatterFor } from '../report/formatters/index.js';
import { parseReportTargets } from '../report/formatters/targets.js';
import { runCheck } from '../report/pipeline.js';
import type { FailOn } from '../report/types.js';

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export default class Check extends BaseCommand {
  static override summary = 'Check vendor inventories against the rules and report adversary exposure.';

  static override description =
    `Loads one or more inventories (YAML or JSON; - for standard input), resolves where each service is hosted and who controls its provider, evaluates the rule pack and prints a scored report.

Exit codes: 0 ran and nothing at or above --fail-on and the score is at least --min-score; 1 ran and a threshold was breached; 2 could not run (bad flags, unreadable or invalid input, invalid rules).`;

  static override examples = [
    '<%= config.bin %> check examples/acme-failing.yaml',
    '<%= config.bin %> check inventory.yaml --format json --output report.json',
    '<%= config.bin %> check inventory.yaml --fail-on critical --min-score 70',
    '<%= config.bin %> check inventory.yaml --rules ./our-rules --as-of 2026-06-30',
  ];

  static override strict = false;

  static override args = {
    files: Args.string({ description: 'inventory files (YAML/JSON), or - for standard input', required: true }),
  };

  static override flags = {
    format: Flags.string({
      char: 'f',
      description: 'output format for standard output (pretty on a terminal, json otherwise when piped with --json)',
      options: [...FORMATS],
    }),
    json: Flags.boolean({ description: 'same as --format json', default: false }),
    report: Flags.string({
      description:
        'also write the report in FORMAT to PATH (atomically), e.g. --report sarif=residency.sarif (repeatable; formats: pretty, json, sarif, junit, markdown, html, csv)',
      multiple: true,
    }),
    output: Flags.string({
      char: 'o',
      description: 'write the report to this file (atomically) instead of standard output',
    }),
    'fail-on': Flags.string({
      description: 'lowest severity that fails the run (exit 1)',
      options: [...SEVERITIES, 'never'],
      default: 'high',
    }),
    'min-score': Flags.integer({
      description: 'fail (exit 1) when the organisation score is below this',
      min: 0,
      max: 100,
      default: 0,
    }),
    'as-of': Flags.string({
      description: 'the date treated as today for every date rule (YYYY-MM-DD; default: today)',
    }),
    rules: Flags.string({ description: 'extra rule file or folder (repeatable)', multiple: true }),
    'default-rules': Flags.boolean({
      description: 'use the bundled rule pack (--no-default-rules drops it)',
      default: true,
      allowNo: true,
    }),
    catalog: Flags.string({
      description: 'extra catalogue file or folder that adds or overrides entries (repeatable)',
      multiple: true,
    }),
    quiet: Flags.boolean({ char: 'q', description: 'print only the verdict line', default: false }),
    color: Flags.boolean({ description: 'colour output (--no-color, or NO_COLOR, turns it off)', allowNo: true }),
    'max-input-size': Flags.string({
      description: 'refuse input files larger than this (e.g. 512MB)',
      default: '512MB',
    }),
    config: Flags.string({
      description: 'configuration file (default: .residencyrc.yaml in this folder or the nearest one above)',
    }),
    waivers: Flags.string({
      description: 'waiver file (default: .residency-waivers.yaml beside the first inventory, when present)',
    }),
    'strict-waivers': Flags.boolean({
      description: 'a waiver that matches no finding fails the run (exit 1) instead of warning',
    }),
    baseline: Flags.string({
      description: 'a previous JSON report: findings already in it are reported as existing and do not fail the run',
    }),
    sign: Flags.string({
      description: 'sign the JSON report with this Ed25519 private key (PEM); needs --format json',
    }),
  };

  async run(): Promise<void> {
    const { argv, flags, metadata } = await this.parse(Check);
    const files = argv as string[];
    const asOf = flags['as-of'] ?? today();
    if (!isValidDate(asOf)) {
      throw new ResidencyError('E_USAGE', `--as-of '${asOf}' is not a date`, [
        {
          code: 'E_USAGE',
          severity: 'error',
          message: `--as-of '${asOf}' is not a valid date`,
          expected: 'YYYY-MM-DD',
        },
      ]);
    }
    const workflow = await prepareWorkflow({ flags, metadata, files, asOf });
    const settings = workflow.settings;
    const maxBytes = workflow.maxBytes ?? parseSize(flags['max-input-size']) ?? DEFAULT_MAX_INPUT_BYTES;
    const format = settings.format as Format;
    if (flags.sign && format !== 'json') {
      throw new ResidencyError('E_USAGE', '--sign needs the JSON format', [
        {
          code: 'E_USAGE',
          severity: 'error',
          message: `--sign signs the JSON report, but the format is '${format}'`,
          hint: 'Add --format json (with --output FILE to write it to a file)',
        },
      ]);
    }
    const signingKey = flags.sign ? await readEd25519Key(flags.sign, 'private') : undefined;
    const reportTargets = parseReportTargets(flags.report);
    const failOn = settings.failOn as FailOn;

    const [{ catalog, diagnostics: catalogDiagnostics }, pack] = await Promise.all([
      loadCatalog(settings.catalog),
      loadRulePack({ rules: settings.rules, defaultRules: settings.defaultRules, disabled: workflow.disabled }),
    ]);
    const configDiagnostics = applyWeights(pack, workflow);
    const read = await readDocuments(files, { maxBytes });
    if (read.diagnostics.some((d) => d.severity === 'error')) {
      throw new ResidencyError('E_INPUT', 'cannot read the inventory', read.diagnostics);
    }
    const report = runCheck({
      tool: TOOL,
      docs: read.docs,
      catalog,
      catalogDiagnostics,
      pack,
      asOf,
      failOn,
      minScore: settings.minScore,
      configuration: configurationRecord(workflow),
      triage: triageHook(workflow, asOf, configDiagnostics),
      recordTargets: format === 'junit' || reportTargets.some((t) => t.format === 'junit'),
    });
    const formatter = await formatterFor(format);
    const stream = flags.output ? process.stderr : process.stdout;
    const formatted = formatter(report, {
      color: flags.output ? false : useColor(flags.color, stream),
      width: process.stdout.columns,
      quiet: flags.quiet,
    });
    const text = signingKey ? signJsonText(formatted, signingKey) : formatted;
    const extraReports = await Promise.all(
      reportTargets.map(async (t) => ({ path: t.path, text: (await formatterFor(t.format))(report, { color: false }) })),
    );
    for (const extra of extraReports) await writeFileAtomic(extra.path, extra.text);
    if (flags.output) {
      await writeFileAtomic(flags.output, text);
      if (!flags.quiet || format !== 'pretty') {
        const { verdictLine } = await import('../report/formatters/pretty.js');
        process.stderr.write(`${verdictLine(report)}\n`);
      }
    } else {
      process.stdout.write(text);
    }
    process.exitCode = exitCodeFor(report);
  }
}
