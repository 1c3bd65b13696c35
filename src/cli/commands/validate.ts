import { Args, Flags } from '@oclif/core';
import { listFiles } from '../../adapters/files.js';
import { readInputs } from '../../adapters/import-files.js';
import { expandInputs } from '../../adapters/inputs.js';
import { checkCapacity, PARSE_HEAP_FACTOR } from '../../adapters/perf.js';
import { loadCatalog, loadRulePack } from '../../adapters/workspace.js';
import type { Catalog } from '../../catalog/types.js';
import { userRuleExampleDiagnostics } from '../../engine/tester.js';
import type { ImportFormat } from '../../importers/common.js';
import { disjointFragments } from '../../inventory/merge.js';
import { loadInventory } from '../../inventory/validate.js';
import { EXIT, isResidencyError } from '../../model/errors.js';
import type { Diagnostic } from '../../model/types.js';
import { pushAll } from '../../util/arrays.js';
import { BaseCommand, printDiagnostics } from '../base.js';
import { asOfFlag } from '../flags.js';
import { maxInputSizeFlag, sizeSetting } from '../settings.js';
import { importFlags, parseMapFlags } from './import.js';

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
    files: Args.string({
      description:
        'inventories (YAML/JSON, folders of them, - for standard input), Terraform files or folders, plan JSON, CycloneDX BOMs or CSV lists: whatever check accepts',
    }),
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
        pushAll(
          diagnostics,
          userRuleExampleDiagnostics(pack, { catalog: loaded.catalog, asOf: asOfFlag(flags['as-of']) }),
        );
    }
    if (files.length === 0 && !flags.rules?.length && !flags.catalog?.length) {
      diagnostics.push({
        code: 'E_USAGE',
        severity: 'error',
        message: 'nothing to validate',
        hint: 'Give inventory files, or --rules / --catalog paths',
      });
    }
    if (files.length > 0 && loaded) pushAll(diagnostics, await this.inputDiagnostics(files, flags, loaded.catalog));
    if (flags.waivers) {
      const { loadWaiverFile } = await import('../../adapters/config-files.js');
      await collect(() => loadWaiverFile(flags.waivers as string, asOfFlag(flags['as-of'])));
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
        const named = files.map((f) => (f === '-' ? '<stdin>' : f));
        process.stdout.write(
          `${named.length > 0 ? named.join(', ') : 'rules'}: valid${warnings ? ` (${warnings} warning(s))` : ''}\n`,
        );
      } else {
        process.stderr.write(`${errors.length} error(s)\n`);
      }
    }
    process.exitCode = errors.length === 0 ? EXIT.OK : EXIT.ERROR;
  }

  /**
   * Every input check accepts (inventories, Terraform folders and files, plans, CycloneDX, CSV), read
   * the way check reads them. Each input is validated on its own, so one bad file does not hide the
   * others' problems; references between inputs (sub-processors) and, with --merge, vendor ids are
   * checked across all of them, as check sees them.
   */
  private async inputDiagnostics(
    files: readonly string[],
    flags: { 'max-input-size'?: string; merge: boolean } & Record<string, unknown>,
    catalog: Catalog,
  ): Promise<Diagnostic[]> {
    const out: Diagnostic[] = [];
    const maxBytes = sizeSetting(flags['max-input-size']);
    // a folder of inventories is validated file by file; any other folder is a Terraform root
    const expanded: string[] = [];
    for (const file of files) {
      try {
        expanded.push(...(await expandInputs([file])));
      } catch (error) {
        if (!isResidencyError(error) || error.code !== 'E_NO_INVENTORY') throw error;
        // no inventories: a Terraform root if it holds .tf files, else the error stands
        if ((await listFiles(file, ['.tf'])).length > 0) expanded.push(file);
        else out.push(...error.diagnostics);
      }
    }
    // before reading: refuse what would not fit in the heap, as check does (E_TOO_LARGE, exit 2)
    await checkCapacity(expanded, { maxBytes, command: 'validate', jsonHeapFactor: PARSE_HEAP_FACTOR });
    const read = await readInputs(expanded, {
      maxBytes,
      format: flags['input-format'] as ImportFormat | undefined,
      importOptions: {
        catalog,
        organisation: flags.organisation as string | undefined,
        map: parseMapFlags(flags.map as string[] | undefined),
        subprocessors: flags.subprocessors === true,
      },
    });
    pushAll(out, read.diagnostics);
    const several = read.docs.length + read.fragments.length > 1;
    const alone = (d: Diagnostic): boolean => !several || !CROSS_INPUT.has(d.code);
    for (const doc of read.docs) pushAll(out, sortByPosition(loadInventory([doc], catalog).diagnostics.filter(alone)));
    for (const fragment of read.fragments)
      pushAll(out, sortByPosition(loadInventory([], catalog, [fragment]).diagnostics.filter(alone)));
    if (several) {
      const all = loadInventory(read.docs, catalog, disjointFragments(read.fragments)).diagnostics;
      const wanted = (d: Diagnostic): boolean =>
        CROSS_INPUT.has(d.code) || (flags.merge && d.code === 'E_DUPLICATE_ID');
      for (const d of all) if (wanted(d) && !out.some((x) => x.message === d.message && x.file === d.file)) out.push(d);
    }
    return out;
  }
}

/** Diagnostics about references from one input to another: judged over all inputs together. */
const CROSS_INPUT = new Set(['E_UNKNOWN_SUBPROCESSOR']);
