import { resolveProviderName } from '../catalog/build.js';
import type { Catalog } from '../catalog/types.js';
import type { Diagnostic, Inventory, Service, SourceLocation, Vendor } from '../model/types.js';
import { IntList } from '../parse/int-list.js';
import type { ParsedDocument } from '../parse/parse.js';
import { ajvToDiagnostics } from '../schema/ajv-diagnostics.js';
import { validate } from '../schema/schemas.js';
import { pushAll } from '../util/arrays.js';
import { didYouMean, Suggester } from '../util/suggest.js';
import { flat, withArticle } from '../util/text.js';

/** Where a vendor or service was declared: a document and a pointer inside it, located lazily. */
export interface Origin {
  doc: Pick<ParsedDocument, 'file' | 'locate'>;
  pointer: string;
}

export interface LoadedInventory {
  inventory: Inventory;
  diagnostics: Diagnostic[];
  /** Source location of a vendor or service (imported entries carry their own `source`). */
  locate(target: Vendor | Service): SourceLocation | undefined;
  /**
   * Source location of a field of a vendor or service (`owners/0`, `data/1`); the target's own when not found.
   * Before `release` only.
   */
  locateField(target: Vendor | Service, field?: string): SourceLocation | undefined;
  /** Source location of the organisation block (of the first document that declares it). */
  locateOrganisation(): SourceLocation | undefined;
  /**
   * Drop the documents' texts (ParsedDocument.release) once no field is located any more: `locate` and
   * `locateOrganisation` answer as before, `locateField` only for a target's own location. Returns the bytes freed.
   */
  release(): number;
  /**
   * Drop the documents' texts that can be read again a piece at a time from their inputs (ParsedDocument.shelve)
   * while every locator still answers, the organisation's location kept. Returns the bytes freed; `release` later
   * frees the rest.
   */
  shelve(): number;
}

/** A canonical inventory produced by an importer, with its own source locations. */
export interface InventoryFragment {
  file: string;
  inventory: Inventory;
  /** Notes the importer wants reported (unknown values, skipped blocks). */
  diagnostics?: Diagnostic[];
}

/**
 * An importer's inventory checked against schemas/inventory.schema.json (as plain JSON: no undefined
 * members). A problem is located at the vendor or service the importer read it from, when it knows.
 */
export function fragmentSchemaDiagnostics(fragment: InventoryFragment): Diagnostic[] {
  // what the importers make is usually plain JSON already: checked in one walk instead of copied through a string
  const data = (
    isJsonPlain(fragment.inventory) ? fragment.inventory : JSON.parse(JSON.stringify(fragment.inventory))
  ) as Inventory;
  const errors = validate('inventory', data);
  if (errors.length === 0) return [];
  const locate = (pointer: string): { line: number; column: number } | undefined => {
    const m = /^\/vendors\/(\d+)(?:\/services\/(\d+))?/.exec(pointer);
    const vendor = m ? data.vendors[Number(m[1])] : undefined;
    const source = (m?.[2] !== undefined ? vendor?.services?.[Number(m[2])]?.source : undefined) ?? vendor?.source;
    return source && source.file === fragment.file ? { line: source.line, column: source.column } : undefined;
  };
  return ajvToDiagnostics(errors, { file: fragment.file, data, locate }, 'E_IMPORT_INVALID').map((d) => ({
    ...d,
    message: `the imported inventory: ${d.message}`,
    hint:
      d.hint ?? 'It comes from the input or from a flag such as --organisation or --map; if neither, please report it',
  }));
}

/**
 * Whether `value` is already what `JSON.parse(JSON.stringify(value))` gives, so validating it is validating that:
 * plain objects and arrays of strings, finite numbers (not -0), booleans and null, with no undefined member or item,
 * function, `toJSON` or other kind of object. Iterative (any depth). Pure.
 */
export function isJsonPlain(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v === 'string' || typeof v === 'boolean') continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v) || Object.is(v, -0)) return false;
      continue;
    }
    if (typeof v !== 'object') return false; // undefined, a function, a symbol, a bigint
    if (Array.isArray(v)) {
      if (Object.getPrototypeOf(v) !== Array.prototype) return false;
      for (let i = 0; i < v.length; i++) {
        if (!(i in v)) return false; // a hole is written null
        stack.push(v[i]);
      }
      continue;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return false;
    if ('toJSON' in v) return false;
    for (const key of Object.keys(v)) stack.push((v as Record<string, unknown>)[key]);
  }
  return true;
}

/**
 * Validate each document against schemas/inventory.schema.json, then merge them into one inventory.
 * Pure. Returns every problem found as located diagnostics (schema errors stop the merge of that
 * document; semantic problems are reported but the inventory is still returned).
 */
export function loadInventory(
  docs: readonly ParsedDocument[],
  catalog: Catalog,
  fragments: readonly InventoryFragment[] = [],
): LoadedInventory {
  const diagnostics: Diagnostic[] = [];
  const origins = new Origins();
  /** The first vendor of each id: its place in `vendors`, where `rows` has its row in `origins` (-1: imported). */
  const vendorsById = new Map<string, number>();
  const vendors: Vendor[] = [];
  const rows = new IntList();
  let organisation: Inventory['organisation'] | undefined;
  let organisationOrigin: Origin | undefined;
  const accounts = new Set<string>();

  const entities: NonNullable<Inventory['entities']> = [];
  const entityIds = new Set<string>();
  const addInventory = (inv: Inventory, doc?: ParsedDocument): void => {
    if (!organisation) {
      organisation = { ...inv.organisation };
      if (doc) organisationOrigin = { doc, pointer: '/organisation' };
    }
    // shared owners: the first document that declares an id wins (an id is one person)
    // (a set of the ids kept: a scan of `entities` per entity was quadratic in the shared owners)
    for (const e of inv.entities ?? []) {
      if (entityIds.has(e.id)) continue;
      entityIds.add(e.id);
      entities.push(e);
    }
    for (const account of inv.organisation.awsAccounts ?? []) accounts.add(account);
    const docNo = doc ? origins.addDocument(doc) : -1;
    const list = inv.vendors;
    for (let vi = 0; vi < list.length; vi++) {
      const vendor = list[vi];
      const row = docNo >= 0 ? origins.addVendor(docNo, vi, vendor) : -1;
      if (row >= 0) {
        const services = vendor.services;
        if (services) for (let si = 0; si < services.length; si++) origins.addService(row, si, services[si]);
      }
      const previous = vendorsById.get(vendor.id);
      if (previous !== undefined) {
        const here = row >= 0 ? origins.locateRow(row, 'id') : vendor.source;
        const previousRow = rows.data[previous];
        const there = previousRow >= 0 ? origins.locateRow(previousRow, 'id') : vendors[previous].source;
        diagnostics.push({
          code: 'E_DUPLICATE_ID',
          severity: 'error',
          message: `vendor id '${vendor.id}' is declared twice: here and at ${there ? `${there.file}:${there.line}:${there.column}` : 'another input'}`,
          ...(here ?? {}),
          expected: 'vendor ids that are unique across all inputs',
          hint: 'Rename one of them, or remove the duplicate entry',
        });
        continue;
      }
      vendorsById.set(vendor.id, vendors.length);
      vendors.push(vendor);
      rows.push(row);
    }
  };

  for (const doc of docs) {
    const errors = validate('inventory', doc.data);
    if (errors.length > 0) {
      pushAll(diagnostics, ajvToDiagnostics(errors, doc));
      pushAll(diagnostics, bestEffortSemantics(doc, catalog));
      continue;
    }
    addInventory(doc.data as Inventory, doc);
  }
  for (const fragment of fragments) {
    pushAll(diagnostics, fragment.diagnostics ?? []);
    // an imported inventory meets the same schema as a written one (check and import alike)
    const problems = fragmentSchemaDiagnostics(fragment);
    if (problems.length > 0) {
      pushAll(diagnostics, problems);
      continue;
    }
    addInventory(fragment.inventory);
  }

  const inventory: Inventory = {
    apiVersion: 'residency/v1',
    kind: 'Inventory',
    organisation: organisation
      ? { ...organisation, jurisdiction: organisation.jurisdiction ?? 'US', awsAccounts: [...accounts].sort() }
      : { name: 'unknown', jurisdiction: 'US', awsAccounts: [] },
    ...(entities.length > 0 ? { entities } : {}),
    vendors,
  };

  const locators = new Locators(origins, organisationOrigin);
  pushAll(diagnostics, semanticChecks(inventory, catalog, locators.locateField, vendorsById));
  return {
    inventory,
    diagnostics,
    locate: locators.locate,
    locateField: locators.locateField,
    locateOrganisation: locators.locateOrganisation,
    release: locators.release,
    shelve: locators.shelve,
  };
}

/**
 * Where each vendor and service of the loaded documents was declared. A map from the object to a small integer
 * (a row) and flat typed arrays of rows: a document and pointer object per target (with its pointer string) was
 * ~80 bytes for each of 350,000 targets at 100k vendors. Pointers are made when a location is asked for.
 */
class Origins {
  readonly docs: ParsedDocument[] = [];
  /** Vendor: its row (≥ 0); service: -1 - its row. */
  readonly #rows = new Map<object, number>();
  readonly #vendorDoc = new IntList();
  readonly #vendorIndex = new IntList();
  readonly #serviceVendor = new IntList();
  readonly #serviceIndex = new IntList();

  addDocument(doc: ParsedDocument): number {
    this.docs.push(doc);
    return this.docs.length - 1;
  }

  addVendor(docNo: number, index: number, vendor: Vendor): number {
    const row = this.#vendorDoc.length;
    this.#vendorDoc.push(docNo);
    this.#vendorIndex.push(index);
    this.#rows.set(vendor, row);
    return row;
  }

  addService(vendorRow: number, index: number, service: Service): void {
    const row = this.#serviceVendor.length;
    this.#serviceVendor.push(vendorRow);
    this.#serviceIndex.push(index);
    this.#rows.set(service, -1 - row);
  }

  has(target: object): boolean {
    return this.#rows.has(target);
  }

  /** The location of a vendor or service (or of `field` inside it), undefined when it is not located. */
  locate(target: object, field?: string): SourceLocation | undefined {
    const code = this.#rows.get(target);
    if (code === undefined) return undefined;
    if (code >= 0) return this.locateRow(code, field);
    const serviceRow = -1 - code;
    return this.#locate(this.#serviceVendor.data[serviceRow], this.#serviceIndex.data[serviceRow], field);
  }

  /** The location of the vendor in `row` (or of `field` inside it). */
  locateRow(row: number, field?: string): SourceLocation | undefined {
    return this.#locate(row, -1, field);
  }

  #locate(vendorRow: number, service: number, field: string | undefined): SourceLocation | undefined {
    const doc = this.docs[this.#vendorDoc.data[vendorRow]];
    const vendor = this.#vendorIndex.data[vendorRow];
    const own = service < 0 ? `/vendors/${vendor}` : `/vendors/${vendor}/services/${service}`;
    // kept by every finding and warning located here, and written in the report
    const pointer = flat(field ? `${own}/${field}` : own);
    const pos =
      !field && doc.locateTarget ? doc.locateTarget(vendor, service < 0 ? undefined : service) : doc.locate(pointer);
    return pos ? { file: doc.file, line: pos.line, column: pos.column, pointer } : undefined;
  }
}

/** A loaded inventory's locators, as functions (callers pass them on unbound). */
class Locators {
  #organisation: SourceLocation | undefined;
  #organisationLocated = false;

  constructor(
    private readonly origins: Origins,
    private readonly organisationOrigin: Origin | undefined,
  ) {}

  readonly locate = (target: Vendor | Service): SourceLocation | undefined => {
    if (target.source) return target.source;
    return this.origins.locate(target);
  };

  readonly locateField: Locator = (target, field) =>
    this.origins.has(target) ? this.origins.locate(target, field) : target.source;

  readonly locateOrganisation = (): SourceLocation | undefined => {
    if (!this.#organisationLocated) {
      this.#organisation = this.organisationOrigin ? locateOrigin(this.organisationOrigin) : undefined;
      this.#organisationLocated = true;
    }
    return this.#organisation;
  };

  readonly release = (): number => this.#drop((doc) => doc.release?.() ?? 0);

  readonly shelve = (): number => this.#drop((doc) => doc.shelve?.() ?? 0);

  /** `drop` on every document, the organisation located first (it stays located); the bytes freed in all. */
  #drop(drop: (doc: ParsedDocument) => number): number {
    this.locateOrganisation();
    let freed = 0;
    for (const doc of this.origins.docs) freed += drop(doc);
    return freed;
  }
}

/**
 * Provider and region checks on a document that failed schema validation, so one run reports the
 * unknown provider next to the misspelt key. Malformed parts are skipped, never crash.
 */
function bestEffortSemantics(doc: ParsedDocument, catalog: Catalog): Diagnostic[] {
  const data = doc.data as Partial<Inventory> | null;
  if (!data || typeof data !== 'object' || !Array.isArray(data.vendors)) return [];
  const vendors = data.vendors.filter(
    (v): v is Vendor =>
      !!v &&
      typeof v === 'object' &&
      typeof v.id === 'string' &&
      (v.services === undefined || Array.isArray(v.services)),
  );
  const origins = new Map<object, string>();
  data.vendors.forEach((v, vi) => {
    if (!v || typeof v !== 'object') return;
    origins.set(v, `/vendors/${vi}`);
    if (Array.isArray(v.services)) {
      v.services.forEach((s, si) => {
        if (s && typeof s === 'object') origins.set(s, `/vendors/${vi}/services/${si}`);
      });
    }
  });
  const clean: Inventory = {
    apiVersion: 'residency/v1',
    kind: 'Inventory',
    organisation: { name: 'unknown' },
    vendors: vendors.map((v) => ({
      ...v,
      services: (v.services ?? []).filter(
        (s) =>
          !!s &&
          typeof s === 'object' &&
          (typeof s.provider === 'string' || (typeof s.provider === 'object' && s.provider !== null)) &&
          (s.regions === undefined || (Array.isArray(s.regions) && s.regions.every((r) => typeof r === 'string'))),
      ),
    })),
  };
  // map the copies back to their original pointers
  const copyOrigins = new WeakMap<object, string>();
  clean.vendors.forEach((v, i) => {
    const original = vendors[i];
    const vp = origins.get(original);
    if (vp) copyOrigins.set(v, vp);
    (v.services ?? []).forEach((s) => {
      const sp = origins.get(s);
      if (sp) copyOrigins.set(s, sp);
    });
  });
  try {
    return semanticChecks(clean, catalog, (target, field) => {
      const pointer = copyOrigins.get(target);
      return pointer ? locateOrigin({ doc, pointer: field ? `${pointer}/${field}` : pointer }) : undefined;
    }).filter((d) => d.code === 'E_UNKNOWN_PROVIDER' || d.code === 'W_UNKNOWN_REGION');
  } catch {
    return [];
  }
}

export function locateOrigin(origin: Origin): SourceLocation | undefined {
  const pos = origin.doc.locate(origin.pointer);
  return pos ? { file: origin.doc.file, line: pos.line, column: pos.column, pointer: origin.pointer } : undefined;
}

type Locator = (target: Vendor | Service, field?: string) => SourceLocation | undefined;

function at(loc: SourceLocation | undefined): Partial<Diagnostic> {
  return loc ? { file: loc.file, line: loc.line, column: loc.column, pointer: loc.pointer } : {};
}

/**
 * Checks that need the catalogue or the whole inventory: providers, regions, countries, references. `vendorIds`: the
 * ids of `inventory.vendors` in their order, when the caller has them. Plain loops over the vendors and services,
 * which are the bulk of a large inventory: the diagnostics come in the order of the fields checked.
 */
function semanticChecks(
  inventory: Inventory,
  catalog: Catalog,
  where: Locator,
  vendorIds: ReadonlySet<string> | ReadonlyMap<string, unknown> = new Set(inventory.vendors.map((v) => v.id)),
): Diagnostic[] {
  const out: Diagnostic[] = [];
  // vendor ids grow with the input: one prepared, bounded suggester for every unknown sub-processor
  let vendorSuggester: Suggester | undefined;
  const providerIds = [...catalog.providers.keys()];
  const countries = catalog.countries;
  /** The service ids of the current vendor, once it has more than a few services. */
  const serviceIds = new Set<string>();
  /** The catalogue's id of a provider name, its regions and zones (looked up once per name, not per service). */
  const providerInfo = new Map<string, ProviderInfo>();

  const checkCountry = (code: string | undefined, target: Vendor | Service, field: string): void => {
    if (code && countries.size !== 0 && !countries.has(code)) {
      out.push({
        code: 'E_COUNTRY',
        severity: 'error',
        message: `'${code}' is not an ISO 3166-1 country code`,
        ...at(where(target, field)),
        expected: 'an ISO 3166-1 alpha-2 code such as US, CN, HK, RU',
        hint: 'Use the two-letter code; XK and EU are not accepted',
      });
    }
  };

  const checkSubprocessors = (target: Vendor | Service): void => {
    const ids = list(target.subprocessors);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (vendorIds.has(id)) continue;
      vendorSuggester ??= new Suggester(vendorIds.keys());
      out.push({
        code: 'E_UNKNOWN_SUBPROCESSOR',
        severity: 'error',
        message: `sub-processor '${id}' is not a vendor in the inventory, so the exposure it passes on cannot be assessed`,
        expected: 'the id of a vendor in the inventory',
        ...at(where(target, `subprocessors/${i}`)),
        hint: hintOf(vendorSuggester.suggest(id)) ?? `Add '${id}' as a vendor (id: ${id}), or remove the reference`,
      });
    }
  };

  const checkService = (vendor: Vendor, services: readonly Service[], si: number): void => {
    const service = services[si];
    if (seenServiceId(services, si, serviceIds)) {
      out.push({
        code: 'E_DUPLICATE_ID',
        severity: 'error',
        message: `service id '${service.id}' appears twice in vendor '${vendor.id}'`,
        ...at(where(service, 'id')),
        hint: 'Service ids must be unique within a vendor',
      });
    }
    checkSubprocessors(service);
    const serviceCountries = list(service.countries);
    for (let i = 0; i < serviceCountries.length; i++) checkCountry(serviceCountries[i], service, `countries/${i}`);
    if (typeof service.provider === 'object') {
      checkCountry(service.provider.country, service, 'provider/country');
      return;
    }
    const providerId = service.provider;
    let info = providerInfo.get(providerId);
    if (!info) {
      const id = resolveProviderName(catalog, providerId);
      info = {
        known: catalog.providers.has(providerId),
        id,
        regions: id === undefined ? undefined : catalog.regionIndex.get(id),
        zones: id === undefined ? undefined : catalog.zoneIndex.get(id),
        provider: id === undefined ? undefined : catalog.providers.get(id),
      };
      providerInfo.set(providerId, info);
    }
    const id = info.id;
    if (!info.known) {
      if (id) {
        out.push({
          code: 'W_PROVIDER_ALIAS',
          severity: 'warning',
          message: `provider '${providerId}' was resolved to catalogue id '${id}'`,
          ...at(where(service, 'provider')),
          hint: `Write '${id}' to make the inventory unambiguous`,
        });
      } else {
        out.push({
          code: 'E_UNKNOWN_PROVIDER',
          severity: 'error',
          message: `unknown provider '${providerId}'`,
          ...at(where(service, 'provider')),
          expected: 'a catalogue provider id (see `residency catalog providers`), or {name, country, parent}',
          hint:
            suggestion(providerId, providerIds) ?? 'Describe it as provider: {name: ..., country: ..., parent: ...}',
        });
        return;
      }
    }
    const { regions, zones, provider } = info;
    const serviceRegions = list(service.regions);
    if (!regions) return;
    for (let i = 0; i < serviceRegions.length; i++) {
      const region = serviceRegions[i];
      if (regions.has(region)) continue;
      const zoneRegion = zones?.get(region);
      if (zoneRegion) {
        out.push({
          code: 'W_ZONE_AS_REGION',
          severity: 'warning',
          message: `'${region}' is an availability zone of ${provider?.name ?? id} region '${zoneRegion.id}'`,
          ...at(where(service, `regions/${i}`)),
          hint: `Write the region id '${zoneRegion.id}'`,
        });
        continue;
      }
      // A region the catalogue does not know (a new one, or a typo) is a warning, not a stop: the service is
      // reported by the unknown-hosting-location rule. `validate --strict` turns it into an error.
      out.push({
        code: 'W_UNKNOWN_REGION',
        severity: 'warning',
        message: `unknown region '${region}' for provider '${id}' (${provider?.regionsPartial ? "the catalogue's list for this provider is partial" : `not in the catalogue's list as of ${provider?.regionsAsOf ?? 'its date'}`}; its hosting location is reported as unknown)`,
        ...at(where(service, `regions/${i}`)),
        expected: `${withArticle(provider?.name ?? (id as string))} region id`,
        hint:
          suggestion(region, regions.keys()) ??
          `Run \`residency catalog regions ${id}\` for the list, or use countries: [..] when only the country is known`,
      });
    }
  };

  for (const vendor of inventory.vendors) {
    checkCountry(vendor.country, vendor, 'country');
    checkCountry(vendor.principalPlaceOfBusiness, vendor, 'principalPlaceOfBusiness');
    const ownership = list(vendor.ownership);
    for (let i = 0; i < ownership.length; i++) {
      const link = ownership[i];
      checkCountry(link.country, vendor, `ownership/${i}/country`);
      if (link.ref && !catalog.entities.has(link.ref)) {
        out.push({
          code: 'E_UNKNOWN_ENTITY',
          severity: 'error',
          message: `ownership entity ref '${link.ref}' is not in the catalogue`,
          ...at(where(vendor, `ownership/${i}/ref`)),
          hint: suggestion(link.ref, catalog.entities.keys()) ?? 'Remove ref, or add the entity to a catalogue file',
        });
      }
      // v0.1 read a link without a share as 100 % owned; 0.2 reads it as unknown (the verdict may become unknown)
      if (i > 0 && link.percent === undefined) {
        out.push({
          code: 'W_OWNERSHIP_SHARE',
          severity: 'warning',
          message: `the share '${link.entity}' holds in '${ownership[i - 1].entity}' is not recorded: verdicts that depend on it are unknown (no longer taken as 100 %)`,
          ...at(where(vendor, `ownership/${i}`)),
          expected: 'percent: the share held in the link before (0–100]',
          hint: 'Add percent to this link, or use owners: [{ entity, percent }] (docs/migration-0.2.md)',
        });
      }
    }
    const owners = list(vendor.owners);
    for (let i = 0; i < owners.length; i++) checkCountry(owners[i].country, vendor, `owners/${i}/country`);
    checkSubprocessors(vendor);
    const services = list(vendor.services);
    serviceIds.clear();
    for (let si = 0; si < services.length; si++) checkService(vendor, services, si);
  }
  return out;
}

/** A list field of data that may not have passed the schema (best effort): absent is empty, and anything else
 * that is not a list throws, as `(value ?? []).forEach` did (bestEffortSemantics then gives up). */
function list<T>(value: T[] | undefined): readonly T[] {
  if (value === undefined || value === null) return NONE;
  if (!Array.isArray(value)) throw new TypeError('not a list');
  return value;
}
const NONE: readonly never[] = [];

/** Up to this many services of a vendor are compared in place for a repeated id; more go through a set. */
const FEW_SERVICES = 16;

/** Whether the id of `services[si]` is that of a service before it (`ids`: the ids before it, kept past a few). */
function seenServiceId(services: readonly Service[], si: number, ids: Set<string>): boolean {
  const id = services[si].id;
  if (services.length <= FEW_SERVICES) {
    for (let k = 0; k < si; k++) if (services[k].id === id) return true;
    return false;
  }
  if (ids.has(id)) return true;
  ids.add(id);
  return false;
}

/** What the catalogue says of one provider name a service gives. */
interface ProviderInfo {
  /** Whether the name is a catalogue id. */
  known: boolean;
  /** The catalogue id it is or resolves to (undefined: unknown). */
  id: string | undefined;
  regions: ReadonlyMap<string, unknown> | ReadonlySet<string> | undefined;
  zones: ReadonlyMap<string, { id: string }> | undefined;
  provider: { name?: string; regionsPartial?: boolean; regionsAsOf?: string } | undefined;
}

function suggestion(word: string, candidates: Iterable<string>): string | undefined {
  return hintOf(didYouMean(word, candidates));
}

function hintOf(best: string | undefined): string | undefined {
  return best ? `Did you mean '${best}'?` : undefined;
}
