import type { ReadInputsResult } from '../adapters/import-files.js';
import type { Catalog } from '../catalog/types.js';
import type { ImportFormat, ImportOptions } from '../importers/common.js';

/** How importer inputs (Terraform, plans, CycloneDX, CSV) are read: the same for check, validate and import. */
export interface ImportInputOptions extends Omit<ImportOptions, 'catalog'> {
  /** Read every input as this format instead of detecting it. */
  format?: ImportFormat;
  /** `.tfvars` files applied to every Terraform root after its own. */
  varFiles?: string[];
}

/** Read inventories and importer inputs (the adapter is loaded on first use: `--help` never pays for it). */
export async function readAllInputs(
  files: readonly string[],
  options: {
    maxBytes: number;
    catalog: Catalog;
    import?: ImportInputOptions;
    parallelScan?: boolean;
    shelvable?: boolean;
    /** The command a refusal's heap hint names (default `check`). */
    command?: string;
  },
): Promise<ReadInputsResult> {
  const { readInputs } = await import('../adapters/import-files.js');
  const { format, varFiles, ...rest } = options.import ?? {};
  return readInputs(files, {
    maxBytes: options.maxBytes,
    format,
    varFiles,
    parallelScan: options.parallelScan,
    shelvable: options.shelvable,
    command: options.command,
    importOptions: { catalog: options.catalog, ...rest },
  });
}
