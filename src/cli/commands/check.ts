import { Args, Flags } from '@oclif/core';
import { STAGES } from '../../adapters/perf.js';
import { runCheckCommand } from '../../runner/check.js';
import { awsFlags, awsOptionsFromFlags } from '../aws-flags.js';
import { BaseCommand, processIo, useColor } from '../base.js';
import { importFlags, importOptionsFromFlags } from '../flags.js';
import { asOfSetting, settingFlags } from '../settings.js';
import { resolveCheckSettings } from '../workflow.js';

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

  static override enableJsonFlag = true;

  static override args = {
    files: Args.string({
      description:
        'inventories (YAML/JSON, - for standard input), Terraform files or folders, plan JSON, CycloneDX BOMs or CSV lists',
      required: true,
    }),
  };

  static override flags = {
    ...settingFlags,
    json: Flags.boolean({ description: 'the JSON report (same as --format json); errors as a JSON object' }),
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
    const asOf = asOfSetting(flags['as-of']);
    const { resolved, maxBytes } = await resolveCheckSettings({ flags, metadata });
    const mode = flags['aws-identity'] as 'required' | 'optional' | undefined;
    const result = await runCheckCommand(
      {
        files: argv as string[],
        asOf,
        resolved,
        maxBytes,
        import: importOptionsFromFlags(flags),
        output: flags.output,
        reports: flags.report,
        sign: flags.sign,
        quiet: flags.quiet,
        verbose: flags.verbose,
        color: useColor(flags.color, process.stdout),
        width: process.stdout.columns,
        timings: flags.timings,
        awsIdentity: mode ? { mode, options: awsOptionsFromFlags(flags) } : undefined,
      },
      processIo(),
    );
    // the report is the output (--json: the JSON report), so nothing more is printed here
    process.exitCode = result.exitCode;
  }
}
