/**
 * The catalogue: cited facts about regimes, legal entities, providers and their regions.
 * Data lives in rules/catalog/*.yaml (schema: schemas/catalog.schema.json); user files can add
 * or override entries by id.
 */

/** Every fact carries where it comes from and when it was true. */
export interface Cited {
  /** Regulation section ("28 CFR 202.601") and/or documentation URL. */
  source: string;
  /** Date the fact was checked (YYYY-MM-DD). */
  asOf: string;
  /** Set when the fact is our reading rather than a stated fact; the text says what was interpreted. */
  interpretation?: string;
  note?: string;
}

export interface RegimeMember {
  /** ISO 3166-1 alpha-2 code of the main country. */
  country: string;
  /** Exact label in the regulation text. */
  label: string;
  /** Other codes this member covers (e.g. HK and MO for China under 28 CFR 202.208). */
  includes?: string[];
}

export interface Regime extends Cited {
  id: string;
  name: string;
  /** Whose law it is (ISO code), matched against organisation.jurisdiction. */
  jurisdiction: string;
  citation: string;
  /** What "adversary" is called in this regime ("foreign adversary", "country of concern"). */
  term: string;
  effective?: string;
  restricts: string;
  members: RegimeMember[];
}

export interface BulkThreshold extends Cited {
  /** Inventory data category. */
  category: string;
  /** The amount meets the threshold when it is **greater than or equal to** this value... */
  threshold: number;
  /** ...or strictly greater, as the regulation says. */
  comparison: 'gt' | 'gte';
  unit: 'usPersons' | 'devices';
  citation: string;
  label: string;
}

export interface CoveredPersonTest extends Cited {
  citation: string;
  /** Aggregate direct or indirect ownership by countries of concern / covered persons that makes an entity covered. */
  ownershipPercent: number;
  /** Regime whose countries of concern are used. */
  regime: string;
}

/** What kind of legal instrument a restricted list is (drives what membership means for a buyer). */
export type ListCategory =
  | 'sanctions-blocking'
  | 'export-control'
  | 'procurement'
  | 'securities'
  | 'telecom-equipment'
  | 'other';

export const LIST_CATEGORIES: readonly ListCategory[] = [
  'sanctions-blocking',
  'export-control',
  'procurement',
  'securities',
  'telecom-equipment',
  'other',
];

/** How serious membership is for an organisation buying services from a member. */
export type ListSeverity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** A period during which a rule is not applied (e.g. the BIS Affiliates rule, suspended by a later rule). */
export interface Suspension {
  /** First day the rule is not applied (YYYY-MM-DD). */
  from: string;
  /** Last day of the suspension (inclusive); absent when open-ended or not known. */
  until?: string;
  source: string;
  note?: string;
}

/**
 * Entities owned `percent` % or more by listed persons are treated as listed too
 * (OFAC 50 Percent Rule; BIS Affiliates rule).
 */
export interface OwnershipRule extends Cited {
  percent: number;
  /** True when holdings of several listed persons are added up ("in the aggregate"). */
  aggregate: boolean;
  citation: string;
  /** Set while the rule is suspended: the engine must not apply it on dates inside the suspension. */
  suspended?: Suspension;
}

/** A consequence of membership that starts on a given date (e.g. §805 DoD contracting bans). */
export interface EffectiveDate {
  from: string;
  effect: string;
  citation?: string;
}

export interface RestrictedList extends Cited {
  id: string;
  name: string;
  authority: string;
  citation: string;
  /** What membership restricts (shown in findings). */
  effect: string;
  category: ListCategory;
  /** What membership means for an organisation BUYING services from a member (one sentence). */
  buyerConsequence: string;
  severity: ListSeverity;
  ownershipRule?: OwnershipRule;
  effectiveDates?: EffectiveDate[];
}

export interface ListMembership extends Cited {
  list: string;
  /** Date the entity was added (YYYY-MM-DD), where known. */
  since?: string;
  /** Date the entity was removed (YYYY-MM-DD): it is not a member on or after this date. */
  until?: string;
}

export interface EntityOwner {
  /** Entity id of the owner. */
  entity: string;
  /** Share held; absent when the share is not known (never assume 100 %). */
  percent?: number;
  /** True when the owner controls the entity (by votes, golden share, contract) whatever its share. */
  control?: boolean;
  /** What is held: equity shares, voting rights, a special ("golden") share, or control by contract (VIE). */
  kind?: 'shares' | 'votes' | 'special-share' | 'contractual' | 'fund-units';
  source?: string;
  asOf?: string;
  interpretation?: string;
  note?: string;
}

export interface Entity extends Cited {
  id: string;
  name: string;
  /** Country of organisation. */
  country: string;
  principalPlaceOfBusiness?: string;
  aliases?: string[];
  /** Owners, largest first; the ultimate controller is reached by following controlling owners. */
  owners?: EntityOwner[];
  /** Set for state bodies and individuals at the top of a chain. */
  stateOwned?: boolean;
  lists?: ListMembership[];
}

export interface Region {
  id: string;
  name?: string;
  country: string;
  /** Entity id of the operator, where it differs from the provider's entity. */
  operator?: string;
  partition?: string;
  status?: 'active' | 'closed' | 'planned';
  /** Availability-zone ids that belong to this region (e.g. ru-central1-a). */
  zones?: string[];
  /** Per-region citation; otherwise the provider's regionsSource applies. */
  source?: string;
  asOf?: string;
  interpretation?: string;
}

export interface TerraformInfo {
  /** Registry sources (`aliyun/alicloud`). */
  sources: string[];
  /** Resource and data-source prefix (`alicloud_`). */
  prefix: string;
  /** Provider argument(s) that hold the region, in order of precedence (`region`, `zone`, `location`). */
  regionArguments?: string[];
  /** Environment variable that sets the region. */
  regionEnv?: string;
  /** Value of the provider `environment` argument that selects a partition (azurerm `china`). */
  environments?: Record<string, { regions?: string[]; operator?: string; country?: string }>;
}

export interface Provider extends Cited {
  id: string;
  name: string;
  aliases?: string[];
  /** The brand's operating / contracting entity (catalogue entity id). */
  entity: string;
  website?: string;
  /** Host-name suffixes that identify endpoints of this provider. */
  domains?: string[];
  kind?: 'hyperscaler' | 'regional' | 'cdn' | 'saas' | 'telecom';
  terraform?: TerraformInfo;
  /** Where the region list comes from. */
  regionsSource: string;
  regionsAsOf: string;
  /** True when the list is known to be partial ("with what is known"). */
  regionsPartial?: boolean;
  regions: Region[];
}

export interface CountryInfo {
  code: string;
  name: string;
  /** Other names, demonyms used as names, and major cities (for free-text locations). */
  names?: string[];
}

export interface DataStoreType {
  /** Terraform resource type or prefix pattern (`alicloud_oss_bucket`, `aws_s3_*`). */
  pattern: string;
  kind: string;
}

/**
 * How a provider names its zones, when the zone id is not simply listed under its region: a regular
 * expression whose named group `region` is the region id (`^(?<region>ap-[a-z]+)-\d+$`).
 */
export interface ZonePattern extends Cited {
  /** Catalogue provider id. */
  provider: string;
  pattern: string;
  /** A zone id the pattern maps, for readers and tests (`ap-guangzhou-3`). */
  example?: string;
}

/** A region the provider's Terraform plugin uses when its configuration sets none (documented default). */
export interface ProviderDefault extends Cited {
  /** Catalogue provider id. */
  provider: string;
  region: string;
  /** Provider argument that would set it (`region`). */
  argument?: string;
  /** Environment variable read before the default. */
  env?: string;
}

/** A sub-processor people name by product (DashScope, Slack), with the company that runs it. */
export interface Subprocessor extends Cited {
  id: string;
  name: string;
  aliases?: string[];
  kind?: 'ai-model' | 'saas';
  /** Catalogue provider that runs it … */
  provider?: string;
  /** … or catalogue entity … */
  entity?: string;
  /** … or, when the company is not in the catalogue, its name and country of organisation. */
  company?: string;
  country?: string;
}

export interface CatalogFile {
  apiVersion: 'residency/v1';
  kind: 'Catalog';
  metadata?: { name?: string; version?: string; asOf?: string; description?: string };
  regimes?: Regime[];
  bulkThresholds?: BulkThreshold[];
  coveredPerson?: CoveredPersonTest;
  lists?: RestrictedList[];
  entities?: Entity[];
  providers?: Provider[];
  countries?: CountryInfo[];
  dataStores?: DataStoreType[];
  zonePatterns?: ZonePattern[];
  providerDefaults?: ProviderDefault[];
  subprocessors?: Subprocessor[];
}

/** The merged, indexed catalogue used by enrichment. */
export interface Catalog {
  version: string;
  sha256: string;
  /** Newest `asOf` date of any fact in the catalogue (YYYY-MM-DD); absent when none has one. */
  newestAsOf?: string;
  regimes: Map<string, Regime>;
  bulkThresholds: BulkThreshold[];
  coveredPerson: CoveredPersonTest;
  lists: Map<string, RestrictedList>;
  entities: Map<string, Entity>;
  providers: Map<string, Provider>;
  countries: Map<string, CountryInfo>;
  dataStores: DataStoreType[];
  /** (provider id, region id) → region. */
  regionIndex: Map<string, Map<string, Region>>;
  /** (provider id, zone id) → region. */
  zoneIndex: Map<string, Map<string, Region>>;
  /** provider id → zone naming patterns (tried after the zone index). */
  zonePatterns: Map<string, ZonePattern[]>;
  /** provider id → documented default region of its Terraform plugin. */
  providerDefaults: Map<string, ProviderDefault>;
  /** Sub-processors by id. */
  subprocessors: Map<string, Subprocessor>;
  /** lower-cased alias / name → provider id or entity id. */
  providerAliases: Map<string, string>;
  entityAliases: Map<string, string>;
}
