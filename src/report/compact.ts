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

/** Keys of the full (2.0.0) items in the order the report writes them: defaults are put back in their place. */
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
const VENDOR_KEYS = [
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
const SERVICE_KEYS = [
  'id',
  'provider',
  'providerName',
  'controlCountry',
  'countries',
  'adversaryControlled',
  'adversaryHosted',
  'categories',
];
const RULE_PARTS = ['title', 'severity', 'scope', 'basis', 'regimes'] as const;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Same JSON value (the values compared here are strings, numbers, booleans and lists of strings). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  return a.every((x, i) => x === b[i]);
}

/** A copy of `item` without the keys in `omit`, nor those whose value is undefined (JSON has none). */
function without(item: Json, omit: ReadonlySet<string> | readonly string[]): Json {
  const drop = omit instanceof Set ? omit : new Set(omit);
  const out: Json = {};
  for (const key of Object.keys(item)) if (!drop.has(key) && item[key] !== undefined) out[key] = item[key];
  return out;
}

/**
 * `item` with the defaults of its absent keys put back, each before the first present key that comes after it in
 * `order` (so the full item has its keys in its original order); a key whose value is `null` and that has a default
 * is left out (the full item had no such key).
 */
function restore(item: Json, order: readonly string[], defaults: Json): Json {
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
function byId<T extends { id?: unknown }>(items: readonly T[]): Map<unknown, T> {
  const map = new Map<unknown, T>();
  for (const item of items) if (isObject(item) && !map.has(item.id)) map.set(item.id, item);
  return map;
}

/**
 * Makes the compact items of one report, in the order they are written: vendors (each recorded, for the
 * findings), then `providers()`, then findings. Holds a name and criticality per vendor id, no item.
 */
export class ReportCompactor {
  readonly #rules: Map<unknown, ReportRule>;
  readonly #file: unknown;
  readonly #vendors = new Map<string, { name: string; criticality: string }>();
  readonly #providers = new Map<string, ProviderEntry>();

  constructor(rules: readonly ReportRule[] | undefined, inputs: readonly { path?: unknown }[] | undefined) {
    this.#rules = byId(Array.isArray(rules) ? rules : []);
    this.#file = Array.isArray(inputs) && isObject(inputs[0]) ? inputs[0].path : undefined;
  }

  vendor(v: ReportVendor): unknown {
    if (!isObject(v)) return v;
    if (typeof v.id === 'string' && !this.#vendors.has(v.id)) {
      this.#vendors.set(v.id, { name: v.name, criticality: v.criticality });
    }
    const omit: string[] = [];
    if (v.coveredPerson === false) omit.push('coveredPerson');
    if (v.controller !== undefined && v.controller === v.name) omit.push('controller');
    if (v.controlEvidence === plainControlEvidence(v)) omit.push('controlEvidence');
    let out = without(v as unknown as Json, omit);
    // no controller: `null`, so that expanding does not put the name in its place
    if (v.controller === undefined && typeof v.name === 'string') out = restore(out, VENDOR_KEYS, { controller: null });
    if (Array.isArray(v.services)) out.services = v.services.map((s) => this.#service(s));
    return out;
  }

  #service(s: Service): unknown {
    if (!isObject(s)) return s;
    let entry = this.#providers.get(s.provider);
    if (entry === undefined && typeof s.provider === 'string' && typeof s.providerName === 'string') {
      entry = { name: s.providerName, ...(s.controlCountry !== undefined ? { controlCountry: s.controlCountry } : {}) };
      this.#providers.set(s.provider, entry);
    }
    const omit: string[] = [];
    if (entry !== undefined && s.providerName === entry.name) omit.push('providerName');
    if (entry?.controlCountry !== undefined && s.controlCountry === entry.controlCountry) omit.push('controlCountry');
    if (s.adversaryControlled === false) omit.push('adversaryControlled');
    if (s.adversaryHosted === false) omit.push('adversaryHosted');
    if (Array.isArray(s.categories) && s.categories.length === 0) omit.push('categories');
    const out = without(s as unknown as Json, omit);
    // no country of its own where its provider has one: `null` (see the module comment)
    if (entry?.controlCountry !== undefined && s.controlCountry === undefined) {
      return restore(out, SERVICE_KEYS, { controlCountry: null });
    }
    return out;
  }

  /** The top-level `providers`, once every vendor was written. */
  providers(): Record<string, ProviderEntry> {
    return Object.fromEntries(this.#providers);
  }

  finding(f: ReportFinding): unknown {
    if (!isObject(f)) return f;
    const omit = new Set<string>();
    const rule = this.#rules.get(f.ruleId);
    if (rule) for (const key of RULE_PARTS) if (same(f[key], rule[key])) omit.add(key);
    if (Array.isArray(f.legalBasis) && f.legalBasis.length === 0) omit.add('legalBasis');
    if (Array.isArray(f.evidence) && f.evidence.length === 0) omit.add('evidence');
    if (f.status === 'open') omit.add('status');
    const out = without(f as unknown as Json, omit);
    const vendor = f.vendor ? this.#vendors.get(f.vendor.id) : undefined;
    if (vendor && isObject(f.vendor) && f.vendor.name === vendor.name) out.vendor = without(f.vendor, ['name']);
    if (vendor && isObject(f.factors) && f.factors.criticality === vendor.criticality) {
      out.factors = without(f.factors, ['criticality']);
    }
    if (this.#file !== undefined && isObject(f.location) && f.location.file === this.#file) {
      out.location = without(f.location, ['file']);
    }
    return out;
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
