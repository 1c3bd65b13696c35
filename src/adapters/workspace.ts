import { createRequire } from 'node:module';
import path from 'node:path';
import { buildCatalog } from '../catalog/build.js';
import type { Catalog } from '../catalog/types.js';
import { buildRulePack, type RulePack } from '../engine/rules.js';
import { hasErrors, ResidencyError } from '../model/errors.js';
import type { Diagnostic } from '../model/types.js';
import { type DocumentFormat, detectFormat, type ParsedDocument, parseText, sha256, stripBom } from '../parse/parse.js';
import { setPrecompiledValidators } from '../schema/schemas.js';
import { pushAll } from '../util/arrays.js';
import { listFiles, PACKAGE_ROOT, readInputFile } from './files.js';
import { parseReadText } from './parse-input.js';
import { parallelScanFrom, parseSharedJson } from './prescan.js';

const require = createRequire(import.meta.url);

export const TOOL = {
  name: 'residency',
  version: (require('../../package.json') as { version: string }).version,
};

const YAML_EXTENSIONS = ['.yaml', '.yml', '.json'];

export interface ReadDocumentsOptions {
  maxBytes?: number;
  format?: DocumentFormat;
  /**
   * false: never pre-scan in a worker thread. The worker decodes its own copy of the text (two bytes a character
   * once the file holds one non-Latin-1 character, as reports do: 370 MiB for a 180 MB report), so `diff` and
   * `verify`, which keep little of what they read, scan on this thread: less memory and less CPU, more wall time.
   */
  parallelScan?: boolean;
  /** The command a refusal's heap hint names (default `check`). */
  command?: string;
}

/** Display path for a bundled file: relative to the package root, so reports are machine-independent. */
function bundledName(file: string): string {
  return path.relative(PACKAGE_ROOT, file).split(path.sep).join('/');
}

interface SnapshotEntry {
  file: string;
  sha256: string;
  data: unknown;
}

let snapshot: Map<string, SnapshotEntry> | null | undefined;

/**
 * The bundled catalogue and rules, parsed and validated at build time (scripts/build-snapshot.mjs →
 * dist/snapshot.json). An entry is used only when the file's current text has the same SHA-256, so an
 * edited rule file without a rebuild is simply parsed again: never stale, just slower.
 */
function bundledSnapshot(): Map<string, SnapshotEntry> | null {
  if (snapshot !== undefined) return snapshot;
  if (process.env.RESIDENCY_NO_SNAPSHOT) {
    setPrecompiledValidators(false);
    snapshot = null;
    return snapshot;
  }
  try {
    const entries = require('../snapshot.json') as SnapshotEntry[];
    snapshot = new Map(entries.map((e) => [e.file, e]));
  } catch {
    snapshot = null;
  }
  return snapshot;
}

/** Bundled files: from the build-time snapshot when unchanged, else read and parsed as usual. */
async function readBundled(files: readonly string[]): Promise<{ docs: ParsedDocument[]; diagnostics: Diagnostic[] }> {
  const cache = bundledSnapshot();
  if (!cache) return readDocuments(files, {}, bundledName);
  const docs: ParsedDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    const name = bundledName(file);
    const input = await readInputFile(file);
    const digest = sha256(input.text);
    const entry = cache.get(name);
    if (entry && entry.sha256 === digest) {
      let parsed: ParsedDocument | undefined;
      docs.push({
        file: name,
        format: name.endsWith('.json') ? 'json' : 'yaml',
        data: entry.data,
        sha256: digest,
        // positions are only needed for diagnostics: parse the text then
        locate: (pointer, key) => {
          parsed ??= parseText(input.text, name);
          return parsed.locate(pointer, key);
        },
      });
      continue;
    }
    const read = await readDocuments([file], {}, bundledName);
    pushAll(docs, read.docs);
    pushAll(diagnostics, read.diagnostics);
  }
  return { docs, diagnostics };
}

/** Read and parse files; every failure becomes a diagnostic, and all files are tried. */
export async function readDocuments(
  files: readonly string[],
  options: ReadDocumentsOptions = {},
  display: (file: string) => string = (f) => f,
): Promise<{ docs: ParsedDocument[]; diagnostics: Diagnostic[] }> {
  const docs: ParsedDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    try {
      docs.push(await readDocument(file, options, display));
    } catch (error) {
      if (error instanceof ResidencyError) pushAll(diagnostics, error.diagnostics);
      else throw error;
    }
  }
  return { docs, diagnostics };
}

/**
 * Read and parse one file (throws a located ResidencyError). A JSON input of PARALLEL_SCAN_BYTES or more is
 * pre-scanned in a worker thread while this thread runs JSON.parse, as `check` does: `validate`, `diff` and
 * `verify` read large inventories and reports the same way.
 */
export async function readDocument(
  file: string,
  options: ReadDocumentsOptions = {},
  display: (file: string) => string = (f) => f,
): Promise<ParsedDocument> {
  const shareFrom = options.parallelScan === false ? undefined : parallelScanFrom();
  const input = await readInputFile(file, { maxBytes: options.maxBytes, shareFrom });
  const name = display(input.file);
  if (input.shared) {
    const body = stripBom(input.text);
    if (body.trim() !== '' && (options.format ?? detectFormat(name, body)) === 'json')
      return (await parseSharedJson(input.text, body, name, input.shared)).doc;
  }
  return parseReadText(input.text, name, { format: options.format, command: options.command });
}

function failIfErrors(diagnostics: readonly Diagnostic[], code: string, message: string): void {
  if (hasErrors(diagnostics)) throw new ResidencyError(code, message, [...diagnostics]);
}

/** The bundled catalogue (rules/catalog) plus the user's catalogue files, later ones overriding by id. */
export async function loadCatalog(
  extra: readonly string[] = [],
): Promise<{ catalog: Catalog; diagnostics: Diagnostic[] }> {
  const bundled = await listFiles(path.join(PACKAGE_ROOT, 'rules', 'catalog'), YAML_EXTENSIONS);
  const bundledRead = await readBundled(bundled);
  const userFiles: string[] = [];
  for (const p of extra) userFiles.push(...(await listFiles(p, YAML_EXTENSIONS)));
  const userRead = await readDocuments(userFiles);
  const diagnostics = [...bundledRead.diagnostics, ...userRead.diagnostics];
  failIfErrors(diagnostics, 'E_CATALOG', 'cannot read the catalogue');
  const built = buildCatalog([...bundledRead.docs, ...userRead.docs]);
  return { catalog: built.catalog, diagnostics: built.diagnostics };
}

export interface RulePackOptions {
  rules?: readonly string[];
  defaultRules?: boolean;
  disabled?: ReadonlySet<string>;
}

/** The bundled rule pack (rules/*.yaml) and the user's rule files or folders. */
export async function loadRulePack(options: RulePackOptions = {}): Promise<RulePack> {
  const entries: { file: string; bundled: boolean }[] = [];
  if (options.defaultRules !== false) {
    const bundledDir = path.join(PACKAGE_ROOT, 'rules');
    for (const file of await listFiles(bundledDir, ['.yaml', '.yml'], { recursive: false })) {
      entries.push({ file, bundled: true });
    }
  }
  // A rule folder is read like the bundled one: its own files, not its subfolders (where a pack keeps a catalogue,
  // fixtures or examples: `rules test rules/` must not read rules/catalog/*.yaml as rules).
  for (const p of options.rules ?? []) {
    for (const file of await listFiles(p, ['.yaml', '.yml', '.json'], { recursive: false })) {
      entries.push({ file, bundled: false });
    }
  }
  const docs: { doc: ParsedDocument; bundled: boolean }[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const entry of entries) {
    const read = entry.bundled ? await readBundled([entry.file]) : await readDocuments([entry.file]);
    pushAll(diagnostics, read.diagnostics);
    for (const doc of read.docs) docs.push({ doc, bundled: entry.bundled });
  }
  failIfErrors(diagnostics, 'E_RULE', 'cannot read the rules');
  return buildRulePack(docs, { version: TOOL.version, disabled: options.disabled });
}
