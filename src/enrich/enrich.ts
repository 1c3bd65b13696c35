import { resolveEntityName, resolveProviderName } from '../catalog/build.js';
import { currentMemberships } from '../catalog/lists.js';
import type { Catalog, Entity } from '../catalog/types.js';
import type { Inventory, Service, SourceLocation, Vendor } from '../model/types.js';
import { SENSITIVE_CATEGORIES } from '../model/types.js';
import { parseDay } from '../util/dates.js';
import { englishList } from '../util/text.js';
import { BulkAggregator, countOf, unitOf } from './bulk.js';
import { cisaDataFacts, organisationDspFacts } from './obligations.js';
import { DSP_EFFECTIVE, dspVerdict, statusFromControl, transactionsOf } from './transactions.js';
import type {
  ChainLink,
  ControlFacts,
  DataFacts,
  EnrichedInventory,
  EnrichedService,
  EnrichedVendor,
  HostingFacts,
  ListHit,
  OrganisationFacts,
  PartyFacts,
  ProviderFacts,
  ServiceFacts,
  VendorFacts,
} from './types.js';

export interface EnrichOptions {
  asOf: string;
  locate?: (target: Vendor | Service) => SourceLocation | undefined;
  aws?: OrganisationFacts['aws'];
}

const SENSITIVE = new Set<string>(SENSITIVE_CATEGORIES);
const MAX_CHAIN = 32;

/**
 * Facts before policy: turn the raw inventory into facts that rules test simply. Pure and linear in
 * the size of the inventory (ownership chains are memoised per catalogue entity; sub-processor
 * exposure is one multi-source BFS over the reversed graph; bulk counts are one pass).
 */
export function enrich(inventory: Inventory, catalog: Catalog, options: EnrichOptions): EnrichedInventory {
  const ctx = new Context(catalog, inventory.organisation.jurisdiction ?? 'US', options.asOf);
  const organisation: OrganisationFacts = {
    name: inventory.organisation.name,
    jurisdiction: inventory.organisation.jurisdiction ?? 'US',
    dataBroker: inventory.organisation.dataBroker === true,
    awsAccounts: inventory.organisation.awsAccounts ?? [],
    aws: options.aws,
  };

  const vendors: EnrichedVendor[] = inventory.vendors.map((vendor) => {
    const control = ctx.vendorControl(vendor);
    const covered = ctx.coveredPerson(vendor, control);
    const services = (vendor.services ?? []).map((service) =>
      ctx.enrichService(vendor, service, control, covered.covered, options.locate),
    );
    const directExposure =
      covered.covered || services.some((s) => s.facts.adversaryControlled || s.facts.hosting.adversary);
    const facts: VendorFacts = {
      id: vendor.id,
      name: vendor.name,
      criticality: vendor.criticality ?? 'medium',
      control,
      coveredPerson: covered.covered,
      coveredPersonReason: covered.reason,
      adversaryLinked: covered.covered || control.adversaryLinked || directExposure,
      lastAssessed: vendor.lastAssessed,
      assessmentAgeDays: ctx.ageDays(vendor.lastAssessed),
      contract: {
        present: vendor.contract !== undefined,
        ends: vendor.contract?.ends,
        regulatoryTermination: vendor.contract?.regulatoryTermination,
      },
      exitPlan: {
        documented: vendor.exitPlan?.documented === true,
        lastTested: vendor.exitPlan?.lastTested,
        testedDaysAgo: ctx.ageDays(vendor.exitPlan?.lastTested),
      },
      ...listsOf(control, services),
      nameWithControl: nameWithControl(vendor.name, control),
      ...adversaryLinkOf(control, covered, services),
      unknownControl: [
        ...(control.known ? [] : [`vendor ${vendor.name}`]),
        ...[
          ...new Set(
            services.filter((s) => !s.facts.provider.control.known).map((s) => `provider ${s.facts.provider.name}`),
          ),
        ],
      ],
      directExposure,
      transitive: { reaches: false, path: [], evidence: '', hops: 0 },
    };
    return new LocatedVendor(vendor, facts, services, options.locate);
  });

  transitiveExposure(vendors);
  const bulk = coveredTransactions(vendors, ctx, catalog, options.asOf, organisation.dataBroker);
  organisation.dsp = organisationDspFacts(inventory.organisation, dspVerdicts(vendors), options.asOf);
  return { organisation, rawOrganisation: inventory.organisation, vendors, bulk, asOf: options.asOf };
}

class Context {
  private readonly countryRegimes = new Map<string, string[]>();
  private readonly cocCountries = new Set<string>();
  private readonly entityControl = new Map<string, ControlFacts>();
  private readonly hostingCache = new Map<string, HostingFacts>();
  private readonly oneRegionCatalog = new Map<string, Map<string, HostingFacts>>();
  private readonly oneRegionOther = new Map<string, Map<string, HostingFacts>>();
  private readonly providerCache = new Map<string, ProviderFacts>();
  private readonly asOfDay: number;

  constructor(
    private readonly catalog: Catalog,
    private readonly orgJurisdiction: string,
    private readonly asOf: string,
  ) {
    this.asOfDay = parseDay(asOf) ?? 0;
    for (const regime of catalog.regimes.values()) {
      if (regime.jurisdiction !== orgJurisdiction) continue;
      for (const member of regime.members) {
        for (const code of [member.country, ...(member.includes ?? [])]) {
          const list = this.countryRegimes.get(code) ?? [];
          if (!list.includes(regime.id)) list.push(regime.id);
          this.countryRegimes.set(code, list);
          if (regime.id === catalog.coveredPerson.regime) this.cocCountries.add(code);
        }
      }
    }
    for (const list of this.countryRegimes.values()) list.sort();
  }

  isCountryOfConcern(code: string): boolean {
    return this.cocCountries.has(code);
  }

  get jurisdiction(): string {
    return this.orgJurisdiction;
  }

  regimesOf(country: string | undefined): string[] {
    return country ? (this.countryRegimes.get(country) ?? []) : [];
  }

  ageDays(date: string | undefined): number | undefined {
    if (!date) return undefined;
    const day = parseDay(date);
    return day === undefined ? undefined : this.asOfDay - day;
  }

  countryName(code: string): string {
    return this.catalog.countries.get(code)?.name ?? code;
  }

  private regimeCitations(regimes: readonly string[]): string {
    return regimes
      .map((id) => {
        const r = this.catalog.regimes.get(id);
        // the first citation, without its parenthetical ("15 CFR 791.4 (formerly 15 CFR 7.4); …" → "15 CFR 791.4")
        return r
          ? `${r.term} (${r.citation
              .split(';')[0]
              .replace(/\s*\([^)]*\)/g, '')
              .trim()})`
          : id;
      })
      .join('; ');
  }

  private listHits(entity: Entity): ListHit[] {
    // memberships removed (`until`) on or before --as-of, or starting after it, are not hits
    return currentMemberships(entity, this.asOf).map((m) => {
      const list = this.catalog.lists.get(m.list);
      return {
        list: m.list,
        listName: list?.name ?? m.list,
        entity: entity.name,
        since: m.since,
        effect: list?.effect ?? '',
        citation: list?.citation ?? m.source,
      };
    });
  }

  /** Control of a catalogue entity, following controlling owners (memoised; cycles cut). */
  entityChain(id: string): ChainLink[] {
    const chain: ChainLink[] = [];
    const seen = new Set<string>();
    let current: string | undefined = id;
    let percent: number | undefined;
    while (current && !seen.has(current) && chain.length < MAX_CHAIN) {
      seen.add(current);
      const entity = this.catalog.entities.get(current);
      if (!entity) break;
      const country = entity.principalPlaceOfBusiness ?? entity.country;
      const regimes = [
        ...new Set([...this.regimesOf(entity.country), ...this.regimesOf(entity.principalPlaceOfBusiness)]),
      ].sort();
      chain.push({ name: entity.name, id: entity.id, country, percent, regimes });
      const owner = entity.owners?.[0];
      current = owner?.entity;
      percent = owner?.percent;
    }
    return chain;
  }

  private allChainEntities(chain: readonly ChainLink[]): Entity[] {
    const out: Entity[] = [];
    for (const link of chain) {
      const entity = link.id ? this.catalog.entities.get(link.id) : undefined;
      if (!entity) continue;
      out.push(entity);
      // minority owners beyond the controlling one are still "in the chain" for list screening
      for (const owner of entity.owners?.slice(1) ?? []) {
        const o = this.catalog.entities.get(owner.entity);
        if (o) out.push(o);
      }
    }
    return out;
  }

  /** Build control facts from a resolved chain (nearest first). */
  controlFromChain(chain: ChainLink[], label: string): ControlFacts {
    // Controlling prefix: stop after a link whose owner holds a known share below 50 %.
    let controllerIndex = chain.length - 1;
    for (let i = 1; i < chain.length; i++) {
      const pct = chain[i].percent;
      if (pct !== undefined && pct < 50) {
        controllerIndex = i - 1;
        break;
      }
    }
    const controlling = chain.slice(0, controllerIndex + 1);
    const controller = controlling[controlling.length - 1];
    const adversaryLinks = controlling.filter((l) => l.regimes.length > 0);
    const regimes = [...new Set(adversaryLinks.flatMap((l) => l.regimes))].sort();
    const lists = this.allChainEntities(chain).flatMap((e) => this.listHits(e));
    // aggregate adversary ownership down the chain (indirect ownership multiplies)
    let adversaryOwnership = 0;
    for (let i = chain.length - 1; i >= 0; i--) {
      const link = chain[i];
      if (link.regimes.length > 0) adversaryOwnership = 100;
      else if (i < chain.length - 1) {
        const parentShare = chain[i + 1].percent ?? 100;
        adversaryOwnership = (adversaryOwnership * parentShare) / 100;
      } else adversaryOwnership = 0;
    }
    const known = controller?.country !== undefined;
    const text = chain
      .map((l, i) => {
        const pct = l.percent !== undefined ? `${l.percent} % ` : '';
        return `${i > 0 ? pct : ''}${l.name}${l.country ? ` (${l.country})` : ''}`;
      })
      .join(' → ');
    const verdict =
      regimes.length > 0
        ? ` — ${this.regimeCitations(regimes)}`
        : known
          ? ' — no adversary in the controlling chain'
          : ' — controlling country unknown';
    return {
      known,
      controller: controller?.name,
      controllerId: controller?.id,
      country: controller?.country,
      adversary: adversaryLinks.length > 0,
      adversaryLinked: chain.some((l) => l.regimes.length > 0),
      regimes,
      chain,
      adversaryOwnership: Math.round(adversaryOwnership * 100) / 100,
      lists,
      evidence: `${label}${text ? ` → ${text}` : ''}${verdict}`,
      group: controller?.id ?? controller?.name,
    };
  }

  vendorControl(vendor: Vendor): ControlFacts {
    const chain: ChainLink[] = [];
    const links = vendor.ownership ?? [];
    const selfId =
      resolveEntityName(this.catalog, vendor.name) ??
      (vendor.aliases ?? []).map((a) => resolveEntityName(this.catalog, a)).find(Boolean);
    if (links.length === 0) {
      if (selfId) return this.controlFromChain(this.entityChain(selfId), vendor.id);
      const country = vendor.principalPlaceOfBusiness ?? vendor.country;
      if (country) {
        chain.push({
          name: vendor.name,
          country,
          regimes: this.regimesFor(vendor.country, vendor.principalPlaceOfBusiness),
        });
      }
      return this.controlFromChain(chain, vendor.id);
    }
    for (let i = 0; i < links.length; i++) {
      const link = links[i];
      const ref = link.ref ?? resolveEntityName(this.catalog, link.entity);
      const entity = ref ? this.catalog.entities.get(ref) : undefined;
      const country = link.country ?? entity?.principalPlaceOfBusiness ?? entity?.country;
      const regimes =
        link.country !== undefined
          ? this.regimesOf(link.country)
          : this.regimesFor(entity?.country, entity?.principalPlaceOfBusiness);
      const ppobRegimes = i === 0 ? this.regimesOf(vendor.principalPlaceOfBusiness) : [];
      chain.push({
        name: link.entity,
        id: ref,
        country,
        percent: link.percent,
        regimes: [...new Set([...regimes, ...ppobRegimes])].sort(),
      });
      if (i === links.length - 1 && ref) {
        // continue up the catalogue's chain from the last declared link
        const rest = this.entityChain(ref).slice(1);
        chain.push(...rest);
      }
    }
    return this.controlFromChain(chain, vendor.id);
  }

  private bulkThresholds?: Map<string, Catalog['bulkThresholds'][number]>;

  bulkThreshold(category: string): Catalog['bulkThresholds'][number] | undefined {
    this.bulkThresholds ??= new Map(this.catalog.bulkThresholds.map((t) => [t.category, t]));
    return this.bulkThresholds.get(category);
  }

  /** The vendor is the service's provider itself (the organisation contracts with the provider directly). */
  private isProvider(vendor: Vendor, provider: ProviderFacts): boolean {
    if (!provider.inCatalog) return false;
    if (vendor.id === provider.id) return true;
    for (const name of [vendor.name, ...(vendor.aliases ?? [])]) {
      if (resolveProviderName(this.catalog, name) === provider.id) return true;
    }
    const p = this.catalog.providers.get(provider.id);
    const self = resolveEntityName(this.catalog, vendor.name);
    return p !== undefined && self !== undefined && self === p.entity;
  }

  private regimesFor(country: string | undefined, ppob: string | undefined): string[] {
    return [...new Set([...this.regimesOf(country), ...this.regimesOf(ppob)])].sort();
  }

  /** 28 CFR 202.211(a)(1)-(2): organised / principal place of business in a CoC, or ≥ 50 % owned. */
  coveredPerson(vendor: Vendor, control: ControlFacts): { covered: boolean; reason?: string } {
    const threshold = this.catalog.coveredPerson.ownershipPercent;
    const citation = this.catalog.coveredPerson.citation;
    for (const code of [vendor.country, vendor.principalPlaceOfBusiness]) {
      if (code && this.cocCountries.has(code)) {
        return {
          covered: true,
          reason: `${vendor.name} is organised or has its principal place of business in ${this.countryName(code)} (${citation})`,
        };
      }
    }
    const first = control.chain[0];
    if (first?.country && this.cocCountries.has(first.country)) {
      return {
        covered: true,
        reason: `${first.name} is organised or based in ${this.countryName(first.country)} (${citation})`,
      };
    }
    if (control.adversaryOwnership >= threshold) {
      return {
        covered: true,
        reason: `${control.adversaryOwnership} % owned, directly or indirectly, from a country of concern (≥ ${threshold} %, ${citation})`,
      };
    }
    return { covered: false };
  }

  providerFacts(provider: Service['provider'], vendor?: Vendor): ProviderFacts {
    if (typeof provider === 'string') {
      // one (read-only) fact set per provider name, shared by its services
      let facts = this.providerCache.get(provider);
      if (!facts) {
        facts = this.catalogProviderFacts(provider);
        this.providerCache.set(provider, facts);
      }
      return facts;
    }
    const id = resolveProviderName(this.catalog, provider.name);
    if (id) return this.providerFacts(id);
    return this.declaredProviderFacts(provider, vendor);
  }

  private catalogProviderFacts(provider: string): ProviderFacts {
    const id = resolveProviderName(this.catalog, provider);
    const p = id ? this.catalog.providers.get(id) : undefined;
    if (p) {
      let control = this.entityControl.get(p.entity);
      if (!control) {
        control = this.controlFromChain(this.entityChain(p.entity), p.id);
        this.entityControl.set(p.entity, control);
      }
      return { id: p.id, name: p.name, inCatalog: true, control };
    }
    return { id: provider, name: provider, inCatalog: false, control: this.controlFromChain([], provider) };
  }

  private declaredProviderFacts(provider: Exclude<Service['provider'], string>, vendor?: Vendor): ProviderFacts {
    const chain: ChainLink[] = [];
    if (provider.country || provider.parent) {
      chain.push({ name: provider.name, country: provider.country, regimes: this.regimesOf(provider.country) });
    }
    if (provider.parent) {
      const parentId = resolveEntityName(this.catalog, provider.parent);
      const declared = vendor?.ownership?.find((l) => l.entity === provider.parent && l.country);
      if (parentId) chain.push(...this.entityChain(parentId));
      else if (declared?.country)
        chain.push({ name: provider.parent, country: declared.country, regimes: this.regimesOf(declared.country) });
      else chain.push({ name: provider.parent, regimes: [] });
    }
    return {
      id: slug(provider.name),
      name: provider.name,
      inCatalog: false,
      control: this.controlFromChain(chain, slug(provider.name)),
    };
  }

  /**
   * Hosting facts depend only on the provider and the declared regions and countries, and a few
   * thousand combinations cover hundreds of thousands of services: computed once per combination
   * and shared (facts are read-only).
   */
  hosting(service: Service, provider: ProviderFacts): HostingFacts {
    const regions = service.regions;
    if (regions?.length === 1 && (service.countries?.length ?? 0) === 0) {
      // the common case, one region and no declared country: two map lookups, no key to build
      const byProvider = provider.inCatalog ? this.oneRegionCatalog : this.oneRegionOther;
      let byRegion = byProvider.get(provider.id);
      if (!byRegion) {
        byRegion = new Map();
        byProvider.set(provider.id, byRegion);
      }
      let facts = byRegion.get(regions[0]);
      if (!facts) {
        facts = this.computeHosting(service, provider);
        byRegion.set(regions[0], facts);
      }
      return facts;
    }
    // length-prefixed parts: unambiguous whatever the strings hold
    let key = `${provider.inCatalog ? 'c' : 'x'}${provider.id.length}:${provider.id}`;
    for (const r of service.regions ?? []) key += `|${r.length}:${r}`;
    key += '#';
    for (const c of service.countries ?? []) key += `|${c.length}:${c}`;
    let facts = this.hostingCache.get(key);
    if (!facts) {
      facts = this.computeHosting(service, provider);
      this.hostingCache.set(key, facts);
    }
    return facts;
  }

  private computeHosting(service: Service, provider: ProviderFacts): HostingFacts {
    const countries = new Set<string>(service.countries ?? []);
    const operators = new Set<string>();
    const unknownRegions: string[] = [];
    const regions = service.regions ?? [];
    const regionIndex = provider.inCatalog ? this.catalog.regionIndex.get(provider.id) : undefined;
    const zoneIndex = provider.inCatalog ? this.catalog.zoneIndex.get(provider.id) : undefined;
    const parts: string[] = [];
    for (const id of regions) {
      const region = regionIndex?.get(id) ?? zoneIndex?.get(id);
      if (!region) {
        unknownRegions.push(id);
        continue;
      }
      countries.add(region.country);
      if (region.operator) operators.add(region.operator);
      const operator = region.operator
        ? (this.catalog.entities.get(region.operator)?.name ?? region.operator)
        : undefined;
      parts.push(
        `${provider.id} ${region.id}${region.name ? ` (${region.name})` : ''} is in ${this.countryName(region.country)}${operator ? `, operated by ${operator}` : ''}`,
      );
    }
    for (const c of service.countries ?? []) parts.push(`declared country ${this.countryName(c)}`);
    const sorted = [...countries].sort();
    const adversaryCountries = sorted.filter((c) => this.regimesOf(c).length > 0);
    const regimes = [...new Set(adversaryCountries.flatMap((c) => this.regimesOf(c)))].sort();
    const verdict =
      adversaryCountries.length > 0
        ? ` — ${adversaryCountries.map((c) => this.countryName(c)).join(', ')}: ${this.regimeCitations(regimes)}`
        : '';
    return {
      known: sorted.length > 0 && unknownRegions.length === 0,
      regions: [...regions],
      unknownRegions,
      countries: sorted,
      adversaryCountries,
      countryNames: sorted.map((c) => this.countryName(c)),
      adversaryCountryNames: adversaryCountries.map((c) => this.countryName(c)),
      adversary: adversaryCountries.length > 0,
      regimes,
      operators: [...operators].sort(),
      evidence: parts.length > 0 ? `${parts.join('; ')}${verdict}` : 'no region or country declared',
    };
  }

  enrichService(
    vendor: Vendor,
    service: Service,
    vendorControl: ControlFacts,
    vendorCovered: boolean,
    locate: EnrichOptions['locate'],
  ): EnrichedService {
    const provider = this.providerFacts(service.provider, vendor);
    const hosting = this.hosting(service, provider);
    // Region operators (AWS China's Sinnet / NWCD, Azure China's 21Vianet) control the service in that region.
    let control = provider.control;
    for (const operatorId of hosting.operators) {
      const opControl = this.controlFromChain(this.entityChain(operatorId), `${provider.id} region operator`);
      if (opControl.adversary && !control.adversary) control = opControl;
    }
    const data = service.data ?? [];
    const categories = [...new Set(data.map((d) => d.category))].sort();
    const adversaryControlled = control.adversary;
    const facts: ServiceFacts = {
      id: service.id,
      name: service.name ?? service.id,
      criticality: service.criticality ?? vendor.criticality ?? 'medium',
      access: service.access ?? 'none',
      storesData: service.storesData ?? data.length > 0,
      categories,
      sensitive: categories.some((c) => SENSITIVE.has(c)),
      hosting,
      provider,
      adversaryControlled,
      counterpartyAdversary: adversaryControlled || vendorCovered,
      vendorIsProvider: this.isProvider(vendor, provider),
      counterparties: [
        ...(adversaryControlled ? [`${control.controller} (${control.country}), which controls the provider`] : []),
        ...(vendorCovered ? [vendorCounterparty(vendor, vendorControl)] : []),
      ],
      control,
      providerWithControl: nameWithControl(provider.name, control),
      inferred: service.inferred ?? [],
      unknowns: service.unknowns ?? [],
    };
    const dataFacts: DataFacts[] = data.map((d, index) => {
      const governmentRelated =
        d.category === 'government' || d.governmentLinked === true || d.governmentRelated === true;
      const { count, countBasis } = countOf(d, unitOf(d.category, this.bulkThreshold(d.category)));
      return {
        index,
        category: d.category,
        usPersons: d.usPersons,
        devices: d.devices,
        sensitive: SENSITIVE.has(d.category),
        governmentLinked: governmentRelated,
        encrypted: d.encryption?.atRest === true && d.encryption.keys !== 'none',
        keys: d.encryption?.atRest === false ? 'none' : (d.encryption?.keys ?? 'unknown'),
        amount: amountOf(d.usPersons, d.devices),
        protection: protectionOf(d.encryption),
        direction: d.direction ?? 'provides',
        count,
        countBasis,
        governmentRelated,
        biospecimens: d.biospecimens === true,
        transactions: [],
        bulk: [],
        bulkExceeded: false,
        bulkStatus: 'not-applicable',
        bulkEvidence: '',
        dsp: { verdict: 'not-covered', basis: 'none', cloud: false, regimes: [], evidence: '' },
        cisa: cisaDataFacts(d),
        regimes: [],
      };
    });
    return new LocatedService(service, facts, dataFacts, locate);
  }
}

/**
 * Source locations are looked up only when something reads them (a finding on that target): most
 * targets have no finding. Memoised on first read. A class keeps the lookup state in private fields
 * and the getter on the prototype: an object literal with a getter (one closure and context per
 * target) was left in dictionary mode by V8, ~0.5 KB per target — 200 MB at 350k vendors and services.
 */
class Located<R extends Vendor | Service> {
  readonly #locate: EnrichOptions['locate'];
  #looked = false;
  #value: SourceLocation | undefined;

  constructor(
    readonly raw: R,
    locate: EnrichOptions['locate'],
  ) {
    this.#locate = locate;
  }

  get location(): SourceLocation | undefined {
    if (!this.#looked) {
      this.#value = this.#locate?.(this.raw);
      this.#looked = true;
    }
    return this.#value;
  }
}

class LocatedService extends Located<Service> implements EnrichedService {
  constructor(
    raw: Service,
    readonly facts: ServiceFacts,
    readonly data: DataFacts[],
    locate: EnrichOptions['locate'],
  ) {
    super(raw, locate);
  }
}

class LocatedVendor extends Located<Vendor> implements EnrichedVendor {
  constructor(
    raw: Vendor,
    readonly facts: VendorFacts,
    readonly services: EnrichedService[],
    locate: EnrichOptions['locate'],
  ) {
    super(raw, locate);
  }
}

function listsOf(
  control: ControlFacts,
  services: EnrichedService[],
): { lists: ListHit[]; listSummary: string[]; listNames: string[] } {
  const seen = new Set<string>();
  const lists: ListHit[] = [];
  const add = (hits: readonly ListHit[]): void => {
    for (const hit of hits) {
      const key = `${hit.entity}\0${hit.list}`;
      if (seen.has(key)) continue;
      seen.add(key);
      lists.push(hit);
    }
  };
  add(control.lists);
  for (const s of services) {
    add(s.facts.provider.control.lists);
    add(s.facts.control.lists);
  }
  lists.sort((a, b) => (a.entity + a.list < b.entity + b.list ? -1 : 1));
  // one line per list, each list named once, its entities in a list
  const byList = new Map<string, ListHit[]>();
  for (const hit of lists) {
    const hits = byList.get(hit.list) ?? [];
    hits.push(hit);
    byList.set(hit.list, hits);
  }
  const perList = [...byList.values()].sort((a, b) => cmp(a[0].listName, b[0].listName));
  return {
    lists,
    listNames: perList.map((hits) => hits[0].listName),
    listSummary: perList.map((hits) => {
      const { listName, citation, effect } = hits[0];
      const entities = hits.map((h) => `${h.entity}${h.since ? ` (since ${h.since})` : ''}`);
      return `${listName} (${citation}): ${englishList(entities)}${effect ? ` — ${effect}` : ''}`;
    }),
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sameName(a: string | undefined, b: string): boolean {
  return a !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** A vendor's name with who controls it, without naming a company as its own controller. */
function nameWithControl(name: string, control: ControlFacts): string {
  if (!control.known) return `${name} (controlling country unknown)`;
  if (control.controller === undefined || sameName(control.controller, name)) return `${name} (${control.country})`;
  return `${name} (controlled by ${control.controller}, ${control.country})`;
}

/** The vendor as a counterparty that can reach the data (it is a covered person). */
function vendorCounterparty(vendor: Vendor, control: ControlFacts): string {
  const country = control.country ?? vendor.principalPlaceOfBusiness ?? vendor.country;
  const where = country ? ` (${country})` : '';
  if (control.controller === undefined || sameName(control.controller, vendor.name)) {
    return `${vendor.name} itself${where}, a covered person`;
  }
  return `${control.controller}${where}, which controls the vendor`;
}

/** At most this many services are named when saying why a vendor is adversary-linked. */
const LINK_SERVICES = 3;

/** Why a vendor is adversary-linked (its chain, or its services' providers or hosting), with the evidence. */
function adversaryLinkOf(
  control: ControlFacts,
  covered: { covered: boolean; reason?: string },
  services: readonly EnrichedService[],
): { adversaryLink: string[]; adversaryLinkEvidence: string[] } {
  const reasons: string[] = [];
  const evidence = new Set<string>();
  if (covered.covered && covered.reason) {
    reasons.push(`it is a covered person (${covered.reason})`);
    evidence.add(control.evidence);
  } else if (control.adversaryLinked) {
    const links = control.chain.filter((l) => l.regimes.length > 0).map((l) => `${l.name} (${l.country})`);
    reasons.push(`its ownership chain includes ${englishList(links)}`);
    evidence.add(control.evidence);
  }
  const exposed = services.filter((s) => s.facts.adversaryControlled || s.facts.hosting.adversary);
  for (const s of exposed.slice(0, LINK_SERVICES)) {
    const f = s.facts;
    if (f.adversaryControlled) {
      reasons.push(
        `${f.name} runs on ${f.provider.name}, controlled by ${f.control.controller} (${f.control.country})`,
      );
      evidence.add(f.control.evidence);
    }
    if (f.hosting.adversary) {
      reasons.push(`${f.name} is hosted in ${englishList(f.hosting.adversaryCountryNames)}`);
      evidence.add(f.hosting.evidence);
    }
  }
  if (exposed.length > LINK_SERVICES) reasons.push(`${exposed.length - LINK_SERVICES} more service(s) are exposed`);
  return { adversaryLink: reasons, adversaryLinkEvidence: [...evidence] };
}

/** How much data, in the units the inventory gave. */
function amountOf(usPersons: number | undefined, devices: number | undefined): string {
  const parts: string[] = [];
  if (usPersons !== undefined)
    parts.push(`${usPersons.toLocaleString('en-US')} US ${usPersons === 1 ? 'person' : 'persons'}`);
  if (devices !== undefined)
    parts.push(`${devices.toLocaleString('en-US')} US ${devices === 1 ? 'device' : 'devices'}`);
  return parts.length > 0 ? englishList(parts) : 'an unknown number of US persons';
}

/** How data is protected at rest, and whether the provider can therefore read it. */
function protectionOf(encryption: { atRest?: boolean; keys?: string } | undefined): string {
  if (encryption?.atRest === false || encryption?.keys === 'none')
    return 'is not encrypted at rest, so the provider can read it';
  if (encryption?.atRest === true) {
    if (encryption.keys === 'provider') return 'is encrypted with keys the provider holds, so the provider can read it';
    if (encryption.keys === 'customer') return 'is encrypted with keys the customer holds';
    return 'is encrypted at rest, but who holds the keys is not recorded';
  }
  if (encryption?.keys === 'provider') {
    return 'is not recorded as encrypted at rest and its keys are held by the provider, so the provider can read it';
  }
  return 'is not recorded as encrypted at rest, so the provider may be able to read it';
}

function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'provider'
  );
}

/** Sub-processor chains: for each vendor, the shortest path (≥ 1 hop) to a directly exposed vendor. */
function transitiveExposure(vendors: EnrichedVendor[]): void {
  const index = new Map<string, number>();
  vendors.forEach((v, i) => {
    index.set(v.facts.id, i);
  });
  const successors: number[][] = vendors.map((v) => {
    const ids = new Set<string>(v.raw.subprocessors ?? []);
    for (const s of v.raw.services ?? []) for (const id of s.subprocessors ?? []) ids.add(id);
    const out: number[] = [];
    for (const id of [...ids].sort()) {
      const j = index.get(id);
      if (j !== undefined && j !== index.get(v.facts.id)) out.push(j);
    }
    return out;
  });
  const predecessors: number[][] = vendors.map(() => []);
  successors.forEach((succ, i) => {
    for (const j of succ) predecessors[j].push(i);
  });
  // reach[i]: hops from i to the nearest exposed vendor (0 when i itself is exposed); next[i]: the hop.
  const reach = new Array<number>(vendors.length).fill(-1);
  const next = new Array<number>(vendors.length).fill(-1);
  const queue: number[] = [];
  vendors.forEach((v, i) => {
    if (v.facts.directExposure) {
      reach[i] = 0;
      queue.push(i);
    }
  });
  for (let head = 0; head < queue.length; head++) {
    const j = queue[head];
    for (const i of predecessors[j]) {
      if (reach[i] === -1) {
        reach[i] = reach[j] + 1;
        next[i] = j;
        queue.push(i);
      }
    }
  }
  vendors.forEach((v, i) => {
    // best successor path (the vendor's own exposure does not count as transitive)
    let best = -1;
    for (const j of successors[i]) {
      if (reach[j] !== -1 && (best === -1 || reach[j] < reach[best])) best = j;
    }
    if (best === -1) return;
    const path = [v.facts.id];
    let k = best;
    const seen = new Set<number>([i]);
    while (k !== -1 && !seen.has(k)) {
      seen.add(k);
      path.push(vendors[k].facts.id);
      if (reach[k] === 0) break;
      k = next[k];
    }
    const end = vendors[k];
    const why = end.facts.coveredPerson
      ? `${end.facts.name} is a covered person`
      : 'its services run on adversary-controlled providers or in adversary countries';
    v.facts.transitive = {
      reaches: true,
      path,
      hops: path.length - 1,
      evidence: `${path.join(' → ')} (${why})`,
    };
  });
}

/** The organisation's counterparty for a vendor (interim status from the vendor's control facts). */
function vendorParty(vendor: EnrichedVendor): PartyFacts {
  const f = vendor.facts;
  const covered = f.coveredPerson;
  const known = f.control.known || vendor.raw.country !== undefined;
  return {
    key: `vendor:${f.id}`,
    name: f.name,
    role: 'vendor',
    status: covered ? 'covered' : known ? 'not-covered' : 'unknown',
    adversaryLinked: covered || f.control.adversaryLinked,
    cloud: false,
    reason: covered
      ? (f.coveredPersonReason ?? `${f.name} is a covered person`)
      : known
        ? `${f.name} is not a covered person on the inventory's facts (28 CFR 202.211)`
        : `where ${f.name} is organised and who owns it is not recorded`,
  };
}

/**
 * Transactions, bulk per counterparty and the DSP verdict of every data set (28 CFR 202.205, 202.210).
 * Linear: one party per vendor, one per distinct provider control, one bulk map entry per (counterparty, category).
 */
function coveredTransactions(
  vendors: EnrichedVendor[],
  ctx: Context,
  catalog: Catalog,
  asOf: string,
  organisationIsBroker: boolean,
) {
  const aggregator = new BulkAggregator(catalog.bulkThresholds);
  const test = {
    isCountryOfConcern: (code: string) => ctx.isCountryOfConcern(code),
    jurisdiction: ctx.jurisdiction,
    ownershipPercent: catalog.coveredPerson.ownershipPercent,
  };
  const providers = new Map<ControlFacts, PartyFacts>();
  const providerParty = (service: EnrichedService): PartyFacts => {
    const control = service.facts.control;
    let party = providers.get(control);
    if (!party) {
      const first = control.chain[0];
      const { status, reason } = statusFromControl(control, test);
      party = {
        key: `entity:${first?.id ?? first?.name ?? service.facts.provider.id}`,
        name: first?.name ?? service.facts.provider.name,
        role: 'provider',
        status,
        adversaryLinked: control.adversaryLinked,
        cloud: true,
        reason,
      };
      providers.set(control, party);
    }
    return party;
  };
  for (const vendor of vendors) {
    const own = vendorParty(vendor);
    for (const service of vendor.services) {
      if (service.data.length === 0) continue;
      const provider = providerParty(service);
      const transactions = service.facts.vendorIsProvider
        ? transactionsOf(vendor.raw, provider, undefined)
        : transactionsOf(vendor.raw, own, provider);
      for (const data of service.data) {
        data.transactions = transactions;
        if (data.direction === 'receives-only') continue;
        for (const t of transactions) {
          if (t.counterparty.status !== 'not-covered' && !t.exemption)
            aggregator.add(t.counterparty.key, t.counterparty.name, data);
        }
      }
    }
  }
  const bulk = aggregator.finish();
  const inForce = (parseDay(asOf) ?? 0) >= (parseDay(DSP_EFFECTIVE) ?? 0);
  for (const vendor of vendors) {
    for (const service of vendor.services) {
      const icts = service.facts.control.adversary && service.facts.control.regimes.includes('us-icts');
      for (const data of service.data) {
        data.dsp = dspVerdict(data, { inForce, sensitive: data.sensitive });
        data.regimes = dataRegimes(data, icts, organisationIsBroker, vendor.raw.dataBroker === true);
      }
    }
  }
  return bulk;
}

/**
 * DSP where the organisation's own transaction is prohibited / restricted; PADFA where a data broker (the
 * organisation, or the vendor in its own brokerage to its provider) transfers sensitive data to a covered party.
 */
function dataRegimes(data: DataFacts, icts: boolean, organisationIsBroker: boolean, vendorIsBroker: boolean): string[] {
  const regimes = [...data.dsp.regimes];
  const padfa = data.transactions.some(
    (t) =>
      t.type === 'data-brokerage' &&
      (t.obligation === 'organisation' ? organisationIsBroker : vendorIsBroker) &&
      data.sensitive &&
      data.direction === 'provides' &&
      t.counterparty.status === 'covered',
  );
  if (padfa) regimes.push('us-padfa');
  if (icts) regimes.push('us-icts');
  return regimes;
}

function* dspVerdicts(vendors: readonly EnrichedVendor[]) {
  for (const vendor of vendors) for (const service of vendor.services) for (const data of service.data) yield data.dsp;
}
