import type {
  DataSet,
  Inference,
  OnwardTransfer,
  Organisation,
  Service,
  SourceLocation,
  Vendor,
} from '../model/types.js';
import type { Tri } from './ownership.js';
import type { PersonGraph } from './person-graph.js';

export type { Tri };

/** A person's status under one regime's person test, computed on the ownership graph. */
export interface RegimeStatusFacts {
  /** true | false | 'unknown' (a fact the verdict needs is missing). */
  readonly value: Tri;
  /** Path and shares: `V GmbH (DE) ← 60 % V Pte Ltd (SG) ← 60 % Z Co (CN), organised in China ⇒ covered person …`. */
  readonly evidence: string;
  /** The facts that would settle an 'unknown' value. */
  readonly missing: string[];
  /** Some person up the ownership graph (or the person itself) is located in an adversary country. */
  readonly adversaryOwner: boolean;
}

/** Status of a person (vendor, provider entity) under each regime. */
export interface PersonStatusFacts {
  kind: 'entity' | 'individual' | 'government';
  /** 28 CFR 202.256. */
  usPerson: Tri;
  usPersonReason: string;
  /** DSP covered person, 28 CFR 202.211(a). */
  dsp: RegimeStatusFacts;
  /** ICTS: owned by, controlled by or subject to the jurisdiction or direction of a foreign adversary (15 CFR 791). */
  icts: RegimeStatusFacts;
  /** PADFA: controlled by a foreign adversary (Pub. L. 118-50 div. I §2(c)(2)). */
  padfa: RegimeStatusFacts;
}

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
  /** The list's category (sanctions-blocking, export-control, procurement, securities, telecom-equipment, other). */
  category: string;
  /** What membership means for an organisation buying services from the member. */
  buyerConsequence: string;
  /** The list's severity for a buyer of services (catalogue). */
  severity: string;
  /** Who is listed: the vendor, its provider, a region operator, or an owner further up. */
  party: 'vendor' | 'provider' | 'operator' | 'owner';
  /** A member by name, or treated as one by the list's ownership rule (OFAC 50 %). */
  via: 'member' | 'ownership';
  /** true, or 'unknown' when the ownership rule's test cannot be decided (a share is missing). */
  status: true | 'unknown';
  /** Path and shares for an ownership-rule hit. */
  evidence?: string;
}

/** Who controls something, followed through its ownership chain. */
export interface ControlFacts {
  /** A controlling country could be established. */
  known: boolean;
  controller?: string;
  controllerId?: string;
  country?: string;
  /** Owned by, controlled by or subject to the jurisdiction of a foreign adversary (ICTS test on the graph). */
  adversary: boolean;
  /** Some entity on the controlling path is in an adversary country. */
  adversaryLinked: boolean;
  /** Regimes whose person test the person meets (us-dsp covered person, us-icts, us-padfa controlled). */
  regimes: string[];
  /** The controlling path (largest ≥ 50 % or controlling owner at each step), nearest first: evidence only. */
  chain: ChainLink[];
  /**
   * Share held directly by covered persons or countries of concern (recorded shares), 100 when the person is a
   * covered person itself. Kept for readers of v0.1 facts; the verdict is `dsp.value` on the person.
   */
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

export interface ProviderFacts extends PersonStatusFacts {
  id: string;
  name: string;
  inCatalog: boolean;
  control: ControlFacts;
}

export interface VendorFacts extends PersonStatusFacts {
  id: string;
  name: string;
  criticality: string;
  control: ControlFacts;
  /** 28 CFR 202.211 covered person (`dsp.value === true`). */
  coveredPerson: boolean;
  /** The path and shares that make the vendor a covered person (set only when it is one). */
  coveredPersonReason?: string;
  /** Where the vendor's staff who can access the data are primarily resident. */
  staff: { known: boolean; residence: string[]; countriesOfConcern: string[]; countryOfConcernNames: string[] };
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
  /** Basis of a list finding: prohibited (blocking sanctions on a party the organisation deals with), reportable, exposure, unknown. */
  listBasis: 'prohibited' | 'reportable' | 'exposure' | 'unknown';
  /** Severity of the worst list for a buyer of services (critical when blocked). */
  listSeverity: string;
  /** Why the lists give that basis. */
  listReason: string;
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
  /** The provider (or region operator) or the vendor is adversary-controlled (ICTS) or a covered person (DSP). */
  counterpartyAdversary: boolean;
  /** The vendor is the provider itself: the organisation contracts with the provider directly. */
  vendorIsProvider: boolean;
  /** The organisation's counterparty, the vendor, is a DSP covered person. */
  coveredCounterparty: Tri;
  /** Regimes whose person test a party that can reach the data meets: us-dsp (the vendor is a covered person), us-icts (provider, operator or vendor adversary-controlled). */
  counterpartyRegimes: string[];
  /** The provider or a region operator is a DSP covered person (the vendor's counterparty). */
  providerCovered: Tri;
  /** The status (with its evidence) that decides `providerCovered`: the brand's entity or a region operator. */
  providerDsp: RegimeStatusFacts;
  /** Basis of a DSP claim about this service's data: restricted (vendor covered), unknown, or exposure. */
  dspBasis: 'restricted' | 'unknown' | 'exposure';
  /** Who, in an adversary country, can reach the data: `Alibaba Group Holding Limited (CN), which controls the provider`. */
  counterparties: string[];
  control: ControlFacts;
  /** List hits of the region operators' paths. */
  operatorLists: ListHit[];
  /** The provider's name with who controls the service (the brand's owner or the region operator). */
  providerWithControl: string;
  inferred: Inference[];
  unknowns: string[];
}

/** The basis of a verdict: what the law makes of it (shared contract with the legal model). */
export type Basis = 'prohibited' | 'restricted' | 'reportable' | 'exposure' | 'unknown';

/** 28 CFR 202.211 status of a party: a covered person, not one (e.g. a U.S. person, 202.256), or not known. */
export type CoveredStatus = 'covered' | 'not-covered' | 'unknown';

/** Someone on the other side of a transaction who may get access to the data. */
export interface PartyFacts {
  /** Aggregation key: one per legal person (a catalogue entity id, else the vendor or provider id). */
  key: string;
  name: string;
  role: 'vendor' | 'provider';
  status: CoveredStatus;
  /** An adversary-country link anywhere in its control (a risk, whatever its legal status). */
  adversaryLinked: boolean;
  /** A cloud-computing service provider (28 CFR 202.258, 202.1103). */
  cloud: boolean;
  /** Why the status is what it is. */
  reason: string;
  /** A foreign person: not a U.S. person (28 CFR 202.221, 202.256); `unknown` when that is not known. */
  foreign: Tri;
}

/** One transaction through which a party gets access to the organisation's data (28 CFR 202.210). */
export interface TransactionFacts {
  type: 'vendor' | 'employment' | 'investment' | 'data-brokerage';
  /** Whose obligation the transaction is: the organisation's own, or the vendor's (with its provider). */
  obligation: 'organisation' | 'vendor';
  /** Not declared in the inventory but derived from it (a vendor with services has a vendor agreement). */
  derived: boolean;
  knowinglyDirected: boolean;
  counterparty: PartyFacts;
  exemption?: { section: string; reason: string };
  /** Data brokerage: the 28 CFR 202.302 conditions the inventory records (onward-transfer bar, violations). */
  onwardTransfer?: OnwardTransfer;
}

/** Bulk status of an amount: over the 202.205 threshold, below it, or not known (a count is missing). */
export type BulkStatus = 'exceeded' | 'below' | 'unknown' | 'not-applicable';

export interface BulkFacts {
  category: string;
  /** The counterparty the amount is aggregated with (28 CFR 202.205: per covered person). */
  group: string;
  groupName: string;
  /** Sum of the known counts. */
  total: number;
  /** Data sets with no count: their amount is unknown (never 0, never over the threshold). */
  unknownContributors: number;
  unit: string;
  threshold?: number;
  comparison?: string;
  status: BulkStatus;
  exceeded: boolean;
  citation?: string;
  label?: string;
  contributors: number;
  /** Data sets whose count is their 12-month peak (the rest use the current count). */
  peakContributors: number;
  /** Data sets counted here as part of a combined data set (28 CFR 202.205(g)), not under their own category. */
  combinedContributors: number;
}

/** The DSP verdict for one data set, for the organisation (28 CFR 202.210, 202.301–303, 202.401). */
export interface DspFacts {
  /**
   * `prohibited` / `restricted`: a covered data transaction of that kind; `exempt`: one under subpart E;
   * `unknown`: it would be one, but a fact is missing (counterparty status, a count); `not-covered`: none.
   */
  verdict: 'prohibited' | 'restricted' | 'exempt' | 'unknown' | 'not-covered';
  /** What it means for the organisation: the vendor's own covered transaction is the organisation's exposure. */
  basis: Basis | 'none';
  section?: string;
  obligation?: 'organisation' | 'vendor';
  counterparty?: string;
  transactionType?: string;
  /** The counterparty is a cloud-computing service provider. */
  cloud: boolean;
  regimes: string[];
  evidence: string;
}

/** CISA data-level security requirements for one data set: which the inventory evidences. */
export interface CisaDataFacts {
  status: 'evidenced' | 'unmet' | 'unknown';
  /** `restricted` when unmet (a restricted transaction without the requirements), `unknown` when not recorded. */
  basis: Basis | 'none';
  evidenced: string[];
  missing: string[];
  evidence: string;
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
  /** `provides` unless the inventory says the organisation only receives the data. */
  direction: 'provides' | 'receives-only';
  /** The count used for 202.205: the 12-month peak where known, else the current count. */
  count?: number;
  countBasis: 'peak12Months' | 'current' | 'unknown';
  /**
   * Other categories of sensitive personal data in the same set, or linked to its listed identifiers: combined data
   * (28 CFR 202.205(g)), counted against each category's threshold so the lowest one applies. [] when not combined.
   */
  combinedWith: string[];
  governmentRelated: boolean;
  biospecimens: boolean;
  /** Transactions through which someone gets access to this data set. */
  transactions: TransactionFacts[];
  /** Bulk aggregates (one per counterparty) this data set contributes to. */
  bulk: BulkFacts[];
  /** A bulk threshold is exceeded with a counterparty that is, or may be, a covered person. */
  bulkExceeded: boolean;
  bulkStatus: BulkStatus;
  bulkEvidence: string;
  dsp: DspFacts;
  /** 28 CFR 202.302: the organisation's data brokerage with a foreign person that is not a covered person. */
  onwardTransfer: ObligationFacts & { counterparty?: string };
  cisa: CisaDataFacts;
  /**
   * Regimes whose conditions hold for this data set: `us-dsp` for the organisation's own prohibited or restricted
   * transaction, `us-padfa` for a data broker's transfer to an adversary-controlled counterparty, `us-icts` where an
   * adversary-controlled provider supplies the service (its review authority).
   */
  regimes: string[];
}

/** One duty that follows from the organisation's covered data transactions. */
export interface ObligationFacts {
  /** `unmet` / `unknown` only when the duty applies at --as-of. */
  status: 'met' | 'unmet' | 'unknown' | 'not-applicable';
  basis: Basis | 'none';
  section: string;
  /** The date the duty applies from. */
  effective: string;
  evidence: string;
  /** `us-dsp` when the duty applies and is unmet. */
  regimes: string[];
}

export interface OrganisationDspFacts {
  restricted: number;
  prohibited: number;
  unknown: number;
  /** Restricted transactions involving cloud-computing services. */
  cloudRestricted: number;
  summary: string;
  program: ObligationFacts;
  audit: ObligationFacts;
  records: ObligationFacts;
  annualReport: ObligationFacts;
  rejectedReports: ObligationFacts;
  security: ObligationFacts;
}

export interface OrganisationFacts {
  name: string;
  jurisdiction: string;
  dataBroker: boolean;
  dsp?: OrganisationDspFacts;
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
  /** The ownership graph the person statuses were computed on (where the inventory records each person). */
  persons: PersonGraph;
}

export type { DataSet };
