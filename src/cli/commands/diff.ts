import { Args, Flags } from '@oclif/core';
import { writeToStream } from '../../adapters/write.js';
import { DIFF_FORMATS, type DiffFormat, runDiff } from '../../runner/diff.js';
import { BaseCommand } from '../base.js';

export default class Diff extends BaseCommand {
  static override summary = 'Compare two JSON reports: new, resolved and unchanged findings and the score change.';

  static override description =
    `Findings are matched by fingerprint (rule, vendor, service and data set), so reformatting or reordering an inventory does not make a finding new. --json is the same as --format json.

Exit codes: 0 compared (diff reports, it does not gate); 1 only with --fail-on-new when there are new findings; 2 a report is unreadable or not a residency JSON report.`;

  static override examples = [
    '<%= config.bin %> diff main.json branch.json',
    '<%= config.bin %> diff main.json branch.json --format markdown >> "$GITHUB_STEP_SUMMARY"',
    '<%= config.bin %> diff main.json branch.json --json --fail-on-new',
  ];

  static override enableJsonFlag = true;

  static override args = {
    old: Args.string({
      ignoreStdin: true,
      description: 'the earlier JSON report',
      required: true,
    }),
    new: Args.string({
      ignoreStdin: true,
      description: 'the later JSON report',
      required: true,
    }),
  };

  static override flags = {
    format: Flags.string({
      char: 'f',
      description: 'output format (--json is the same as --format json)',
      options: [...DIFF_FORMATS],
      default: 'pretty',
    }),
    'fail-on-new': Flags.boolean({ description: 'exit 1 when the new report has findings the old one did not' }),
  };

  async run(): Promise<unknown> {
    const { args, flags } = await this.parse(Diff);
    const result = await runDiff({
      old: args.old,
      new: args.new,
      format: this.jsonEnabled() ? 'json' : (flags.format as DiffFormat),
      failOnNew: flags['fail-on-new'],
    });
    process.exitCode = result.exitCode;
    // --json is --format json, written a piece at a time like every format (oclif would print it as one string)
    await writeToStream(process.stdout, result.output());
    return undefined;
  }
}
