import { Args, Flags } from '@oclif/core';
import { checkCapacity, PARSE_HEAP_FACTOR } from '../../adapters/perf.js';
import { readDocument } from '../../adapters/workspace.js';
import { ResidencyError } from '../../model/errors.js';
import { diffReports, diffToJson, diffToMarkdown, diffToText, reportSide } from '../../triage/diff.js';
import { BaseCommand } from '../base.js';

export default class Diff extends BaseCommand {
  static override summary = 'Compare two JSON reports: new, resolved and unchanged findings and the score change.';

  static override description =
    `Findings are matched by fingerprint (rule, vendor, service and data set), so reformatting or reordering an inventory does not make a finding new.

Exit codes: 0 compared (diff reports, it does not gate); 1 only with --fail-on-new when there are new findings; 2 a report is unreadable or not a residency JSON report.`;

  static override examples = [
    '<%= config.bin %> diff main.json branch.json',
    '<%= config.bin %> diff main.json branch.json --format markdown >> "$GITHUB_STEP_SUMMARY"',
    '<%= config.bin %> diff main.json branch.json --format json --fail-on-new',
  ];

  static override args = {
    old: Args.string({ description: 'the earlier JSON report', required: true }),
    new: Args.string({ description: 'the later JSON report', required: true }),
  };

  static override flags = {
    format: Flags.string({
      char: 'f',
      description: 'output format',
      options: ['pretty', 'json', 'markdown'],
      default: 'pretty',
    }),
    'fail-on-new': Flags.boolean({ description: 'exit 1 when the new report has findings the old one did not' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Diff);
    if (args.old === '-' && args.new === '-') {
      throw new ResidencyError('E_USAGE', 'only one report can come from standard input');
    }
    // before reading: refuse reports that would not fit in the heap, as check does (E_TOO_LARGE, exit 2)
    await checkCapacity([args.old, args.new], { command: 'diff', jsonHeapFactor: PARSE_HEAP_FACTOR });
    const read = async (file: string) => reportSide(await readDocument(file));
    const [a, b] = await Promise.all([read(args.old), read(args.new)]);
    const diff = diffReports(a, b);
    const text =
      flags.format === 'json'
        ? `${JSON.stringify(diffToJson(diff), null, 2)}\n`
        : flags.format === 'markdown'
          ? diffToMarkdown(diff)
          : diffToText(diff);
    process.stdout.write(text);
    process.exitCode = flags['fail-on-new'] && diff.counts.new > 0 ? 1 : 0;
  }
}
