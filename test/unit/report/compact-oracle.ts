/**
 * The JSON writer's items as they were made before they were made in one pass (main at 95ff4b0): a copy of the
 * finding without references and remediation, `catalogFacts` set on it, then a copy `without` what 3.0.0 omits
 * (a set of keys per item) and the `null` markers `restore`d. Kept as the oracle the one-pass compactor is tested
 * against (compact-oracle.test.ts); not used by the tool.
 */
import type { Finding } from '../../../src/engine/types.js';
// what the one-pass compactor did not change (the expander uses it too) is imported, not copied
import { byId, plainControlEvidence, restore, SERVICE_KEYS, same, VENDOR_KEYS } from '../../../src/report/compact.js';
import type { ReportFinding, ReportRule, ReportVendor } from '../../../src/report/types.js';

type Json = Record<string, unknown>;
type Service = ReportVendor['services'][number];

const RULE_PARTS = ['title', 'severity', 'scope', 'basis', 'regimes'] as const;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function without(item: Json, omit: ReadonlySet<string> | readonly string[]): Json {
  const drop = omit instanceof Set ? omit : new Set(omit);
  const out: Json = {};
  for (const key of Object.keys(item)) if (!drop.has(key) && item[key] !== undefined) out[key] = item[key];
  return out;
}

/** The 2.0.0 copy of a finding (json.ts `reportFinding`). */
export function oracleReportFinding(f: Finding): ReportFinding {
  const { references: _references, remediation: _remediation, ...rest } = f;
  return rest;
}

export class OracleCompactor {
  readonly #rules: Map<unknown, ReportRule>;
  readonly #file: unknown;
  readonly #vendors = new Map<string, { name: string; criticality: string }>();
  readonly #providers = new Map<string, { name: string; controlCountry?: string }>();

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
    if (entry?.controlCountry !== undefined && s.controlCountry === undefined) {
      return restore(out, SERVICE_KEYS, { controlCountry: null });
    }
    return out;
  }

  providers(): Record<string, unknown> {
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

  /** A finding from its parts as the lazy list gives them (json.ts `findingJson`). */
  findingOf(finding: Finding, catalogFacts: string[] | undefined): unknown {
    const out = oracleReportFinding(finding);
    if (catalogFacts !== undefined) out.catalogFacts = catalogFacts;
    return this.finding(out);
  }

  /** An item of a whole `findings` array (json.ts `findingOf`). */
  findingItem(f: unknown): unknown {
    const full = isObject(f) ? oracleReportFinding(f as unknown as Finding) : f;
    return full !== null && typeof full === 'object' ? this.finding(full as ReportFinding) : full;
  }
}
