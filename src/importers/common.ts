/**
 * Shared pieces of the importers (pure: no fs, no process). Every importer turns text or parsed data
 * into an `InventoryFragment` whose services carry their own `source` locations.
 */
import { normaliseName, resolveEntityName, resolveProviderName } from '../catalog/build.js';
import type { Catalog, Provider, Subprocessor } from '../catalog/types.js';
import type { InventoryFragment } from '../inventory/validate.js';
import { ResidencyError } from '../model/errors.js';
import {
  DATA_CATEGORIES,
  type DataCategory,
  type DataSet,
  type Diagnostic,
  type Inference,
  type Inventory,
  type Service,
  type Vendor,
} from '../model/types.js';
import { uniqueId } from '../util/ids.js';
import { withArticle } from '../util/text.js';

export { uniqueId };

export const IMPORT_FORMATS = [
  'inventory',
  'terraform',
  'terraform-plan',
  'terraform-state',
  'cyclonedx',
  'csv',
] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportOptions {
  catalog: Catalog;
  /** Organisation name for the canonical inventory (default "Imported inventory"). */
  organisation?: string;
  /**
   * `--map KEY=VALUE` entries. `classification.PHI=health` overrides the CycloneDX classification table;
   * any other key is a CSV field (`name`, `location`, `purpose`, `website`, `parent`) mapped to a header.
   */
  map?: Record<string, string>;
  /** Treat CSV files as sub-processor lists. */
  subprocessors?: boolean;
  /** `--var NAME=VALUE` for Terraform root modules, in command-line order (later wins). */
  vars?: { name: string; value: string }[];
}

/** An importer's result: a canonical inventory plus where it came from. */
export interface ImportedFragment extends InventoryFragment {
  format: Exclude<ImportFormat, 'inventory'>;
  sha256: string;
  /** Constructs the importer read but did not turn into services, and why (stated in the report's inputs). */
  skipped?: string[];
}

import { DEFAULT_ORGANISATION } from '../model/types.js';

export { DEFAULT_ORGANISATION };

export function emptyInventory(options: ImportOptions, vendors: Vendor[]): Inventory {
  return {
    apiVersion: 'residency/v1',
    kind: 'Inventory',
    organisation: { name: options.organisation ?? DEFAULT_ORGANISATION },
    vendors,
  };
}

/** A located input error (exit 2). */
export function importError(
  code: string,
  file: string,
  line: number | undefined,
  column: number | undefined,
  message: string,
  hint?: string,
  expected?: string,
): ResidencyError {
  const where = line !== undefined ? `${file}:${line}:${column ?? 1}` : file;
  return new ResidencyError(code, `${where}: ${message}`, [
    { code, severity: 'error', message, file, line: line ?? 1, column: column ?? 1, hint, expected },
  ]);
}

/**
 * A resource whose provider the catalogue does not know: one W_IMPORT_PROVIDER warning per provider
 * (none for Terraform's utility providers, which host nothing), and the skip reason for the result.
 */
export function unknownProviderSkip(
  seen: Set<string>,
  diagnostics: Diagnostic[],
  providerName: string,
  address: string,
  where: { file: string; line: number; column: number },
): string {
  const short = providerName.split('/').slice(-2).join('/');
  const utility = /^hashicorp\/(random|null|local|tls|time|archive|external|template|http|cloudinit)$/.test(short);
  if (!utility && !seen.has(providerName)) {
    seen.add(providerName);
    diagnostics.push(
      warning(
        'W_IMPORT_PROVIDER',
        `Terraform provider '${providerName || '?'}' is not in the catalogue; its resources (e.g. ${address}) are not imported`,
        where.file,
        where.line,
        where.column,
      ),
    );
  }
  return `${address}: ${utility ? `Terraform utility provider '${short}' hosts nothing` : `provider '${providerName || '?'}' is not in the catalogue`}`;
}

export function warning(code: string, message: string, file: string, line?: number, column?: number): Diagnostic {
  return { code, severity: 'warning', message, file, line, column };
}

/** Line and column (1-based) of an offset in a text. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: offset - last };
}

/** A string usable as a service id (`^[A-Za-z0-9][A-Za-z0-9._:\[\]"/-]*$`). */
export function serviceIdOf(text: string): string {
  const s = text.replace(/[^A-Za-z0-9._:[\]"/-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return (s || 'service').slice(0, 500);
}

// ---------------------------------------------------------------------------
// Data classification
// ---------------------------------------------------------------------------

/**
 * Classification labels (CycloneDX `data[].classification`, Terraform `data-classification` tags) →
 * inventory data categories. Keys are lower-cased. Overridable with `--map classification.LABEL=category`.
 */
export const CLASSIFICATION_TABLE: Readonly<Record<string, DataCategory>> = {
  pii: 'personal',
  personal: 'personal',
  'personal-data': 'personal',
  spi: 'personal',
  'sensitive-personal': 'personal',
  gdpr: 'personal',
  phi: 'health',
  health: 'health',
  hipaa: 'health',
  medical: 'health',
  pifi: 'financial',
  pci: 'financial',
  financial: 'financial',
  finance: 'financial',
  payment: 'financial',
  biometric: 'biometric',
  biometrics: 'biometric',
  geolocation: 'precise-geolocation',
  location: 'precise-geolocation',
  'precise-geolocation': 'precise-geolocation',
  genomic: 'genomic',
  genetic: 'genomic',
  omic: 'omic',
  government: 'government',
  gov: 'government',
  cui: 'government',
  ip: 'intellectual-property',
  'confidential-ip': 'intellectual-property',
  'intellectual-property': 'intellectual-property',
  'trade-secret': 'intellectual-property',
  credentials: 'credentials',
  secrets: 'credentials',
  secret: 'credentials',
  public: 'other',
  internal: 'other',
  other: 'other',
};

const CATEGORY_SET = new Set<string>(DATA_CATEGORIES);

export type Obj = Record<string, unknown>;

/** The value as a plain object, or undefined (arrays and primitives are not objects here). */
export const asObj = (v: unknown): Obj | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;

export function isDataCategory(value: string): value is DataCategory {
  return CATEGORY_SET.has(value);
}

/** Build the classification table with the user's `classification.X=category` overrides. */
export function classificationTable(map: Record<string, string> | undefined): Map<string, DataCategory> {
  const table = new Map<string, DataCategory>(Object.entries(CLASSIFICATION_TABLE));
  for (const [key, value] of Object.entries(map ?? {})) {
    if (!key.toLowerCase().startsWith('classification.')) continue;
    const label = key.slice('classification.'.length).trim().toLowerCase();
    if (!isDataCategory(value)) {
      throw new ResidencyError('E_USAGE', `--map ${key}=${value}: '${value}' is not a data category`, [
        {
          code: 'E_USAGE',
          severity: 'error',
          message: `--map ${key}=${value}: '${value}' is not a data category`,
          expected: [...CATEGORY_SET].join(', '),
        },
      ]);
    }
    table.set(label, value);
  }
  return table;
}

/** Classify one label: the category, or undefined when the table does not know it. */
export function classify(table: Map<string, DataCategory>, label: string): DataCategory | undefined {
  const key = label
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  return table.get(key);
}

/** Data sets for a list of classification labels; unknown labels become `unknown` with a note. */
export function dataFromLabels(
  table: Map<string, DataCategory>,
  labels: readonly string[],
  from: string,
): { data: DataSet[]; unknowns: string[]; inferred: Inference[] } {
  const categories = new Set<DataCategory>();
  const unknowns: string[] = [];
  const inferred: Inference[] = [];
  for (const label of labels) {
    if (!label.trim()) continue;
    const category = classify(table, label);
    if (category) {
      categories.add(category);
      inferred.push({ fact: `data category ${category}`, from: `${from} '${label}'` });
    } else {
      categories.add('unknown');
      unknowns.push(`data classification '${label}' (${from}) is not in the classification table`);
    }
  }
  return { data: [...categories].sort().map((category) => ({ category })), unknowns, inferred };
}

// ---------------------------------------------------------------------------
// Catalogue look-ups
// ---------------------------------------------------------------------------

export interface RegionResolution {
  region?: string;
  /** Set when the value is not a region but was mapped to one (zone → region). */
  inferred?: Inference;
  /** Set when the value cannot be turned into a known region. */
  unknown?: string;
}

const patternCache = new Map<string, RegExp | null>();

/** A catalogue zone pattern compiled once; null when the user's catalogue holds an invalid expression. */
function compiledPattern(pattern: string): RegExp | null {
  let re = patternCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern);
    } catch {
      re = null;
    }
    patternCache.set(pattern, re);
  }
  return re;
}

/**
 * A region argument's literal value → catalogue region of the provider. Zone ids map to their region
 * through the catalogue zone index, or by stripping a zone suffix (`cn-hongkong-b`, `us-east-1a`) when
 * the result is a known region. Anything else stays unknown.
 */
export function resolveRegion(catalog: Catalog, providerId: string, value: string, where: string): RegionResolution {
  const regions = catalog.regionIndex.get(providerId);
  const provider = catalog.providers.get(providerId);
  const name = provider?.name ?? providerId;
  const v = value.trim();
  if (!regions) return { unknown: `${where}: provider '${providerId}' has no region list in the catalogue` };
  if (regions.has(v)) return { region: v };
  // Azure accepts display names ("China East 2") as locations.
  const compact = v.toLowerCase().replace(/\s+/g, '');
  if (compact !== v && regions.has(compact)) return { region: compact };
  const zoneRegion = catalog.zoneIndex.get(providerId)?.get(v);
  if (zoneRegion) {
    return {
      region: zoneRegion.id,
      inferred: { fact: `region ${zoneRegion.id}`, from: `${where} is zone '${v}' (catalogue zone index)` },
    };
  }
  for (const zp of catalog.zonePatterns.get(providerId) ?? []) {
    const id = compiledPattern(zp.pattern)?.exec(v)?.groups?.region;
    if (id && regions.has(id)) {
      return {
        region: id,
        inferred: {
          fact: `region ${id}`,
          from: `${where} '${v}' is a zone of ${id} (catalogue zone naming of ${name}: ${zp.source}, as of ${zp.asOf})`,
        },
      };
    }
  }
  const stripped = v.replace(/-?[a-z]$/, '');
  if (stripped !== v && regions.has(stripped)) {
    return {
      region: stripped,
      inferred: { fact: `region ${stripped}`, from: `${where} '${v}' looks like a zone of ${stripped}` },
    };
  }
  return {
    unknown: `${where} '${v}' is not a known ${name} region${provider?.regionsPartial ? " (the catalogue's list is partial)" : ''}`,
  };
}

/** Catalogue provider from a Terraform registry source (`aliyun/alicloud`, `registry.terraform.io/hashicorp/aws`). */
export function providerBySource(catalog: Catalog, source: string): Provider | undefined {
  const s = source
    .toLowerCase()
    .replace(/^(registry\.terraform\.io|registry\.opentofu\.org)\//, '')
    .trim();
  for (const p of catalog.providers.values()) {
    if (p.terraform?.sources.some((src) => src.toLowerCase() === s)) return p;
  }
  return undefined;
}

/** Catalogue provider from a Terraform local name (`alicloud`) through sources and prefixes. */
export function providerByLocalName(catalog: Catalog, localName: string): Provider | undefined {
  const n = localName.toLowerCase();
  for (const p of catalog.providers.values()) {
    if (p.terraform?.prefix === `${n}_`) return p;
  }
  for (const p of catalog.providers.values()) {
    if (p.terraform?.sources.some((src) => src.toLowerCase().split('/').pop() === n)) return p;
  }
  return undefined;
}

/** Catalogue provider whose `domains` include the hostname (or a parent domain of it). */
export function providerByHostname(catalog: Catalog, hostname: string): Provider | undefined {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  let best: { p: Provider; len: number } | undefined;
  for (const p of catalog.providers.values()) {
    for (const d of p.domains ?? []) {
      const dom = d.toLowerCase();
      if ((h === dom || h.endsWith(`.${dom}`)) && (!best || dom.length > best.len)) best = { p, len: dom.length };
    }
  }
  return best?.p;
}

/** The longest known region id of the provider that appears in the hostname as a whole token. */
export function regionInHostname(catalog: Catalog, providerId: string, hostname: string): string | undefined {
  const h = hostname.toLowerCase();
  let best: string | undefined;
  for (const id of catalog.regionIndex.get(providerId)?.keys() ?? []) {
    const rid = id.toLowerCase();
    const at = h.indexOf(rid);
    if (at < 0) continue;
    const before = at === 0 ? '.' : h[at - 1];
    const after = h[at + rid.length] ?? '.';
    if (/[.-]/.test(before) && /[.-]/.test(after) && (!best || id.length > best.length)) best = id;
  }
  return best;
}

const CORPORATE_SUFFIX =
  /\b(inc|llc|l\s?l\s?c|ltd|limited|private limited|pte|plc|gmbh|ag|sa|s\s?a|bv|b\s?v|nv|jsc|pjsc|ojsc|ooo|corp|corporation|company|co|oy|ab|as|kk|srl|spa|sas|pty|holdings?)\b/g;

/**
 * Resolve a free-text company name to a catalogue provider: the name itself, then without the
 * parenthesised part and corporate suffixes ("Alibaba Cloud (Singapore) Private Limited" → Alibaba Cloud).
 */
export function resolveCompany(catalog: Catalog, name: string): { provider?: string; entity?: string } {
  const direct = resolveProviderName(catalog, name);
  if (direct) return { provider: direct };
  const entity = resolveEntityName(catalog, name);
  const simplified = normaliseName(name.replace(/\([^)]*\)/g, ' '))
    .replace(CORPORATE_SUFFIX, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (simplified) {
    const provider = resolveProviderName(catalog, simplified);
    if (provider) return { provider, entity };
  }
  if (entity) {
    for (const p of catalog.providers.values()) if (p.entity === entity) return { provider: p.id, entity };
  }
  return { entity };
}

/**
 * The catalogue sub-processor a free text names (product or company, as a whole word or phrase): the
 * longest matching name or alias wins, so "Alibaba DashScope API" is Alibaba Cloud Model Studio.
 */
export function subprocessorIn(
  catalog: Catalog,
  text: string,
): { subprocessor: Subprocessor; matched: string } | undefined {
  const hay = ` ${normaliseName(text).replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  const index = subprocessorNeedles(catalog);
  let best: SubprocessorNeedle | undefined;
  const consider = (n: SubprocessorNeedle): void => {
    // the longest wins; of equally long ones, the first in the catalogue's order
    if (hay.includes(n.needle) && (!best || n.len > best.len || (n.len === best.len && n.order < best.order))) best = n;
  };
  for (const n of index.bare) consider(n);
  // a whole-word name can only be in the text if its first word is: the names that start with one of the text's
  // words, not every name for every row (the catalogue's hundred names, twice a row, were a tenth of an import)
  for (const word of new Set(hay.split(' '))) {
    const names = index.byFirstWord.get(word);
    if (names) for (const n of names) consider(n);
  }
  return best && { subprocessor: best.subprocessor, matched: best.matched };
}

interface SubprocessorNeedle {
  subprocessor: Subprocessor;
  /** The name or alias as the catalogue writes it. */
  matched: string;
  /** What to look for in the normalised text: ` words ` (whole words), or the bare text for CJK names. */
  needle: string;
  /** Length of the normalised name (the longest match wins). */
  len: number;
  /** Place in the catalogue's order (of equally long matches, the first wins). */
  order: number;
}

/** The catalogue's names to look for: whole-word ones by their first word, CJK ones (found anywhere) apart. */
interface NeedleIndex {
  byFirstWord: Map<string, SubprocessorNeedle[]>;
  bare: SubprocessorNeedle[];
}

const needleCache = new WeakMap<Catalog, NeedleIndex>();

/** Every catalogue sub-processor name and alias, normalised once per catalogue (not once per row). */
function subprocessorNeedles(catalog: Catalog): NeedleIndex {
  let index = needleCache.get(catalog);
  if (index) return index;
  index = { byFirstWord: new Map(), bare: [] };
  let order = 0;
  for (const sp of catalog.subprocessors.values()) {
    for (const alias of [sp.name, ...(sp.aliases ?? [])]) {
      const needle = normaliseName(alias)
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
      if (!needle) continue;
      const cjk = /[\u3400-\u9fff]/.test(needle);
      const n = { subprocessor: sp, matched: alias, needle: cjk ? needle : ` ${needle} `, len: needle.length, order };
      order++;
      if (cjk) index.bare.push(n);
      else {
        const first = needle.split(' ')[0];
        const list = index.byFirstWord.get(first);
        if (list) list.push(n);
        else index.byFirstWord.set(first, [n]);
      }
    }
  }
  needleCache.set(catalog, index);
  return index;
}

/** The service provider for a name that is a catalogued sub-processor, and the inference that says so. */
export function subprocessorProvider(
  catalog: Catalog,
  name: string,
  named: { subprocessor: Subprocessor; matched: string },
  what: string,
): { providerId?: string; provider: Service['provider']; inferred: Inference } {
  const sp = named.subprocessor;
  const from = `${what}: '${named.matched}' is ${sp.name}, run by ${sp.provider ?? sp.entity ?? sp.company ?? sp.name} (catalogue sub-processors: ${sp.source}, as of ${sp.asOf})`;
  if (sp.provider)
    return { providerId: sp.provider, provider: sp.provider, inferred: { fact: `provider ${sp.provider}`, from } };
  const country = sp.entity ? catalog.entities.get(sp.entity)?.country : sp.country;
  return {
    provider: { name, ...(country ? { country } : {}), ...(sp.entity ? { parent: sp.entity } : {}) },
    inferred: {
      fact: sp.entity ? `entity ${sp.entity}` : `company ${sp.company ?? sp.name} (${country ?? 'country unknown'})`,
      from,
    },
  };
}

// ---------------------------------------------------------------------------
// Vendors
// ---------------------------------------------------------------------------

/** Collects vendors and their services, keeping insertion order and unique ids. */
export class VendorSet {
  private readonly vendors = new Map<string, { vendor: Vendor; serviceIds: Set<string> }>();

  vendor(id: string, create: () => Vendor): Vendor {
    let entry = this.vendors.get(id);
    if (!entry) {
      entry = { vendor: { ...create(), id }, serviceIds: new Set() };
      entry.vendor.services = [];
      this.vendors.set(id, entry);
    }
    return entry.vendor;
  }

  addService(vendorId: string, service: Service): Service {
    const entry = this.vendors.get(vendorId);
    if (!entry) throw new Error(`internal: vendor ${vendorId} not created`);
    const id = uniqueId(service.id, entry.serviceIds);
    const added = { ...service, id };
    entry.vendor.services?.push(added);
    return added;
  }

  list(): Vendor[] {
    return [...this.vendors.values()].map((e) => e.vendor);
  }
}

/**
 * Drop empty arrays and undefined fields so the YAML stays small and valid. Each array is kept as a copy of its
 * own length: an importer builds its lists by `push`, and V8 gives an array its first element with room for 16
 * (a one-item list pushed takes ~240 bytes, copied ~110), which for 100k imported rows was a fifth of the heap.
 */
export function tidyService(service: Service): Service {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(service)) {
    if (value === undefined) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (key === 'tags' && value && typeof value === 'object' && Object.keys(value).length === 0) continue;
    out[key] = Array.isArray(value) ? value.slice() : value;
  }
  return out as unknown as Service;
}

/** The catalogue data-store kind of a Terraform resource type (`*` in a pattern matches any run of characters). */
export function dataStoreKind(catalog: Catalog, type: string): string | undefined {
  // worked out once per list of data stores and resource type (an import asks once per resource; each pattern made
  // into a regular expression every time was a fifth of importing 8,000 buckets)
  let kinds = DATA_STORE_KINDS.get(catalog.dataStores);
  if (kinds === undefined) {
    const patterns = catalog.dataStores.map((ds) => ({
      re: new RegExp(
        `^${ds.pattern
          .split('*')
          .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*')}$`,
      ),
      kind: ds.kind,
    }));
    kinds = { patterns, byType: new Map() };
    DATA_STORE_KINDS.set(catalog.dataStores, kinds);
  }
  if (kinds.byType.has(type)) return kinds.byType.get(type);
  const kind = kinds.patterns.find((p) => p.re.test(type))?.kind;
  kinds.byType.set(type, kind);
  return kind;
}

const DATA_STORE_KINDS = new WeakMap<
  object,
  { patterns: { re: RegExp; kind: string }[]; byType: Map<string, string | undefined> }
>();

const CLASSIFICATION_TAGS = ['data-classification', 'data_classification', 'dataclassification'];

/**
 * Countries of the controlling chain of a provider's entity that are members of a catalogue regime
 * (the entity, then its first-listed owner, and so on). interpretation: the first owner listed is the
 * controlling one (the catalogue lists owners largest first); used only to decide that an unclassified
 * resource may store data, never to state control.
 */
export function regimeCountriesInChain(catalog: Catalog, provider: Provider): string[] {
  const members = new Set<string>();
  for (const regime of catalog.regimes.values())
    for (const m of regime.members) for (const c of [m.country, ...(m.includes ?? [])]) members.add(c);
  const found = new Set<string>();
  const seen = new Set<string>();
  for (let id: string | undefined = provider.entity; id && !seen.has(id); ) {
    seen.add(id);
    const entity = catalog.entities.get(id);
    if (!entity) break;
    if (members.has(entity.country)) found.add(entity.country);
    id = entity.owners?.[0]?.entity;
  }
  return [...found].sort();
}

/**
 * What an imported resource stores, from its type (catalogue data-store families) and its
 * classification tag. A type the catalogue does not classify stores nothing known, except for a
 * provider controlled from a regime country: then it may store data, and that stays unknown.
 */
export function storageOf(
  catalog: Catalog,
  table: Map<string, DataCategory>,
  provider: Provider,
  type: string,
  address: string,
  tags: Record<string, unknown> | undefined,
): { storesData?: true; data?: DataSet[]; inferred: Inference[]; unknowns: string[] } {
  const kind = dataStoreKind(catalog, type);
  const inferred: Inference[] = [];
  const unknowns: string[] = [];
  let data: DataSet[] | undefined;
  const tagKey = tags ? Object.keys(tags).find((k) => CLASSIFICATION_TAGS.includes(k.toLowerCase())) : undefined;
  const regimeCountries = kind ? [] : regimeCountriesInChain(catalog, provider);
  if (tagKey && typeof tags?.[tagKey] === 'string') {
    const d = dataFromLabels(table, (tags[tagKey] as string).split(/[,;|/\s]+/).filter(Boolean), `tag ${tagKey}`);
    data = d.data;
    inferred.push(...d.inferred);
    unknowns.push(...d.unknowns);
  } else if (kind || regimeCountries.length > 0) {
    data = [{ category: 'unknown' }];
    unknowns.push(`what data ${address} holds is unknown (add a data-classification tag)`);
  }
  if (kind)
    inferred.push({
      fact: 'stores data',
      from: `resource type ${type} is ${withArticle(kind)} data store (catalogue)`,
    });
  else if (regimeCountries.length > 0)
    unknowns.push(
      `resource type ${type} is not classified in the catalogue; ${provider.name} is controlled from ${regimeCountries.join(', ')}, so it may store data`,
    );
  return { storesData: kind ? true : undefined, data, inferred, unknowns };
}

// ---------------------------------------------------------------------------
// Location arguments (Terraform configuration, plan and state share them)
// ---------------------------------------------------------------------------

/** Argument names that place a resource in a region (plus the provider's own region arguments). */
export const REGION_KEYS = ['region', 'location', 'region_id'];
/** Argument names that hold zones (a zone lies in one region). */
export const ZONE_KEY =
  /^(?:(?:master|slave|primary|secondary|standby|backup|main|replica|default)_)?(?:zones?|az|azs|availability_zones?)(?:_(?:id|ids|name|names|list))?$/;
/** Arguments that never locate a resource. */
export const NOT_LOCATION = new Set([
  'tags',
  'labels',
  'lifecycle',
  'provisioner',
  'connection',
  'depends_on',
  'timeouts',
]);

/** Location arguments of a resource body, top level first, then nested blocks (`configure_nodes.az`). */
export function locationArguments(
  body: Record<string, unknown>,
  regionKeys: Set<string>,
): { key: string; path: string; raw: unknown }[] {
  const out: { key: string; path: string; raw: unknown }[] = [];
  const nested: { path: string; body: Record<string, unknown>; depth: number }[] = [];
  const visit = (b: Record<string, unknown>, prefix: string, depth: number): void => {
    for (const [key, raw] of Object.entries(b)) {
      if (NOT_LOCATION.has(key)) continue;
      const path = prefix ? `${prefix}.${key}` : key;
      if (regionKeys.has(key) || ZONE_KEY.test(key)) {
        if (typeof raw === 'string' || (Array.isArray(raw) && raw.every((x) => typeof x === 'string')))
          out.push({ key, path, raw });
        continue;
      }
      if (depth >= 4) continue;
      for (const item of Array.isArray(raw) ? raw : [raw]) {
        const o = asObj(item);
        if (o) nested.push({ path, body: o, depth: depth + 1 });
      }
    }
  };
  visit(body, '', 0);
  while (nested.length > 0) {
    const next = nested.shift() as { path: string; body: Record<string, unknown>; depth: number };
    visit(next.body, next.path, next.depth);
  }
  return out;
}

/** The vendor for a catalogue provider: its contracting entity's name as an alias, so ownership resolves. */
export function providerVendor(catalog: Catalog, provider: Provider): Vendor {
  const entity = catalog.entities.get(provider.entity);
  return {
    id: provider.id,
    name: provider.name,
    ...(entity && entity.name !== provider.name ? { aliases: [entity.name] } : {}),
  };
}
