import { Flags } from '@oclif/core';
import { terminalSafe } from '../../../report/text.js';
import { runRulesTest } from '../../../runner/rules-test.js';
import { BaseCommand, printDiagnostics } from '../../base.js';
import { catalogFlag } from '../../flags.js';
import { asOfSetting } from '../../settings.js';

export default class RulesTest extends BaseCommand {
  static override summary = "Run rules' pass and fail examples and report each one.";

  static override description =
    'Each rule file carries examples: inventories on which the rule must pass and inventories on which it must fail. This runs them (the bundled pack when no path is given) and prints one line per example. Exit 0 when every example holds, 1 when one does not, 2 when the rules cannot be loaded. `validate --rules` and `check --rules` run the examples of your rules too and refuse a rule whose examples fail.';

  static override examples = [
    '<%= config.bin %> rules test ./my-rules',
    '<%= config.bin %> rules test ./my-rules/no-tencent.yaml --json',
    '<%= config.bin %> rules test',
  ];

  static override strict = false;

  static override enableJsonFlag = true;

  static override args = {};

  static override flags = {
    ...catalogFlag,
    'as-of': Flags.string({ description: 'the date for examples without their own asOf (YYYY-MM-DD; default: today)' }),
  };

  static override usage = 'rules test [PATH...] [--json] [--catalog PATH...] [--as-of DATE]';

  async run(): Promise<Awaited<ReturnType<typeof runRulesTest>>> {
    const { argv, flags } = await this.parse(RulesTest);
    const result = await runRulesTest({
      paths: argv as string[],
      catalog: flags.catalog ?? [],
      asOf: asOfSetting(flags['as-of']),
    });
    if (!this.jsonEnabled()) {
      for (const r of result.results) {
        const where = `${r.file}${r.line ? `:${r.line}:${r.column}` : ''}`;
        const example = `${r.expect} example ${r.name ? `'${terminalSafe(r.name)}'` : r.index + 1}`;
        process.stdout.write(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.ruleId}  ${example}  ${where}\n`);
        if (!r.ok) {
          process.stdout.write(`      ${terminalSafe(r.problem ?? '')}\n`);
          await printDiagnostics(r.diagnostics);
        }
      }
      const failed = result.results.filter((r) => !r.ok).length;
      process.stdout.write(
        `${result.results.length} example(s) of ${result.rules} rule(s): ${result.results.length - failed} ok, ${failed} failed\n`,
      );
    }
    process.exitCode = result.ok ? 0 : 1;
    return result;
  }
}
