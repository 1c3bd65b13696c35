import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Args, Flags } from '@oclif/core';
import { stringify } from 'yaml';
import { readInputFile } from '../../adapters/files.js';
import { readInputs } from '../../adapters/import-files.js';
import { checkCapacity } from '../../adapters/perf.js';
import { loadCatalog } from '../../adapters/workspace.js';
import { writeFileAtomic } from '../../adapters/write.js';
import { IMPORT_FORMATS, type ImportFormat } from '../../importers/common.js';
import type { ImportChanges } from '../../inventory/merge.js';
import { loadInventory } from '../../inventory/validate.js';
import { ResidencyError } from '../../model/errors.js';
import type { Diagnostic, Inventory } from '../../model/types.js';
import { parseText } from '../../parse/parse.js';
import { BaseCommand, printDiagnostics, writeStderr } from '../base.js';
import { maxInputSizeFlag, sizeSetting } from '../settings.js';

/** `--map a=b` entries → record; a malformed entry is a usage error. */
export function parseMapFlags(entries: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of entries ?? []) {
    const at = entry.indexOf('=');
    if (at <= 0) {
      throw new ResidencyError('E_USAGE', `--map '${entry}' is not KEY=VALUE`, [
        {
          code: 'E_USAGE',
          severity: 'error',
          message: `--map '${entry}' is not KEY=VALUE`,
          expected: 'classification.LABEL=category or FIELD=Header (fields: name, location, purpose, website, parent)',
        },
      ]);
    }
    out[entry.slice(0, at).trim()] = entry.slice(at + 1).trim();
  }
  return out;
}

/** `--var NAME=VALUE` entries, in order. */
export function parseVarFlags(entries: readonly string[] | undefined): { name: string; value: string }[] {
  return (entries ?? []).map((entry) => {
    const at = entry.indexOf('=');
    const name = entry.slice(0, at).trim();
    if (at <= 0 || !/^[A-Za-z_][\w-]*$/.test(name)) {
      throw new ResidencyError('E_USAGE', `--var '${entry}' is not NAME=VALUE`, [
        {
          code: 'E_USAGE',
          severity: 'error',
          message: `--var '${entry}' is not NAME=VALUE`,
          expected: 'a Terraform variable name, = and its value (region=cn-beijing)',
        },
      ]);
    }
    return { name, value: entry.slice(at + 1) };
  });
}

export const importFlags = {
  var: Flags.string({
    description: 'set a Terraform root variable (repeatable), as terraform -var does: --var region=cn-beijing',
    multiple: true,
    multipleNonGreedy: true,
  }),
  'var-file': Flags.string({
    description:
      'read Terraform root variables from a .tfvars or .tfvars.json file (repeatable), after terraform.tfvars and *.auto.tfvars',
    multiple: true,
    multipleNonGreedy: true,
  }),
  'input-format': Flags.string({
    description: 'read every input as this format instead of detecting it',
    options: [...IMPORT_FORMATS],
  }),
  organisation: Flags.string({
    description: 'organisation name for imported inventories (default "Imported inventory")',
  }),
  map: Flags.string({
    description:
      'override a mapping (repeatable): classification.PHI=health (CycloneDX/tag labels), or name=Supplier (CSV column)',
    multiple: true,
    multipleNonGreedy: true,
  }),
  subprocessors: Flags.boolean({
    description: 'treat CSV inputs as sub-processor lists (each row processes personal data)',
    default: false,
  }),
};

export default class Import extends BaseCommand {
  static override summary = 'Convert Terraform, plan JSON, CycloneDX or CSV inputs into a canonical inventory.';

  static override description =
    `Reads Terraform folders or .tf files, \`terraform show -json\` plans, CycloneDX BOMs (JSON or XML, 1.2–1.6) and CSV vendor or sub-processor lists, and prints one inventory YAML that validates against schemas/inventory.schema.json. Every service keeps its source location; what cannot be known is listed under unknowns, what was derived under inferred.

With --out, an existing inventory is updated in place: fields a person added (data categories, criticality, contracts …) are kept, imported fields (source, provider, regions) are refreshed, vendors and services from other sources are left alone, what the re-read sources no longer hold is kept and reported (removed with --prune), and the changes are printed to standard error. --out refuses to overwrite a file that is not a residency inventory unless --force. See docs/importers.md.`;

  static override examples = [
    '<%= config.bin %> import infra/ --out inventory.yaml',
    '<%= config.bin %> import plan.json bom.cdx.json subprocessors.csv --organisation "Acme Corp"',
    '<%= config.bin %> import vendors.csv --map name=Supplier --map location="Data centre"',
    '<%= config.bin %> import bom.xml --map classification.PHI=health',
  ];

  static override strict = false;

  static override args = {
    files: Args.string({
      description: 'Terraform folders or files, plan JSON, CycloneDX, CSV (- for standard input)',
      required: true,
    }),
  };

  static override flags = {
    ...importFlags,
    out: Flags.string({
      char: 'o',
      description: 'write (or update) this inventory file atomically instead of printing it',
    }),
    force: Flags.boolean({ description: 'overwrite --out even when it is not a residency inventory', default: false }),
    prune: Flags.boolean({
      description:
        'with --out: remove vendors and services of the re-imported sources that the import no longer finds (default: keep them and say so)',
      default: false,
    }),
    ...maxInputSizeFlag,
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Import);
    const files = argv as string[];
    const maxBytes = sizeSetting(flags['max-input-size']);
    // before reading: refuse inputs (and an existing --out) that would not fit in the heap, as check does
    await checkCapacity(flags.out ? [...files, flags.out] : files, { maxBytes, command: 'import' });
    const { catalog } = await loadCatalog([]);
    const importOptions = {
      catalog,
      organisation: flags.organisation,
      map: parseMapFlags(flags.map),
      subprocessors: flags.subprocessors,
      vars: parseVarFlags(flags.var),
    };
    const read = await readInputs(files, {
      maxBytes,
      varFiles: flags['var-file'],
      format: flags['input-format'] as ImportFormat | undefined,
      importOptions,
    });
    if (read.diagnostics.some((d) => d.severity === 'error')) {
      throw new ResidencyError('E_INPUT', 'cannot import', read.diagnostics);
    }
    if (read.docs.length > 0) {
      const d = read.docs[0];
      throw new ResidencyError('E_USAGE', `${d.file}: already an inventory`, [
        {
          code: 'E_USAGE',
          severity: 'error',
          message: 'is already a residency inventory; import reads Terraform, plan JSON, CycloneDX and CSV',
          file: d.file,
          line: 1,
          column: 1,
          hint: 'Give it to `residency check` directly, or use --input-format to force another format',
        },
      ]);
    }
    const { combineFragments, mergeWithPrevious } = await import('../../inventory/merge.js');
    const fresh = combineFragments(read.fragments, flags.organisation);
    const warnings: Diagnostic[] = read.fragments.flatMap((f) => f.diagnostics ?? []);

    let inventory: Inventory = fresh;
    let changes: ImportChanges | undefined;
    if (flags.out) {
      const previous = await this.previousInventory(flags.out, flags.force, maxBytes);
      if (previous) {
        const merged = mergeWithPrevious(previous, fresh, {
          organisation: flags.organisation,
          covers: await sourcesOf(files, fresh),
          prune: flags.prune,
        });
        inventory = merged.inventory;
        changes = merged.changes;
      } else {
        changes = { added: fresh.vendors.map((v) => v.id), removed: [], updated: [], missing: [] };
      }
    }
    // the result must be a valid inventory
    const check = loadInventory([], catalog, [{ file: flags.out ?? '<import>', inventory }]);
    const problems = check.diagnostics.filter((d) => d.severity === 'error');
    if (problems.length > 0)
      throw new ResidencyError('E_IMPORT_INVALID', 'the import is not a valid inventory', problems);
    const { validate } = await import('../../schema/schemas.js');
    const schemaErrors = validate('inventory', JSON.parse(JSON.stringify(inventory)));
    if (schemaErrors.length > 0) {
      throw new ResidencyError(
        'E_IMPORT_INVALID',
        'the import is not a valid inventory',
        schemaErrors.map((e) => ({
          code: 'E_IMPORT_INVALID',
          severity: 'error' as const,
          message: `internal: imported inventory fails the schema at ${e.instancePath}: ${e.message}`,
        })),
      );
    }
    printDiagnostics(warnings);
    const text = `# Generated by \`residency import\` from ${files.join(', ')}.\n# Edit freely: re-importing keeps data, criticality, contracts and other fields you add.\n${stringify(inventory, { lineWidth: 0, aliasDuplicateObjects: false })}`;
    if (flags.out) {
      await writeFileAtomic(flags.out, text);
      const c = changes ?? { added: [], removed: [], updated: [], missing: [] };
      for (const a of c.added) writeStderr(`added ${a}`);
      for (const r of c.removed) writeStderr(`removed ${r}`);
      for (const u of c.updated) writeStderr(`updated ${u}`);
      for (const m of c.missing) writeStderr(`kept ${m}: no longer found in its source (--prune removes it)`);
      const services = inventory.vendors.reduce((n, v) => n + (v.services?.length ?? 0), 0);
      writeStderr(
        `${flags.out}: ${inventory.vendors.length} vendor(s), ${services} service(s); ${c.added.length} added, ${c.removed.length} removed, ${c.updated.length} updated${c.missing.length > 0 ? `, ${c.missing.length} no longer found but kept (--prune removes them)` : ''}`,
      );
    } else {
      process.stdout.write(text);
    }
  }

  /** The inventory already at --out, undefined when there is none; refuses other files unless --force. */
  private async previousInventory(out: string, force: boolean, maxBytes: number): Promise<Inventory | undefined> {
    let text: string;
    try {
      text = (await readInputFile(out, { maxBytes })).text;
    } catch (error) {
      if (error instanceof ResidencyError && error.code === 'E_NOT_FOUND') return undefined;
      throw error;
    }
    let data: unknown;
    try {
      data = text.trim() === '' ? undefined : parseText(text, out).data;
    } catch {
      data = undefined;
    }
    const o = data as Partial<Inventory> | undefined;
    const isInventory = !!o && o.apiVersion === 'residency/v1' && o.kind === 'Inventory' && Array.isArray(o.vendors);
    if (isInventory) return o as Inventory;
    if (force) return undefined;
    throw new ResidencyError('E_OVERWRITE', `${out}: not a residency inventory`, [
      {
        code: 'E_OVERWRITE',
        severity: 'error',
        message: 'exists and is not a residency inventory; refusing to overwrite it',
        file: out,
        line: 1,
        column: 1,
        hint: 'Choose another --out path, or add --force to replace it',
      },
    ]);
  }
}

/**
 * Which recorded sources this import re-reads: the files given, anything inside a folder given, and
 * every file the fresh import recorded (Terraform modules outside the folder). Paths are compared
 * resolved against the working directory, as they were recorded.
 */
async function sourcesOf(inputs: readonly string[], fresh: Inventory): Promise<(file: string) => boolean> {
  const exact = new Set<string>();
  const folders: string[] = [];
  for (const input of inputs) {
    if (input === '-') {
      exact.add('<stdin>');
      continue;
    }
    const resolved = path.resolve(input);
    exact.add(resolved);
    const info = await stat(resolved).catch(() => undefined);
    if (info?.isDirectory()) folders.push(resolved + path.sep);
  }
  for (const v of fresh.vendors) {
    if (v.source) exact.add(path.resolve(v.source.file));
    for (const s of v.services ?? []) if (s.source) exact.add(path.resolve(s.source.file));
  }
  return (file) => {
    if (file === '<stdin>') return exact.has(file);
    const resolved = path.resolve(file);
    return exact.has(resolved) || folders.some((f) => resolved.startsWith(f));
  };
}
