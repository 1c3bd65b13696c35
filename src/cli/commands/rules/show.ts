import { Args, Flags } from '@oclif/core';
import { loadRulePack } from '../../../adapters/workspace.js';
import { ResidencyError } from '../../../model/errors.js';
import { terminalSafe } from '../../../report/text.js';
import { didYouMean } from '../../../util/suggest.js';
import { BaseCommand } from '../../base.js';

export default class RulesShow extends BaseCommand {
  static override summary = 'Show one rule: title, rationale, references, remediation and examples.';

  static override args = {
    id: Args.string({
      ignoreStdin: true,
      description: 'rule id',
      required: true,
    }),
  };

  static override enableJsonFlag = true;

  static override flags = {
    rules: Flags.string({
      description: 'extra rule file or folder (repeatable)',
      multiple: true,
      multipleNonGreedy: true,
    }),
  };

  async run(): Promise<unknown> {
    const { args, flags } = await this.parse(RulesShow);
    const pack = await loadRulePack({ rules: flags.rules });
    const rule = pack.rules.find((r) => r.definition.id === args.id);
    if (!rule) {
      const suggestion = didYouMean(
        args.id,
        pack.rules.map((r) => r.definition.id),
      );
      throw new ResidencyError('E_UNKNOWN_RULE', `unknown rule '${args.id}'`, [
        {
          code: 'E_UNKNOWN_RULE',
          severity: 'error',
          message: `unknown rule '${args.id}'`,
          hint: suggestion ? `Did you mean '${suggestion}'?` : 'Run `residency rules list`',
        },
      ]);
    }
    const d = rule.definition;
    if (this.jsonEnabled()) return d;
    const lines = [
      `${d.id} — ${d.title}`,
      `severity ${d.severity}, scope ${d.scope}, regimes ${d.regimes.join(', ') || 'none'} (${rule.file})`,
      '',
      ...(d.description ? [d.description.trim(), ''] : []),
      `Why: ${d.rationale.trim()}`,
      '',
      `Fix: ${d.remediation.trim()}`,
      '',
      'References:',
      ...d.references.map((r) => `  - ${r.title}${r.citation ? ` (${r.citation})` : ''}${r.url ? ` ${r.url}` : ''}`),
      '',
      'Examples:',
      ...d.examples.pass.map((e, i) => `  pass: ${e.name ?? `example ${i + 1}`}`),
      ...d.examples.fail.map((e, i) => `  fail: ${e.name ?? `example ${i + 1}`}`),
    ];
    process.stdout.write(`${lines.map(terminalSafe).join('\n')}\n`);
    return d;
  }
}
