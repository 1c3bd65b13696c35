import { Args, Flags } from '@oclif/core';
import { formatBytes } from '../../adapters/files.js';
import { readEd25519Key, signJsonText } from '../../adapters/keys.js';
import { checkCapacity, createProgress, createStageTimer, STAGES, timingsWanted } from '../../adapters/perf.js';
import { loadCatalog, loadRulePack, TOOL } from '../../adapters/workspace.js';
import { writeFileAtomic, writeToStream } from '../../adapters/write.js';
import { userRuleExampleDiagnostics } from '../../engine/tester.js';
import { ResidencyError } from '../../model/errors.js';
import { runCheck } from '../../pipeline.js';
import { exitCodeFor } from '../../report/build.js';
import { type Format, formatterFor, writerFor } from '../../report/formatters/index.js';
import { parseReportTargets } from '../../report/formatters/targets.js';
import type { FailOn } from '../../report/types.js';
import { awsFlags, awsOptionsFromFlags } from '../aws-flags.js';
import { BaseCommand, useColor } from '../base.js';
import { asOfFlag } from '../flags.js';
import { settingFlags } from '../settings.js';
import { applyWeights, configurationRecord, prepareWorkflow, triageHook } from '../workflow.js';
import { importFlags, parseMapFlags, parseVarFlags } from './import.js';

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
    files: Args.string({
      description:
        'inventories (YAML/JSON, - for standard input), Terraform files or folders, plan JSON, CycloneDX BOMs or CSV lists',
      required: true,
    }),
  };

  static override flags = {
    ...settingFlags,
    json: Flags.boolean({ description: 'same as --format json', default: false }),
    report: Flags.string({
      description:
        'also write the report in FORMAT to PATH (atomically), e.g. --report sarif=residency.sarif (repeatable; formats: pretty, json, sarif, junit, markdown, html, csv)',
      multiple: true,
      multipleNonGreedy: true,
    }),
    output: Flags.string({
      char: 'o',
      description: 'write the report to this file (atomically) instead of standard output',
    }),
    'as-of': Flags.string({
      description: 'the date treated as today for every date rule (YYYY-MM-DD; default: today)',
    }),
    quiet: Flags.boolean({ char: 'q', description: 'print only the verdict line', default: false }),
    verbose: Flags.boolean({
      char: 'v',
      description:
        'pretty format: show the evidence, location, regimes and fix under every finding (default: one line each)',
      default: false,
    }),
    color: Flags.boolean({ description: 'colour output (--no-color, or NO_COLOR, turns it off)', allowNo: true }),
    config: Flags.string({
      description: 'configuration file (default: .residencyrc.yaml in this folder or the nearest one above)',
    }),
    sign: Flags.string({
      description: 'sign the JSON report with this Ed25519 private key (PEM); needs --format json',
    }),
    ...importFlags,
    'aws-identity': Flags.string({
      description:
        'record the AWS identity (STS GetCallerIdentity) in the report and check its account is in organisation.awsAccounts; --aws-identity=optional carries on if STS fails',
      options: ['required', 'optional'],
      helpGroup: 'AWS',
    }),
    ...awsFlags,
    timings: Flags.boolean({
      description: `print per-stage timings and heap use (${STAGES.join(', ')}) to standard error`,
      default: false,
    }),
  };

  async run(): Promise<void> {
    // a bare --aws-identity means "required"; --aws-identity=optional is spelled with '='
    this.argv = this.argv.map((a) => (a === '--aws-identity' ? '--aws-identity=required' : a));
    const { argv, flags, metadata } = await this.parse(Check);
    const files = argv as string[];
    const asOf = asOfFlag(flags['as-of']);
    const workflow = await prepareWorkflow({ flags, metadata, files, asOf });
    const settings = workflow.settings;
    const maxBytes = workflow.maxBytes;
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
    const timer = timingsWanted(flags.timings) ? createStageTimer() : undefined;
    const progress = createProgress();
    const inputBytes = await checkCapacity(files, { maxBytes });

    const identity = flags['aws-identity'] ? await this.awsIdentity(flags['aws-identity'], flags) : undefined;
    const [{ catalog, diagnostics: catalogDiagnostics }, pack] = await Promise.all([
      loadCatalog(settings.catalog),
      loadRulePack({ rules: settings.rules, defaultRules: settings.defaultRules, disabled: workflow.disabled }),
    ]);
    const exampleErrors = userRuleExampleDiagnostics(pack, { catalog, asOf });
    if (exampleErrors.length > 0) throw new ResidencyError('E_RULE_EXAMPLE', 'rule examples fail', exampleErrors);
    const weighted = applyWeights(pack, workflow);
    const configDiagnostics = weighted.diagnostics;
    progress.update(`residency: loading ${files.join(', ')}…`);
    const { readInputs } = await import('../../adapters/import-files.js');
    const read = await readInputs(files, {
      maxBytes,
      format: flags['input-format'] as import('../../importers/common.js').ImportFormat | undefined,
      varFiles: flags['var-file'],
      importOptions: {
        catalog,
        organisation: flags.organisation,
        map: parseMapFlags(flags.map),
        subprocessors: flags.subprocessors,
        vars: parseVarFlags(flags.var),
      },
    });
    const fragments =
      read.fragments.length > 0 ? (await import('../../inventory/merge.js')).disjointFragments(read.fragments) : [];
    progress.done();
    if (read.diagnostics.some((d) => d.severity === 'error')) {
      throw new ResidencyError('E_INPUT', 'cannot read the inventory', read.diagnostics);
    }
    timer?.mark('load');
    if (inputBytes > 8 * 1024 * 1024) progress.update(`residency: checking ${formatBytes(inputBytes)} of inventory…`);
    const report = runCheck({
      timings: timer ? (stage) => timer.mark(stage) : undefined,
      tool: TOOL,
      docs: read.docs,
      fragments,
      catalog,
      catalogDiagnostics,
      inputDiagnostics: read.diagnostics,
      pack: weighted.pack,
      asOf,
      failOn,
      minScore: settings.minScore,
      configuration: configurationRecord(workflow),
      triage: triageHook(workflow, asOf, configDiagnostics),
      identity,
      recordTargets: format === 'junit' || reportTargets.some((t) => t.format === 'junit'),
    });
    const stream = flags.output ? process.stderr : process.stdout;
    const options = {
      color: flags.output ? false : useColor(flags.color, stream),
      width: process.stdout.columns,
      quiet: flags.quiet,
      verbose: flags.verbose,
    };
    // the JSON report is streamed in pieces to its file or standard output (formatting is then
    // counted in the write stage); a signed report is built whole, as the signature covers it
    const output = signingKey
      ? signJsonText((await formatterFor(format))(report, options), signingKey)
      : (await writerFor(format))(report, options);
    progress.done();
    timer?.mark('format');
    for (const t of reportTargets) await writeFileAtomic(t.path, (await writerFor(t.format))(report, { color: false }));
    if (flags.output) {
      await writeFileAtomic(flags.output, output);
      if (!flags.quiet || format !== 'pretty') {
        const { verdictLine } = await import('../../report/formatters/pretty.js');
        process.stderr.write(`${verdictLine(report)}\n`);
      }
    } else {
      await writeToStream(process.stdout, output);
    }
    if (timer) {
      timer.mark('write');
      process.stderr.write(timer.summary());
      if (read.workerScans)
        process.stderr.write(`residency:perf scanned ${read.workerScans} input(s) in a worker thread\n`);
    }
    process.exitCode = exitCodeFor(report);
  }

  /** STS is imported only here, only when asked for (`residency --help` never loads the SDK). */
  private async awsIdentity(
    mode: string,
    flags: import('../aws-flags.js').AwsFlagValues,
  ): Promise<import('../../report/types.js').AwsIdentityReport> {
    const { getCallerIdentity, toAwsIdentityFailure } = await import('../../adapters/aws/identity.js');
    try {
      const id = await getCallerIdentity(awsOptionsFromFlags(flags));
      return { account: id.account, arn: id.arn, userId: id.userId, partition: id.partition };
    } catch (error) {
      if (mode !== 'optional') throw error;
      const failure = toAwsIdentityFailure(error);
      process.stderr.write(
        `warning ${failure.code}: ${failure.message}. ${failure.hint} (continuing: --aws-identity=optional)\n`,
      );
      return { error: { code: failure.code, message: `${failure.message}. ${failure.hint}` } };
    }
  }
}
