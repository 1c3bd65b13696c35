/** Shared helpers for the Terraform importer tests: write input trees, import them, index services. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { readInputs } from '../../../src/adapters/import-files.js';
import type { Catalog } from '../../../src/catalog/types.js';
import type { ImportedFragment, ImportOptions } from '../../../src/importers/common.js';
import type { Service } from '../../../src/model/types.js';
import { validate } from '../../../src/schema/schemas.js';

/** A writer of fresh folders under `root`: relative path → text. */
export function treeWriter(root: string): (files: Record<string, string>) => string {
  let n = 0;
  return (files) => {
    const dir = path.join(root, `case-${++n}`);
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    }
    return dir;
  };
}

/** Import one input that must succeed and validate; services by id. */
export async function importInput(
  catalog: Catalog,
  input: string,
  extra: { vars?: ImportOptions['vars']; varFiles?: string[] } = {},
): Promise<{ fragment: ImportedFragment; services: Map<string, Service> }> {
  const read = await readInputs([input], { importOptions: { catalog, vars: extra.vars }, varFiles: extra.varFiles });
  expect(read.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(read.fragments).toHaveLength(1);
  const fragment = read.fragments[0];
  expect(validate('inventory', JSON.parse(JSON.stringify(fragment.inventory)))).toEqual([]);
  const services = new Map<string, Service>();
  for (const v of fragment.inventory.vendors) for (const s of v.services ?? []) services.set(s.id, s);
  return { fragment, services };
}
