/**
 * Terraform state → canonical inventory. Pure: takes the located document from parse/parse.ts.
 *
 * Reads both forms: `terraform show -json` of a state (`values.root_module.resources`, nested
 * `child_modules`) and the `terraform.tfstate` file itself (format version 4: `resources[].instances[]`).
 * State holds what Terraform resolved, so locations come from each instance's attributes (region,
 * location, zones, nested blocks; an ARN's region field), not from expressions. One service per
 * managed resource instance; data sources are skipped and counted.
 */
import type { Catalog, Provider } from '../catalog/types.js';
import type { Diagnostic, Inference } from '../model/types.js';
import type { ParsedDocument } from '../parse/parse.js';
import { uniqueSorted } from '../util/arrays.js';
import {
  asObj,
  classificationTable,
  emptyInventory,
  type ImportedFragment,
  type ImportOptions,
  importError,
  locationArguments,
  type Obj,
  providerByLocalName,
  providerBySource,
  providerVendor,
  REGION_KEYS,
  resolveRegion,
  serviceIdOf,
  storageOf,
  tidyService,
  unknownProviderSkip,
  VendorSet,
} from './common.js';
import { isTerraformState } from './detect.js';

interface Instance {
  address: string;
  mode: string;
  type: string;
  providerName: string;
  attributes: Obj;
  pointer: string;
}

/** Every resource instance in either state form, with the JSON pointer it came from. */
function instancesOf(state: Obj): Instance[] {
  const out: Instance[] = [];
  const values = asObj(state.values);
  if (values) {
    const visit = (module: Obj | undefined, pointer: string, depth: number): void => {
      if (!module || depth > 64) return;
      for (const [i, r] of (Array.isArray(module.resources) ? module.resources : []).entries()) {
        const ro = asObj(r);
        if (!ro || typeof ro.address !== 'string' || typeof ro.type !== 'string') continue;
        out.push({
          address: ro.address,
          mode: typeof ro.mode === 'string' ? ro.mode : 'managed',
          type: ro.type,
          providerName: typeof ro.provider_name === 'string' ? ro.provider_name : '',
          attributes: asObj(ro.values) ?? {},
          pointer: `${pointer}/resources/${i}`,
        });
      }
      for (const [i, child] of (Array.isArray(module.child_modules) ? module.child_modules : []).entries())
        visit(asObj(child), `${pointer}/child_modules/${i}`, depth + 1);
    };
    visit(asObj(values.root_module), '/values/root_module', 0);
    return out;
  }
  for (const [i, r] of (Array.isArray(state.resources) ? state.resources : []).entries()) {
    const ro = asObj(r);
    if (!ro || typeof ro.type !== 'string' || typeof ro.name !== 'string') continue;
    const base = `${typeof ro.module === 'string' ? `${ro.module}.` : ''}${ro.mode === 'data' ? 'data.' : ''}${ro.type}.${ro.name}`;
    // provider["registry.terraform.io/aliyun/alicloud"].alias
    const providerName = typeof ro.provider === 'string' ? (ro.provider.match(/provider\["([^"]+)"\]/)?.[1] ?? '') : '';
    for (const [j, inst] of (Array.isArray(ro.instances) ? ro.instances : []).entries()) {
      const io = asObj(inst);
      if (!io) continue;
      const key = io.index_key;
      out.push({
        address: key === undefined ? base : `${base}[${JSON.stringify(key)}]`,
        mode: typeof ro.mode === 'string' ? ro.mode : 'managed',
        type: ro.type,
        providerName,
        attributes: asObj(io.attributes) ?? {},
        pointer: `/resources/${i}/instances/${j}`,
      });
    }
  }
  return out;
}

/** Regions from resolved attribute values; an ARN's fourth field is a region. */
function locateInstance(
  catalog: Catalog,
  provider: Provider,
  inst: Instance,
): { regions: string[]; inferred: Inference[]; unknowns: string[] } {
  const regionKeys = new Set([...REGION_KEYS, ...(provider.terraform?.regionArguments ?? [])]);
  const regions = new Set<string>();
  const inferred: Inference[] = [];
  const unknowns: string[] = [];
  const found: { label: string; value: string; region: boolean }[] = [];
  for (const arg of locationArguments(inst.attributes, regionKeys))
    for (const v of Array.isArray(arg.raw) ? arg.raw : [arg.raw])
      if (typeof v === 'string' && v.trim())
        found.push({ label: `${inst.address} ${arg.path}`, value: v, region: regionKeys.has(arg.key) });
  const arn = inst.attributes.arn;
  if (typeof arn === 'string') {
    const field = arn.split(':')[3];
    if (field) found.push({ label: `${inst.address} arn`, value: field, region: true });
  }
  for (const f of found) {
    const r = resolveRegion(catalog, provider.id, f.value, `${f.label} (state)`);
    if (r.region) {
      regions.add(r.region);
      inferred.push(r.inferred ?? { fact: `region ${r.region}`, from: `${f.label} = "${f.value}" (state)` });
    } else if (f.region && r.unknown) unknowns.push(r.unknown);
  }
  if (regions.size === 0 && unknowns.length === 0)
    unknowns.push(`the state of ${inst.address} records no region or zone attribute`);
  return { regions: [...regions].sort(), inferred, unknowns: regions.size > 0 ? [] : unknowns };
}

export function importTerraformState(doc: ParsedDocument, options: ImportOptions): ImportedFragment {
  const { catalog } = options;
  const state = asObj(doc.data);
  if (!state || !isTerraformState(state)) {
    throw importError(
      'E_IMPORT_SHAPE',
      doc.file,
      1,
      1,
      'not a Terraform state: expected `terraform show -json` output (format_version, values) or a terraform.tfstate (version 4, resources)',
      'Give `terraform show -json` (without a plan file) or the terraform.tfstate file',
      'Terraform state JSON',
    );
  }
  const table = classificationTable(options.map);
  const vendors = new VendorSet();
  const diagnostics: Diagnostic[] = [];
  const skipped: string[] = [];
  const unknownProviders = new Set<string>();
  let dataSources = 0;
  for (const inst of instancesOf(state)) {
    if (inst.mode === 'data') {
      dataSources++;
      continue;
    }
    const provider =
      providerBySource(catalog, inst.providerName) ?? providerByLocalName(catalog, inst.type.split('_')[0]);
    const pos = doc.locate(inst.pointer) ?? { line: 1, column: 1 };
    if (!provider) {
      skipped.push(
        unknownProviderSkip(unknownProviders, diagnostics, inst.providerName || inst.type.split('_')[0], inst.address, {
          file: doc.file,
          ...pos,
        }),
      );
      continue;
    }
    const where = locateInstance(catalog, provider, inst);
    const stored = storageOf(
      catalog,
      table,
      provider,
      inst.type,
      inst.address,
      asObj(inst.attributes.tags) ?? asObj(inst.attributes.labels),
    );
    vendors.vendor(provider.id, () => ({
      ...providerVendor(catalog, provider),
      source: { file: doc.file, ...pos, pointer: inst.pointer },
    }));
    vendors.addService(
      provider.id,
      tidyService({
        id: serviceIdOf(inst.address),
        name: inst.address,
        provider: provider.id,
        regions: where.regions,
        resourceType: inst.type,
        storesData: stored.storesData,
        data: stored.data,
        source: { file: doc.file, line: pos.line, column: pos.column, pointer: inst.pointer },
        inferred: [...where.inferred, ...stored.inferred],
        unknowns: uniqueSorted([...where.unknowns, ...stored.unknowns]),
      }),
    );
  }
  if (dataSources > 0)
    skipped.push(`${dataSources} data source${dataSources === 1 ? '' : 's'} (they read, and create nothing)`);
  return {
    file: doc.file,
    sha256: doc.sha256,
    format: 'terraform-state',
    inventory: emptyInventory(options, vendors.list()),
    diagnostics,
    skipped: uniqueSorted(skipped),
  };
}
