import { Args, Flags } from '@oclif/core';
import { errorsOf } from '../../model/errors.js';
import { runValidate, type ValidateResult } from '../../runner/validate.js';
import { BaseCommand, printDiagnostics } from '../base.js';
import { importFlags, importOptionsFromFlags } from '../flags.js';
import { asOfSetting, maxInputSizeFlag, sizeSetting } from '../settings.js';

export default class Validate extends BaseCommand {
  static override summary =
    'Validate inventories (and, with --rules, rule files) and print every problem with its location.';

  static override description =
    'Prints one line per problem as `file:line:col  error CODE: message (expected …). hint`. Exit 0 when valid, 2 when not. Warnings (W_…) do not fail validation unless --strict is given. With --json: `{ "valid": …, "diagnostics": [ … ] }` on standard output.';

  static override examples = [
    '<%= config.bin %> validate examples/acme-failing.yaml',
    '<%= config.bin %> validate inventory.yaml --json',
    '<%= config.bin %> validate inventory.yaml --strict',
    '<%= config.bin %> validate inventory.yaml --rules ./our-rules --catalog ./our-parents.yaml',
  ];

  static override strict = false;

  static override enableJsonFlag = true;

  static override args = {
    files: Args.string({
      ignoreStdin: true,
      description:
        'inventories (YAML/JSON, folders of them, - for standard input), Terraform files or folders, plan JSON, CycloneDX BOMs or CSV lists: whatever check accepts',
    }),
  };

  static override flags = {
    rules: Flags.string({
      description: 'rule file or folder to validate as well (repeatable)',
      multiple: true,
      multipleNonGreedy: true,
    }),
    catalog: Flags.string({
      description: 'extra catalogue file or folder to validate and use (repeatable)',
      multiple: true,
      multipleNonGreedy: true,
    }),
    ...maxInputSizeFlag,
    strict: Flags.boolean({
      description: 'treat warnings (an unknown region, a dangling reference, …) as errors: exit 2',
      default: false,
    }),
    waivers: Flags.string({ description: 'a waiver file to validate as well' }),
    'as-of': Flags.string({ description: 'the date waivers are judged against (YYYY-MM-DD; default: today)' }),
    ...importFlags,
    merge: Flags.boolean({
      description: 'also check the files as one merged inventory (vendor ids unique across files), as check does',
      default: false,
    }),
  };

  async run(): Promise<ValidateResult> {
    const { argv, flags } = await this.parse(Validate);
    const files = argv as string[];
    const result = await runValidate({
      files,
      rules: flags.rules,
      catalog: flags.catalog,
      waivers: flags.waivers,
      asOf: asOfSetting(flags['as-of']),
      maxBytes: sizeSetting(flags['max-input-size']),
      strict: flags.strict,
      merge: flags.merge,
      import: importOptionsFromFlags(flags),
    });
    const errors = errorsOf(result.diagnostics).length;
    if (!this.jsonEnabled()) {
      await printDiagnostics(result.diagnostics);
      if (result.valid) {
        const warnings = result.diagnostics.length;
        const named = files.map((f) => (f === '-' ? '<stdin>' : f));
        process.stdout.write(
          `${named.length > 0 ? named.join(', ') : 'rules'}: valid${warnings ? ` (${warnings} warning(s))` : ''}\n`,
        );
      } else {
        process.stderr.write(`${errors} error(s)\n`);
      }
    }
    process.exitCode = result.valid ? 0 : 2;
    return result;
  }
}
