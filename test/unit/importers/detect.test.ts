/**
 * One answer to "is this JSON a Terraform plan, a Terraform state or a CycloneDX BOM?" (src/importers/detect.ts).
 * Before, detection (`refineJson`) and the state importer (`isTerraformState` in terraform-state.ts) each had
 * their own test, and a dead `isTerraformPlan` a third: the documents below got different answers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInputs } from '../../../src/adapters/import-files.js';
import { loadCatalog } from '../../../src/adapters/workspace.js';
import type { Catalog } from '../../../src/catalog/types.js';
import { isCycloneDxJson, isTerraformPlan, isTerraformState, refineJson } from '../../../src/importers/detect.js';
import { errorsOf, isResidencyError } from '../../../src/model/errors.js';

const SHOW_STATE = { format_version: '1.0', terraform_version: '1.9.0', values: { root_module: { resources: [] } } };
const TFSTATE = { version: 4, terraform_version: '1.9.0', serial: 1, resources: [] };
const PLAN = { format_version: '1.2', planned_values: {}, resource_changes: [], configuration: {} };
/** `values` and `resource_changes`: detection said plan, the state importer said state. */
const STATE_WITH_CHANGES = { format_version: '1.0', values: { root_module: { resources: [] } }, resource_changes: [] };
/** `values` that is not an object: detection said state, the state importer refused it as not state. */
const VALUES_NOT_OBJECT = { format_version: '1.0', values: 'not an object' };
/** Only `configuration`: detection said plan, the plan importer's own test said not a plan. */
const CONFIGURATION_ONLY = { format_version: '1.0', configuration: { root_module: {} } };
const BOM = { bomFormat: 'CycloneDX', specVersion: '1.5', services: [] };

const CASES: [string, unknown, ReturnType<typeof refineJson>][] = [
  ['terraform show -json of a state', SHOW_STATE, 'terraform-state'],
  ['terraform.tfstate', TFSTATE, 'terraform-state'],
  ['terraform show -json of a plan', PLAN, 'terraform-plan'],
  ['values and resource_changes', STATE_WITH_CHANGES, 'terraform-plan'],
  ['values that is not an object', VALUES_NOT_OBJECT, 'inventory'],
  ['configuration only', CONFIGURATION_ONLY, 'terraform-plan'],
  ['a CycloneDX BOM', BOM, 'cyclonedx'],
  ['an array', [PLAN], 'inventory'],
  ['null', null, 'inventory'],
];

describe('JSON format detection', () => {
  it.each(CASES)('%s: one answer from refineJson and the predicates', (_name, data, expected) => {
    expect(refineJson(data)).toBe(expected);
    expect(isTerraformState(data)).toBe(expected === 'terraform-state');
    expect(isTerraformPlan(data)).toBe(expected === 'terraform-plan');
    expect(isCycloneDxJson(data)).toBe(expected === 'cyclonedx');
  });
});

describe('the state importer asks the same question as detection', () => {
  let catalog: Catalog;
  let dir: string;
  beforeAll(async () => {
    catalog = (await loadCatalog()).catalog;
    dir = mkdtempSync(path.join(os.tmpdir(), 'residency-detect-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function importAs(data: unknown, format?: 'terraform-state'): Promise<string> {
    const file = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(data));
    try {
      const read = await readInputs([file], { format, importOptions: { catalog } });
      const error = errorsOf(read.diagnostics)[0];
      return error?.code ?? read.fragments[0]?.format ?? 'inventory';
    } catch (error) {
      if (isResidencyError(error)) return error.diagnostics[0].code;
      throw error;
    }
  }

  it('a document detected as a plan is refused as state when --input-format terraform-state forces it', async () => {
    expect(await importAs(STATE_WITH_CHANGES)).toBe('terraform-plan');
    expect(await importAs(STATE_WITH_CHANGES, 'terraform-state')).toBe('E_IMPORT_SHAPE');
  });

  it('a document the state importer refuses is not detected as state', async () => {
    expect(await importAs(VALUES_NOT_OBJECT, 'terraform-state')).toBe('E_IMPORT_SHAPE');
    expect(await importAs(VALUES_NOT_OBJECT)).toBe('inventory');
  });

  it('real state and plan documents import as what they are detected as', async () => {
    expect(await importAs(SHOW_STATE)).toBe('terraform-state');
    expect(await importAs(TFSTATE)).toBe('terraform-state');
    expect(await importAs(PLAN)).toBe('terraform-plan');
    expect(await importAs(SHOW_STATE, 'terraform-state')).toBe('terraform-state');
  });
});
