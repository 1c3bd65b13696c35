import { Flags } from '@oclif/core';
import { loadRulePack } from '../../../adapters/workspace.js';
import { terminalSafe } from '../../../report/text.js';
import { BaseCommand } from '../../base.js';

export default class RulesList extends BaseCommand {
  static override summary = 'List the rules (bundled and --rules) with severity, scope and regimes.';

  static override enableJsonFlag = true;

  static override flags = {
    rules: Flags.string({
      description: 'extra rule file or folder (repeatable)',
      multiple: true,
      multipleNonGreedy: true,
    }),
    'default-rules': Flags.boolean({ description: 'include the bundled pack', default: true, allowNo: true }),
  };

  async run(): Promise<unknown> {
    const { flags } = await this.parse(RulesList);
    const pack = await loadRulePack({ rules: flags.rules, defaultRules: flags['default-rules'] });
    const rows = pack.rules.map((r) => ({
      id: r.definition.id,
      severity: r.definition.severity,
      scope: r.definition.scope,
      regimes: r.definition.regimes,
      title: r.definition.title,
      source: r.file,
    }));
    if (this.jsonEnabled()) return rows;
    const width = Math.max(...rows.map((r) => r.id.length), 2);
    process.stdout.write(`${'ID'.padEnd(width)}  SEVERITY  SCOPE         TITLE\n`);
    for (const r of rows) {
      process.stdout.write(
        `${r.id.padEnd(width)}  ${r.severity.padEnd(8)}  ${r.scope.padEnd(12)}  ${terminalSafe(r.title)}\n`,
      );
    }
    return rows;
  }
}
