import { createHash } from 'node:crypto';
import { ResidencyError } from '../model/errors.js';
import type { Diagnostic } from '../model/types.js';
import type { ParsedDocument } from '../parse/parse.js';
import { ajvToDiagnostics } from '../schema/ajv-diagnostics.js';
import { validate } from '../schema/schemas.js';
import type { Catalog, CatalogFile, Entity, Provider, Region } from './types.js';

export interface CatalogBuild {
  catalog: Catalog;
  diagnostics: Diagnostic[];
}

type Keyed = { id: string };

function mergeById<T extends Keyed>(into: Map<string, T>, items: readonly T[] | undefined): void {
  for (const item of items ?? []) into.set(item.id, item);
}

function normaliseName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[.,()«»"“”'’]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export { normaliseName };

/**
 * Merge catalogue files in order (later files add entries or override earlier ones by id), validate
 * each against schemas/catalog.schema.json and check cross-references. Pure: documents in, catalogue out.
 * Throws ResidencyError (E_CATALOG) with located diagnostics when a file is invalid.
 */
export function buildCatalog(docs: readonly ParsedDocument[]): CatalogBuild {
  const diagnostics: Diagnostic[] = [];
  const files: CatalogFile[] = [];
  for (const doc of docs) {
    const errors = validate('catalog', doc.data);
    if (errors.length > 0) {
      diagnostics.push(...ajvToDiagnostics(errors, doc, 'E_CATALOG'));
      continue;
    }
    files.push(doc.data as CatalogFile);
  }
  if (diagnostics.length > 0) {
    throw new ResidencyError('E_CATALOG', 'invalid catalogue file', diagnostics);
  }

  const regimes = new Map<string, NonNullable<CatalogFile['regimes']>[number]>();
  const lists = new Map<string, NonNullable<CatalogFile['lists']>[number]>();
  const entities = new Map<string, Entity>();
  const providers = new Map<string, Provider>();
  const countries = new Map<string, NonNullable<CatalogFile['countries']>[number]>();
  const thresholds = new Map<string, NonNullable<CatalogFile['bulkThresholds']>[number]>();
  let coveredPerson: CatalogFile['coveredPerson'];
  const dataStores: NonNullable<CatalogFile['dataStores']> = [];
  const versions: string[] = [];

  for (const file of files) {
    mergeById(regimes, file.regimes);
    mergeById(lists, file.lists);
    mergeById(entities, file.entities);
    mergeById(providers, file.providers);
    for (const c of file.countries ?? []) countries.set(c.code, c);
    for (const t of file.bulkThresholds ?? []) thresholds.set(t.category, t);
    if (file.coveredPerson) coveredPerson = file.coveredPerson;
    dataStores.push(...(file.dataStores ?? []));
    if (file.metadata?.version) versions.push(file.metadata.version);
  }

  if (!coveredPerson) {
    throw new ResidencyError('E_CATALOG', 'the catalogue has no coveredPerson test', [
      {
        code: 'E_CATALOG',
        severity: 'error',
        message: 'the catalogue defines no coveredPerson test (28 CFR 202.211)',
        hint: 'Keep the bundled rules/catalog/regimes.yaml, or define coveredPerson in your catalogue file',
      },
    ]);
  }

  // Cross-references: reported, not fatal, so a user's partial catalogue still loads.
  for (const provider of providers.values()) {
    if (!entities.has(provider.entity)) {
      diagnostics.push({
        code: 'W_CATALOG_REF',
        severity: 'warning',
        message: `provider '${provider.id}' names unknown entity '${provider.entity}'`,
      });
    }
  }
  for (const entity of entities.values()) {
    for (const owner of entity.owners ?? []) {
      if (!entities.has(owner.entity)) {
        diagnostics.push({
          code: 'W_CATALOG_REF',
          severity: 'warning',
          message: `entity '${entity.id}' names unknown owner '${owner.entity}'`,
        });
      }
    }
  }

  const regionIndex = new Map<string, Map<string, Region>>();
  const zoneIndex = new Map<string, Map<string, Region>>();
  const providerAliases = new Map<string, string>();
  for (const provider of providers.values()) {
    const regions = new Map<string, Region>();
    const zones = new Map<string, Region>();
    for (const region of provider.regions) {
      regions.set(region.id, region);
      for (const zone of region.zones ?? []) zones.set(zone, region);
    }
    regionIndex.set(provider.id, regions);
    zoneIndex.set(provider.id, zones);
    providerAliases.set(normaliseName(provider.id), provider.id);
    providerAliases.set(normaliseName(provider.name), provider.id);
    for (const alias of provider.aliases ?? []) providerAliases.set(normaliseName(alias), provider.id);
  }
  const entityAliases = new Map<string, string>();
  for (const entity of entities.values()) {
    entityAliases.set(normaliseName(entity.id), entity.id);
    entityAliases.set(normaliseName(entity.name), entity.id);
    for (const alias of entity.aliases ?? []) entityAliases.set(normaliseName(alias), entity.id);
  }

  const digest = createHash('sha256');
  for (const doc of docs) digest.update(`${doc.file}\0${doc.sha256}\n`);

  return {
    catalog: {
      version: versions.length > 0 ? versions[versions.length - 1] : '0',
      sha256: digest.digest('hex'),
      regimes,
      bulkThresholds: [...thresholds.values()],
      coveredPerson,
      lists,
      entities,
      providers,
      countries,
      dataStores,
      regionIndex,
      zoneIndex,
      providerAliases,
      entityAliases,
    },
    diagnostics,
  };
}

/** Resolve a provider id, name or alias ("Aliyun", "Yandex.Cloud LLC") to a catalogue provider id. */
export function resolveProviderName(catalog: Catalog, name: string): string | undefined {
  if (catalog.providers.has(name)) return name;
  return catalog.providerAliases.get(normaliseName(name));
}

/** Resolve an entity name or alias to a catalogue entity id. */
export function resolveEntityName(catalog: Catalog, name: string): string | undefined {
  if (catalog.entities.has(name)) return name;
  return catalog.entityAliases.get(normaliseName(name));
}
