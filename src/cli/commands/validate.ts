import { Args, Flags } from '@oclif/core';
import { DEFAULT_MAX_INPUT_BYTES, parseSize } from '../../adapters/files.js';
import { expandInputs } from '../../adapters/inputs.js';
import { checkCapacity } from '../../adapters/perf.js';
import { loadCatalog, loadRulePack, readDocuments } from '../../adapters/workspace.js';
import { userRuleExampleDiagnostics } from '../../engine/tester.js';
import { loadInventory } from '../../inventory/validate.js';
import { EXIT, isResidencyError } from '../../model/errors.js';
import type { Diagnostic } from '../../model/types.js';
import { pushAll } from '../../util/arrays.js';
import { BaseCommand, printDiagnostics } from '../base.js';
import { today } from '../flags.js';

function sortByPosition(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

export default class Validate extends BaseCommand {
  static override summary =
    'Validate inventories (and, with --rules, rule files) and print every problem with its location.';

  static override description =
    'Prints one line per problem as `file:line:col  error CODE: message (expected …). hint`. Exit 0 when valid, 2 when not. Warnings (W_…) do not fail validation unless --strict is given.';

  static override examples = [
    '<%= config.bin %> validate examples/acme-failing.yaml',
    '<%= config.bin %> validate inventory.yaml --json',
    '<%= config.bin %> validate inventory.yaml --strict',
    '<%= config.bin %> validate inventory.yaml --rules ./our-rules --catalog ./our-parents.yaml',
  ];

  static override strict = false;

  static override args = {
    files: Args.string({ description: 'inventory files (YAML/JSON), or - for standard input' }),
  };

  static override flags = {
    json: Flags.boolean({ description: 'print the diagnostics as JSON', default: false }),
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
    'max-input-size': Flags.string({ description: 'refuse input files larger than this', default: '512MB' }),
    strict: Flags.boolean({
      description: 'treat warnings (an unknown region, a dangling reference, …) as errors: exit 2',
      default: false,
    }),
    merge: Flags.boolean({
      description: 'also check the files as one merged inventory (vendor ids unique across files), as check does',
      default: false,
    }),
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Validate);
    const files = argv as string[];
    const diagnostics: Diagnostic[] = [];
    const collect = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await work();
      } catch (error) {
        if (!isResidencyError(error)) throw error;
        pushAll(diagnostics, error.diagnostics);
        return undefined;
      }
    };
    const loaded = await collect(() => loadCatalog(flags.catalog ?? []));
    if (loaded) diagnostics.push(...loaded.diagnostics.filter((d) => flags.catalog?.length && d.file));
    if (flags.rules?.length) {
      const pack = await collect(() => loadRulePack({ rules: flags.rules, defaultRules: false }));
      if (pack) pushAll(diagnostics, pack.diagnostics);
      if (pack && loaded)
        pushAll(diagnostics, userRuleExampleDiagnostics(pack, { catalog: loaded.catalog, asOf: today() }));
    }
    if (files.length === 0 && !flags.rules?.length && !flags.catalog?.length) {
      diagnostics.push({
        code: 'E_USAGE',
        severity: 'error',
        message: 'nothing to validate',
        hint: 'Give inventory files, or --rules / --catalog paths',
      });
    }
    if (files.length > 0) {
      const maxBytes = parseSize(flags['max-input-size']) ?? DEFAULT_MAX_INPUT_BYTES;
      const inputs = await expandInputs(files);
      // before reading: refuse what would not fit in the heap, as check does (E_TOO_LARGE, exit 2)
      await checkCapacity(inputs, { maxBytes });
      const read = await readDocuments(inputs, { maxBytes });
      pushAll(diagnostics, read.diagnostics);
      if (loaded) {
        // each file on its own (one bad file does not hide the others' problems); --merge also checks them as one
        for (const doc of read.docs)
          pushAll(diagnostics, sortByPosition(loadInventory([doc], loaded.catalog).diagnostics));
        if (flags.merge && read.docs.length > 1) {
          const merged = loadInventory(read.docs, loaded.catalog).diagnostics.filter(
            (d) => d.code === 'E_DUPLICATE_ID',
          );
          const said = new Set(diagnostics.map((x) => x.message));
          for (const d of merged) if (!said.has(d.message)) diagnostics.push(d);
        }
      }
    }
    if (flags.strict) {
      for (const [i, d] of diagnostics.entries())
        if (d.severity === 'warning') diagnostics[i] = { ...d, severity: 'error' };
    }
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (flags.json) {
      process.stdout.write(`${JSON.stringify({ valid: errors.length === 0, diagnostics }, null, 2)}\n`);
    } else {
      printDiagnostics(diagnostics);
      if (errors.length === 0) {
        const warnings = diagnostics.length;
        process.stdout.write(
          `${files.length > 0 ? files.join(', ') : 'rules'}: valid${warnings ? ` (${warnings} warning(s))` : ''}\n`,
        );
      } else {
        process.stderr.write(`${errors.length} error(s)\n`);
      }
    }
    process.exitCode = errors.length === 0 ? EXIT.OK : EXIT.ERROR;
  }
}
