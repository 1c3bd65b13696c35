import { createHash } from 'node:crypto';
import { hasErrors, ResidencyError } from '../model/errors.js';
import type { Diagnostic } from '../model/types.js';
import type { ParsedDocument } from '../parse/parse.js';
import { ajvToDiagnostics } from '../schema/ajv-diagnostics.js';
import { validate } from '../schema/schemas.js';
import { pushAll } from '../util/arrays.js';
import type {
  Catalog,
  CatalogFile,
  Entity,
  Provider,
  ProviderDefault,
  Region,
  Subprocessor,
  ZonePattern,
} from './types.js';

export interface CatalogBuild {
  catalog: Catalog;
  diagnostics: Diagnostic[];
}

type Keyed = { id: string };

function mergeById<T extends Keyed>(into: Map<string, T>, items: readonly T[] | undefined): void {
  for (const item of items ?? []) into.set(item.id, item);
}

/**
 * A name the normalisation below leaves as it is apart from case: ASCII letters, digits and `&+/_-`, words separated
 * by single spaces, no space at either end (NFKC changes no ASCII text; none of the replaced punctuation occurs).
 * Most vendor names are like this, and each is resolved against the catalogue several times.
 */
const PLAIN_NAME = /^[A-Za-z0-9&+/_-](?:[A-Za-z0-9&+/_-]| (?! |$))*$/;

function normaliseName(name: string): string {
  if (PLAIN_NAME.test(name)) return name.toLowerCase();
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
  const validDocs: ParsedDocument[] = [];
  for (const doc of docs) {
    const errors = validate('catalog', doc.data);
    if (errors.length > 0) {
      pushAll(diagnostics, ajvToDiagnostics(errors, doc, 'E_CATALOG'));
      continue;
    }
    const file = doc.data as CatalogFile;
    pushAll(diagnostics, checkDates(file, doc));
    files.push(file);
    validDocs.push(doc);
  }
  if (hasErrors(diagnostics)) {
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
  const zonePatterns = new Map<string, ZonePattern[]>();
  const providerDefaults = new Map<string, ProviderDefault>();
  const subprocessors = new Map<string, Subprocessor>();
  const versions: string[] = [];

  for (const file of files) {
    mergeById(regimes, file.regimes);
    mergeById(lists, file.lists);
    mergeById(entities, file.entities);
    mergeById(providers, file.providers);
    for (const c of file.countries ?? []) countries.set(c.code, c);
    for (const t of file.bulkThresholds ?? []) thresholds.set(t.category, t);
    if (file.coveredPerson) coveredPerson = file.coveredPerson;
    pushAll(dataStores, file.dataStores ?? []);
    for (const z of file.zonePatterns ?? []) zonePatterns.set(z.provider, [...(zonePatterns.get(z.provider) ?? []), z]);
    for (const d of file.providerDefaults ?? []) providerDefaults.set(d.provider, d);
    mergeById(subprocessors, file.subprocessors);
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

  files.forEach((file, i) => {
    pushAll(diagnostics, checkListReferences(file, validDocs[i], lists));
  });

  for (const sp of subprocessors.values()) {
    const missing =
      (sp.provider && !providers.has(sp.provider) && `provider '${sp.provider}'`) ||
      (sp.entity && !entities.has(sp.entity) && `entity '${sp.entity}'`) ||
      (!sp.provider && !sp.entity && !sp.country && 'no provider, entity or country');
    if (missing)
      diagnostics.push({
        code: 'W_CATALOG_REF',
        severity: 'warning',
        message: `sub-processor '${sp.id}' names ${missing}`,
      });
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
      ...newestAsOfField(files),
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
      zonePatterns,
      providerDefaults,
      subprocessors,
      providerAliases,
      entityAliases,
    },
    diagnostics,
  };
}

function located(doc: ParsedDocument, pointer: string): Partial<Diagnostic> {
  const pos = doc.locate(pointer);
  return pos ? { file: doc.file, line: pos.line, column: pos.column, pointer } : { file: doc.file, pointer };
}

/**
 * Checks the schema cannot express: date ranges run forwards, an entity's owners are distinct and their
 * known shares add up to at most 100 %. Errors are located at the offending value.
 */
function checkDates(file: CatalogFile, doc: ParsedDocument): Diagnostic[] {
  const out: Diagnostic[] = [];
  (file.lists ?? []).forEach((list, i) => {
    const s = list.ownershipRule?.suspended;
    if (s?.until !== undefined && s.until < s.from) {
      out.push({
        code: 'E_CATALOG',
        severity: 'error',
        message: `list '${list.id}': the ownership rule's suspension ends (${s.until}) before it starts (${s.from})`,
        ...located(doc, `/lists/${i}/ownershipRule/suspended/until`),
        expected: `a date on or after ${s.from}`,
        hint: '`until` is the last day of the suspension; leave it out when the end is not known',
      });
    }
  });
  (file.entities ?? []).forEach((entity, i) => {
    (entity.lists ?? []).forEach((m, j) => {
      if (m.since !== undefined && m.until !== undefined && m.until <= m.since) {
        out.push({
          code: 'E_CATALOG',
          severity: 'error',
          message: `entity '${entity.id}': its '${m.list}' membership ends (${m.until}) on or before it starts (${m.since})`,
          ...located(doc, `/entities/${i}/lists/${j}/until`),
          expected: `a removal date after ${m.since}`,
          hint: '`since` is the date the entity was added, `until` the date it was removed',
        });
      }
    });
    const seen = new Set<string>();
    let known = 0;
    (entity.owners ?? []).forEach((owner, j) => {
      if (seen.has(owner.entity)) {
        out.push({
          code: 'E_CATALOG',
          severity: 'error',
          message: `entity '${entity.id}' lists owner '${owner.entity}' twice`,
          ...located(doc, `/entities/${i}/owners/${j}/entity`),
          hint: 'Give each owner once, with its total share',
        });
      }
      seen.add(owner.entity);
      known += owner.percent ?? 0;
    });
    if (known > 100 + 1e-9) {
      out.push({
        code: 'E_CATALOG',
        severity: 'error',
        message: `entity '${entity.id}': its owners' shares add up to ${Number(known.toFixed(4))} %, more than 100 %`,
        ...located(doc, `/entities/${i}/owners`),
        expected: 'shares that add up to 100 % or less',
        hint: 'Leave `percent` out for an owner whose share is not known',
      });
    }
  });
  return out;
}

/** A membership naming a list the merged catalogue does not define (warning: the hit would have no effect text). */
function checkListReferences(
  file: CatalogFile,
  doc: ParsedDocument,
  lists: ReadonlyMap<string, unknown>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  (file.entities ?? []).forEach((entity, i) => {
    (entity.lists ?? []).forEach((m, j) => {
      if (!lists.has(m.list)) {
        out.push({
          code: 'W_CATALOG_REF',
          severity: 'warning',
          message: `entity '${entity.id}' names unknown list '${m.list}'`,
          ...located(doc, `/entities/${i}/lists/${j}/list`),
          hint: `Use one of: ${[...lists.keys()].sort().join(', ')}`,
        });
      }
    });
  });
  return out;
}

/** The newest `asOf` / `regionsAsOf` date anywhere in the files (metadata and every cited fact). */
function newestAsOfField(files: readonly CatalogFile[]): { newestAsOf?: string } {
  let newest: string | undefined;
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) visit(v);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, v] of Object.entries(value)) {
      if ((key === 'asOf' || key === 'regionsAsOf') && typeof v === 'string') {
        if (newest === undefined || v > newest) newest = v;
      } else if (typeof v === 'object') visit(v);
    }
  };
  for (const file of files) visit(file);
  return newest === undefined ? {} : { newestAsOf: newest };
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
