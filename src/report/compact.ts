/**
 * The JSON report's compact form (schema 3.0.0) and its expansion back to the full form (schema 2.0.0).
 *
 * One rule, applied at serialisation only (the in-memory `Report` keeps every part): an item omits what the
 * report already says elsewhere, and nothing else is encoded.
 *
 * - a finding omits its `title`, `scope`, `severity`, `basis` and `regimes` when they are its rule's (`rules[]`,
 *   by `ruleId`); `vendor.name` and `factors.criticality` when they are its vendor's (`vendors[]`, by id);
 *   `location.file` when it is the first input's path; `legalBasis` and `evidence` when empty; `status` when open;
 * - a vendor omits `controller` when it is its `name`, `coveredPerson` when false, and `controlEvidence` when it
 *   is the one-link sentence `<id> → <controller> (<controlCountry>) — no adversary control established`;
 * - a service omits `providerName` and `controlCountry` when they are its provider's entry in the top-level
 *   `providers` (written after `vendors`: the first service of each provider makes its entry),
 *   `adversaryControlled` and `adversaryHosted` when false, and `categories` when empty.
 *
 * Where a full item has no value that a default would supply (a vendor without `controller`, a service without
 * `controlCountry`), the compact item says `null`, so that expanding it leaves the key out again. The compactor
 * and the expander look values up the same way (the first `rules[]` / `vendors[]` entry with that id), so
 * expanding a compact report gives back the full report exactly (test/unit/report/compact.test.ts).
 */
import { VendorRef } from '../engine/evaluate.js';
import type { Finding } from '../engine/types.js';
import type { ReportFinding, ReportRule, ReportVendor } from './types.js';

export const COMPACT_SCHEMA_MAJOR = 3;

type Json = Record<string, unknown>;
type Service = ReportVendor['services'][number];

/** A provider's entry in `providers`: what its services say unless they say otherwise. */
export interface ProviderEntry {
  name: string;
  controlCountry?: string;
}

/** The sentence a vendor's `controlEvidence` is when its control is a one-link chain with no adversary. */
export function plainControlEvidence(v: { id?: unknown; controller?: unknown; controlCountry?: unknown }): string {
  return `${v.id} → ${v.controller} (${v.controlCountry}) — no adversary control established`;
}

/**
 * Keys of the full (2.0.0) items in the order the report writes them: defaults are put back in their place. (The key
 * orders, `same`, `restore` and `byId` are exported for the test's oracle, test/unit/report/compact-oracle.ts.)
 */
const FINDING_KEYS = [
  'fingerprint',
  'ruleId',
  'title',
  'severity',
  'scope',
  'vendor',
  'service',
  'data',
  'message',
  'basis',
  'regimes',
  'legalBasis',
  'evidence',
  'location',
  'inferred',
  'factors',
  'status',
  'waiver',
  'catalogFacts',
];
export const VENDOR_KEYS = [
  'id',
  'name',
  'criticality',
  'score',
  'grade',
  'findings',
  'coveredPerson',
  'controller',
  'controlCountry',
  'controlEvidence',
  'services',
];
export const SERVICE_KEYS = [
  'id',
  'provider',
  'providerName',
  'controlCountry',
  'countries',
  'adversaryControlled',
  'adversaryHosted',
  'categories',
];

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Same JSON value (the values compared here are strings, numbers, booleans and lists of strings). */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((x, i) => x === b[i]);
}

/**
 * `item` with the defaults of its absent keys put back, each before the first present key that comes after it in
 * `order` (so the full item has its keys in its original order); a key whose value is `null` and that has a default
 * is left out (the full item had no such key).
 */
export function restore(item: Json, order: readonly string[], defaults: Json): Json {
  const rank = (key: string) => {
    const r = order.indexOf(key);
    return r < 0 ? order.length : r;
  };
  const pending = Object.keys(defaults)
    .filter((key) => defaults[key] !== undefined && !(key in item))
    .sort((a, b) => rank(a) - rank(b));
  const out: Json = {};
  let next = 0;
  for (const key of Object.keys(item)) {
    const r = rank(key);
    while (next < pending.length && rank(pending[next]) < r) out[pending[next]] = defaults[pending[next++]];
    if (item[key] === null && key in defaults) continue;
    out[key] = item[key];
  }
  while (next < pending.length) out[pending[next]] = defaults[pending[next++]];
  return out;
}

/** The first entry of each id. */
export function byId<T extends { id?: unknown }>(items: readonly T[]): Map<unknown, T> {
  const map = new Map<unknown, T>();
  for (const item of items) if (isObject(item) && !map.has(item.id)) map.set(item.id, item);
  return map;
}

/** Each key's position in an order (a key not in it ranks after every one that is, as `restore` ranks it). */
function ranks(order: readonly string[]): (key: string) => number {
  const rank = new Map(order.map((key, i) => [key, i]));
  return (key) => rank.get(key) ?? order.length;
}
const vendorRank = ranks(VENDOR_KEYS);
const serviceRank = ranks(SERVICE_KEYS);
const CONTROLLER_RANK = vendorRank('controller');
const CONTROL_COUNTRY_RANK = serviceRank('controlCountry');

/** How every plain control sentence ends: a sentence that does not end so is not plain, without making it. */
const PLAIN_TAIL = ') — no adversary control established';

/** `evidence === plainControlEvidence(v)`, compared in place when the parts are strings (no sentence made). */
function isPlainControlEvidence(evidence: unknown, id: unknown, controller: unknown, country: unknown): boolean {
  if (typeof evidence !== 'string' || !evidence.endsWith(PLAIN_TAIL)) return false;
  if (typeof id !== 'string' || typeof controller !== 'string' || typeof country !== 'string') {
    return evidence === plainControlEvidence({ id, controller, controlCountry: country });
  }
  // `${id} → ${controller} (${country}` then PLAIN_TAIL (already found at the end): the lengths fix where each is
  const at = id.length + 3;
  return (
    evidence.length === at + controller.length + 2 + country.length + PLAIN_TAIL.length &&
    evidence.startsWith(id) &&
    evidence.startsWith(' → ', id.length) &&
    evidence.startsWith(controller, at) &&
    evidence.startsWith(' (', at + controller.length) &&
    evidence.startsWith(country, at + controller.length + 2)
  );
}

/** A copy of `item` without `key`, nor the keys whose value is undefined (`without` for one key, no set made). */
function withoutKey(item: Json, key: string): Json {
  const out: Json = {};
  for (const k of Object.keys(item)) if (k !== key && item[k] !== undefined) out[k] = item[k];
  return out;
}

/**
 * The keys of a finding as the engine makes it (src/engine/evaluate.ts, `buildFinding`), in order, and of a waived
 * one (triage adds `waiver` last); of a vendor and a service as buildReport makes them (VENDOR_KEYS, SERVICE_KEYS).
 * An item with exactly these keys is made by an object literal of that shape, with `undefined` for what it omits
 * (JSON.stringify leaves such keys out, as if absent), the `null` markers in the place `restore` gives them (all
 * keys ranking after theirs come after them): no key-by-key copy, and every item of one shape. Any other item is
 * copied key by key. Items of both kinds give the same JSON (test/unit/report/compact-oracle.test.ts).
 */
export const ENGINE_FINDING_KEYS = [
  ...FINDING_KEYS.slice(0, FINDING_KEYS.indexOf('inferred')),
  'references',
  'remediation',
  'inferred',
  'factors',
  'status',
];

/** `keys` is `shape`, or `shape` then `last` when given. */
function hasKeys(keys: readonly string[], shape: readonly string[], last?: string): boolean {
  const n = shape.length;
  if (keys.length !== n && (last === undefined || keys.length !== n + 1 || keys[n] !== last)) return false;
  for (let i = 0; i < n; i++) if (keys[i] !== shape[i]) return false;
  return true;
}

function isEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length === 0;
}

/**
 * Makes the compact items of one report, in the order they are written: vendors (each recorded, for the
 * findings), then `providers()`, then findings. Holds a name and criticality per vendor id, no item.
 *
 * Each item is made in one pass over its keys, in their order: what it omits is left out as the key comes, and a
 * `null` marker is put where `restore` would put it (before the first key written that ranks after it), so
 * the item has exactly the keys, order and values of a copy `without` the omitted keys (and undefined values)
 * with the marker `restore`d (the way it was written before; test/unit/report/compact-oracle.test.ts).
 */
export class ReportCompactor {
  readonly #rules: Map<unknown, ReportRule>;
  readonly #file: unknown;
  // the vendors written, in order, until a finding must look one up by id: then by id (the first of each)
  #written: { id: string; name: string; criticality: string }[] = [];
  #byId: Map<string, { id: string; name: string; criticality: string }> | undefined;
  // the vendors written by `vendorOf` with their position in the inventory, at that position
  readonly #atPosition: ({ id: string; name: string; criticality: string } | undefined)[] = [];
  readonly #providers = new Map<string, ProviderEntry>();
  // a target's findings share their vendor, factors and location parts: the compact part of the last one is kept
  #lastPart: { part: unknown; vendor: unknown; compact: unknown }[] = [
    { part: undefined, vendor: undefined, compact: undefined },
    { part: undefined, vendor: undefined, compact: undefined },
    { part: undefined, vendor: undefined, compact: undefined },
  ];

  constructor(rules: readonly ReportRule[] | undefined, inputs: readonly { path?: unknown }[] | undefined) {
    this.#rules = byId(Array.isArray(rules) ? rules : []);
    this.#file = Array.isArray(inputs) && isObject(inputs[0]) ? inputs[0].path : undefined;
  }

  vendor(v: ReportVendor): unknown {
    if (!isObject(v)) return v;
    const { services } = v;
    if (hasKeys(Object.keys(v), VENDOR_KEYS)) {
      return this.vendorOf(
        undefined,
        v.id,
        v.name,
        v.criticality,
        v.score,
        v.grade,
        v.findings,
        v.coveredPerson,
        v.controller,
        v.controlCountry,
        v.controlEvidence,
        Array.isArray(services) ? services.map((s) => this.#service(s)) : services,
      );
    }
    this.#record(v.id, v.name, v.criticality, undefined);
    const plain = isPlainControlEvidence(v.controlEvidence, v.id, v.controller, v.controlCountry);
    // no controller: `null`, so that expanding does not put the name in its place
    let controllerNull = v.controller === undefined && typeof v.name === 'string';
    const item = v as unknown as Json;
    const out: Json = {};
    for (const key of Object.keys(item)) {
      let value = item[key];
      if (value === undefined) continue;
      switch (key) {
        case 'coveredPerson':
          if (value === false) continue;
          break;
        case 'controller':
          if (value === v.name) continue;
          break;
        case 'controlEvidence':
          if (plain) continue;
          break;
        case 'services':
          if (Array.isArray(value)) value = value.map((s) => this.#service(s));
          break;
      }
      // before the first key written that ranks after it (`__proto__` is never written: assigning it sets the
      // prototype, as it did in the copy `restore` was given)
      if (controllerNull && key !== '__proto__' && vendorRank(key) > CONTROLLER_RANK) {
        out.controller = null;
        controllerNull = false;
      }
      out[key] = value;
    }
    if (controllerNull) out.controller = null;
    return out;
  }

  /**
   * `vendor(v)` for a vendor of the report's shape (VENDOR_KEYS, in order) given by its values, its services already
   * compact (`serviceOf`): the compact item made straight from what the report's vendor would hold, without it.
   * `position` is the vendor's in the inventory, when known: a finding whose vendor part knows its position
   * (VendorRef) finds the vendor there (the inventory's vendor ids are distinct) instead of by id.
   */
  vendorOf(
    position: number | undefined,
    id: string,
    name: string,
    criticality: string,
    score: number,
    grade: string,
    findings: number,
    coveredPerson: boolean,
    controller: string | undefined,
    controlCountry: string | undefined,
    controlEvidence: string,
    services: unknown,
  ): unknown {
    this.#record(id, name, criticality, position);
    // no controller: `null`, so that expanding does not put the name in its place
    let writtenController: unknown = controller === name ? undefined : controller;
    if (controller === undefined) writtenController = typeof name === 'string' ? null : undefined;
    return {
      id,
      name,
      criticality,
      score,
      grade,
      findings,
      coveredPerson: coveredPerson === false ? undefined : coveredPerson,
      controller: writtenController,
      controlCountry,
      controlEvidence: isPlainControlEvidence(controlEvidence, id, controller, controlCountry)
        ? undefined
        : controlEvidence,
      services,
    };
  }

  /** A vendor written (the first of each id is the one findings are compacted by). */
  #record(id: unknown, name: string, criticality: string, position: number | undefined): void {
    if (typeof id !== 'string') return;
    const entry = { id, name, criticality };
    if (position !== undefined) this.#atPosition[position] = entry;
    if (this.#byId !== undefined) {
      if (!this.#byId.has(id)) this.#byId.set(id, entry);
    } else this.#written.push(entry);
  }

  /** The vendor written that a finding's vendor part names: at its position when it knows it, else by id. */
  #writtenVendor(part: { id: string }): { name: string; criticality: string } | undefined {
    const at = isObject(part) ? VendorRef.positionOf(part) : undefined;
    const entry = at === undefined ? undefined : this.#atPosition[at];
    if (entry !== undefined && entry.id === part.id) return entry;
    if (this.#byId === undefined) {
      this.#byId = new Map();
      for (const e of this.#written) if (!this.#byId.has(e.id)) this.#byId.set(e.id, e);
      this.#written = [];
    }
    return this.#byId.get(part.id);
  }

  /**
   * `#service(s)` for a service of the report's shape (SERVICE_KEYS, in order) given by its values: the compact item
   * made straight from them.
   */
  serviceOf(
    id: string,
    provider: string,
    providerName: string,
    own: string | undefined,
    countries: string[],
    adversaryControlled: boolean,
    adversaryHosted: boolean,
    categories: string[],
  ): unknown {
    const entry = this.#provider(provider, providerName, own);
    const country = entry?.controlCountry;
    return {
      id,
      provider,
      providerName: entry !== undefined && providerName === entry.name ? undefined : providerName,
      // no country of its own where its provider has one: `null` (see the module comment)
      controlCountry: country === undefined ? own : own === undefined ? null : own === country ? undefined : own,
      countries,
      adversaryControlled: adversaryControlled === false ? undefined : adversaryControlled,
      adversaryHosted: adversaryHosted === false ? undefined : adversaryHosted,
      categories: isEmptyList(categories) ? undefined : categories,
    };
  }

  /** A provider's entry, made by its first service that names it. */
  #provider(provider: unknown, providerName: unknown, controlCountry: unknown): ProviderEntry | undefined {
    let entry = this.#providers.get(provider as string);
    if (entry === undefined && typeof provider === 'string' && typeof providerName === 'string') {
      entry = {
        name: providerName,
        ...(controlCountry !== undefined ? { controlCountry: controlCountry as string } : {}),
      };
      this.#providers.set(provider, entry);
    }
    return entry;
  }

  #service(s: Service): unknown {
    if (!isObject(s)) return s;
    if (hasKeys(Object.keys(s), SERVICE_KEYS)) {
      return this.serviceOf(
        s.id,
        s.provider,
        s.providerName,
        s.controlCountry,
        s.countries,
        s.adversaryControlled,
        s.adversaryHosted,
        s.categories,
      );
    }
    const entry = this.#provider(s.provider, s.providerName, s.controlCountry);
    const country = entry?.controlCountry;
    // no country of its own where its provider has one: `null` (see the module comment)
    let countryNull = country !== undefined && s.controlCountry === undefined;
    const item = s as unknown as Json;
    const out: Json = {};
    for (const key of Object.keys(item)) {
      const value = item[key];
      if (value === undefined) continue;
      switch (key) {
        case 'providerName':
          if (entry !== undefined && value === entry.name) continue;
          break;
        case 'controlCountry':
          if (country !== undefined && value === country) continue;
          break;
        case 'adversaryControlled':
        case 'adversaryHosted':
          if (value === false) continue;
          break;
        case 'categories':
          if (isEmptyList(value)) continue;
          break;
      }
      if (countryNull && key !== '__proto__' && serviceRank(key) > CONTROL_COUNTRY_RANK) {
        out.controlCountry = null;
        countryNull = false;
      }
      out[key] = value;
    }
    if (countryNull) out.controlCountry = null;
    return out;
  }

  /** The top-level `providers`, once every vendor was written. */
  providers(): Record<string, ProviderEntry> {
    return Object.fromEntries(this.#providers);
  }

  /**
   * A finding as the report writes it: without its rule's `references` and `remediation` (in `rules[]`, schema
   * 2.0.0) and what it omits (3.0.0); with `catalogFacts` when given (in place of its own, else last, as
   * `{ ...finding, catalogFacts }` puts them). One copy, made as the keys come.
   */
  finding(f: ReportFinding | Finding, catalogFacts?: string[]): unknown {
    if (!isObject(f)) return f;
    const rule = this.#rules.get(f.ruleId);
    const vendor = f.vendor ? this.#writtenVendor(f.vendor) : undefined;
    const keys = Object.keys(f);
    if (hasKeys(keys, ENGINE_FINDING_KEYS, 'waiver')) {
      const full = f as Finding;
      return {
        fingerprint: full.fingerprint,
        ruleId: full.ruleId,
        title: rule && same(full.title, rule.title) ? undefined : full.title,
        severity: rule && same(full.severity, rule.severity) ? undefined : full.severity,
        scope: rule && same(full.scope, rule.scope) ? undefined : full.scope,
        vendor: this.#part(0, full.vendor, vendor, 'name', vendor?.name),
        service: full.service,
        data: full.data,
        message: full.message,
        basis: rule && same(full.basis, rule.basis) ? undefined : full.basis,
        regimes: rule && same(full.regimes, rule.regimes) ? undefined : full.regimes,
        legalBasis: isEmptyList(full.legalBasis) ? undefined : full.legalBasis,
        evidence: isEmptyList(full.evidence) ? undefined : full.evidence,
        location: this.#part(1, full.location, this.#file, 'file', this.#file),
        inferred: full.inferred,
        factors: this.#part(2, full.factors, vendor, 'criticality', vendor?.criticality),
        status: full.status === 'open' ? undefined : full.status,
        waiver: full.waiver,
        catalogFacts,
      };
    }
    const item = f as unknown as Json;
    const out: Json = {};
    let ownFacts = false;
    for (const key of Object.keys(item)) {
      if (key === 'references' || key === 'remediation') continue;
      let value = item[key];
      if (key === 'catalogFacts' && catalogFacts !== undefined) {
        value = catalogFacts;
        ownFacts = true;
      }
      if (value === undefined) continue;
      switch (key) {
        case 'title':
        case 'severity':
        case 'scope':
        case 'basis':
        case 'regimes':
          if (rule && same(value, rule[key])) continue;
          break;
        case 'legalBasis':
        case 'evidence':
          if (isEmptyList(value)) continue;
          break;
        case 'status':
          if (value === 'open') continue;
          break;
        case 'vendor':
          if (vendor && isObject(value) && value.name === vendor.name) value = withoutKey(value, 'name');
          break;
        case 'factors':
          if (vendor && isObject(value) && value.criticality === vendor.criticality) {
            value = withoutKey(value, 'criticality');
          }
          break;
        case 'location':
          if (this.#file !== undefined && isObject(value) && value.file === this.#file) {
            value = withoutKey(value, 'file');
          }
          break;
      }
      out[key] = value;
    }
    if (catalogFacts !== undefined && !ownFacts) out.catalogFacts = catalogFacts;
    return out;
  }

  /**
   * A finding's vendor (0), location (1) or factors (2) part without `key` when it says `value` (what the report says
   * elsewhere), only when `given` (the vendor written, the first input's path) is there; the last part asked for is
   * remembered with its answer, for the findings of the same target.
   */
  #part(slot: number, part: unknown, given: unknown, key: string, value: unknown): unknown {
    const last = this.#lastPart[slot];
    if (last.part === part && last.vendor === given && part !== undefined) return last.compact;
    const compact = given !== undefined && isObject(part) && part[key] === value ? withoutKey(part, key) : part;
    this.#lastPart[slot] = { part, vendor: given, compact };
    return compact;
  }
}

/** Puts back what a compact report's items omit, from the whole document (`rules`, `vendors`, `inputs`, `providers`). */
export class ReportExpander {
  readonly #rules: Map<unknown, Json>;
  readonly #vendors: Map<unknown, Json>;
  readonly #providers: Json;
  readonly #file: unknown;

  constructor(doc: Json) {
    this.#rules = byId((Array.isArray(doc.rules) ? doc.rules : []) as Json[]);
    this.#vendors = byId((Array.isArray(doc.vendors) ? doc.vendors : []) as Json[]);
    this.#providers = isObject(doc.providers) ? doc.providers : {};
    const inputs = doc.inputs;
    this.#file = Array.isArray(inputs) && isObject(inputs[0]) ? inputs[0].path : undefined;
  }

  vendor(v: unknown): unknown {
    if (!isObject(v)) return v;
    const controller = v.controller === null ? undefined : 'controller' in v ? v.controller : v.name;
    const full = restore(v, VENDOR_KEYS, {
      coveredPerson: false,
      controller: v.name,
      controlEvidence: plainControlEvidence({ id: v.id, controller, controlCountry: v.controlCountry }),
    });
    if (Array.isArray(v.services)) full.services = v.services.map((s) => this.#service(s));
    return full;
  }

  #service(s: unknown): unknown {
    if (!isObject(s)) return s;
    const entry =
      typeof s.provider === 'string' && Object.hasOwn(this.#providers, s.provider)
        ? this.#providers[s.provider]
        : undefined;
    const provider = isObject(entry) ? entry : {};
    return restore(s, SERVICE_KEYS, {
      providerName: provider.name,
      controlCountry: 'controlCountry' in s ? null : provider.controlCountry,
      adversaryControlled: false,
      adversaryHosted: false,
      categories: [],
    });
  }

  finding(f: unknown): unknown {
    if (!isObject(f)) return f;
    const rule = this.#rules.get(f.ruleId) ?? {};
    const full = restore(f, FINDING_KEYS, {
      title: rule.title,
      severity: rule.severity,
      scope: rule.scope,
      basis: rule.basis,
      regimes: Array.isArray(rule.regimes) ? [...rule.regimes] : rule.regimes,
      legalBasis: [],
      evidence: [],
      status: 'open',
    });
    const vendor = isObject(f.vendor) ? this.#vendors.get(f.vendor.id) : undefined;
    if (vendor && isObject(f.vendor)) full.vendor = restore(f.vendor, ['id', 'name'], { name: vendor.name });
    if (vendor && isObject(f.factors)) {
      full.factors = restore(f.factors, ['sensitivity', 'volume', 'criticality'], { criticality: vendor.criticality });
    }
    if (isObject(f.location)) {
      full.location = restore(f.location, ['file', 'line', 'column', 'pointer'], { file: this.#file });
    }
    return full;
  }
}

/** The major version of a report's `schemaVersion` (0 when it has none). */
export function schemaMajor(doc: unknown): number {
  const version = isObject(doc) ? doc.schemaVersion : undefined;
  return typeof version === 'string' ? Number.parseInt(version, 10) || 0 : 0;
}

/**
 * A parsed JSON report in its full form: a 3.x report expanded to what schema 2.0.0 writes (same parts, same key
 * order; `schemaVersion` and the top-level `providers` aside), any other report (1.x, 2.0.0) as it is.
 */
export function expandReport<T = Json>(doc: T): T {
  if (!isObject(doc) || schemaMajor(doc) < COMPACT_SCHEMA_MAJOR) return doc;
  const expander = new ReportExpander(doc);
  const out: Json = {};
  for (const key of Object.keys(doc)) {
    if (key === 'providers') continue;
    const value = doc[key];
    if (key === 'vendors' && Array.isArray(value)) out[key] = value.map((v) => expander.vendor(v));
    else if (key === 'findings' && Array.isArray(value)) out[key] = value.map((f) => expander.finding(f));
    else out[key] = value;
  }
  return out as T;
}
