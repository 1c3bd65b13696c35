/**
 * What an auditor needs beside the findings (pure): totals by regime and by basis, the definition of
 * every regime id the report uses, and the catalogue facts each finding relied on (with `source` and
 * `asOf`), kept once per report and referred to from findings by key.
 */
import { currentMemberships } from '../catalog/lists.js';
import type { Catalog } from '../catalog/types.js';
import { VendorRef } from '../engine/evaluate.js';
import { BASES, type Basis, type Finding } from '../engine/types.js';
import type { ChainLink, ControlFacts, EnrichedInventory, EnrichedService, EnrichedVendor } from '../enrich/types.js';
import { uniqueSorted } from '../util/arrays.js';
import { cached, lastOf } from '../util/memo.js';
import { formatNumber } from '../util/text.js';
import type { CatalogFact, RegimeDefinition, StatusTotals } from './types.js';

function emptyTotals(): StatusTotals {
  return { findings: 0, open: 0, existing: 0, waived: 0 };
}

function add(totals: StatusTotals, f: Finding): void {
  totals.findings++;
  totals[f.status]++;
}

/** Totals of findings (open, in the baseline, waived) per regime id and per basis, in a stable order. */
export function totalsOf(findings: readonly Finding[]): {
  byRegime: ({ regime: string } & StatusTotals)[];
  byBasis: ({ basis: Basis } & StatusTotals)[];
  noRegime: StatusTotals;
} {
  const byRegime = new Map<string, StatusTotals>();
  const byBasis = new Map<Basis, StatusTotals>(BASES.map((b) => [b, emptyTotals()]));
  const noRegime = emptyTotals();
  for (const f of findings) {
    if (f.regimes.length === 0) add(noRegime, f);
    for (const r of f.regimes) {
      let t = byRegime.get(r);
      if (!t) {
        t = emptyTotals();
        byRegime.set(r, t);
      }
      add(t, f);
    }
    add(byBasis.get(f.basis ?? 'unknown') ?? (byBasis.get('unknown') as StatusTotals), f);
  }
  return {
    byRegime: [...byRegime.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([regime, t]) => ({ regime, ...t })),
    byBasis: BASES.map((basis) => ({ basis, ...(byBasis.get(basis) as StatusTotals) })),
    noRegime,
  };
}

/** Every regime id the rules and findings use, defined from the catalogue (an id it lacks says so). */
export function regimeDefinitions(ids: Iterable<string>, catalog: Catalog): RegimeDefinition[] {
  return uniqueSorted(ids).map((id) => {
    const r = catalog.regimes.get(id);
    return r
      ? { id, name: r.name, citation: r.citation, term: r.term, source: r.source, asOf: r.asOf }
      : { id, name: id, citation: 'not defined in the catalogue' };
  });
}

/**
 * The catalogue facts behind each finding: the entities of the control chains it reads (the
 * vendor's for vendor findings; the service's provider or region operator for service and data
 * findings), the regions the service is hosted in, and the restricted-list memberships behind a
 * list finding. Returns the facts (by key, sorted) and each finding's keys (by its position in
 * `findings`; none for a finding that relied on no catalogue fact).
 */
export function catalogFactsOf(
  findings: readonly Finding[],
  enriched: EnrichedInventory,
  catalog: Catalog,
): { facts: Record<string, CatalogFact>; keys: (string[] | undefined)[] } {
  const facts = new Map<string, CatalogFact>();
  const keys = new Array<string[] | undefined>(findings.length).fill(undefined);
  // what is worked out per vendor and per service (by position), made when a finding first needs it
  const perVendor = new Array<TargetKeys | undefined>(enriched.vendors.length);

  const entityFacts = (chain: readonly ChainLink[], out: string[]): void => {
    for (const link of chain) {
      if (!link.id) continue;
      const e = catalog.entities.get(link.id);
      if (!e) continue;
      const key = `entity:${e.id}`;
      if (!facts.has(key)) {
        const owner = e.owners?.[0];
        const ownerName = owner ? (catalog.entities.get(owner.entity)?.name ?? owner.entity) : undefined;
        const where =
          e.principalPlaceOfBusiness && e.principalPlaceOfBusiness !== e.country
            ? `organised in ${e.country}, principal place of business ${e.principalPlaceOfBusiness}`
            : `organised in ${e.country}`;
        const owned = owner
          ? `; owned ${owner.percent !== undefined ? `${owner.percent} % ` : ''}by ${ownerName}${owner.percent === undefined ? ' (share unknown)' : ''}${owner.control ? ' (controlling)' : ''}`
          : e.stateOwned
            ? '; state-owned'
            : '';
        facts.set(key, {
          kind: 'entity',
          id: e.id,
          fact: `${e.name}: ${where}${owned}`,
          source: owner?.source ?? e.source,
          asOf: owner?.asOf ?? e.asOf,
        });
      }
      out.push(key);
    }
  };
  const controlFacts = (control: ControlFacts, out: string[]): void => entityFacts(control.chain, out);

  const serviceKeys = (service: EnrichedService, memo: TargetKeys): string[] => {
    if (memo.keys) return memo.keys;
    let out: string[] = [];
    const provider = catalog.providers.get(service.facts.provider.id);
    if (provider && service.facts.provider.inCatalog) {
      const key = `provider:${provider.id}`;
      if (!facts.has(key)) {
        const entity = catalog.entities.get(provider.entity)?.name ?? provider.entity;
        facts.set(key, {
          kind: 'provider',
          id: provider.id,
          fact: `${provider.name} is supplied by ${entity}`,
          source: provider.source,
          asOf: provider.asOf,
        });
      }
      out.push(key);
      const index = catalog.regionIndex.get(provider.id);
      for (const id of service.facts.hosting.regions) {
        const region = index?.get(id) ?? catalog.zoneIndex.get(provider.id)?.get(id);
        if (!region) continue;
        const rkey = `region:${provider.id}/${region.id}`;
        if (!facts.has(rkey)) {
          const operator = region.operator
            ? (catalog.entities.get(region.operator)?.name ?? region.operator)
            : undefined;
          facts.set(rkey, {
            kind: 'region',
            id: `${provider.id}/${region.id}`,
            fact: `${provider.name} ${region.id}${region.name ? ` (${region.name})` : ''} is in ${region.country}${operator ? `, operated by ${operator}` : ''}`,
            source: region.source ?? provider.regionsSource,
            asOf: region.asOf ?? provider.regionsAsOf,
          });
        }
        out.push(rkey);
        if (region.operator) entityFacts([{ id: region.operator, name: operator(region.operator), regimes: [] }], out);
      }
    }
    controlFacts(service.facts.control, out);
    out = [...new Set(out)];
    memo.keys = out;
    return out;
  };
  const operator = (id: string): string => catalog.entities.get(id)?.name ?? id;

  const listKeys = (vendor: EnrichedVendor, out: string[]): void => {
    const chains = [
      vendor.facts.control.chain,
      ...vendor.services.flatMap((s) => [s.facts.provider.control.chain, s.facts.control.chain]),
    ];
    for (const chain of chains) {
      for (const link of chain) {
        const e = link.id ? catalog.entities.get(link.id) : undefined;
        if (!e) continue;
        for (const m of currentMemberships(e, enriched.asOf)) {
          const key = `list:${m.list}/${e.id}`;
          if (!facts.has(key)) {
            const list = catalog.lists.get(m.list);
            facts.set(key, {
              kind: 'list-membership',
              id: `${m.list}/${e.id}`,
              fact: `${e.name} is on the ${list?.name ?? m.list}${m.since ? ` since ${m.since}` : ''}`,
              source: m.source,
              asOf: m.asOf,
            });
          }
          out.push(key);
        }
      }
    }
  };

  const vendorKeys = (vendor: EnrichedVendor, memo: TargetKeys): string[] => {
    if (memo.keys) return memo.keys;
    let out: string[] = [];
    controlFacts(vendor.facts.control, out);
    out = [...new Set(out)];
    memo.keys = out;
    return out;
  };

  /** The key of a regime's fact (made on first use), null for a regime the catalogue lacks. */
  const regimeKeys = new Map<string, string | null>();
  const regimeKey = (id: string): string | null => {
    let key = regimeKeys.get(id);
    if (key !== undefined) return key;
    const regime = catalog.regimes.get(id);
    key = regime ? `regime:${id}` : null;
    if (regime && key && !facts.has(key)) {
      const members = regime.members
        .map((m) => (m.includes?.length ? `${m.country} (with ${m.includes.join(', ')})` : m.country))
        .join(', ');
      facts.set(key, {
        kind: 'regime',
        id,
        fact: `${regime.name}: ${regime.term} — ${members} (${regime.citation})`,
        source: regime.source,
        asOf: regime.asOf,
      });
    }
    regimeKeys.set(id, key);
    return key;
  };
  /** The key of the bulk threshold's fact for a data category (made on first use), null when there is none. */
  const thresholdKeys = new Map<string | undefined, string | null>();
  const thresholdKey = (category: string | undefined): string | null => {
    let key = thresholdKeys.get(category);
    if (key !== undefined) return key;
    const threshold = catalog.bulkThresholds.find((t) => t.category === category);
    key = threshold ? `threshold:${threshold.category}` : null;
    if (threshold && key && !facts.has(key)) {
      facts.set(key, {
        kind: 'threshold',
        id: threshold.category,
        fact: `${threshold.label ?? threshold.category}: bulk when ${threshold.comparison === 'gt' ? 'more than' : 'at least'} ${formatNumber(threshold.threshold)} ${threshold.unit === 'devices' ? 'US devices' : 'US persons'} (${threshold.citation})`,
        source: threshold.source,
        asOf: threshold.asOf,
      });
    }
    thresholdKeys.set(category, key);
    return key;
  };
  const bulkRules = new Map<string, boolean>();
  const bulkRule = (ruleId: string): boolean => cached(bulkRules, ruleId, () => /bulk|personal-data|omic/.test(ruleId));

  /** The regime lists a finding claims (who is an adversary / country of concern) and, for DSP data findings, the bulk threshold. */
  const legalKeys = (f: Finding, out: string[]): void => {
    for (const id of f.regimes) {
      const key = regimeKey(id);
      if (key !== null) out.push(key);
    }
    if (f.data && (f.regimes.includes('us-dsp') || bulkRule(f.ruleId))) {
      const key = thresholdKey(f.data.category);
      if (key !== null) out.push(key);
    }
  };

  // a target's findings share one (read-only) vendor part: its vendor is looked up once for them, at the position the
  // part knows (VendorRef; the inventory's vendor ids are distinct), else by id in a map of the vendors' positions
  // (numbers: no write barrier per entry, as a map of objects has), made then
  let positions: Map<string, number> | undefined;
  const vendorAt = lastOf((part: NonNullable<Finding['vendor']>) => {
    const at = VendorRef.positionOf(part);
    if (at !== undefined && enriched.vendors[at]?.facts.id === part.id) return at;
    if (positions === undefined) {
      positions = new Map();
      for (let i = 0; i < enriched.vendors.length; i++) positions.set(enriched.vendors[i].facts.id, i);
    }
    return positions.get(part.id);
  });
  const unknownVendor: number[] = [];
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i];
    const at = f.vendor ? vendorAt(f.vendor) : undefined;
    if (at === undefined) {
      unknownVendor.push(i);
      continue;
    }
    const vendor = enriched.vendors[at];
    let vendorMemo = perVendor[at];
    if (!vendorMemo) {
      vendorMemo = {};
      perVendor[at] = vendorMemo;
    }
    const serviceAt = f.service ? serviceIndex(vendor, vendorMemo, f.service.id) : -1;
    const service = serviceAt >= 0 ? vendor.services[serviceAt] : undefined;
    const legal: string[] = [];
    if (!service && vendor.facts.lists.length > 0 && f.ruleId === 'restricted-list-entity') {
      const out = [...vendorKeys(vendor, vendorMemo)];
      listKeys(vendor, out);
      legalKeys(f, out);
      keys[i] = [...new Set(out)];
      continue;
    }
    legalKeys(f, legal);
    // findings of one target with the same legal keys share one (read-only) list of keys
    let target = vendorMemo;
    if (service) {
      vendorMemo.services ??= [];
      target = vendorMemo.services[serviceAt] ?? {};
      vendorMemo.services[serviceAt] = target;
    }
    target.shared ??= [];
    let out = target.shared.find((entry) => sameKeys(entry.legal, legal))?.keys;
    if (!out) {
      out = [
        ...new Set(
          service
            ? [...serviceKeys(service, target), ...vendorKeys(vendor, vendorMemo), ...legal]
            : [...vendorKeys(vendor, vendorMemo), ...legal],
        ),
      ];
      target.shared.push({ legal, keys: out });
    }
    if (out.length > 0) keys[i] = out;
  }
  for (const i of unknownVendor) {
    const f = findings[i];
    const out: string[] = [];
    legalKeys(f, out);
    if (out.length > 0) keys[i] = [...new Set(out)];
  }
  const sorted: Record<string, CatalogFact> = {};
  for (const key of [...facts.keys()].sort()) sorted[key] = facts.get(key) as CatalogFact;
  return { facts: sorted, keys };
}

/** Services up to which a vendor's are searched in place; past it, looked up in a map made once for the vendor. */
const SCANNED_SERVICES = 8;

/**
 * The position of the last of a vendor's services with this id (as a map by id would give), -1 when there is none. A
 * search of the list for every finding cost findings × services: one Terraform plan of 50,000 buckets is one vendor
 * (the provider) with 50,000 services and 20,000 findings, 7.4 s of the report's building (0.19 s at 10,000).
 */
function serviceIndex(vendor: EnrichedVendor, memo: TargetKeys, id: string): number {
  const services = vendor.services;
  if (services.length <= SCANNED_SERVICES) {
    for (let s = services.length - 1; s >= 0; s--) if (services[s].facts.id === id) return s;
    return -1;
  }
  if (memo.serviceAt === undefined) {
    memo.serviceAt = new Map();
    for (let s = 0; s < services.length; s++) memo.serviceAt.set(services[s].facts.id, s);
  }
  return memo.serviceAt.get(id) ?? -1;
}

/** What catalogFactsOf works out once per vendor or service. */
interface TargetKeys {
  /** The target's own keys (its control chain, and for a service its provider and regions). */
  keys?: string[];
  /** The keys of its findings, by the legal keys they add: findings with the same ones share the list. */
  shared?: { legal: string[]; keys: string[] }[];
  /** A vendor's services' own, by position. */
  services?: (TargetKeys | undefined)[];
  /** A vendor's services' positions by id (the last of each id), for a vendor of many services. */
  serviceAt?: Map<string, number>;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
