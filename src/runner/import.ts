import { stat } from 'node:fs/promises';
import path from 'node:path';
import { readInputFile } from '../adapters/files.js';
import { checkCapacity } from '../adapters/perf.js';
import { loadCatalog } from '../adapters/workspace.js';
import { writeFileAtomic } from '../adapters/write.js';
import type { Catalog } from '../catalog/types.js';
import type { ImportChanges } from '../inventory/merge.js';
import { loadInventory } from '../inventory/validate.js';
import { errorsOf, hasErrors, ResidencyError } from '../model/errors.js';
import type { Diagnostic, Inventory } from '../model/types.js';
import { parseText } from '../parse/parse.js';
import { formatNumber } from '../util/text.js';
import { type ImportInputOptions, readAllInputs } from './inputs.js';

export interface ImportRunOptions {
  /** Terraform folders or files, plan JSON, CycloneDX, CSV, and at most one inventory to start from (- for standard input). */
  files: string[];
  maxBytes: number;
  import?: ImportInputOptions;
  /** Write (or update) this inventory file instead of returning the text to print. */
  out?: string;
  /** Overwrite `out` even when it is not a residency inventory. */
  force?: boolean;
  /** With `out`: remove what the re-read sources no longer hold. */
  prune?: boolean;
  /** The inventory's format; by default JSON when `out` ends in `.json`, else YAML. */
  format?: InventoryFormat;
}

/** The formats `import` writes an inventory in. */
export const INVENTORY_FORMATS = ['yaml', 'json'] as const;
export type InventoryFormat = (typeof INVENTORY_FORMATS)[number];

export interface ImportResult {
  inventory: Inventory;
  /** The format of `text`. */
  format: InventoryFormat;
  /**
   * The inventory as YAML with its header, or as JSON (what `import` prints, or writes to `out`), in pieces made on
   * demand: the whole text (~70 MiB of YAML at 100k vendors) is never one string. Each call starts again from the
   * beginning.
   */
  text: () => Iterable<string>;
  /** The file written, when `out` was given. */
  out?: string;
  /** The inventory given as an input that the import started from (converted, or merged into), when one was. */
  startedFrom?: { file: string; format: InventoryFormat };
  /** What changed in `out` (when given). */
  changes?: ImportChanges;
  /** The importers' warnings. */
  diagnostics: Diagnostic[];
  /** The change lines and summary `import --out` prints to standard error. */
  summary: string[];
}

/**
 * `residency import`: read the inputs, combine them into one canonical inventory, merge it with the
 * inventory already at `out` (keeping what a person added), validate the result through the same path
 * `check` uses, and write it atomically. Bad input throws a ResidencyError (exit 2).
 */
export async function runImport(options: ImportRunOptions): Promise<ImportResult> {
  const { files, maxBytes, out } = options;
  const format = inventoryFormat(out, options.format);
  // before reading: refuse inputs (and an existing --out) that would not fit in the heap, as check does
  await checkCapacity(out ? [...files, out] : files, { maxBytes, command: 'import' });
  const { catalog } = await loadCatalog([]);
  const organisation = options.import?.organisation;
  const { fresh, diagnostics, base } = await readFresh(files, maxBytes, catalog, options.import);
  const { mergeWithPrevious } = await import('../inventory/merge.js');

  let inventory: Inventory = fresh;
  let changes: ImportChanges | undefined;
  // an inventory among the inputs is what the import starts from, as the inventory at --out is otherwise: alone, it
  // is converted (YAML to JSON, or back); with other inputs, they are merged into it as a re-import would
  // (given as --out as well: a re-import into it, as without it)
  const startFrom = base && !(out && samePath(base.file, out)) ? base : undefined;
  if (startFrom && out && (await exists(out))) throw bothStarts(startFrom.file, out);
  const previous = base
    ? (base.data as Inventory)
    : out
      ? await previousInventory(out, options.force === true, maxBytes)
      : undefined;
  if (previous && base && fresh.vendors.length === 0) {
    // nothing imported: the inventory as it is (converted), and no change
    inventory = organisation
      ? { ...previous, organisation: { ...previous.organisation, name: organisation } }
      : previous;
    changes = { added: [], removed: [], updated: [], missing: [] };
  } else if (previous) {
    const merged = mergeWithPrevious(previous, fresh, {
      organisation,
      covers: await sourcesOf(files, fresh),
      prune: options.prune === true,
    });
    inventory = merged.inventory;
    changes = merged.changes;
  } else if (out) {
    changes = { added: fresh.vendors.map((v) => v.id), removed: [], updated: [], missing: [] };
  }
  // the result must be a valid inventory: the schema and semantic checks check runs on imported inputs (an inventory
  // written as it was given was checked already, located in its own file)
  if (inventory !== base?.data) {
    const problems = loadInventory([], catalog, [{ file: out ?? '<import>', inventory }]).diagnostics;
    if (hasErrors(problems)) {
      const errors = errorsOf(problems);
      throw new ResidencyError('E_IMPORT_INVALID', 'the import is not a valid inventory', errors);
    }
  }
  // written in slices of vendors (no yaml node tree of the whole inventory, and no string of the whole text);
  // the same bytes as the header and one stringify
  const { inventoryJsonPieces, inventoryYamlPieces } = await import('../importers/emit.js');
  const header = `${IMPORT_HEADER_START} from ${files.join(', ')}.\n# Edit freely: re-importing keeps data, criticality, contracts and other fields you add.\n`;
  const text = function* (): Generator<string> {
    if (format === 'json') {
      yield* inventoryJsonPieces(inventory);
      return;
    }
    yield header;
    yield* inventoryYamlPieces(inventory);
  };
  const summary: string[] = [];
  if (out) {
    await writeFileAtomic(out, text());
    const c = changes ?? { added: [], removed: [], updated: [], missing: [] };
    listChanges(summary, c.added, 'added', (a) => `added ${a}`);
    listChanges(summary, c.removed, 'removed', (r) => `removed ${r}`);
    listChanges(summary, c.updated, 'updated', (u) => `updated ${u}`);
    listChanges(summary, c.missing, 'kept', (m) => `kept ${m}: no longer found in its source (--prune removes it)`);
    const services = inventory.vendors.reduce((n, v) => n + (v.services?.length ?? 0), 0);
    summary.push(
      `${out}: ${inventory.vendors.length} vendor(s), ${services} service(s); ${c.added.length} added, ${c.removed.length} removed, ${c.updated.length} updated${c.missing.length > 0 ? `, ${c.missing.length} no longer found but kept (--prune removes them)` : ''}`,
    );
  }
  if (startFrom) summary.push(startedFrom(startFrom, out, format));
  return {
    inventory,
    format,
    text,
    ...(out ? { out, changes } : {}),
    ...(startFrom ? { startedFrom: { file: startFrom.file, format: startFrom.format } } : {}),
    diagnostics,
    summary,
  };
}

/**
 * Changes of one kind listed a line each, the first `CHANGES_LISTED` of them, then how many more: a first import of a
 * 100k-row CSV printed 100,000 `added …` lines. `--json` gives every change (`changes`).
 */
function listChanges(summary: string[], ids: readonly string[], verb: string, line: (id: string) => string): void {
  for (let i = 0; i < Math.min(ids.length, CHANGES_LISTED); i++) summary.push(line(ids[i]));
  if (ids.length > CHANGES_LISTED)
    summary.push(`… and ${formatNumber(ids.length - CHANGES_LISTED)} more ${verb} (import --json lists every change)`);
}

/** Changes of one kind listed one a line before the rest are counted. */
export const CHANGES_LISTED = 100;

/** How the YAML an import writes begins. */
const IMPORT_HEADER_START = '# Generated by `residency import`';

/** A text's data in a given format, undefined when it does not parse. */
function parseQuietly(text: string, file: string, format: 'yaml' | 'json'): unknown {
  try {
    return parseText(text, file, { format }).data;
  } catch {
    return undefined;
  }
}

/**
 * The format to write: `format` when given, else JSON for an `out` named `.json` and YAML otherwise. A format the
 * name contradicts is refused before anything is read: `check` reads a file by its name, so a `.json` file of YAML
 * (or a `.yaml` file the user asked to be JSON) would be read as what it is not.
 */
export function inventoryFormat(out: string | undefined, format: InventoryFormat | undefined): InventoryFormat {
  const named: InventoryFormat | undefined =
    out === undefined ? undefined : /\.json$/i.test(out) ? 'json' : /\.ya?ml$/i.test(out) ? 'yaml' : undefined;
  if (format !== undefined && named !== undefined && format !== named) {
    throw new ResidencyError('E_USAGE', `--format ${format} does not match --out ${out}`, [
      {
        code: 'E_USAGE',
        severity: 'error',
        message: `--format ${format}, but --out ${out} names a ${named.toUpperCase()} file, and check reads a file by its name`,
        hint: `Leave out --format (the name decides), or name the file .${format}`,
      },
    ]);
  }
  return format ?? named ?? 'yaml';
}

/**
 * The inputs read and combined into one inventory, with the importers' warnings. A function of its own so that what
 * was read (every fragment's vendors, which the combined inventory copies) is not held while the rest of the import
 * runs: at 100k rows that was a tenth of the heap.
 */
async function readFresh(
  files: string[],
  maxBytes: number,
  catalog: Catalog,
  options: ImportInputOptions | undefined,
): Promise<{ fresh: Inventory; diagnostics: Diagnostic[]; base?: StartingInventory }> {
  const read = await readAllInputs(files, { maxBytes, catalog, import: options, command: 'import' });
  if (hasErrors(read.diagnostics)) throw new ResidencyError('E_INPUT', 'cannot import', read.diagnostics);
  if (read.docs.length > 1) {
    const d = read.docs[1];
    throw new ResidencyError('E_USAGE', `${d.file}: a second inventory`, [
      {
        code: 'E_USAGE',
        severity: 'error',
        message: `is a second residency inventory (after ${read.docs[0].file}); import starts from one inventory and merges Terraform, plan JSON, CycloneDX and CSV into it`,
        file: d.file,
        line: 1,
        column: 1,
        hint: 'Give one inventory to convert or import into (`residency check` reads several at once), or use --input-format to force another format',
      },
    ]);
  }
  const doc = read.docs[0];
  // the inventory to start from must be one check accepts, its errors located in its own file: the merged result is
  // validated again, but as a whole, where a position in this file would be lost
  if (doc) {
    const errors = errorsOf(loadInventory([doc], catalog).diagnostics);
    if (errors.length > 0) throw new ResidencyError('E_INPUT', `${doc.file}: not a valid inventory`, errors);
  }
  const { combineFragments } = await import('../inventory/merge.js');
  return {
    fresh: combineFragments(read.fragments, options?.organisation),
    diagnostics: read.fragments.flatMap((f) => f.diagnostics ?? []),
    ...(doc ? { base: { file: doc.file, format: doc.format === 'yaml' ? 'yaml' : 'json', data: doc.data } } : {}),
  };
}

/** An inventory given as an input: what an import starts from instead of the inventory at `--out`. */
interface StartingInventory {
  file: string;
  format: InventoryFormat;
  data: unknown;
}

/** Whether two paths name the same file (compared resolved against the working directory). */
function samePath(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined)) !== undefined;
}

/** Refused before anything is written: two inventories to start from, the one given and the one at `--out`. */
function bothStarts(file: string, out: string): ResidencyError {
  return new ResidencyError('E_USAGE', `${out} exists, and ${file} is an inventory too`, [
    {
      code: 'E_USAGE',
      severity: 'error',
      message: `exists, and ${file} is an inventory too: an import starts from one inventory, not two`,
      file: out,
      hint: `Give an --out that does not exist yet to convert or import into ${file}, or leave ${file} out to import into ${out}`,
    },
  ]);
}

/** The summary line of an import that started from an inventory given as an input. */
function startedFrom(base: StartingInventory, out: string | undefined, format: InventoryFormat): string {
  const to = out ?? 'standard output';
  const converted = base.format === format ? '' : ` (${base.format.toUpperCase()} to ${format.toUpperCase()})`;
  const comments = base.format === 'yaml' ? '; any comments in it are not carried over' : '';
  return `${to}: started from ${base.file}${converted}, which is left as it is${comments}`;
}

/** The inventory already at `out`, undefined when there is none; refuses other files unless `force`. */
async function previousInventory(out: string, force: boolean, maxBytes: number): Promise<Inventory | undefined> {
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
    // a `.json` file of YAML that an import wrote before it wrote JSON there: read as the YAML it is, so that its
    // edits are merged, not lost, and the file becomes the JSON its name says
    data = text.startsWith(IMPORT_HEADER_START) ? parseQuietly(text, out, 'yaml') : undefined;
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
