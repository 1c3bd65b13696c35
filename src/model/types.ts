/**
 * The data model shared by every stage of the pipeline.
 *
 *   load → validate → normalise/import → enrich → evaluate → score → build report → format
 *
 * Everything here is plain data: no functions, no I/O.
 */

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CRITICALITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

export const DATA_CATEGORIES = [
  'personal',
  'health',
  'financial',
  'biometric',
  'precise-geolocation',
  'genomic',
  'omic',
  'government',
  'intellectual-property',
  'credentials',
  'other',
  'unknown',
] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

/** Categories that are "sensitive personal data" or government-related data under 28 CFR 202. */
export const SENSITIVE_CATEGORIES: readonly DataCategory[] = [
  'personal',
  'health',
  'financial',
  'biometric',
  'precise-geolocation',
  'genomic',
  'omic',
  'government',
];

export type AccessLevel = 'none' | 'limited' | 'privileged';

/** The transaction types of a covered data transaction (28 CFR 202.210(a)). */
export const AGREEMENT_TYPES = ['vendor', 'employment', 'investment', 'data-brokerage'] as const;
export type AgreementType = (typeof AGREEMENT_TYPES)[number];

/** Exemptions of 28 CFR part 202 subpart E (202.501–202.511). */
export const EXEMPTION_SECTIONS = [
  '202.501',
  '202.502',
  '202.503',
  '202.504',
  '202.505',
  '202.506',
  '202.507',
  '202.508',
  '202.509',
  '202.510',
  '202.511',
] as const;
export type ExemptionSection = (typeof EXEMPTION_SECTIONS)[number];

export interface Exemption {
  section: ExemptionSection;
  /** Why the transaction falls under the exemption, in the organisation's words (kept as evidence). */
  reason: string;
}

/** One agreement through which a counterparty may get access to the data (28 CFR 202.210). */
export interface Agreement {
  type: AgreementType;
  /**
   * Who is party to it: `organisation` — the organisation's own agreement with the vendor (its obligation);
   * `vendor` — the vendor's agreement with its own (cloud) providers (the vendor's obligation).
   */
  party: 'organisation' | 'vendor';
  /** The organisation knowingly directs the vendor's agreement (28 CFR 202.215, 202.305): its own obligation then. */
  knowinglyDirected?: boolean;
  exemption?: Exemption;
  /**
   * Data brokerage with a foreign person that is not a covered person (28 CFR 202.302): whether the contract bars
   * onward data brokerage of the same data to a country of concern or covered person, and the known or suspected
   * violations of that bar with when they were reported.
   */
  onwardTransfer?: OnwardTransfer;
}

/** The 28 CFR 202.302 conditions on data brokerage with a foreign person that is not a covered person. */
export interface OnwardTransfer {
  /**
   * (a)(1): the contract requires the foreign person to refrain from a subsequent covered data transaction involving
   * data brokerage of the same data with a country of concern or covered person.
   */
  contractualBan?: boolean;
  /** (a)(2), (b): known or suspected violations of that requirement; each is to be reported within 14 days. */
  violations?: OnwardTransferViolation[];
}

export interface OnwardTransferViolation {
  /** The day the organisation became aware of the known or suspected violation (YYYY-MM-DD). */
  awareOn: string;
  /** The day it reported it (YYYY-MM-DD); absent: not reported. */
  reportedOn?: string;
  description?: string;
}

/** Data-level security requirements of the CISA security requirements the inventory can evidence. */
export interface DataControls {
  /** Data minimisation: only the data the transaction needs is shared. */
  minimisation?: boolean;
  /** Masking, pseudonymisation, aggregation or de-identification. */
  masking?: boolean;
  /** Privacy-enhancing technologies (e.g. homomorphic encryption, differential privacy). */
  privacyEnhancing?: boolean;
  /** Identity and access management that denies covered persons access to the data. */
  accessDenied?: boolean;
}

/** The organisation's compliance records for the Data Security Program (28 CFR 202 subparts J and K). */
export interface Compliance {
  /** Data compliance programme (202.1001). */
  program?: { written?: boolean; lastCertified?: string };
  /** Independent annual audit (202.1002). */
  audit?: { lastCompleted?: string; independent?: boolean };
  /** How long records of covered data transactions are kept (202.1101: 10 years). */
  recordsRetentionYears?: number;
  /** Annual report for restricted transactions involving cloud-computing services (202.1103). */
  annualReport?: { lastFiled?: string };
  /** Offers of prohibited data-brokerage transactions the organisation rejected, and when it reported them (202.1104). */
  rejectedOffers?: { rejected: string; reported?: string; description?: string }[];
  /** The CISA organisational and system-level security requirements are implemented (202.248, 202.401). */
  securityRequirements?: { organisational?: boolean };
}
export type KeyCustody = 'customer' | 'provider' | 'none';

/** 1-based positions, from parse time onward. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  /** JSON pointer inside the file (RFC 6901), '' for the root; absent for non-tree sources such as CSV. */
  pointer?: string;
}

// ---------------------------------------------------------------------------
// Canonical inventory (schemas/inventory.schema.json)
// ---------------------------------------------------------------------------

/**
 * One link of the legacy ownership chain (`vendors[].ownership`, v0.1): the first link is the vendor's own legal
 * entity, each next link owns the one before with `percent`. Mapped to graph edges by src/enrich/persons.ts.
 */
export interface OwnershipLink {
  entity: string;
  /** ISO 3166-1 alpha-2 country of organisation / principal place of business. */
  country?: string;
  /** Share held by this entity in the previous link (nearest first). */
  percent?: number;
  /** Catalogue entity id, when the link names a known entity. */
  ref?: string;
}

export type PersonKind = 'entity' | 'individual' | 'government';

/** Facts about a person (entity, individual or government) that decide its status under each regime. */
export interface PersonFacts {
  /** Default: entity. */
  kind?: PersonKind;
  /** Entity: country under whose laws it is organised. Government: its country. */
  country?: string;
  /** Entity: principal place of business / headquarters, when different. */
  principalPlaceOfBusiness?: string;
  /** Individual: country of primary residence. */
  residence?: string;
  /** Individual: citizenships. */
  citizenship?: string[];
  /** Individual: country of lawful permanent residence (a US green card makes a U.S. person). */
  permanentResident?: string;
  /** Designated by the Attorney General as a covered person (28 CFR 202.211(a)(5)). */
  designated?: boolean;
  /** Individual: ids or names of the entities or governments the person works for (202.211(a)(3)). */
  employers?: string[];
  /**
   * Ids or names of the persons or governments at whose order, request or direction it acts, whatever the ownership:
   * ICTS "subject to the … direction of a foreign adversary" (15 CFR 791), PADFA (C) "direction or control".
   */
  directedBy?: string[];
}

/** An owner of a vendor or of an inventory entity: an inventory `entities[].id`, a catalogue entity, or a name. */
export interface Owner extends PersonFacts {
  entity: string;
  /** Share held, directly (0–100]. Unknown when absent: the verdict is then 'unknown', never 100 %. */
  percent?: number;
  /** The owner controls the owned person whatever its share (board control, golden share). */
  controlling?: boolean;
}

/** A person several vendors share as owner (inventory `entities:`). */
export interface InventoryEntity extends PersonFacts {
  id: string;
  name?: string;
  owners?: Owner[];
}

export interface EncryptionInfo {
  atRest?: boolean;
  inTransit?: boolean;
  keys?: KeyCustody;
}

export interface DataSet {
  category: DataCategory;
  /** Number of distinct US persons whose data this is (per 28 CFR 202.205). */
  usPersons?: number;
  /** Number of US devices (precise geolocation). */
  devices?: number;
  encryption?: EncryptionInfo;
  description?: string;
  /** The data set is marketed as linked to US Government personnel or locations (28 CFR 202.222). */
  governmentLinked?: boolean;
  /** Government-related data (28 CFR 202.222): the same fact as `governmentLinked`, under the regulation's name. */
  governmentRelated?: boolean;
  /**
   * `provides` (the default): the organisation gives the service's operators access to the data;
   * `receives-only`: the organisation only receives this data from the counterparty (28 CFR 202.210(b)(3)).
   */
  direction?: 'provides' | 'receives-only';
  /** Highest number of US persons (devices for precise geolocation) over the preceding 12 months (28 CFR 202.205). */
  peak12Months?: number;
  /** Human biospecimens from which 'omic data could be derived (28 CFR 202.223, 202.303). */
  biospecimens?: boolean;
  /**
   * Other categories of sensitive personal data the same collection or set contains, or to which its listed
   * identifiers are linked: combined data (28 CFR 202.205(g)); the lowest threshold of the categories present applies.
   */
  combinedWith?: DataCategory[];
  /** Data-level CISA security requirements in place for this data set. */
  controls?: DataControls;
}

export interface CustomProvider {
  name: string;
  country?: string;
  /** Catalogue entity id or free-text name of the parent. */
  parent?: string;
}

export type ProviderRef = string | CustomProvider;

/** A fact the importer could not read from the source but derived; shown in reports. */
export interface Inference {
  fact: string;
  from: string;
}

export interface Service {
  id: string;
  name?: string;
  description?: string;
  provider: ProviderRef;
  regions?: string[];
  countries?: string[];
  data?: DataSet[];
  access?: AccessLevel;
  criticality?: Criticality;
  /** Ids of other vendors that process this service's data (fourth parties). */
  subprocessors?: string[];
  /** Resource kind when imported (e.g. `alicloud_oss_bucket`). */
  resourceType?: string;
  /** Whether the service stores data; unknown when undefined. */
  storesData?: boolean;
  /** Where an importer found this service (kept through `residency import`). */
  source?: SourceLocation;
  inferred?: Inference[];
  /** Notes about facts an importer could not resolve. */
  unknowns?: string[];
  tags?: Record<string, string>;
}

export interface Contract {
  ends?: string;
  starts?: string;
  regulatoryTermination?: boolean;
  reference?: string;
}

export interface ExitPlan {
  documented?: boolean;
  lastTested?: string;
}

export interface Vendor {
  id: string;
  name: string;
  aliases?: string[];
  description?: string;
  website?: string;
  /** Country of organisation. */
  country?: string;
  /** Country of principal place of business, when different. */
  principalPlaceOfBusiness?: string;
  criticality?: Criticality;
  /** Legacy chain (v0.1), still accepted: the vendor's legal entity first, each next link owning the one before. */
  ownership?: OwnershipLink[];
  /** Direct owners with shares (the ownership graph); owners' own owners live in `entities:` or the catalogue. */
  owners?: Owner[];
  /** Entity (default) or individual (a contractor), government. */
  kind?: PersonKind;
  /** Individual vendor: primary residence, citizenships, US permanent residence. */
  residence?: string;
  citizenship?: string[];
  permanentResident?: string;
  /** Designated by the Attorney General as a covered person (28 CFR 202.211(a)(5)). */
  designated?: boolean;
  /** Persons or governments at whose direction the vendor acts (ICTS, PADFA (C)); see PersonFacts.directedBy. */
  directedBy?: string[];
  /** Countries where the vendor's staff who can access the data are primarily resident. */
  staffResidence?: string[];
  contract?: Contract;
  exitPlan?: ExitPlan;
  lastAssessed?: string;
  owner?: string;
  services?: Service[];
  /** Vendor-level sub-processors (fourth parties) that process the organisation's data. */
  subprocessors?: string[];
  /** The agreements through which the vendor and its providers get access to the data (28 CFR 202.210). */
  agreements?: Agreement[];
  /** The vendor is a data broker (PADFA, Pub. L. 118-50 div. I §2(c)(3); 28 CFR 202.214). */
  dataBroker?: boolean;
  /** `subsidiary`: the organisation's own subsidiary; `branch`: its own office abroad (part of the organisation). */
  relationship?: 'third-party' | 'subsidiary' | 'branch';
  tags?: Record<string, string>;
  source?: SourceLocation;
}

export interface Organisation {
  name: string;
  /** The organisation holds or bids for DoD contracts (the §1260H contracting bars then bear on it). */
  dodContractor?: boolean;
  jurisdiction?: string;
  awsAccounts?: string[];
  contact?: string;
  /** The organisation sells or licenses data it did not collect itself (data broker; 28 CFR 202.214, PADFA). */
  dataBroker?: boolean;
  /** Share of the organisation's equity owned, directly or indirectly, by countries of concern or covered persons. */
  coveredOwnershipPercent?: number;
  compliance?: Compliance;
}

export interface Inventory {
  apiVersion: 'residency/v1';
  kind: 'Inventory';
  organisation: Organisation;
  /** Owners shared by several vendors (referenced by id from `owners[].entity`). */
  entities?: InventoryEntity[];
  vendors: Vendor[];
}

// ---------------------------------------------------------------------------
// Diagnostics and errors
// ---------------------------------------------------------------------------

export interface Diagnostic {
  /** Stable error code, documented in docs/errors.md (e.g. `E_SCHEMA`). */
  code: string;
  severity: 'error' | 'warning';
  message: string;
  file?: string;
  line?: number;
  column?: number;
  pointer?: string;
  /** What was expected at this place. */
  expected?: string;
  /** How to fix it. */
  hint?: string;
}

/** The organisation name of an inventory made only of imported inputs. */
export const DEFAULT_ORGANISATION = 'Imported inventory';
