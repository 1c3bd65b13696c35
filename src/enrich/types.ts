import type { DataSet, Inference, Organisation, Service, SourceLocation, Vendor } from '../model/types.js';

/** One link of an ownership chain as resolved by enrichment. */
export interface ChainLink {
  name: string;
  id?: string;
  country?: string;
  /** Share this link holds in the link before it. */
  percent?: number;
  /** Regimes that treat this link's country as an adversary. */
  regimes: string[];
}

export interface ListHit {
  list: string;
  listName: string;
  entity: string;
  since?: string;
  effect: string;
  citation: string;
}

/** Who controls something, followed through its ownership chain. */
export interface ControlFacts {
  /** A controlling country could be established. */
  known: boolean;
  controller?: string;
  controllerId?: string;
  country?: string;
  /** An entity in the controlling chain is organised / has its principal place of business in an adversary country. */
  adversary: boolean;
  /** Some entity anywhere in the chain (even a minority holder) is in an adversary country. */
  adversaryLinked: boolean;
  regimes: string[];
  chain: ChainLink[];
  /** Aggregate share held, directly or indirectly, by adversary-country entities (0–100), when computable. */
  adversaryOwnership: number;
  lists: ListHit[];
  /** Human-readable chain: `alibaba-cloud → Alibaba Cloud US LLC (US) → Alibaba Group Holding Ltd (CN) — …`. */
  evidence: string;
  /** Grouping key of the ultimate controller (used for bulk aggregation). */
  group?: string;
}

export interface HostingFacts {
  known: boolean;
  regions: string[];
  unknownRegions: string[];
  countries: string[];
  adversaryCountries: string[];
  /** English short names of `countries` / `adversaryCountries`, for messages. */
  countryNames: string[];
  adversaryCountryNames: string[];
  adversary: boolean;
  regimes: string[];
  operators: string[];
  evidence: string;
}

export interface ProviderFacts {
  id: string;
  name: string;
  inCatalog: boolean;
  control: ControlFacts;
}

export interface VendorFacts {
  id: string;
  name: string;
  criticality: string;
  control: ControlFacts;
  /** 28 CFR 202.211 covered person. */
  coveredPerson: boolean;
  coveredPersonReason?: string;
  /** Covered person, adversary-linked owner, or any service on an adversary-controlled provider or in an adversary country. */
  adversaryLinked: boolean;
  lastAssessed?: string;
  assessmentAgeDays?: number;
  contract: { ends?: string; regulatoryTermination?: boolean; present: boolean };
  exitPlan: { documented: boolean; lastTested?: string; testedDaysAgo?: number };
  /** Restricted-list memberships of the vendor's chain and of its providers' and region operators' chains. */
  lists: ListHit[];
  /** One line per list: its name and citation, the entities on it (with since), what it restricts. */
  listSummary: string[];
  /** The names of the lists hit, each once. */
  listNames: string[];
  /** `Foo Ltd (GB)` when it controls itself, `Foo Ltd (controlled by Bar Co, CN)`, or `(controlling country unknown)`. */
  nameWithControl: string;
  /** Why the vendor is adversary-linked, as phrases (empty when it is not). */
  adversaryLink: string[];
  /** The evidence behind adversaryLink: the control chain and/or the exposed services' control and hosting. */
  adversaryLinkEvidence: string[];
  /** The vendor and/or providers whose controlling country cannot be resolved. */
  unknownControl: string[];
  /** Whether the vendor itself (not via sub-processors) is exposed. */
  directExposure: boolean;
  transitive: { reaches: boolean; path: string[]; evidence: string; hops: number };
}

export interface ServiceFacts {
  id: string;
  name: string;
  criticality: string;
  access: string;
  storesData: boolean;
  categories: string[];
  sensitive: boolean;
  hosting: HostingFacts;
  provider: ProviderFacts;
  /** Provider brand or any region operator is adversary-controlled. */
  adversaryControlled: boolean;
  /** Either the provider or the vendor is adversary-controlled / a covered person. */
  counterpartyAdversary: boolean;
  /** Who, in an adversary country, can reach the data: `Alibaba Group Holding Limited (CN), which controls the provider`. */
  counterparties: string[];
  control: ControlFacts;
  /** The provider's name with who controls the service (the brand's owner or the region operator). */
  providerWithControl: string;
  inferred: Inference[];
  unknowns: string[];
}

export interface BulkFacts {
  category: string;
  group: string;
  groupName: string;
  total: number;
  unit: string;
  threshold?: number;
  comparison?: string;
  exceeded: boolean;
  citation?: string;
  label?: string;
  contributors: number;
}

export interface DataFacts {
  index: number;
  category: string;
  usPersons?: number;
  devices?: number;
  sensitive: boolean;
  governmentLinked: boolean;
  encrypted: boolean;
  keys: string;
  /** `250,000 US persons`, `20,000 US devices`, both, or `an unknown number of US persons`. */
  amount: string;
  /** How the data is protected at rest, with what follows: `is not encrypted at rest, so the provider can read it`. */
  protection: string;
  /** Bulk aggregates (one per controlling group) this data set contributes to. */
  bulk: BulkFacts[];
  bulkExceeded: boolean;
  bulkEvidence: string;
}

export interface OrganisationFacts {
  name: string;
  jurisdiction: string;
  awsAccounts: string[];
  aws?: {
    account: string;
    arn: string;
    partition: string;
    inInventory: boolean;
    china: boolean;
    failed?: boolean;
  };
}

/** What a rule sees for one target. Missing parts are absent for wider scopes. */
export interface FactSet {
  organisation: OrganisationFacts;
  vendor?: VendorFacts;
  service?: ServiceFacts;
  data?: DataFacts;
  asOf: string;
}

export interface EnrichedService {
  raw: Service;
  facts: ServiceFacts;
  data: DataFacts[];
  location?: SourceLocation;
}

export interface EnrichedVendor {
  raw: Vendor;
  facts: VendorFacts;
  services: EnrichedService[];
  location?: SourceLocation;
}

export interface EnrichedInventory {
  organisation: OrganisationFacts;
  rawOrganisation: Organisation;
  vendors: EnrichedVendor[];
  bulk: BulkFacts[];
  asOf: string;
}

export type { DataSet };
