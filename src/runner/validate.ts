import { loadWaiverFile } from '../adapters/config-files.js';
import { listFiles } from '../adapters/files.js';
import { expandInputs } from '../adapters/inputs.js';
import { CHECK_HEAP_PER_JSON_BYTE, checkCapacity, checkInventoryHeap, PARSE_HEAP_FACTOR } from '../adapters/perf.js';
import { loadCatalog, loadRulePack } from '../adapters/workspace.js';
import type { Catalog } from '../catalog/types.js';
import { userRuleExampleDiagnostics } from '../engine/tester.js';
import { disjointFragments } from '../inventory/merge.js';
import { loadedMissingFacts } from '../inventory/missing-facts.js';
import { loadInventory } from '../inventory/validate.js';
import { hasErrors, isResidencyError } from '../model/errors.js';
import type { Diagnostic } from '../model/types.js';
import { pushAll } from '../util/arrays.js';
import { type ImportInputOptions, readAllInputs } from './inputs.js';

export interface ValidateOptions {
  /** Inventories, folders of them, importer inputs (- for standard input). */
  files: string[];
  /** Rule files or folders to validate (their examples are run). */
  rules?: string[];
  /** Extra catalogue files or folders to validate and use. */
  catalog?: string[];
  /** A waiver file to validate. */
  waivers?: string;
  asOf: string;
  maxBytes: number;
  /** Warnings count as errors. */
  strict?: boolean;
  /** Also check the files as one merged inventory (vendor ids unique across files). */
  merge?: boolean;
  import?: ImportInputOptions;
}

/** The result; `--json` prints it as it is. */
export interface ValidateResult {
  valid: boolean;
  diagnostics: Diagnostic[];
}

function sortByPosition(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/**
 * `residency validate`: every problem of the inventories (and rules, catalogue, waivers) as located
 * diagnostics. Problems of the input are the result, not errors; only a bad option throws.
 */
export async function runValidate(options: ValidateOptions): Promise<ValidateResult> {
  const { files } = options;
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
  const extraCatalog = options.catalog ?? [];
  const loaded = await collect(() => loadCatalog(extraCatalog));
  if (loaded)
    pushAll(
      diagnostics,
      loaded.diagnostics.filter((d) => extraCatalog.length && d.file),
    );
  if (options.rules?.length) {
    const rules = options.rules;
    const pack = await collect(() => loadRulePack({ rules, defaultRules: false }));
    if (pack) pushAll(diagnostics, pack.diagnostics);
    if (pack && loaded)
      pushAll(diagnostics, userRuleExampleDiagnostics(pack, { catalog: loaded.catalog, asOf: options.asOf }));
  }
  if (files.length === 0 && !options.rules?.length && !extraCatalog.length) {
    diagnostics.push({
      code: 'E_USAGE',
      severity: 'error',
      message: 'nothing to validate',
      hint: 'Give inventory files (- reads standard input: cat inventory.yaml | residency validate -), or --rules / --catalog paths',
    });
  }
  if (files.length > 0 && loaded) pushAll(diagnostics, await inputDiagnostics(options, loaded.catalog));
  if (options.waivers) {
    const waivers = options.waivers;
    await collect(() => loadWaiverFile(waivers, options.asOf));
  }
  if (options.strict) {
    for (const [i, d] of diagnostics.entries())
      if (d.severity === 'warning') diagnostics[i] = { ...d, severity: 'error' };
  }
  return { valid: !hasErrors(diagnostics), diagnostics };
}

/**
 * Every input check accepts (inventories, Terraform folders and files, plans, CycloneDX, CSV), read
 * the way check reads them. Each input is validated on its own, so one bad file does not hide the
 * others' problems; references between inputs (sub-processors) and, with --merge, vendor ids are
 * checked across all of them, as check sees them.
 */
async function inputDiagnostics(options: ValidateOptions, catalog: Catalog): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  const { maxBytes } = options;
  // a folder of inventories is validated file by file; any other folder is a Terraform root
  const expanded: string[] = [];
  for (const file of options.files) {
    try {
      pushAll(expanded, await expandInputs([file]));
    } catch (error) {
      if (!isResidencyError(error) || error.code !== 'E_NO_INVENTORY') throw error;
      // no inventories: a Terraform root if it holds .tf files, else the error stands
      if ((await listFiles(file, ['.tf'])).length > 0) expanded.push(file);
      else pushAll(out, error.diagnostics);
    }
  }
  // before reading: refuse what would not fit in the heap, as check does (E_TOO_LARGE, exit 2)
  await checkCapacity(expanded, {
    maxBytes,
    command: 'validate',
    jsonHeapFactor: PARSE_HEAP_FACTOR,
    jsonHintFactor: CHECK_HEAP_PER_JSON_BYTE,
  });
  // without the worker pre-scan: its copy of the text is memory the enrichment's peak adds to (100k minified:
  // 1,008 → 918 MiB, and 0.2 s less CPU; the scan runs on this thread instead, a little more wall time)
  const read = await readAllInputs(expanded, {
    maxBytes,
    catalog,
    import: options.import,
    parallelScan: false,
    command: 'validate',
  });
  // the missing-fact warnings need the enrichment, as check does: refuse from the inventory's counts what would not
  // fit in the heap (E_TOO_LARGE with the NODE_OPTIONS hint) instead of running out of memory part-way
  await checkInventoryHeap(read.docs, read.fragments, { command: 'validate' });
  pushAll(out, read.diagnostics);
  const several = read.docs.length + read.fragments.length > 1;
  const alone = (d: Diagnostic): boolean => !several || !CROSS_INPUT.has(d.code);
  // each input's own problems, then the facts its verdicts would lack on the --as-of date (as check reports them)
  const own = (loaded: ReturnType<typeof loadInventory>): Diagnostic[] =>
    sortByPosition([...loaded.diagnostics.filter(alone), ...loadedMissingFacts(loaded, catalog, options.asOf)]);
  for (const doc of read.docs) pushAll(out, own(loadInventory([doc], catalog)));
  for (const fragment of read.fragments) pushAll(out, own(loadInventory([], catalog, [fragment])));
  if (several) {
    const all = loadInventory(read.docs, catalog, disjointFragments(read.fragments)).diagnostics;
    const wanted = (d: Diagnostic): boolean =>
      CROSS_INPUT.has(d.code) || (options.merge === true && d.code === 'E_DUPLICATE_ID');
    // one set of what is already said (a scan of `out` per diagnostic was quadratic in the inputs' diagnostics)
    const said = new Set(out.map((x) => `${x.file}\0${x.message}`));
    for (const d of all) {
      const key = `${d.file}\0${d.message}`;
      if (wanted(d) && !said.has(key)) {
        said.add(key);
        out.push(d);
      }
    }
  }
  return out;
}

/** Diagnostics about references from one input to another: judged over all inputs together. */
const CROSS_INPUT = new Set(['E_UNKNOWN_SUBPROCESSOR']);
