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

export interface OwnershipLink {
  entity: string;
  /** ISO 3166-1 alpha-2 country of organisation / principal place of business. */
  country?: string;
  /** Share held by this entity in the previous link (nearest first). */
  percent?: number;
  /** Catalogue entity id, when the link names a known entity. */
  ref?: string;
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
  ownership?: OwnershipLink[];
  contract?: Contract;
  exitPlan?: ExitPlan;
  lastAssessed?: string;
  owner?: string;
  services?: Service[];
  /** Vendor-level sub-processors (fourth parties) that process the organisation's data. */
  subprocessors?: string[];
  tags?: Record<string, string>;
  source?: SourceLocation;
}

export interface Organisation {
  name: string;
  jurisdiction?: string;
  awsAccounts?: string[];
  contact?: string;
}

export interface Inventory {
  apiVersion: 'residency/v1';
  kind: 'Inventory';
  organisation: Organisation;
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
