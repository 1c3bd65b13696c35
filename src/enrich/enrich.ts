import { resolveEntityName, resolveProviderName } from '../catalog/build.js';
import type { Catalog } from '../catalog/types.js';
import type { DataSet, Inventory, Service, SourceLocation, Vendor } from '../model/types.js';
import { SENSITIVE_CATEGORIES } from '../model/types.js';
import { uniqueSorted } from '../util/arrays.js';
import { parseDay } from '../util/dates.js';
import { cached, lastOf } from '../util/memo.js';
import { englishList, flat, formatNumber, slug } from '../util/text.js';
import { BulkAggregator, countOf, unitOf } from './bulk.js';
import { HostingResolver } from './hosting.js';
import { Jurisdictions } from './jurisdictions.js';
import { type ListOwnership, listOwnership, listVerdict, memberHits, ownershipHits } from './lists.js';
import { cisaDataFacts, organisationDspFacts } from './obligations.js';
import {
  type Need,
  type Order,
  orderOf,
  type PersonNode,
  type Test,
  type Tri,
  upGraphBits,
  type Verdicts,
} from './ownership.js';
import { buildPersonGraph, type PersonGraph } from './person-graph.js';
import { dspTest, evaluateTest, ictsTest, padfaTest, usPerson } from './persons.js';
import { declareFacts, EMPTY, orEmpty } from './shared.js';
import { NOT_REACHED, subprocessorIds, transitiveExposure } from './subprocessors.js';
import {
  DerivedTransactions,
  DSP_EFFECTIVE,
  dspVerdict,
  NO_ONWARD_TRANSFER,
  onwardTransferVerdict,
  PENDING_DSP,
  transactionsOf,
} from './transactions.js';
import type {
  BulkFacts,
  ChainLink,
  ControlFacts,
  DataFacts,
  DspFacts,
  EnrichedInventory,
  EnrichedService,
  EnrichedVendor,
  ListHit,
  OrganisationFacts,
  PartyFacts,
  PersonStatusFacts,
  ProviderFacts,
  RegimeStatusFacts,
  ServiceFacts,
  TransactionFacts,
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
  const ctx = new Context(catalog, inventory.organisation.jurisdiction ?? 'US', options.asOf, inventory);
  const organisation: OrganisationFacts = {
    name: inventory.organisation.name,
    jurisdiction: inventory.organisation.jurisdiction ?? 'US',
    dataBroker: inventory.organisation.dataBroker === true,
    awsAccounts: inventory.organisation.awsAccounts ?? [],
    aws: options.aws,
  };

  const vendors: EnrichedVendor[] = inventory.vendors.map((vendor, index) => {
    const key = ctx.graph.vendorKeyAt(index);
    const person = ctx.person(key);
    const control = ctx.controlOf(key, vendor.id, 'vendor');
    const covered = person.dspValue === true;
    const record = new VendorRecord(vendor, person, control, ctx.shared, options.locate);
    const services = (vendor.services ?? []).map((service) => ctx.enrichService(record, service, options.locate));
    const directExposure = covered || services.some((s) => s.facts.adversaryControlled || s.facts.hosting.adversary);
    record.complete(services, directExposure, ctx.listFacts(control, services, inventory.organisation));
    return record;
  });

  const chains = transitiveExposure(
    vendors.map((v) => ({
      id: v.facts.id,
      name: v.facts.name,
      subprocessors: subprocessorIds(v.raw),
      exposed: v.facts.directExposure,
      covered: v.facts.coveredPerson,
    })),
  );
  vendors.forEach((v, i) => {
    if (chains[i].reaches) v.facts.transitive = chains[i];
  });
  const { bulk, verdicts } = coveredTransactions(vendors, catalog, options.asOf, organisation.dataBroker);
  organisation.dsp = organisationDspFacts(inventory.organisation, verdicts, options.asOf);
  return {
    organisation,
    rawOrganisation: inventory.organisation,
    vendors,
    bulk,
    asOf: options.asOf,
    persons: ctx.graph,
  };
}

class Context {
  private readonly jurisdictions: Jurisdictions;
  private readonly cocCountries: ReadonlySet<string>;
  private readonly hosting: HostingResolver;
  private readonly entityControl = new Map<string, ControlFacts>();
  private readonly providerCache = new Map<string, ProviderFacts>();
  private readonly asOfDay: number;
  readonly graph: PersonGraph;
  private readonly chains: Chains;
  private readonly verdicts: { dsp: Verdicts; icts: Verdicts; padfa: Verdicts };
  /** Persons' statuses by index in `order`; `persons` for the keys that are not in the graph. */
  private readonly personAt: (PersonStatus | undefined)[];
  private readonly persons = new Map<string, PersonStatus>();
  private readonly listRules: ListOwnership[];
  /** Shared by the facts, which make their lists and sentences when read. */
  readonly shared: SharedFacts;
  /** The graph in key order (with each key's index), once for the regimes' and the lists' tests. */
  private readonly order: Order;

  constructor(
    private readonly catalog: Catalog,
    orgJurisdiction: string,
    private readonly asOf: string,
    inventory: Inventory,
  ) {
    this.asOfDay = parseDay(asOf) ?? 0;
    const jurisdictions = new Jurisdictions(catalog, orgJurisdiction);
    this.jurisdictions = jurisdictions;
    this.cocCountries = this.jurisdictions.countriesOfConcern;
    this.hosting = new HostingResolver(catalog, this.jurisdictions);
    this.graph = buildPersonGraph(inventory, catalog);
    // the tests (kept by every status for its evidence) hold the jurisdictions, not this context: the context's
    // working state (persons by index, caches, the graph's order) is garbage once enrichment returns
    const names = { name: (code: string) => jurisdictions.countryName(code) };
    const members = (id: string): Set<string> => jurisdictions.members(id);
    const cite = (id: string, fallback: string): string => jurisdictions.citation(id, fallback);
    const tests = {
      dsp: dspTest(this.cocCountries, catalog.coveredPerson.citation, names),
      icts: ictsTest(members(ICTS), cite(ICTS, '15 CFR 791'), names),
      padfa: padfaTest(members(PADFA), PADFA_CITATION, names),
    };
    this.chains = new Chains(
      this.graph,
      jurisdictions,
      new Map([
        [catalog.coveredPerson.regime, tests.dsp],
        [ICTS, tests.icts],
        [PADFA, tests.padfa],
      ]),
    );
    // the graph in key order, once for the three regimes' and the lists' tests (the graph is complete here)
    const order = orderOf(this.graph.nodes);
    this.order = order;
    this.personAt = new Array(order.nodes.length);
    this.verdicts = {
      dsp: evaluateTest(this.graph.nodes, tests.dsp, order),
      icts: evaluateTest(this.graph.nodes, tests.icts, order),
      padfa: evaluateTest(this.graph.nodes, tests.padfa, order),
    };
    this.listRules = listOwnership(this.graph.nodes, catalog, asOf, order);
    this.shared = new SharedFacts(catalog.coveredPerson.regime, jurisdictions, this.asOfDay);
  }

  /** Status of one person of the graph under each regime (memoised per person). */
  person(key: string): PersonStatus {
    const i = this.order.index.get(key);
    const known = i === undefined ? this.persons.get(key) : this.personAt[i];
    if (known) return known;
    const node = i === undefined ? undefined : this.order.nodes[i];
    const us = node ? usPerson(node) : { value: 'unknown' as Tri, reason: `${key} is not known` };
    // ICTS and PADFA both ask whether anyone up the graph is in a country any regime names, the DSP whether anyone
    // is in a country of concern: one walk for both
    const owned = this.adversaryOwned(key);
    const adversaryOwner = (owned & ANY_REGIME) !== 0;
    const { dsp, icts, padfa } = this.verdicts;
    const facts = new PersonStatus(
      node?.kind ?? (node?.residence || node?.citizenship?.length ? 'individual' : 'entity'),
      us.value,
      node,
      key,
      statusBits(
        i === undefined ? false : dsp.valueAt(i),
        i === undefined ? false : icts.valueAt(i),
        i === undefined ? false : padfa.valueAt(i),
        (owned & OF_CONCERN) !== 0,
        adversaryOwner,
      ),
      this.verdicts,
    );
    if (i === undefined) this.persons.set(key, facts);
    else this.personAt[i] = facts;
    return facts;
  }

  /**
   * Whether some person up the ownership graph (or the person itself) is located in a country of concern
   * (`OF_CONCERN`) and whether in a country any regime names (`ANY_REGIME`), as bits. Worked out for every person of
   * the graph at once, on first use (`upGraphBits`): a walk per person made vendors under one chain of n holdings
   * cost n each (8,000 vendors under a chain of 8,000 holdings: 28 s).
   */
  private adversaryOwned(key: string): number {
    const i = this.order.index.get(key);
    if (i === undefined) return 0;
    this.ownedBits ??= upGraphBits(this.order, (node) => this.placeBits(node));
    return this.ownedBits[i];
  }

  /** `adversaryOwned` of every person, by its place in `order` (made on first use). */
  private ownedBits: Uint8Array | undefined;

  /** `adversaryOwned`'s bits of one person's own places (organised, principal place of business, residence). */
  private placeBits(node: PersonNode): number {
    return (
      this.countryBits(node.organised) |
      this.countryBits(node.principalPlaceOfBusiness) |
      this.countryBits(node.residence)
    );
  }

  private countryBits(country: string | undefined): number {
    if (!country) return 0;
    return (this.cocCountries.has(country) ? OF_CONCERN : 0) | (this.regimesOf(country).length > 0 ? ANY_REGIME : 0);
  }

  /** Control facts of a person: its controlling path, and the regimes whose person test it meets. */
  controlOf(key: string, label: string, party: ListHit['party']): ControlFacts {
    const person = this.person(key);
    const control = this.controlFromChain(
      this.chains.of(key),
      label,
      this.personRegimes(person.dspValue === true, person.ictsValue === true, person.padfaValue === true),
      person.ictsValue === true,
      party,
      key,
    );
    // the lists the person is on itself (most persons: none, and no set to make)
    const direct =
      control.lists.length === 0
        ? NO_LIST_IDS
        : new Set(control.lists.filter((h) => h.party === party).map((h) => h.list));
    const node = this.graph.nodes.get(key);
    const owned = ownershipHits(key, node?.name ?? key, party, this.listRules, direct);
    if (owned.length > 0) control.lists = [...control.lists, ...owned];
    // share held directly by covered persons / countries of concern (recorded shares only); 100 when covered itself
    control.adversaryOwnership =
      person.dspValue === true
        ? 100
        : (node?.owners ?? []).reduce((n, o) => n + (this.person(o.owner).dspValue === true ? (o.percent ?? 0) : 0), 0);
    return control;
  }

  /** List hits of the vendor, its providers and region operators, with the basis their lists give a finding. */
  listFacts(
    control: ControlFacts,
    services: EnrichedService[],
    organisation: Inventory['organisation'],
  ): Pick<VendorFacts, 'lists' | 'listSummary' | 'listNames' | 'listBasis' | 'listSeverity' | 'listReason'> {
    const facts = listsOf(control, services);
    if (facts.lists.length === 0) {
      // no list hit: the same (read-only) facts for every such vendor
      this.noListFacts ??= listFactsOf(facts, listVerdict(facts.lists, this.catalog, this.asOf, organisation));
      return this.noListFacts;
    }
    return listFactsOf(facts, listVerdict(facts.lists, this.catalog, this.asOf, organisation));
  }

  private noListFacts?: ReturnType<Context['listFacts']>;

  regimesOf(country: string | undefined): string[] {
    return this.jurisdictions.regimesOf(country);
  }

  /** Current list memberships of the path's catalogue entities (and their other owners): the person's own first. */
  private chainListHits(chain: readonly ChainLink[], party: ListHit['party']): ListHit[] {
    const out: ListHit[] = [];
    chain.forEach((link, i) => {
      const entity = link.id ? this.catalog.entities.get(link.id) : undefined;
      if (!entity) return;
      out.push(...memberHits(this.catalog, entity.id, this.asOf, i === 0 ? party : 'owner'));
      // minority owners beyond the controlling one are still screened
      for (const owner of entity.owners ?? []) {
        if (chain[i + 1]?.id === owner.entity) continue;
        out.push(...memberHits(this.catalog, owner.entity, this.asOf, 'owner'));
      }
    });
    return out;
  }

  /**
   * Control facts from a controlling path (nearest first) and the regimes whose person test the person meets
   * (computed on the ownership graph, src/enrich/persons.ts); the path is evidence, not the verdict.
   */
  controlFromChain(
    chain: ChainLink[],
    label: string,
    regimes: string[],
    adversary: boolean,
    party: ListHit['party'],
    key?: string,
  ): ControlFacts {
    const controller = chain[chain.length - 1];
    const lists = this.chainListHits(chain, party);
    // a vendor's own path is read by the report and the few findings on it: walked again from the graph when read,
    // instead of a list and a link per vendor kept (a provider's or operator's is shared by its services: kept)
    const kept = party === 'vendor' && key !== undefined ? key : chain;
    return new ControlRecord(controller, adversary, chain, kept, regimes, orEmpty(lists), label, this.chains);
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
    const names = this.vendorNames(vendor);
    if (names.providers.has(provider.id)) return true;
    const p = this.catalog.providers.get(provider.id);
    return p !== undefined && names.entity !== undefined && names.entity === p.entity;
  }

  /**
   * The catalogue providers the vendor's name and aliases resolve to, and the entity its name resolves to: resolved
   * once per vendor (name normalisation is the costly part), not once per service.
   */
  private readonly vendorNames = lastOf((vendor: Vendor) => ({
    providers: new Set([vendor.name, ...(vendor.aliases ?? [])].map((n) => resolveProviderName(this.catalog, n))),
    entity: resolveEntityName(this.catalog, vendor.name),
  }));

  providerFacts(provider: Service['provider'], vendor: Vendor): ProviderFacts {
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
    if (id) return this.providerFacts(id, vendor);
    return this.declaredProviderFacts(provider, vendor);
  }

  private catalogProviderFacts(provider: string): ProviderFacts {
    const id = resolveProviderName(this.catalog, provider);
    const p = id ? this.catalog.providers.get(id) : undefined;
    if (p) {
      const key = this.graph.entityKey(p.entity);
      let control = this.entityControl.get(p.entity);
      if (!control) {
        control = this.controlOf(key, p.id, 'provider');
        this.entityControl.set(p.entity, control);
      }
      return { id: p.id, name: p.name, inCatalog: true, control, ...this.person(key).facts() };
    }
    return {
      id: provider,
      name: provider,
      inCatalog: false,
      control: this.controlFromChain([], provider, EMPTY, false, 'provider'),
      ...this.person(`unknown:${provider}`).facts(),
    };
  }

  private declaredProviderFacts(provider: Exclude<Service['provider'], string>, vendor: Vendor): ProviderFacts {
    const key = this.graph.customProviderKey(provider, vendor);
    return {
      id: slug(provider.name, 'provider'),
      name: provider.name,
      inCatalog: false,
      control: this.controlOf(key, slug(provider.name, 'provider'), 'provider'),
      ...this.person(key).facts(),
    };
  }

  private readonly personRegimeLists = new Map<number, string[]>();

  /** The regimes whose person test a person meets, sorted: one shared (read-only) list per combination. */
  private personRegimes(dsp: boolean, icts: boolean, padfa: boolean): string[] {
    return cached(this.personRegimeLists, (dsp ? 1 : 0) + (icts ? 2 : 0) + (padfa ? 4 : 0), () => {
      const regimes: string[] = [];
      if (dsp) regimes.push(this.catalog.coveredPerson.regime);
      if (icts) regimes.push(ICTS);
      if (padfa) regimes.push(PADFA);
      return regimes.length === 0 ? EMPTY : (Object.freeze(regimes.sort().slice()) as string[]);
    });
  }

  enrichService(vendor: VendorOfServices, service: Service, locate: EnrichOptions['locate']): EnrichedService {
    const provider = this.providerFacts(service.provider, vendor.raw);
    const hosting = this.hosting.of(service, provider);
    // Region operators (AWS China's Sinnet / NWCD, Azure China's 21Vianet) control the service in that region.
    let control = provider.control;
    // the provider party's covered-person status: the brand's entity, or a region operator that is (or may be) covered
    let providerDsp = provider.dsp;
    let operatorLists: ListHit[] = EMPTY;
    for (const operatorId of hosting.operators) {
      const key = this.graph.entityKey(operatorId);
      const person = this.person(key);
      if (or3(providerDsp.value, person.dspValue) !== providerDsp.value) providerDsp = person.dsp;
      const opControl = this.controlOf(key, `${provider.id} region operator`, 'operator');
      if (opControl.lists.length > 0) operatorLists = [...operatorLists, ...opControl.lists];
      if (opControl.adversary && !control.adversary) control = opControl;
    }
    const data = service.data ?? [];
    const dataFacts: DataFacts[] =
      data.length === 0
        ? EMPTY
        : data.map((d, index) => {
            const { count, countBasis } = countOf(d, unitOf(d.category, this.bulkThreshold(d.category)));
            return new DataSetFacts(index, d, count, countBasis);
          });
    return new ServiceRecord(
      service,
      vendor,
      hosting,
      provider,
      // what the region operators change (most services have none: the provider's control and status, no list hit)
      hosting.operators.length > 0 ? { control, providerDsp, operatorLists } : undefined,
      this.isProvider(vendor.raw, provider),
      dataFacts,
      locate,
    );
  }
}

/**
 * What a service's facts read of its vendor (its record), and what the facts of every vendor share (`shared`).
 */
interface VendorOfServices {
  readonly raw: Vendor;
  readonly person: PersonStatus;
  readonly control: ControlFacts;
  readonly shared: SharedFacts;
}

/**
 * What the facts computed on read need of the enrichment, and the lists and sentences they share, made when a fact
 * that holds one is read: one per enrichment, kept by the facts (read-only once made).
 */
class SharedFacts {
  constructor(
    private readonly coveredRegime: string,
    readonly jurisdictions: Jurisdictions,
    private readonly asOfDay: number,
  ) {}

  /** Days from `date` to the run's date. */
  ageDays(date: string | undefined): number | undefined {
    if (!date) return undefined;
    const day = parseDay(date);
    return day === undefined ? undefined : this.asOfDay - day;
  }

  private readonly categoryLists = new Map<string, string[]>();

  /** A service's data categories, each once, sorted: one shared (read-only) list per combination. */
  categoriesOf(data: readonly DataSet[]): string[] {
    if (data.length === 0) return EMPTY;
    const key = data.length === 1 ? data[0].category : data.map((d) => d.category).join('\0');
    return cached(this.categoryLists, key, () => Object.freeze(uniqueSorted(data.map((d) => d.category))) as string[]);
  }

  private readonly counterpartyRegimeLists = new Map<number, string[]>();

  /** `us-dsp` (the vendor is a covered person) and / or `us-icts`, sorted: one shared list per combination. */
  counterpartyRegimes(covered: boolean, icts: boolean): string[] {
    return cached(this.counterpartyRegimeLists, (covered ? 1 : 0) + (icts ? 2 : 0), () => {
      const regimes: string[] = [];
      if (covered) regimes.push(this.coveredRegime);
      if (icts) regimes.push(ICTS);
      return regimes.length === 0 ? EMPTY : (Object.freeze(regimes.sort()) as string[]);
    });
  }

  private readonly providerCounterparties = new Map<ControlFacts, string>();

  /** The provider's controller as a counterparty that can reach the data: one sentence per (shared) control. */
  providerCounterparty(control: ControlFacts): string {
    return cached(this.providerCounterparties, control, () =>
      flat(`${control.controller} (${control.country}), which controls the provider`),
    );
  }

  /** `vendorCounterparty` of the vendor read last: once per vendor when its services are read in a row. */
  vendorCounterparty(vendor: Vendor, control: ControlFacts, covered: boolean): string {
    if (this.lastVendorCounterparty?.control !== control) {
      this.lastVendorCounterparty = { control, text: flat(vendorCounterparty(vendor, control, covered)) };
    }
    return this.lastVendorCounterparty.text;
  }

  private lastVendorCounterparty?: { control: ControlFacts; text: string };
  private readonly counterpartyLists = new Map<string, Map<string, string[]>>();

  /**
   * A service's counterparties of concern (the provider's controller, the vendor or its controller; '' for none):
   * one shared (read-only) list per pair of sentences, whatever the number of services and vendors that have it.
   */
  counterpartiesOf(provider: string, vendor: string): string[] {
    if (provider === '' && vendor === '') return EMPTY;
    const byVendor = cached(this.counterpartyLists, provider, () => new Map<string, string[]>());
    return cached(byVendor, vendor, () => {
      const list: string[] = [];
      if (provider !== '') list.push(provider);
      if (vendor !== '') list.push(vendor);
      return Object.freeze(list.slice()) as string[];
    });
  }

  private readonly withControl = new Map<ControlFacts, { name: string; text: string }>();

  /** `nameWithControl` of a provider: services of one provider share its control facts, and so the sentence. */
  providerWithControl(name: string, control: ControlFacts): string {
    const known = this.withControl.get(control);
    if (known?.name === name) return known.text;
    const text = nameWithControl(name, control);
    this.withControl.set(control, { name, text });
    return text;
  }
}

/**
 * A service's facts. What the rules and the report read of every service is kept (the hosting, the provider, who
 * controls the service, the provider party's DSP status, the region operators' list hits, whether the vendor is the
 * provider); every other fact is a getter on the prototype computing it from the service, its vendor and these on
 * each read (declared facts: rules read them like own properties, compile.ts). `toJSON` gives the keys, in order,
 * of the plain object the facts were before (a message quoting `{{service}}` writes the same JSON).
 */
class ServiceRecord implements ServiceFacts, EnrichedService {
  readonly #raw: Service;
  readonly #vendor: VendorOfServices;
  readonly #data: DataFacts[];
  #location: Locating;
  /**
   * Who controls the service, the provider party's DSP status and the operators' list hits, for a service in a region
   * another entity operates; undefined for the others (most): then the provider's control and status, no hit (one
   * field, not three, per service).
   */
  readonly #operated: Operated | undefined;

  constructor(
    raw: Service,
    vendor: VendorOfServices,
    readonly hosting: ServiceFacts['hosting'],
    readonly provider: ProviderFacts,
    operated: Operated | undefined,
    readonly vendorIsProvider: boolean,
    data: DataFacts[],
    locate: EnrichOptions['locate'],
  ) {
    this.#raw = raw;
    this.#vendor = vendor;
    this.#operated = operated;
    this.#data = data;
    this.#location = locate;
  }

  get control(): ControlFacts {
    return this.#operated?.control ?? this.provider.control;
  }

  get providerDsp(): RegimeStatusFacts {
    return this.#operated?.providerDsp ?? this.provider.dsp;
  }

  get operatorLists(): ListHit[] {
    return this.#operated?.operatorLists ?? EMPTY;
  }

  // the enriched service is its facts (one object per service, not two): `raw`, `facts`, `data` and `location` are
  // not facts (a rule's path never reads them, compile.ts) and not in its JSON
  get raw(): Service {
    return this.#raw;
  }

  get facts(): ServiceFacts {
    return this;
  }

  get data(): DataFacts[] {
    return this.#data;
  }

  get location(): SourceLocation | undefined {
    const location = locationOf(this.#location, this.#raw);
    this.#location = location;
    return location;
  }

  get id(): string {
    return this.#raw.id;
  }

  get name(): string {
    return this.#raw.name ?? this.#raw.id;
  }

  get criticality(): string {
    return this.#raw.criticality ?? this.#vendor.raw.criticality ?? 'medium';
  }

  get access(): string {
    return this.#raw.access ?? 'none';
  }

  get storesData(): boolean {
    return this.#raw.storesData ?? (this.#raw.data ?? EMPTY).length > 0;
  }

  get categories(): string[] {
    return this.#vendor.shared.categoriesOf(this.#raw.data ?? EMPTY);
  }

  get sensitive(): boolean {
    return this.categories.some((c) => SENSITIVE.has(c));
  }

  get adversaryControlled(): boolean {
    return this.control.adversary;
  }

  /** The vendor is a covered person (DSP) or adversary-controlled (ICTS). */
  #vendorControlled(): boolean {
    const { person } = this.#vendor;
    return person.dspValue === true || person.ictsValue === true;
  }

  get counterpartyAdversary(): boolean {
    return this.control.adversary || this.#vendorControlled();
  }

  get coveredCounterparty(): Tri {
    return this.#vendor.person.dspValue;
  }

  get counterpartyRegimes(): string[] {
    const { person } = this.#vendor;
    return this.#vendor.shared.counterpartyRegimes(
      person.dspValue === true,
      this.control.adversary || person.ictsValue === true,
    );
  }

  get providerCovered(): Tri {
    return this.providerDsp.value;
  }

  get dspBasis(): ServiceFacts['dspBasis'] {
    const value = this.#vendor.person.dspValue;
    return value === true ? 'restricted' : value === 'unknown' ? 'unknown' : 'exposure';
  }

  get counterparties(): string[] {
    const vendor = this.#vendor;
    const { shared } = vendor;
    return shared.counterpartiesOf(
      this.control.adversary ? shared.providerCounterparty(this.control) : '',
      this.#vendorControlled()
        ? shared.vendorCounterparty(vendor.raw, vendor.control, vendor.person.dspValue === true)
        : '',
    );
  }

  get providerWithControl(): string {
    return this.#vendor.shared.providerWithControl(this.provider.name, this.control);
  }

  get inferred(): ServiceFacts['inferred'] {
    return this.#raw.inferred ?? EMPTY;
  }

  get unknowns(): string[] {
    return this.#raw.unknowns ?? EMPTY;
  }
}

/** What a region's operators make of a service's control (`ServiceRecord`). */
interface Operated {
  readonly control: ControlFacts;
  readonly providerDsp: RegimeStatusFacts;
  readonly operatorLists: ListHit[];
}

/** The keys of a service's facts, in the order of the plain object they were (its JSON). */
const SERVICE_KEYS = [
  'id',
  'name',
  'criticality',
  'access',
  'storesData',
  'categories',
  'sensitive',
  'hosting',
  'provider',
  'adversaryControlled',
  'vendorIsProvider',
  'counterpartyAdversary',
  'coveredCounterparty',
  'counterpartyRegimes',
  'providerCovered',
  'providerDsp',
  'dspBasis',
  'counterparties',
  'control',
  'operatorLists',
  'providerWithControl',
  'inferred',
  'unknowns',
] as const satisfies readonly (keyof ServiceFacts)[];

declareFacts(ServiceRecord.prototype, SERVICE_KEYS, [
  'id',
  'name',
  'criticality',
  'access',
  'storesData',
  'categories',
  'sensitive',
  'adversaryControlled',
  'counterpartyAdversary',
  'coveredCounterparty',
  'counterpartyRegimes',
  'providerCovered',
  'providerDsp',
  'dspBasis',
  'counterparties',
  'control',
  'operatorLists',
  'providerWithControl',
  'inferred',
  'unknowns',
]);

/** A target's source location until first read: the lookup, then the location (a location is never a function). */
type Locating = EnrichOptions['locate'] | SourceLocation | undefined;

/**
 * Source locations are looked up only when something reads them (a finding on that target): most targets have no
 * finding. The record keeps the lookup in one private field and its `location` getter keeps what this returns: the
 * location, looked up on first read. (An object literal with a getter, one closure and context per target, was left
 * in dictionary mode by V8, ~0.5 KB per target — 200 MB at 350k vendors and services.)
 */
function locationOf(known: Locating, raw: Vendor | Service): SourceLocation | undefined {
  return typeof known === 'function' ? known(raw) : known;
}

/**
 * The facts of one data set. What enrichment works out across data sets is kept: its index, the count used for its
 * bulk threshold, its transactions, bulk aggregates and verdicts (set by coveredTransactions). What the data set
 * itself says (its category, counts, encryption, direction, …) is a getter on the prototype reading it on each read
 * (declared facts: rules read them like own properties, compile.ts): most data sets produce no finding. `toJSON`
 * gives the keys, in order, of the plain object the facts were before (a message quoting `{{data}}`).
 */
class DataSetFacts implements DataFacts {
  readonly #raw: DataSet;
  readonly index: number;
  readonly count: number | undefined;
  readonly countBasis: DataFacts['countBasis'];
  // set for every data set by coveredTransactions (the bulk list when it contributes to an aggregate)
  transactions: TransactionFacts[] = EMPTY;
  bulk: DataFacts['bulk'] = EMPTY;
  bulkStatus: DataFacts['bulkStatus'] = 'not-applicable';
  bulkEvidence = '';
  dsp: DataFacts['dsp'] = PENDING_DSP;
  /**
   * `onwardTransfer` and `regimes` where either is not what most data sets have (no onward transfer; the regimes of
   * the DSP verdict): one object for the few, not two fields for every data set.
   */
  #rare: { onwardTransfer: DataFacts['onwardTransfer']; regimes: string[] | undefined } | undefined;
  // one shared object per combination of recorded controls: kept (a pointer), not worked out on each read
  readonly cisa: DataFacts['cisa'];

  constructor(index: number, d: DataSet, count: number | undefined, countBasis: DataFacts['countBasis']) {
    this.#raw = d;
    this.index = index;
    this.count = count;
    this.countBasis = countBasis;
    this.cisa = cisaDataFacts(d);
  }

  get category(): string {
    return this.#raw.category;
  }

  get usPersons(): number | undefined {
    return this.#raw.usPersons;
  }

  get devices(): number | undefined {
    return this.#raw.devices;
  }

  get sensitive(): boolean {
    return SENSITIVE.has(this.#raw.category) || this.combinedWith.some((c) => SENSITIVE.has(c));
  }

  get governmentLinked(): boolean {
    return this.governmentRelated;
  }

  get encrypted(): boolean {
    const e = this.#raw.encryption;
    return e?.atRest === true && e.keys !== 'none';
  }

  get keys(): string {
    const e = this.#raw.encryption;
    return e?.atRest === false ? 'none' : (e?.keys ?? 'unknown');
  }

  get amount(): string {
    return amountOf(this.#raw.usPersons, this.#raw.devices);
  }

  get protection(): string {
    return protectionOf(this.#raw.encryption);
  }

  get direction(): DataFacts['direction'] {
    return this.#raw.direction ?? 'provides';
  }

  get combinedWith(): string[] {
    const d = this.#raw;
    return d.combinedWith ? orEmpty(d.combinedWith.filter((c) => c !== d.category)) : EMPTY;
  }

  get governmentRelated(): boolean {
    const d = this.#raw;
    return d.category === 'government' || d.governmentLinked === true || d.governmentRelated === true;
  }

  get biospecimens(): boolean {
    return this.#raw.biospecimens === true;
  }

  get bulkExceeded(): boolean {
    return this.bulkStatus === 'exceeded';
  }

  get onwardTransfer(): DataFacts['onwardTransfer'] {
    return this.#rare?.onwardTransfer ?? NO_ONWARD_TRANSFER;
  }

  set onwardTransfer(value: DataFacts['onwardTransfer']) {
    if (this.#rare !== undefined) this.#rare.onwardTransfer = value;
    else if (value !== NO_ONWARD_TRANSFER) this.#rare = { onwardTransfer: value, regimes: undefined };
  }

  /** Set after `dsp`: its regimes (the shared empty list for none) unless PADFA or ICTS adds one. */
  get regimes(): string[] {
    return this.#rare?.regimes ?? orEmpty(this.dsp.regimes);
  }

  set regimes(value: string[]) {
    if (this.#rare !== undefined) this.#rare.regimes = value;
    else if (value !== orEmpty(this.dsp.regimes)) this.#rare = { onwardTransfer: NO_ONWARD_TRANSFER, regimes: value };
  }
}

/** The keys of a data set's facts, in the order of the plain object they were (its JSON). */
const DATA_KEYS = [
  'index',
  'category',
  'usPersons',
  'devices',
  'sensitive',
  'governmentLinked',
  'encrypted',
  'keys',
  'amount',
  'protection',
  'direction',
  'count',
  'countBasis',
  'combinedWith',
  'governmentRelated',
  'biospecimens',
  'transactions',
  'bulk',
  'bulkExceeded',
  'bulkStatus',
  'bulkEvidence',
  'dsp',
  'onwardTransfer',
  'cisa',
  'regimes',
] as const satisfies readonly (keyof DataFacts)[];

declareFacts(DataSetFacts.prototype, DATA_KEYS, [
  'category',
  'usPersons',
  'devices',
  'sensitive',
  'governmentLinked',
  'encrypted',
  'keys',
  'amount',
  'protection',
  'direction',
  'combinedWith',
  'governmentRelated',
  'biospecimens',
  'bulkExceeded',
  'onwardTransfer',
  'regimes',
]);

function listsOf(
  control: ControlFacts,
  services: EnrichedService[],
): { lists: ListHit[]; listSummary: string[]; listNames: string[] } {
  if (control.lists.length === 0 && services.every(noListHit)) return NO_LISTS;
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
    // a region operator's path is screened as well, even when it does not change who controls the service
    for (const op of s.facts.operatorLists) add([op]);
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
      const { listName, citation, buyerConsequence, effect } = hits[0];
      const entities = hits.map((h) => {
        const since = h.since ? ` (since ${h.since})` : '';
        if (h.via === 'ownership')
          return `${h.entity}${h.status === true ? ' by the ownership rule' : ', if the unrecorded share reaches the ownership rule'}: ${h.evidence ?? ''}`;
        return `${h.entity}${h.party === 'owner' ? ' (an owner)' : ''}${since}`;
      });
      const consequence = buyerConsequence || effect;
      return `${listName} (${citation}): ${englishList(entities)}${consequence ? ` — ${consequence}` : ''}`;
    }),
  };
}

/** No list hit on a service's provider, its control or its region operators. */
function noListHit(s: EnrichedService): boolean {
  return (
    s.facts.provider.control.lists.length === 0 &&
    s.facts.control.lists.length === 0 &&
    s.facts.operatorLists.length === 0
  );
}

/** A vendor without list hits (most): shared, read-only. */
const NO_LISTS: ReturnType<typeof listsOf> = Object.freeze({ lists: EMPTY, listNames: EMPTY, listSummary: EMPTY });

/**
 * A vendor's list facts: its hits and their verdict. A literal, not a spread of the two (V8's optimised spread gave
 * every such object a hidden class of its own).
 */
function listFactsOf(
  facts: ReturnType<typeof listsOf>,
  verdict: ReturnType<typeof listVerdict>,
): Pick<VendorFacts, 'lists' | 'listSummary' | 'listNames' | 'listBasis' | 'listSeverity' | 'listReason'> {
  return {
    lists: facts.lists,
    listNames: facts.listNames,
    listSummary: facts.listSummary,
    listBasis: verdict.basis,
    listSeverity: verdict.severity,
    listReason: verdict.reason,
  };
}

/** The vendor and / or the providers whose controlling country cannot be resolved (the shared empty list if none). */
function unknownControlOf(vendor: Vendor, control: ControlFacts, services: readonly EnrichedService[]): string[] {
  let providers: Set<string> | undefined;
  for (const s of services) {
    if (s.facts.provider.control.known) continue;
    providers ??= new Set();
    providers.add(`provider ${s.facts.provider.name}`);
  }
  if (control.known && providers === undefined) return EMPTY;
  return [...(control.known ? [] : [`vendor ${vendor.name}`]), ...(providers ?? [])];
}

/** Shared by every vendor that records no staff residence / no contract / no exit plan (facts are read-only). */
const NO_STAFF: VendorFacts['staff'] = Object.freeze({
  residence: EMPTY,
  known: false,
  countriesOfConcern: EMPTY,
  countryOfConcernNames: EMPTY,
});
const NO_CONTRACT: VendorFacts['contract'] = Object.freeze({
  present: false,
  ends: undefined,
  regulatoryTermination: undefined,
});
const NO_EXIT_PLAN: VendorFacts['exitPlan'] = Object.freeze({
  documented: false,
  lastTested: undefined,
  testedDaysAgo: undefined,
});

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

/**
 * The vendor as a counterparty that can reach the data (a covered person, or adversary-controlled): its controller
 * when the controller is in an adversary country, else the vendor itself (a controller in, say, Singapore is not what
 * makes a vendor covered through minority holdings that add up, employment or direction).
 */
function vendorCounterparty(vendor: Vendor, control: ControlFacts, covered: boolean): string {
  const own = control.controller === undefined || sameName(control.controller, vendor.name);
  const byController = !own && controllerInAdversaryCountry(control.chain);
  // the controller's country for the controller, and for the vendor when it is its own controller (as before)
  const country =
    (own || byController ? control.country : undefined) ?? vendor.principalPlaceOfBusiness ?? vendor.country;
  const where = country ? ` (${country})` : '';
  if (!byController) return `${vendor.name} itself${where}${covered ? ', a covered person' : ', adversary-controlled'}`;
  return `${control.controller}${where}, which controls the vendor`;
}

/** Whether a controlling path's last link, its controller, is in a country a regime names. */
function controllerInAdversaryCountry(chain: readonly ChainLink[]): boolean {
  return (chain[chain.length - 1]?.regimes.length ?? 0) > 0;
}

/** The links of a controlling path in a country a regime names, as `name (country)` (such a link has a country). */
function adversaryLinkNames(chain: readonly ChainLink[]): string[] {
  return chain.filter((l) => l.regimes.length > 0).map((l) => `${l.name} (${l.country})`);
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
    const links = adversaryLinkNames(control.chain);
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
  // exact size: a list grown by push keeps room for 16, and the reasons stay live with the facts
  return {
    adversaryLink: reasons.length === 0 ? EMPTY : reasons.slice(),
    adversaryLinkEvidence: evidence.size > 0 ? [...evidence] : EMPTY,
  };
}

/** How much data, in the units the inventory gave. */
function amountOf(usPersons: number | undefined, devices: number | undefined): string {
  const parts: string[] = [];
  if (usPersons !== undefined) parts.push(`${formatNumber(usPersons)} US ${usPersons === 1 ? 'person' : 'persons'}`);
  if (devices !== undefined) parts.push(`${formatNumber(devices)} US ${devices === 1 ? 'device' : 'devices'}`);
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
/** Three-valued or: true if either is, unknown if either is, else false. */
export function or3(a: Tri, b: Tri): Tri {
  return a === true || b === true ? true : a === 'unknown' || b === 'unknown' ? 'unknown' : false;
}

/** A `Tri` as two bits (`statusBits`). */
const TRIS: readonly Tri[] = [false, true, 'unknown'];

function triBits(value: Tri): number {
  return value === true ? 1 : value === false ? 0 : 2;
}

/** Bits of a person's status: the three regimes' values, two bits each, then their adversary owners. */
const DSP_OWNER = 1 << 6;
const REGIME_OWNER = 1 << 7;

function statusBits(dsp: Tri, icts: Tri, padfa: Tri, dspOwner: boolean, regimeOwner: boolean): number {
  return (
    triBits(dsp) |
    (triBits(icts) << 2) |
    (triBits(padfa) << 4) |
    (dspOwner ? DSP_OWNER : 0) |
    (regimeOwner ? REGIME_OWNER : 0)
  );
}

/**
 * A person's status under each regime (one per person of the graph that a vendor, provider or operator reaches).
 * It keeps the three regimes' values and adversary owners as bits, and makes a regime's status (value, adversary
 * owner, evidence and missing facts read from the regime's verdicts) when it is read, as the U.S.-person reason:
 * three status objects and a sentence per person are not kept (~200 B per vendor). The person's facts as the plain
 * object they were, for a provider's facts: `facts()`.
 */
class PersonStatus implements PersonStatusFacts {
  readonly kind: PersonStatusFacts['kind'];
  readonly usPerson: Tri;
  readonly #node: PersonNode | undefined;
  readonly #key: string;
  readonly #bits: number;
  readonly #verdicts: RegimeVerdicts;

  constructor(
    kind: PersonStatusFacts['kind'],
    us: Tri,
    node: PersonNode | undefined,
    key: string,
    bits: number,
    verdicts: RegimeVerdicts,
  ) {
    this.kind = kind;
    this.usPerson = us;
    this.#node = node;
    this.#key = key;
    this.#bits = bits;
    this.#verdicts = verdicts;
  }

  get usPersonReason(): string {
    return this.#node ? usPerson(this.#node).reason : `${this.#key} is not known`;
  }

  get dspValue(): Tri {
    return TRIS[this.#bits & 3];
  }

  get ictsValue(): Tri {
    return TRIS[(this.#bits >> 2) & 3];
  }

  get padfaValue(): Tri {
    return TRIS[(this.#bits >> 4) & 3];
  }

  get dsp(): RegimeStatusFacts {
    return new RegimeStatus(this.#verdicts.dsp, this.#key, this.dspValue, (this.#bits & DSP_OWNER) !== 0);
  }

  get icts(): RegimeStatusFacts {
    return new RegimeStatus(this.#verdicts.icts, this.#key, this.ictsValue, (this.#bits & REGIME_OWNER) !== 0);
  }

  get padfa(): RegimeStatusFacts {
    return new RegimeStatus(this.#verdicts.padfa, this.#key, this.padfaValue, (this.#bits & REGIME_OWNER) !== 0);
  }

  /** The facts as a plain object, keys in the order they always had (a provider's facts spread them). */
  facts(): PersonStatusFacts {
    return {
      kind: this.kind,
      usPerson: this.usPerson,
      usPersonReason: this.usPersonReason,
      dsp: this.dsp,
      icts: this.icts,
      padfa: this.padfa,
    };
  }
}

/** The three regimes' verdicts on the graph's persons. */
interface RegimeVerdicts {
  readonly dsp: Verdicts;
  readonly icts: Verdicts;
  readonly padfa: Verdicts;
}

/**
 * One regime's status of a person. The evidence text and the missing facts are built only when read (most persons
 * have no finding): getters on the prototype, declared facts (rules read them like own properties, compile.ts).
 */
class RegimeStatus implements RegimeStatusFacts {
  readonly value: Tri;
  readonly #verdicts: Verdicts;
  readonly #key: string;

  constructor(
    verdicts: Verdicts,
    key: string,
    value: Tri,
    readonly adversaryOwner: boolean,
  ) {
    this.#verdicts = verdicts;
    this.#key = key;
    this.value = value;
  }

  get evidence(): string {
    return this.#verdicts.status(this.#key).evidence;
  }

  get missing(): string[] {
    return this.#verdicts.status(this.#key).missing ?? [];
  }

  static needsOf(s: RegimeStatus): Need[] {
    return s.#verdicts.status(s.#key).needs ?? [];
  }
}

/**
 * A vendor's facts. What is worked out across its services and the graph is kept: its control, its list facts (one
 * shared object for the vendors without a list hit), whether it is exposed itself, and its transitive exposure;
 * every other fact is a getter on the prototype computing it from the vendor, its person status, its services and
 * these on each read (declared facts: rules read them like own properties, compile.ts). `toJSON` gives the keys, in
 * order, of the plain object the facts were (a message quoting `{{vendor}}`).
 */
class VendorRecord implements VendorFacts, EnrichedVendor, VendorOfServices {
  readonly #raw: Vendor;
  readonly #person: PersonStatus;
  readonly #shared: SharedFacts;
  // set by `complete`, once the vendor's services (which read this record) are enriched
  #lists: ReturnType<Context['listFacts']> = NO_LISTS_YET;
  #services: EnrichedService[] = EMPTY;
  #location: Locating;
  /** Why the vendor is adversary-linked, once read (most vendors: never, or not linked). */
  #linkOnce: ReturnType<typeof adversaryLinkOf> | undefined;
  readonly control: ControlFacts;
  directExposure = false;
  transitive: VendorFacts['transitive'] = NOT_REACHED;

  constructor(
    raw: Vendor,
    person: PersonStatus,
    control: ControlFacts,
    shared: SharedFacts,
    locate: EnrichOptions['locate'],
  ) {
    this.#raw = raw;
    this.#person = person;
    this.#shared = shared;
    this.#location = locate;
    this.control = control;
  }

  complete(services: EnrichedService[], directExposure: boolean, lists: ReturnType<Context['listFacts']>): void {
    this.#services = services;
    this.directExposure = directExposure;
    this.#lists = lists;
  }

  // the enriched vendor is its facts, and what its services' facts read of it (one object per vendor, not three):
  // `raw`, `facts`, `services`, `location`, `person` and `shared` are not facts (a rule's path never reads them,
  // compile.ts) and not in its JSON
  get raw(): Vendor {
    return this.#raw;
  }

  get person(): PersonStatus {
    return this.#person;
  }

  get shared(): SharedFacts {
    return this.#shared;
  }

  get facts(): VendorFacts {
    return this;
  }

  get services(): EnrichedService[] {
    return this.#services;
  }

  get location(): SourceLocation | undefined {
    const location = locationOf(this.#location, this.#raw);
    this.#location = location;
    return location;
  }

  get id(): string {
    return this.#raw.id;
  }

  get name(): string {
    return this.#raw.name;
  }

  get criticality(): string {
    return this.#raw.criticality ?? 'medium';
  }

  get kind(): PersonStatusFacts['kind'] {
    return this.#person.kind;
  }

  get usPerson(): Tri {
    return this.#person.usPerson;
  }

  get usPersonReason(): string {
    return this.#person.usPersonReason;
  }

  get dsp(): RegimeStatusFacts {
    return this.#person.dsp;
  }

  get icts(): RegimeStatusFacts {
    return this.#person.icts;
  }

  get padfa(): RegimeStatusFacts {
    return this.#person.padfa;
  }

  get coveredPerson(): boolean {
    return this.#person.dspValue === true;
  }

  get coveredPersonReason(): string | undefined {
    return this.#person.dspValue === true ? this.#person.dsp.evidence : undefined;
  }

  get staff(): VendorFacts['staff'] {
    return staffFacts(this.#raw, this.#shared.jurisdictions);
  }

  get adversaryLinked(): boolean {
    return this.#person.dspValue === true || this.control.adversaryLinked || this.directExposure;
  }

  get lastAssessed(): string | undefined {
    return this.#raw.lastAssessed;
  }

  get assessmentAgeDays(): number | undefined {
    return this.#shared.ageDays(this.#raw.lastAssessed);
  }

  get contract(): VendorFacts['contract'] {
    const { contract } = this.#raw;
    if (contract === undefined) return NO_CONTRACT;
    return { present: true, ends: contract.ends, regulatoryTermination: contract.regulatoryTermination };
  }

  get exitPlan(): VendorFacts['exitPlan'] {
    const { exitPlan } = this.#raw;
    if (exitPlan === undefined) return NO_EXIT_PLAN;
    return {
      documented: exitPlan.documented === true,
      lastTested: exitPlan.lastTested,
      testedDaysAgo: this.#shared.ageDays(exitPlan.lastTested),
    };
  }

  get lists(): ListHit[] {
    return this.#lists.lists;
  }

  get listNames(): string[] {
    return this.#lists.listNames;
  }

  get listSummary(): string[] {
    return this.#lists.listSummary;
  }

  get listBasis(): VendorFacts['listBasis'] {
    return this.#lists.listBasis;
  }

  get listSeverity(): string {
    return this.#lists.listSeverity;
  }

  get listReason(): string {
    return this.#lists.listReason;
  }

  get nameWithControl(): string {
    return nameWithControl(this.#raw.name, this.control);
  }

  get adversaryLink(): string[] {
    return this.#link().adversaryLink;
  }

  get adversaryLinkEvidence(): string[] {
    return this.#link().adversaryLinkEvidence;
  }

  #link(): ReturnType<typeof adversaryLinkOf> {
    // not adversary-linked (most vendors): no reason and no evidence, without looking at the services
    if (!this.adversaryLinked) return NO_LINK;
    // kept once read: a linked vendor's findings quote it (reason and evidence), each finding reading it twice
    if (this.#linkOnce === undefined) {
      const { dsp } = this.#person;
      const covered = dsp.value === true;
      this.#linkOnce = adversaryLinkOf(
        this.control,
        { covered, reason: covered ? dsp.evidence : undefined },
        this.#services,
      );
    }
    return this.#linkOnce;
  }

  get unknownControl(): string[] {
    return unknownControlOf(this.#raw, this.control, this.#services);
  }
}

/** A vendor record's list facts until `complete` sets them. */
const NO_LISTS_YET = Object.freeze({
  lists: EMPTY,
  listSummary: EMPTY,
  listNames: EMPTY,
  listBasis: 'exposure',
  listSeverity: '',
  listReason: '',
}) as ReturnType<Context['listFacts']>;

/** Why a vendor that is not adversary-linked is: no reason, no evidence (shared, read-only). */
const NO_LINK: ReturnType<typeof adversaryLinkOf> = Object.freeze({
  adversaryLink: EMPTY,
  adversaryLinkEvidence: EMPTY,
});

/** The keys of a vendor's facts, in the order of the plain object they were (its JSON). */
const VENDOR_KEYS = [
  'id',
  'name',
  'criticality',
  'control',
  'kind',
  'usPerson',
  'usPersonReason',
  'dsp',
  'icts',
  'padfa',
  'coveredPerson',
  'coveredPersonReason',
  'staff',
  'adversaryLinked',
  'lastAssessed',
  'assessmentAgeDays',
  'contract',
  'exitPlan',
  'lists',
  'listNames',
  'listSummary',
  'listBasis',
  'listSeverity',
  'listReason',
  'nameWithControl',
  'adversaryLink',
  'adversaryLinkEvidence',
  'unknownControl',
  'directExposure',
  'transitive',
] as const satisfies readonly (keyof VendorFacts)[];

declareFacts(
  VendorRecord.prototype,
  VENDOR_KEYS,
  VENDOR_KEYS.filter((key) => key !== 'control' && key !== 'directExposure' && key !== 'transitive'),
);

/** A vendor's staff residence, with the countries of concern among it. */
function staffFacts(vendor: Vendor, jurisdictions: Jurisdictions): VendorFacts['staff'] {
  if (vendor.staffResidence === undefined) return NO_STAFF;
  const residence = [...vendor.staffResidence].sort();
  const ofConcern = residence.filter((c) => jurisdictions.countriesOfConcern.has(c));
  return {
    residence: orEmpty(residence),
    known: true,
    countriesOfConcern: orEmpty(ofConcern),
    countryOfConcernNames: orEmpty(ofConcern.map((c) => jurisdictions.countryName(c))),
  };
}

/** Persons' controlling paths on the ownership graph (one per enrichment, kept by the controls that walk it again). */
class Chains {
  constructor(
    private readonly graph: PersonGraph,
    readonly jurisdictions: Jurisdictions,
    /** The person test of each regime (term and citation), by regime id. */
    private readonly tests: ReadonlyMap<string, Pick<Test, 'term' | 'citation'>>,
  ) {}

  /**
   * What a control sentence says of the regimes whose person test its person meets (docs/legal-model.md, "The control
   * sentence is the controlling path, not the test"):
   * - the path's last link (the controller) is in one of their countries: the regimes' terms with their citations
   *   (`— country of concern (28 CFR 202.601); …`), which read as the controller's country's;
   * - an earlier link is: the same terms after that link's name (`— Z Co (HK): country of concern …`), not as if they
   *   were the controller's;
   * - none is (the tests are met through minority holdings that add up, employment or direction, off the path): the
   *   sentence says the path reaches no such country and names the person tests met, with their citations.
   */
  verdictOf(chain: readonly ChainLink[], regimes: readonly string[]): string {
    // the controller in such a country: its terms follow it (most such sentences)
    if (controllerInAdversaryCountry(chain)) return ` — ${this.jurisdictions.regimeCitations(regimes)}`;
    // a link before it is (the vendor itself, an intermediate holding): the terms are said of that link, by name
    const links = adversaryLinkNames(chain);
    if (links.length > 0) return ` — ${englishList(links)}: ${this.jurisdictions.regimeCitations(regimes)}`;
    const met = regimes.map((id) => {
      const test = this.tests.get(id);
      // the citation without a spaced parenthetical ("15 CFR 791.4 (formerly 15 CFR 7.4)"; "202.211(a)" is kept)
      return test ? `${test.term} (${test.citation.replace(/\s+\([^)]*\)/g, '')})` : id;
    });
    // a path is followed MAX_CHAIN links at most: one that long may go on, and its country be further up it
    const where =
      chain.length >= MAX_CHAIN
        ? `in the first ${MAX_CHAIN} links of this path; person tests met further up it or`
        : 'on this path; person tests met';
    return ` — no adversary country ${where} through other holdings, employment or direction: ${met.join('; ')}`;
  }

  /** The controlling path of a person (largest ≥ 50 % or controlling owner, nearest first), for evidence. */
  of(key: string): ChainLink[] {
    const chain: ChainLink[] = [];
    // the keys walked, from the second link on (most paths have one link: no set to make)
    let seen: Set<string> | undefined;
    let current: string | undefined = key;
    let percent: number | undefined;
    while (current && chain.length < MAX_CHAIN) {
      if (chain.length > 0) {
        seen ??= new Set([key]);
        if (seen.has(current)) break;
        seen.add(current);
      }
      const node: PersonNode | undefined = this.graph.nodes.get(current);
      if (!node) break;
      const name = node.name;
      const country = node.principalPlaceOfBusiness ?? node.organised ?? node.residence;
      const regimes = this.jurisdictions.regimesFor(node.organised ?? node.residence, node.principalPlaceOfBusiness);
      // the keys in the order they always had (a message may quote the path)
      chain.push(
        current.startsWith('c:')
          ? { name, id: current.slice(2), country, percent, regimes }
          : { name, country, percent, regimes },
      );
      // the largest share of at least 50 % (the first such owner among equal shares)
      let majority: (typeof node.owners)[number] | undefined;
      const owners = node.owners;
      for (let i = 0; i < owners.length; i++) {
        const o = owners[i];
        const share = o.percent ?? 0;
        if (share >= 50 && (majority === undefined || share > (majority.percent ?? 0))) majority = o;
      }
      const next =
        majority ??
        node.owners.find((o) => o.controlling) ??
        (node.owners.length === 1 && node.owners[0].percent === undefined ? node.owners[0] : undefined);
      current = next?.owner;
      percent = next?.percent;
    }
    // exact size: a list grown by push keeps room for 16 links, and a provider's chain stays live
    return chain.slice();
  }
}

/**
 * Control facts. The evidence sentence (`label → path — verdict`) is built from the path and regimes when read: a
 * vendor's is read once, by the report, and by the few findings that quote it, so it is not kept, unless the vendor
 * meets a regime's person test (then findings on each of its services and data sets quote it); a provider's or
 * region operator's is shared by every service on it and quoted by many findings, so it is kept on first read.
 * `evidence` is a getter on the prototype, a declared fact (rules read it like an own property, compile.ts); `toJSON`
 * gives the keys in the order of the plain object the facts were.
 */
class ControlRecord implements ControlFacts {
  declare controller: string | undefined;
  declare controllerId: string | undefined;
  declare country: string | undefined;
  declare adversary: boolean;
  declare adversaryLinked: boolean;
  declare regimes: string[];
  declare lists: ListHit[];
  declare adversaryOwnership: number;
  readonly #label: string;
  readonly #chains: Chains;
  /** The sentence once read (not for a vendor's own control), else undefined. */
  #text: string | undefined;
  /**
   * The controlling path (a provider's or region operator's, shared by its services), or the vendor's key to walk
   * its path again from the graph when read. `known`, `group` and whether the sentence is kept are read from these
   * and the controller (three fields fewer per control: one per vendor).
   */
  readonly #chain: ChainLink[] | string;

  constructor(
    controller: ChainLink | undefined,
    adversary: boolean,
    chain: ChainLink[],
    kept: ChainLink[] | string,
    regimes: string[],
    lists: ListHit[],
    label: string,
    chains: Chains,
  ) {
    this.#label = label;
    this.#chains = chains;
    this.#chain = kept;
    this.controller = controller?.name;
    this.controllerId = controller?.id;
    this.country = controller?.country;
    this.adversary = adversary;
    this.adversaryLinked = chain.some((l) => l.regimes.length > 0);
    this.regimes = regimes;
    this.lists = lists;
    this.adversaryOwnership = 0;
  }

  get known(): boolean {
    return this.country !== undefined;
  }

  get group(): string | undefined {
    return this.controllerId ?? this.controller;
  }

  get chain(): ChainLink[] {
    const chain = this.#chain;
    return typeof chain === 'string' ? this.#chains.of(chain) : chain;
  }

  get evidence(): string {
    if (this.#text !== undefined) return this.#text;
    // a vendor's path is walked again from the graph on each read of `chain`: read once here
    const chain = this.chain;
    const text = chain
      .map((l, i) => {
        const pct = i > 0 ? (l.percent !== undefined ? `${l.percent} % ` : '? % ') : '';
        return `${pct}${l.name}${l.country ? ` (${l.country})` : ''}`;
      })
      .join(' → ');
    const verdict =
      this.regimes.length > 0
        ? this.#chains.verdictOf(chain, this.regimes)
        : this.known
          ? ' — no adversary control established'
          : ' — controlling country unknown';
    const evidence = `${this.#label}${text ? ` → ${text}` : ''}${verdict}`;
    // kept for a provider's or operator's control (shared by its services), and for a vendor's when the vendor meets a
    // regime's person test: the findings on its services and data sets quote it, one per finding (every vendor of the
    // `bulk` bench shape)
    if (typeof this.#chain !== 'string' || this.regimes.length > 0) {
      this.#text = flat(evidence);
      return this.#text;
    }
    return evidence;
  }
}

/** The keys of control facts, in the order of the plain object they were (their JSON). */
const CONTROL_KEYS = [
  'known',
  'controller',
  'controllerId',
  'country',
  'adversary',
  'adversaryLinked',
  'regimes',
  'chain',
  'lists',
  'adversaryOwnership',
  'evidence',
  'group',
] as const satisfies readonly (keyof ControlFacts)[];
declareFacts(ControlRecord.prototype, CONTROL_KEYS, ['known', 'chain', 'evidence', 'group']);

/** The missing facts of an `unknown` status, each naming the person of the ownership graph it is about. */
export function needsOf(status: RegimeStatusFacts): Need[] {
  return status instanceof RegimeStatus ? RegimeStatus.needsOf(status) : [];
}

/** The keys of a status, in the order of its JSON before the evidence was computed on read. */
const STATUS_KEYS = [
  'adversaryOwner',
  'value',
  'evidence',
  'missing',
] as const satisfies readonly (keyof RegimeStatusFacts)[];
declareFacts(RegimeStatus.prototype, STATUS_KEYS, ['evidence', 'missing']);

const ICTS = 'us-icts';
/** No list id (read-only). */
const NO_LIST_IDS: ReadonlySet<string> = new Set();
const PADFA = 'us-padfa';
/** Bits of `adversaryOwned`. */
const OF_CONCERN = 1;
const ANY_REGIME = 2;
const PADFA_CITATION = 'Pub. L. 118-50, div. I, §2(c)(2)';

/** A foreign person is one that is not a U.S. person (28 CFR 202.221). */
function notTri(value: Tri): Tri {
  return value === 'unknown' ? 'unknown' : !value;
}

/** DSP covered-person status (ownership graph, src/enrich/persons.ts) as a transaction party's status. */
function coveredStatus(value: Tri): PartyFacts['status'] {
  return value === true ? 'covered' : value === false ? 'not-covered' : 'unknown';
}

/**
 * The organisation's counterparty for a vendor, with its covered-person status from the ownership graph. The
 * reason (the ownership path) is read from the status only when a verdict's evidence quotes it.
 */
function vendorParty(vendor: EnrichedVendor): PartyFacts {
  return new VendorParty(vendor.facts);
}

/** A party whose `reason` is read from its status when read (a declared fact); its JSON that of a plain party. */
class VendorParty implements PartyFacts {
  readonly key: string;
  readonly name: string;
  readonly status: PartyFacts['status'];
  readonly adversaryLinked: boolean;
  readonly foreign: PartyFacts['foreign'];
  readonly #facts: VendorFacts;

  constructor(f: VendorFacts) {
    this.key = `vendor:${f.id}`;
    this.name = f.name;
    this.status = coveredStatus(f.dsp.value);
    this.adversaryLinked = f.dsp.value === true || f.control.adversaryLinked;
    this.#facts = f;
    this.foreign = notTri(f.usPerson);
  }

  // the same for every vendor party: on the prototype, not two fields per party
  get role(): 'vendor' {
    return 'vendor';
  }

  get cloud(): false {
    return false;
  }

  get reason(): string {
    return this.#facts.dsp.evidence;
  }
}

/** The keys of a party, in the order of a plain party (its JSON). */
const PARTY_KEYS = [
  'key',
  'name',
  'role',
  'status',
  'adversaryLinked',
  'cloud',
  'reason',
  'foreign',
] as const satisfies readonly (keyof PartyFacts)[];
declareFacts(VendorParty.prototype, PARTY_KEYS, ['role', 'cloud', 'reason']);

/**
 * Transactions, bulk per counterparty and the DSP verdict of every data set (28 CFR 202.205, 202.210).
 * Linear: one party per vendor, one per distinct provider control, one bulk map entry per (counterparty, category).
 */
function coveredTransactions(
  vendors: EnrichedVendor[],
  catalog: Catalog,
  asOf: string,
  organisationIsBroker: boolean,
): { bulk: BulkFacts[]; verdicts: DspFacts[] } {
  const aggregator = new BulkAggregator(catalog.bulkThresholds);
  // 202.302: amounts held with foreign persons that are not covered persons, apart from the covered-person totals
  const foreignAggregator = new BulkAggregator(catalog.bulkThresholds, { detached: true });
  const providers = new Map<ControlFacts, PartyFacts>();
  const derived = new DerivedTransactions();
  const providerParty = (service: EnrichedService): PartyFacts => {
    const control = service.facts.control;
    let party = providers.get(control);
    if (!party) {
      const first = control.chain[0];
      party = {
        key: `entity:${first?.id ?? first?.name ?? service.facts.provider.id}`,
        name: first?.name ?? service.facts.provider.name,
        role: 'provider',
        status: coveredStatus(service.facts.providerCovered),
        adversaryLinked: control.adversaryLinked,
        cloud: true,
        reason: service.facts.providerDsp.evidence,
        foreign: notTri(service.facts.provider.usPerson),
      };
      providers.set(control, party);
    }
    return party;
  };
  // indexed loops here: a vendor's services, a service's data sets and their transactions are often the shared frozen
  // empty list, and `for … of` over a mix of frozen and other lists is not inlined (an iterator and a result per step)
  for (let v = 0; v < vendors.length; v++) {
    const vendor = vendors[v];
    // the vendor as a party only when one of its services has data (built once per vendor)
    let own: PartyFacts | undefined;
    // services of the vendor on the same provider party have the same transactions: one (read-only) list for them
    const known: { provider: PartyFacts; direct: boolean; transactions: TransactionFacts[] }[] = [];
    const services = vendor.services;
    for (let s = 0; s < services.length; s++) {
      const service = services[s];
      const data = service.data;
      if (data.length === 0) continue;
      own ??= vendorParty(vendor);
      const provider = providerParty(service);
      const direct = service.facts.vendorIsProvider;
      let transactions = known.find((k) => k.provider === provider && k.direct === direct)?.transactions;
      if (!transactions) {
        transactions = direct
          ? transactionsOf(vendor.raw, provider, undefined, derived)
          : transactionsOf(vendor.raw, own, provider, derived);
        known.push({ provider, direct, transactions });
      }
      for (let d = 0; d < data.length; d++) {
        const set = data[d];
        set.transactions = transactions;
        if (set.direction === 'receives-only') continue;
        for (let i = 0; i < transactions.length; i++) {
          const t = transactions[i];
          if (t.exemption) continue;
          if (t.counterparty.status !== 'not-covered') aggregator.add(t.counterparty.key, t.counterparty.name, set);
          else if (t.type === 'data-brokerage' && t.obligation === 'organisation' && t.counterparty.foreign !== false)
            foreignAggregator.add(t.counterparty.key, t.counterparty.name, set);
        }
      }
    }
  }
  const bulk = aggregator.finish();
  foreignAggregator.finish();
  const bulkOf = (data: DataFacts) => foreignAggregator.of(data);
  const inForce = (parseDay(asOf) ?? 0) >= (parseDay(DSP_EFFECTIVE) ?? 0);
  // one context per sensitivity, shared by the data sets (a kept verdict holds its context until its sentence is read)
  const sensitiveContext = { inForce, sensitive: true, asOf, bulkOf };
  const otherContext = { inForce, sensitive: false, asOf, bulkOf };
  // every data set's verdict, in the order of the vendors, their services and data sets (the organisation's duties)
  const verdicts: DspFacts[] = [];
  for (let v = 0; v < vendors.length; v++) {
    const vendor = vendors[v];
    const services = vendor.services;
    for (let s = 0; s < services.length; s++) {
      const service = services[s];
      const data = service.data;
      if (data.length === 0) continue;
      const icts = service.facts.control.adversary && service.facts.control.regimes.includes('us-icts');
      for (let d = 0; d < data.length; d++) {
        const set = data[d];
        const context = set.sensitive ? sensitiveContext : otherContext;
        set.dsp = dspVerdict(set, context);
        set.onwardTransfer = onwardTransferVerdict(set, context);
        set.regimes = dataRegimes(set, icts, organisationIsBroker, vendor.raw.dataBroker === true);
        verdicts.push(set.dsp);
      }
    }
  }
  return { bulk, verdicts };
}

/**
 * DSP where the organisation's own transaction is prohibited / restricted; PADFA where a data broker (the
 * organisation, or the vendor in its own brokerage to its provider) transfers sensitive data to a covered party.
 */
function dataRegimes(data: DataFacts, icts: boolean, organisationIsBroker: boolean, vendorIsBroker: boolean): string[] {
  const padfa = data.transactions.some(
    (t) =>
      t.type === 'data-brokerage' &&
      (t.obligation === 'organisation' ? organisationIsBroker : vendorIsBroker) &&
      data.sensitive &&
      data.direction === 'provides' &&
      t.counterparty.status === 'covered',
  );
  if (!padfa && !icts) return orEmpty(data.dsp.regimes);
  const regimes = [...data.dsp.regimes];
  if (padfa) regimes.push('us-padfa');
  if (icts) regimes.push('us-icts');
  return regimes;
}
