/**
 * The I/O edge of the importers: read each input (file, folder or -), decide its format from
 * `--input-format`, the extension or the content, walk Terraform folders (all `.tf` files, plus
 * local module folders named by `source = "./…"`), and hand text or parsed data to the pure
 * importers. Inventories come back as parsed documents, everything else as fragments.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ImportedFragment, ImportFormat, ImportOptions } from '../importers/common.js';
import { ResidencyError } from '../model/errors.js';
import type { Diagnostic } from '../model/types.js';
import { detectFormat, type ParsedDocument, sha256 } from '../parse/parse.js';
import { pushAll } from '../util/arrays.js';
import { type InputFile, readInputFile } from './files.js';
import { parseReadText } from './parse-input.js';
import { parallelScanFrom, parseSharedJson } from './prescan.js';

export interface ReadInputsOptions {
  maxBytes?: number;
  /** Force every input to this format. */
  format?: ImportFormat;
  importOptions: ImportOptions;
  /** `--var-file` files, applied to every Terraform root after its own .tfvars files. */
  varFiles?: string[];
  /** false: never pre-scan a large JSON input in a worker thread (see `readDocument`'s option of that name). */
  parallelScan?: boolean;
  /**
   * The caller drops each inventory's text once it is validated (ParsedDocument.shelve, `check`): a large JSON
   * inventory file is then read again a piece at a time where a warning is located inside a vendor.
   */
  shelvable?: boolean;
  /** The command a refusal's heap hint names (default `check`). */
  command?: string;
}

export interface ReadInputsResult {
  docs: ParsedDocument[];
  fragments: ImportedFragment[];
  diagnostics: Diagnostic[];
  /** Inputs whose pre-parse scan ran in a worker thread (for --timings). */
  workerScans?: number;
}

const MAX_MODULE_DEPTH = 16;

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** Read every input; each failure becomes diagnostics and the other inputs are still read. */
export async function readInputs(files: readonly string[], options: ReadInputsOptions): Promise<ReadInputsResult> {
  const result: ReadInputsResult = { docs: [], fragments: [], diagnostics: [] };
  for (const file of files) {
    try {
      await readOne(file, options, result);
    } catch (error) {
      if (error instanceof ResidencyError) pushAll(result.diagnostics, error.diagnostics);
      else throw error;
    }
  }
  return result;
}

async function readOne(file: string, options: ReadInputsOptions, out: ReadInputsResult): Promise<void> {
  if (file !== '-' && (await isDirectory(file))) {
    if (options.format && options.format !== 'terraform') {
      throw new ResidencyError('E_NOT_FILE', `${file}: is a directory`, [
        {
          code: 'E_NOT_FILE',
          severity: 'error',
          message: `is a directory, and only Terraform inputs can be folders (--input-format ${options.format})`,
          file,
          hint: 'Give the file inside it',
        },
      ]);
    }
    out.fragments.push(await importTerraformFolder(file, undefined, options));
    return;
  }
  const shareFrom = options.parallelScan === false ? undefined : parallelScanFrom();
  const input = await readInputFile(file, { maxBytes: options.maxBytes, shareFrom });
  const { detectImportFormat, refineJson } = await import('../importers/detect.js');
  let format: ImportFormat | 'json' = options.format ?? detectImportFormat(input.file, input.text);
  const body = input.text.replace(/^\uFEFF/, '');
  if (format === 'terraform') {
    out.fragments.push(await importTerraformFolder(path.dirname(file), [file], options, input.text));
    return;
  }
  if (format === 'csv') {
    const { importCsv } = await import('../importers/csv.js');
    out.fragments.push(importCsv(body, input.file, sha256(input.text), options.importOptions));
    return;
  }
  if (format === 'cyclonedx' && body.trimStart().startsWith('<')) {
    const { importCycloneDxXml } = await import('../importers/cyclonedx.js');
    out.fragments.push(importCycloneDxXml(body, input.file, options.importOptions));
    return;
  }
  const doc =
    input.shared && body.trim() !== '' && (format === 'json' || detectFormat(input.file, body) === 'json')
      ? await parseLarge(input, input.shared, body, out, options.shelvable === true)
      : parseReadText(input.text, input.file, {
          format: format === 'inventory' ? undefined : 'json',
          inventory: format === 'inventory',
          command: options.command,
        });
  if (format === 'json') format = refineJson(doc.data);
  if (format === 'inventory') {
    out.docs.push(doc);
  } else if (format === 'terraform-plan') {
    const { importTerraformPlan } = await import('../importers/terraform-plan.js');
    out.fragments.push(importTerraformPlan(doc, options.importOptions));
  } else if (format === 'terraform-state') {
    const { importTerraformState } = await import('../importers/terraform-state.js');
    out.fragments.push(importTerraformState(doc, options.importOptions));
  } else if (format === 'cyclonedx') {
    const { importCycloneDxJson } = await import('../importers/cyclonedx.js');
    out.fragments.push(importCycloneDxJson(doc, options.importOptions));
  }
}

/** A large JSON input: pre-scanned in a worker thread alongside JSON.parse (parseSharedJson), counted for --timings. */
async function parseLarge(
  input: InputFile,
  shared: Uint8Array,
  body: string,
  out: ReadInputsResult,
  shelvable: boolean,
): Promise<ParsedDocument> {
  const reread = shelvable && input.identity ? { path: input.file, identity: input.identity } : undefined;
  const { doc, inWorker } = await parseSharedJson(input.text, body, input.file, shared, { reread });
  if (inWorker) out.workerScans = (out.workerScans ?? 0) + 1;
  return doc;
}

/** A Terraform configuration file (not a variables file). */
const isConfigFile = (name: string): boolean => name.endsWith('.tf') || name.endsWith('.tf.json');

/** Why a local module folder cannot be read (undefined when it holds .tf files). */
async function localModuleMissing(dir: string): Promise<string | undefined> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR'
      ? 'the folder does not exist'
      : `the folder cannot be read (${code})`;
  }
  return entries.some((e) => e.isFile() && isConfigFile(e.name)) ? undefined : 'the folder holds no .tf files';
}

/**
 * A Terraform root: every `.tf` file in the folder (or just `only`), `terraform.tfvars` and
 * `*.auto.tfvars`, and the local module folders its module calls name, recursively.
 */
async function importTerraformFolder(
  dir: string,
  only: string[] | undefined,
  options: ReadInputsOptions,
  onlyText?: string,
): Promise<ImportedFragment> {
  const { parseHcl } = await import('../importers/hcl.js');
  const { tfJsonToHcl, tfvarsJson } = await import('../importers/tf-json.js');
  const { importTerraform } = await import('../importers/terraform.js');
  type Module = import('../importers/terraform.js').TerraformModule;
  const digest: string[] = [];
  const visited = new Set<string>();

  const loadModule = async (
    folder: string,
    files: string[] | undefined,
    depth: number,
    root: boolean,
  ): Promise<Module> => {
    visited.add(path.resolve(folder));
    let names: string[];
    if (files) names = files;
    else {
      let entries: import('node:fs').Dirent[];
      try {
        entries = await fs.readdir(folder, { withFileTypes: true });
      } catch (error) {
        throw new ResidencyError('E_READ', `${folder}: cannot read the folder`, [
          {
            code: 'E_READ',
            severity: 'error',
            message: `cannot read the folder (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
            file: folder,
          },
        ]);
      }
      const files = entries.filter((e) => e.isFile()).map((e) => e.name);
      // Terraform's order: terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars(.json) by name
      const vars = root
        ? [
            ...['terraform.tfvars', 'terraform.tfvars.json'].filter((n) => files.includes(n)),
            ...files.filter((n) => /\.auto\.tfvars(\.json)?$/.test(n)).sort(),
          ]
        : [];
      names = [...files.filter(isConfigFile).sort(), ...vars].map((n) => path.join(folder, n));
    }
    if (root) names = [...names, ...(options.varFiles ?? [])];
    const module: Module = { dir: folder, files: [], tfvars: [], children: {} };
    for (const f of names) {
      const text =
        onlyText !== undefined && files && f === files[0]
          ? onlyText
          : (await readInputFile(f, { maxBytes: options.maxBytes })).text;
      digest.push(`${f}\0${sha256(text)}`);
      const config = isConfigFile(path.basename(f));
      const json = !f.toLowerCase().endsWith('.json')
        ? await parseHcl(f, text)
        : config
          ? tfJsonToHcl(f, text)
          : tfvarsJson(f, text);
      (config ? module.files : module.tfvars)?.push({ file: f, text, json });
    }
    if (module.files.length === 0 && !files) {
      throw new ResidencyError('E_IMPORT_EMPTY', `${folder}: no .tf files`, [
        {
          code: 'E_IMPORT_EMPTY',
          severity: 'error',
          message: 'the folder holds no .tf files',
          file: folder,
          hint: 'Give a Terraform root folder, or the inventory file inside it',
        },
      ]);
    }
    if (depth >= MAX_MODULE_DEPTH) return module;
    for (const file of module.files) {
      const calls = (file.json.module ?? {}) as Record<string, unknown>;
      for (const [name, bodies] of Object.entries(calls)) {
        const body = (Array.isArray(bodies) ? bodies[0] : bodies) as Record<string, unknown> | undefined;
        const source = typeof body?.source === 'string' ? body.source : '';
        if (!source.startsWith('./') && !source.startsWith('../')) continue;
        const childDir = path.join(folder, source);
        if (visited.has(path.resolve(childDir))) continue;
        // an absent local module (an example copied without its module) is recorded, not an error
        const why = await localModuleMissing(childDir);
        if (why) {
          module.missing = { ...module.missing, [name]: why };
          continue;
        }
        module.children[name] = await loadModule(childDir, undefined, depth + 1, false);
      }
    }
    return module;
  };

  const root = await loadModule(dir, only, 0, true);
  return importTerraform(root, options.importOptions, {
    file: only?.[0] ?? dir,
    sha256: sha256(digest.join('\n')),
  });
}
