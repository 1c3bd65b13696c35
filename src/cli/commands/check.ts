import { Args, Flags } from '@oclif/core';
import { runCheckCommand } from '../../runner/check.js';
import { awsOptionsFromFlags } from '../aws-flags.js';
import { BaseCommand, processIo, useColor } from '../base.js';
import { checkAwsFlags, checkOutputFlags, importFlags, importOptionsFromFlags } from '../flags.js';
import { asOfSetting, junitTestsSetting, markdownSizeSetting, sarifResultsSetting, settingFlags } from '../settings.js';
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
      ignoreStdin: true,
      description:
        'inventories (YAML/JSON, - for standard input), Terraform files or folders, plan JSON, CycloneDX BOMs or CSV lists',
      required: true,
    }),
  };

  static override flags = {
    ...settingFlags,
    json: Flags.boolean({ description: 'the JSON report (same as --format json); errors as a JSON object' }),
    ...checkOutputFlags,
    'as-of': Flags.string({
      description: 'the date treated as today for every date rule (YYYY-MM-DD; default: today)',
    }),
    config: Flags.string({
      description: 'configuration file (default: .residencyrc.yaml in this folder or the nearest one above)',
    }),
    ...importFlags,
    ...checkAwsFlags,
  };

  async run(): Promise<void> {
    // a bare --aws-identity means "required"; --aws-identity=optional is spelled with '='
    this.argv = this.argv.map((a) => (a === '--aws-identity' ? '--aws-identity=required' : a));
    const { argv, flags, metadata } = await this.parse(Check);
    const asOf = asOfSetting(flags['as-of']);
    // --json (or RESIDENCY_CONTENT_TYPE=json, which oclif also reads) is the JSON report
    const json = flags.json === true || this.jsonEnabled();
    const { resolved, maxBytes } = await resolveCheckSettings({ flags: { ...flags, json }, metadata });
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
        markdownMaxBytes: markdownSizeSetting(flags['markdown-max-size']),
        junitMaxTests: junitTestsSetting(flags['junit-max-tests']),
        sarifMaxResults: sarifResultsSetting(flags['sarif-max-results']),
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
