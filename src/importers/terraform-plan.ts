/**
 * Terraform plan JSON (`terraform show -json plan.out`) → canonical inventory. Pure: takes the
 * located document from load/parse.ts.
 *
 * Reads `resource_changes` (managed resources that exist after apply), their `provider_name`, the
 * provider configuration each resource uses (`configuration.root_module…provider_config_key` →
 * `configuration.provider_config`), its `region` expression (constant, or a reference to a root
 * variable resolved from the plan's `variables`), and per-resource region/location/zone in
 * `change.after`.
 */
import type { Provider } from '../catalog/types.js';
import type { Diagnostic, Inference, Service } from '../model/types.js';
import type { ParsedDocument } from '../parse/parse.js';
import { uniqueSorted } from '../util/arrays.js';
import {
  asObj,
  classificationTable,
  emptyInventory,
  type ImportedFragment,
  type ImportOptions,
  importError,
  type Obj,
  providerBySource,
  providerVendor,
  resolveRegion,
  serviceIdOf,
  storageOf,
  tidyService,
  unknownProviderSkip,
  VendorSet,
} from './common.js';

const REGION_ATTRS = ['region', 'location', 'zone', 'availability_zone'];
const _CLASSIFICATION_TAGS = ['data-classification', 'data_classification', 'dataclassification'];

interface ConfigResource {
  provider_config_key?: string;
}

/** config address (module path without indexes + resource address) → configuration resource. */
function configResources(configuration: Obj | undefined): Map<string, ConfigResource> {
  const out = new Map<string, ConfigResource>();
  const visit = (module: Obj | undefined, prefix: string, depth: number): void => {
    if (!module || depth > 64) return;
    for (const r of (Array.isArray(module.resources) ? module.resources : []) as unknown[]) {
      const ro = asObj(r);
      if (ro && typeof ro.address === 'string') out.set(`${prefix}${ro.address}`, ro as ConfigResource);
    }
    for (const [name, call] of Object.entries(asObj(module.module_calls) ?? {})) {
      visit(asObj(asObj(call)?.module), `${prefix}module.${name}.`, depth + 1);
    }
  };
  visit(asObj(configuration?.root_module), '', 0);
  return out;
}

export function importTerraformPlan(doc: ParsedDocument, options: ImportOptions): ImportedFragment {
  const { catalog } = options;
  const plan = asObj(doc.data);
  const shapeError: (pointer: string, message: string) => never = (pointer, message) => {
    const pos = doc.locate(pointer) ?? { line: 1, column: 1 };
    throw importError(
      'E_IMPORT_SHAPE',
      doc.file,
      pos.line,
      pos.column,
      message,
      'Give the output of `terraform show -json PLANFILE`',
      'a Terraform plan JSON document',
    );
  };
  if (!plan) return shapeError('', 'a Terraform plan is a JSON object');
  const changes = plan.resource_changes ?? [];
  if (!Array.isArray(changes)) return shapeError('/resource_changes', '`resource_changes` must be an array');
  const configuration = asObj(plan.configuration);
  const providerConfig = asObj(configuration?.provider_config) ?? {};
  const variables = asObj(plan.variables) ?? {};
  const configs = configResources(configuration);
  const table = classificationTable(options.map);
  const vendors = new VendorSet();
  const diagnostics: Diagnostic[] = [];
  const unknownProviders = new Set<string>();
  const skipped: string[] = [];
  let dataSources = 0;

  const regionOfConfig = (
    key: string | undefined,
    moduleAddress: string | undefined,
    provider: Provider,
  ): { region?: string; inferred: Inference[]; unknown?: string; country?: string } => {
    const cfg = key ? asObj(providerConfig[key]) : undefined;
    if (!cfg) {
      return {
        inferred: [],
        unknown: `the plan has no provider configuration${key ? ` '${key}'` : ''} for this resource${provider.terraform?.regionEnv ? `; Terraform would read ${provider.terraform.regionEnv} from the environment` : ''}`,
      };
    }
    const expressions = asObj(cfg.expressions) ?? {};
    const args = [...new Set([...(provider.terraform?.regionArguments ?? []), ...REGION_ATTRS])];
    let country: string | undefined;
    const inferred: Inference[] = [];
    const envExpr = asObj(expressions.environment);
    if (typeof envExpr?.constant_value === 'string') {
      const env = provider.terraform?.environments?.[envExpr.constant_value.toLowerCase()];
      if (env?.country) {
        country = env.country;
        inferred.push({
          fact: `country ${env.country}`,
          from: `provider_config ${key} environment = "${envExpr.constant_value}"`,
        });
      }
    }
    for (const arg of args) {
      const expr = asObj(expressions[arg]);
      if (!expr) continue;
      let value: string | undefined;
      let from = `provider_config ${key} ${arg}`;
      if (typeof expr.constant_value === 'string') value = expr.constant_value;
      else if (Array.isArray(expr.references)) {
        const ref = expr.references.find((r) => typeof r === 'string' && r.startsWith('var.')) as string | undefined;
        const name = ref?.slice(4);
        const top = name && !moduleAddress ? asObj(variables[name]) : undefined;
        if (top && typeof top.value === 'string') {
          value = top.value;
          from = `${from} = ${ref} (plan variables)`;
        } else {
          return {
            inferred,
            country,
            unknown: `provider_config ${key} ${arg} refers to ${(expr.references as unknown[]).join(', ')}, which the plan does not resolve`,
          };
        }
      } else {
        return { inferred, country, unknown: `provider_config ${key} ${arg} is not a constant` };
      }
      const r = resolveRegion(catalog, provider.id, value, `provider_config ${key} ${arg}`);
      if (r.inferred) inferred.push(r.inferred);
      if (r.region) inferred.push({ fact: `region ${r.region}`, from });
      return { region: r.region, inferred, unknown: r.unknown, country };
    }
    return {
      inferred,
      country,
      unknown: `provider_config ${key} sets no region${provider.terraform?.regionEnv ? `; Terraform would read ${provider.terraform.regionEnv} from the environment` : ''}`,
    };
  };

  for (const [i, raw] of changes.entries()) {
    const pointer = `/resource_changes/${i}`;
    const rc = asObj(raw);
    if (!rc) shapeError(pointer, 'each resource change must be an object');
    if (typeof rc.address !== 'string' || typeof rc.type !== 'string')
      shapeError(pointer, 'a resource change needs string `address` and `type`');
    if (rc.mode === 'data') {
      dataSources++;
      continue;
    }
    const change = asObj(rc.change);
    const actions = Array.isArray(change?.actions) ? (change?.actions as unknown[]) : [];
    if (actions.length === 1 && actions[0] === 'delete') {
      skipped.push(`${rc.address}: the plan deletes it`);
      continue;
    }
    const providerName = typeof rc.provider_name === 'string' ? rc.provider_name : '';
    const provider = providerBySource(catalog, providerName);
    const pos = doc.locate(pointer) ?? { line: 1, column: 1 };
    if (!provider) {
      skipped.push(
        unknownProviderSkip(unknownProviders, diagnostics, providerName, rc.address, { file: doc.file, ...pos }),
      );
      continue;
    }
    const moduleAddress = typeof rc.module_address === 'string' ? rc.module_address : undefined;
    const configAddress = rc.address.replace(/\[[^\]]*\]/g, '');
    const key = configs.get(configAddress)?.provider_config_key;
    const after = asObj(change?.after) ?? {};
    const inferred: Inference[] = [];
    const unknowns: string[] = [];
    let region: string | undefined;
    const countries: string[] = [];
    const cfg = regionOfConfig(
      key ?? (moduleAddress ? undefined : providerName.split('/').pop()),
      moduleAddress,
      provider,
    );
    if (cfg.country) countries.push(cfg.country);
    const attr = [...new Set([...(provider.terraform?.regionArguments ?? []), ...REGION_ATTRS])].find(
      (a) => typeof after[a] === 'string' && after[a] !== '',
    );
    if (attr) {
      const r = resolveRegion(catalog, provider.id, after[attr] as string, `change.after.${attr}`);
      region = r.region;
      if (r.inferred) inferred.push(r.inferred);
      if (r.unknown) unknowns.push(r.unknown);
      if (cfg.country) inferred.push(...cfg.inferred.filter((x) => x.fact.startsWith('country')));
    } else {
      region = cfg.region;
      inferred.push(...cfg.inferred);
      if (cfg.unknown) unknowns.push(cfg.unknown);
    }
    const stored = storageOf(catalog, table, provider, rc.type, rc.address, asObj(after.tags) ?? asObj(after.labels));
    inferred.push(...stored.inferred);
    unknowns.push(...stored.unknowns);
    vendors.vendor(provider.id, () => ({
      ...providerVendor(catalog, provider),
      source: { file: doc.file, ...pos, pointer },
    }));
    vendors.addService(
      provider.id,
      tidyService({
        id: serviceIdOf(rc.address),
        name: rc.address,
        provider: provider.id,
        regions: region ? [region] : [],
        countries,
        resourceType: rc.type,
        storesData: stored.storesData,
        data: stored.data,
        source: { file: doc.file, line: pos.line, column: pos.column, pointer },
        inferred,
        unknowns,
      } as Service),
    );
  }

  return {
    file: doc.file,
    sha256: doc.sha256,
    format: 'terraform-plan',
    inventory: emptyInventory(options, vendors.list()),
    diagnostics,
    skipped: uniqueSorted([
      ...skipped,
      ...(dataSources > 0
        ? [`${dataSources} data source${dataSources === 1 ? '' : 's'} (they read, and create nothing)`]
        : []),
    ]),
  };
}
