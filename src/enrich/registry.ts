/**
 * The fact registry: every fact path a rule can read (`when`, `appliesWhen`, `evidence`, `regimesFrom`,
 * `{{placeholders}}` in messages), with its type and one line for docs/writing-rules.md.
 *
 * Rules are checked against this table when they load (src/engine/check-facts.ts), so a typo in a fact
 * path is a located error instead of a check that silently never fails. test/unit/enrich/registry.test.ts
 * enriches sample inventories and fails when a fact the enrichment produces is missing here, or when an
 * entry here is never produced: add an entry (and, if needed, a sample in test/fixtures/facts/) whenever
 * you add a fact. `npm run docs:rules` regenerates the table in docs/writing-rules.md.
 *
 * Types: `string`, `number`, `boolean`, `tri` (`true`, `false` or the string `unknown`), `object`, or `T[]` (a list; rules cannot look inside list
 * elements, the description names their fields). A trailing `?` marks a fact that may be absent
 * (unknown): conditions on it see `undefined` and messages print `unknown`.
 */
export interface FactInfo {
  type: string;
  description: string;
}

/** The facts of one ownership-control resolution; the same shape under several parents. */
const CONTROL: Record<string, FactInfo> = {
  '': { type: 'object', description: 'who controls it, followed through its ownership chain' },
  known: { type: 'boolean', description: 'a controlling country could be established' },
  controller: { type: 'string?', description: 'name of the ultimate controller' },
  controllerId: { type: 'string?', description: 'catalogue id of the ultimate controller' },
  country: { type: 'string?', description: 'country of the ultimate controller (ISO 3166 alpha-2)' },
  adversary: {
    type: 'boolean',
    description:
      'owned by, controlled by or subject to the jurisdiction of a foreign adversary (the ICTS test on the ownership graph, `icts.value`)',
  },
  adversaryLinked: {
    type: 'boolean',
    description: 'some entity on the controlling path is in an adversary country',
  },
  adversaryOwnership: {
    type: 'number',
    description:
      'share held directly by covered persons or countries of concern (recorded shares; 100 when covered itself); the verdict is `dsp.value`',
  },
  regimes: {
    type: 'string[]',
    description: 'regimes whose person test it meets: `us-dsp` (covered person), `us-icts`, `us-padfa` (controlled)',
  },
  chain: {
    type: 'ChainLink[]',
    description:
      'the controlling path (evidence only), one link per owner of 50 % or more or recorded as controlling: `name`, `id`, `country`, `percent`, `regimes`',
  },
  lists: {
    type: 'ListHit[]',
    description:
      "restricted-list hits on the path, current at `asOf`, and by a list's ownership rule (OFAC 50 %): `list`, `listName`, `entity`, `since`, `effect`, `citation`, `category`, `buyerConsequence`, `severity`, `party`, `via`, `status`, `evidence`",
  },
  evidence: { type: 'string', description: 'the chain in one human-readable line' },
  group: { type: 'string?', description: 'grouping key of the ultimate controller (bulk aggregation)' },
};

/** One duty that follows from the organisation's covered data transactions (28 CFR 202.1001–1104, CISA). */
const OBLIGATION: Record<string, FactInfo> = {
  '': { type: 'object', description: 'one duty that follows from covered data transactions' },
  status: {
    type: 'string',
    description:
      '`met`, `unmet`, `unknown` or `not-applicable` (`unmet` / `unknown` only when the duty applies at `asOf`)',
  },
  basis: { type: 'string', description: 'what the law makes of it: a basis, or `none`' },
  section: { type: 'string', description: 'the section that imposes the duty' },
  effective: { type: 'string', description: 'the date the duty applies from' },
  evidence: { type: 'string', description: 'the duty and its status in one line' },
  regimes: { type: 'string[]', description: '`us-dsp` when the duty applies and is unmet' },
};

/** A person's status under one regime's person test, on the ownership graph (src/enrich/persons.ts). */
const REGIME_STATUS: Record<string, FactInfo> = {
  '': { type: 'object', description: "status under one regime's person test" },
  value: { type: 'tri', description: '`true`, `false` or `unknown` (a fact the verdict needs is missing)' },
  evidence: {
    type: 'string',
    description: 'path and shares: `V GmbH (DE) ← 60 % V Pte Ltd (SG) ← … ⇒ covered person …`',
  },
  missing: { type: 'string[]', description: 'the facts that would settle an `unknown` value' },
  adversaryOwner: {
    type: 'boolean',
    description: 'some person up the ownership graph (or the person itself) is in an adversary country',
  },
};

/** Status of a person (vendor, provider entity) under each regime. */
const PERSON: Record<string, FactInfo> = {
  kind: { type: 'string', description: '`entity`, `individual` or `government`' },
  usPerson: { type: 'tri', description: 'a U.S. person (28 CFR 202.256): `true`, `false` or `unknown`' },
  usPersonReason: { type: 'string', description: 'why it is (or is not) a U.S. person' },
};

function person(prefix: string, what: string): Record<string, FactInfo> {
  const out: Record<string, FactInfo> = {};
  for (const [key, info] of Object.entries(PERSON))
    out[`${prefix}.${key}`] = { ...info, description: `${what}: ${info.description}` };
  return {
    ...out,
    ...under(`${prefix}.dsp`, REGIME_STATUS, `${what}: DSP covered person (28 CFR 202.211(a))`),
    ...under(
      `${prefix}.icts`,
      REGIME_STATUS,
      `${what}: owned by, controlled by or subject to the jurisdiction of a foreign adversary (15 CFR 791; interpretation)`,
    ),
    ...under(`${prefix}.padfa`, REGIME_STATUS, `${what}: controlled by a foreign adversary (PADFA §2(c)(2), 20 %)`),
  };
}

function under(prefix: string, table: Record<string, FactInfo>, what: string): Record<string, FactInfo> {
  const out: Record<string, FactInfo> = {};
  for (const [key, info] of Object.entries(table)) {
    out[key ? `${prefix}.${key}` : prefix] = key ? info : { ...info, description: `${what}: ${info.description}` };
  }
  return out;
}

export const FACTS: Readonly<Record<string, FactInfo>> = {
  asOf: { type: 'string', description: 'the date of the run (`--as-of`, YYYY-MM-DD)' },

  organisation: { type: 'object', description: 'the organisation the inventory describes (every scope)' },
  'organisation.name': { type: 'string', description: 'from the inventory' },
  'organisation.jurisdiction': { type: 'string', description: 'from the inventory (default `US`)' },
  'organisation.dataBroker': { type: 'boolean', description: 'the organisation is a data broker (inventory; PADFA)' },
  'organisation.dsp': {
    type: 'object?',
    description: "the organisation's covered data transactions under 28 CFR 202 and the duties that follow",
  },
  'organisation.dsp.restricted': { type: 'number', description: 'number of restricted covered data transactions' },
  'organisation.dsp.prohibited': { type: 'number', description: 'number of prohibited covered data transactions' },
  'organisation.dsp.unknown': {
    type: 'number',
    description: 'number of transactions that would be covered but miss a fact (status, count)',
  },
  'organisation.dsp.cloudRestricted': {
    type: 'number',
    description: 'restricted transactions involving cloud-computing services',
  },
  'organisation.dsp.summary': { type: 'string', description: 'the counts in one line' },
  ...under('organisation.dsp.program', OBLIGATION, 'data compliance program (28 CFR 202.1001)'),
  ...under('organisation.dsp.audit', OBLIGATION, 'annual audit (28 CFR 202.1002)'),
  ...under('organisation.dsp.records', OBLIGATION, 'record keeping (28 CFR 202.1101)'),
  ...under('organisation.dsp.annualReport', OBLIGATION, 'annual report (28 CFR 202.1103)'),
  ...under('organisation.dsp.rejectedReports', OBLIGATION, 'reports of rejected transactions (28 CFR 202.1104)'),
  ...under('organisation.dsp.security', OBLIGATION, 'CISA security requirements (28 CFR 202.248)'),
  'organisation.awsAccounts': { type: 'string[]', description: 'AWS account ids declared in the inventory' },
  'organisation.aws': { type: 'object?', description: 'the AWS caller identity, with `check --aws-identity` only' },
  'organisation.aws.account': { type: 'string', description: 'AWS account id of the caller' },
  'organisation.aws.arn': { type: 'string', description: 'ARN of the caller' },
  'organisation.aws.partition': { type: 'string', description: '`aws`, `aws-cn`, `aws-us-gov`…' },
  'organisation.aws.inInventory': { type: 'boolean', description: 'the account is in `organisation.awsAccounts`' },
  'organisation.aws.china': { type: 'boolean', description: 'the partition is AWS China (`aws-cn`)' },

  vendor: { type: 'object', description: 'one vendor (vendor, service and data scopes)' },
  'vendor.id': { type: 'string', description: 'from the inventory' },
  'vendor.name': { type: 'string', description: 'from the inventory' },
  'vendor.criticality': { type: 'string', description: 'from the inventory (default `medium`)' },
  ...under('vendor.control', CONTROL, "the vendor's own ownership chain"),
  ...person('vendor', 'the vendor'),
  'vendor.coveredPerson': {
    type: 'boolean',
    description: 'the vendor is a covered person (`vendor.dsp.value` is true)',
  },
  'vendor.coveredPersonReason': {
    type: 'string?',
    description: 'why the vendor is a covered person (the path and shares), set only when it is',
  },
  'vendor.staff': { type: 'object', description: "where the vendor's staff who can access the data are resident" },
  'vendor.staff.known': { type: 'boolean', description: 'the inventory records `staffResidence`' },
  'vendor.staff.residence': { type: 'string[]', description: 'countries of primary residence (ISO alpha-2)' },
  'vendor.staff.countriesOfConcern': { type: 'string[]', description: 'those that are countries of concern' },
  'vendor.staff.countryOfConcernNames': { type: 'string[]', description: 'English names of those countries' },
  'vendor.listBasis': {
    type: 'string',
    description:
      'basis of a list finding: `prohibited` (blocking sanctions on the vendor, provider or operator), `unknown` (a share decides it), `reportable` (§1260H for a DoD contractor), `exposure`',
  },
  'vendor.listSeverity': { type: 'string', description: "the worst list's severity for a buyer of services" },
  'vendor.listReason': { type: 'string', description: 'why the lists give that basis' },
  'vendor.adversaryLinked': {
    type: 'boolean',
    description: 'covered person, an adversary-country owner anywhere in the chain, or an exposed service',
  },
  'vendor.lastAssessed': { type: 'string?', description: 'date of the last assessment (inventory)' },
  'vendor.assessmentAgeDays': { type: 'number?', description: 'days from `lastAssessed` to `asOf`' },
  'vendor.contract': { type: 'object', description: 'the contract with the vendor' },
  'vendor.contract.present': { type: 'boolean', description: 'the inventory describes a contract' },
  'vendor.contract.ends': { type: 'string?', description: 'end date of the contract' },
  'vendor.contract.regulatoryTermination': {
    type: 'boolean?',
    description: 'the contract can be terminated for regulatory reasons',
  },
  'vendor.exitPlan': { type: 'object', description: 'the exit plan for the vendor' },
  'vendor.exitPlan.documented': { type: 'boolean', description: 'an exit plan is documented' },
  'vendor.exitPlan.lastTested': { type: 'string?', description: 'date the exit plan was last tested' },
  'vendor.exitPlan.testedDaysAgo': { type: 'number?', description: 'days from `lastTested` to `asOf`' },
  'vendor.lists': {
    type: 'ListHit[]',
    description: "restricted-list memberships in the vendor's, its providers' and region operators' chains",
  },
  'vendor.listSummary': { type: 'string[]', description: 'one line per list hit: entity, list, since, effect' },
  'vendor.listNames': { type: 'string[]', description: 'the names of the lists hit, each once' },
  'vendor.nameWithControl': {
    type: 'string',
    description: '`Foo Ltd (GB)`, `Foo Ltd (controlled by Bar Co, CN)` or `Foo Ltd (controlling country unknown)`',
  },
  'vendor.adversaryLink': {
    type: 'string[]',
    description: 'why the vendor is adversary-linked, as phrases (empty when it is not)',
  },
  'vendor.adversaryLinkEvidence': {
    type: 'string[]',
    description:
      "the evidence behind `adversaryLink`: the control chain and/or the exposed services' control and hosting",
  },
  'vendor.unknownControl': {
    type: 'string[]',
    description: 'the vendor and/or providers whose controlling country cannot be resolved',
  },
  'vendor.directExposure': { type: 'boolean', description: 'the vendor itself (not via sub-processors) is exposed' },
  'vendor.transitive': { type: 'object', description: 'exposure through sub-processors' },
  'vendor.transitive.reaches': {
    type: 'boolean',
    description: 'a sub-processor chain (1 hop or more) reaches an exposed vendor; cycles handled',
  },
  'vendor.transitive.path': {
    type: 'string[]',
    description: 'the shortest such chain, vendor ids, every one (listed when read)',
  },
  'vendor.transitive.evidence': {
    type: 'string',
    description: 'the chain in one line; past 10 vendors, its first 5, how many more, its last 3',
  },
  'vendor.transitive.hops': { type: 'number', description: 'number of hops of the chain' },

  service: { type: 'object', description: 'one service of the vendor (service and data scopes)' },
  'service.id': { type: 'string', description: 'from the inventory' },
  'service.name': { type: 'string', description: 'from the inventory (default: the id)' },
  'service.criticality': { type: 'string', description: "from the inventory (default: the vendor's)" },
  'service.access': { type: 'string', description: 'access the service has (`none` when not given)' },
  'service.storesData': { type: 'boolean', description: 'the service stores data' },
  'service.categories': { type: 'string[]', description: 'categories of the data sets of the service' },
  'service.sensitive': { type: 'boolean', description: 'one of the data sets is of a sensitive category' },
  'service.hosting': { type: 'object', description: 'where the data is, keyed by provider **and** region' },
  'service.hosting.known': {
    type: 'boolean',
    description: 'at least one region is given and the catalogue knows every one',
  },
  'service.hosting.regions': { type: 'string[]', description: 'regions from the inventory' },
  'service.hosting.unknownRegions': { type: 'string[]', description: 'regions the catalogue does not know' },
  'service.hosting.countries': { type: 'string[]', description: 'countries of the regions (ISO alpha-2)' },
  'service.hosting.adversaryCountries': { type: 'string[]', description: 'those countries that are adversaries' },
  'service.hosting.countryNames': { type: 'string[]', description: 'English short names of `countries`' },
  'service.hosting.adversaryCountryNames': {
    type: 'string[]',
    description: 'English short names of `adversaryCountries`',
  },
  'service.hosting.adversary': { type: 'boolean', description: 'some region is in an adversary country' },
  'service.hosting.regimes': { type: 'string[]', description: 'regimes that treat a hosting country as an adversary' },
  'service.hosting.operators': { type: 'string[]', description: 'catalogue ids of region operators' },
  'service.hosting.evidence': { type: 'string', description: 'the hosting in one line' },
  'service.provider': { type: 'object', description: 'the provider brand' },
  'service.provider.id': { type: 'string', description: 'provider id' },
  'service.provider.name': { type: 'string', description: 'provider name' },
  'service.provider.inCatalog': { type: 'boolean', description: 'the provider is in the catalogue' },
  ...person('service.provider', "the provider brand's entity"),
  ...under('service.provider.control', CONTROL, "the provider brand's ownership chain"),
  ...under(
    'service.control',
    CONTROL,
    "effective control: the provider's, or a region operator's when that is adversary-controlled (AWS China → Sinnet / NWCD, Azure China → 21Vianet)",
  ),
  'service.adversaryControlled': {
    type: 'boolean',
    description: 'the provider brand or a region operator is adversary-controlled (`service.control.adversary`)',
  },
  'service.counterpartyAdversary': {
    type: 'boolean',
    description: 'the provider or the vendor is adversary-controlled or a covered person',
  },
  'service.coveredCounterparty': {
    type: 'tri',
    description: "the organisation's counterparty, the vendor, is a covered person: `true`, `false`, `unknown`",
  },
  'service.counterpartyRegimes': {
    type: 'string[]',
    description:
      'regimes whose person test a party that can reach the data meets: `us-dsp` (the vendor is a covered person), `us-icts` (provider, operator or vendor adversary-controlled)',
  },
  'service.providerCovered': {
    type: 'tri',
    description:
      "the provider or a region operator is a covered person (the vendor's counterparty): `true`, `false`, `unknown`",
  },
  ...under('service.providerDsp', REGIME_STATUS, 'the status that decides `providerCovered`'),
  'service.dspBasis': {
    type: 'string',
    description: 'basis of a DSP claim on the vendor: `restricted` (vendor covered), `unknown`, `exposure`',
  },
  'service.operatorLists': { type: 'ListHit[]', description: "list hits of the region operators' paths" },
  'service.vendorIsProvider': {
    type: 'boolean',
    description: 'the vendor is the provider itself: the organisation contracts with the provider directly',
  },
  'service.counterparties': {
    type: 'string[]',
    description: 'who, in an adversary country, can reach the data, one line each',
  },
  'service.providerWithControl': {
    type: 'string',
    description: "the provider's name with who controls the service (the brand's owner or the region operator)",
  },
  'service.inferred': { type: 'Inference[]', description: 'importer notes: `fact`, `from`' },
  'service.unknowns': { type: 'string[]', description: 'facts about the service that could not be established' },

  data: { type: 'object', description: 'one data set of the service (data scope)' },
  'data.index': { type: 'number', description: 'position of the data set in the service (0-based)' },
  'data.category': { type: 'string', description: 'data category' },
  'data.usPersons': { type: 'number?', description: 'number of U.S. persons' },
  'data.devices': { type: 'number?', description: 'number of U.S. devices' },
  'data.sensitive': { type: 'boolean', description: 'the category is sensitive personal data' },
  'data.governmentLinked': { type: 'boolean', description: 'government-related data' },
  'data.encrypted': { type: 'boolean', description: 'encrypted at rest with keys that are not `none`' },
  'data.keys': { type: 'string', description: 'who holds the keys (`unknown` when not given)' },
  'data.amount': {
    type: 'string',
    description: '`250,000 US persons`, `20,000 US devices`, both, or `an unknown number of US persons`',
  },
  'data.protection': {
    type: 'string',
    description:
      'how the data is protected at rest, with what follows (`is not encrypted at rest, so the provider can read it`)',
  },
  'data.direction': {
    type: 'string',
    description: '`provides`, unless the inventory says the organisation only receives the data (`receives-only`)',
  },
  'data.count': {
    type: 'number?',
    description: 'the count used for 202.205: the 12-month peak where known, else the current count',
  },
  'data.countBasis': { type: 'string', description: '`peak12Months`, `current` or `unknown`' },
  'data.combinedWith': {
    type: 'string[]',
    description:
      'other sensitive categories in the same set or linked to its identifiers: combined data, the lowest threshold applies (28 CFR 202.205(g)); empty when not combined',
  },
  'data.governmentRelated': { type: 'boolean', description: 'government-related data (28 CFR 202.222)' },
  'data.biospecimens': { type: 'boolean', description: 'human biospecimens' },
  'data.transactions': {
    type: 'TransactionFacts[]',
    description:
      'transactions through which someone gets access to the data set: `type`, `obligation`, `derived`, `knowinglyDirected`, `counterparty` (`key`, `name`, `role`, `status`, `adversaryLinked`, `cloud`, `reason`, `foreign`), `exemption`, `onwardTransfer`',
  },
  'data.bulkStatus': { type: 'string', description: '`exceeded`, `below`, `unknown` or `not-applicable`' },
  'data.dsp': {
    type: 'object',
    description: 'the DSP verdict for the data set (28 CFR 202.210, 202.301–303, 202.401)',
  },
  'data.dsp.verdict': {
    type: 'string',
    description: '`prohibited`, `restricted`, `exempt`, `unknown` (a fact is missing) or `not-covered`',
  },
  'data.dsp.basis': { type: 'string', description: 'what it means for the organisation: a basis, or `none`' },
  'data.dsp.section': { type: 'string?', description: 'the section that makes the verdict' },
  'data.dsp.obligation': { type: 'string?', description: 'whose transaction it is: `organisation` or `vendor`' },
  'data.dsp.counterparty': { type: 'string?', description: 'the counterparty of the transaction' },
  'data.dsp.transactionType': { type: 'string?', description: 'vendor, employment, investment or data-brokerage' },
  'data.dsp.cloud': { type: 'boolean', description: 'the counterparty is a cloud-computing service provider' },
  'data.dsp.regimes': { type: 'string[]', description: 'regimes of the verdict' },
  'data.dsp.evidence': { type: 'string', description: 'the verdict in one line' },
  ...under(
    'data.onwardTransfer',
    OBLIGATION,
    'data brokerage with a foreign person that is not a covered person (28 CFR 202.302): `unmet` with basis `prohibited` without a contractual bar on onward brokerage or with a violation reported late, `reportable` while a report is due',
  ),
  'data.onwardTransfer.counterparty': {
    type: 'string?',
    description: 'the foreign counterparty of the data brokerage (when 202.302 applies)',
  },
  'data.cisa': { type: 'object', description: 'CISA data-level security requirements for the data set' },
  'data.cisa.status': { type: 'string', description: '`evidenced`, `unmet` or `unknown`' },
  'data.cisa.basis': {
    type: 'string',
    description: '`restricted` when unmet for a restricted transaction, `unknown` when not recorded, else `none`',
  },
  'data.cisa.evidenced': { type: 'string[]', description: 'requirements the inventory evidences' },
  'data.cisa.missing': { type: 'string[]', description: 'requirements not evidenced' },
  'data.cisa.evidence': { type: 'string', description: 'the requirements in one line' },
  'data.regimes': {
    type: 'string[]',
    description:
      'regimes whose conditions hold for the data set (`us-dsp`, `us-padfa` for a data broker, `us-icts` for an adversary-controlled provider)',
  },
  'data.bulk': {
    type: 'BulkFacts[]',
    description:
      'totals per category per counterparty against 28 CFR 202.205 that the data set contributes to: `category`, `group`, `groupName`, `total`, `unknownContributors`, `unit`, `threshold`, `comparison`, `status`, `exceeded`, `citation`, `label`, `contributors`, `peakContributors`, `combinedContributors` (counted as part of combined data)',
  },
  'data.bulkExceeded': {
    type: 'boolean',
    description: 'a bulk threshold is exceeded with a counterparty that is, or may be, a covered person',
  },
  'data.bulkEvidence': { type: 'string', description: 'the totals in one line' },
};

/** The scopes whose fact sets contain a root: a vendor rule has no `service`, an organisation rule no `vendor`. */
const ROOT_SCOPES: Record<string, readonly string[]> = {
  asOf: ['organisation', 'vendor', 'service', 'data'],
  organisation: ['organisation', 'vendor', 'service', 'data'],
  vendor: ['vendor', 'service', 'data'],
  service: ['service', 'data'],
  data: ['data'],
};

export function factInfo(path: string): FactInfo | undefined {
  return Object.hasOwn(FACTS, path) ? FACTS[path] : undefined;
}

/** The scopes in which a fact path has a value (empty for an unregistered root). */
export function scopesOf(path: string): readonly string[] {
  const root = path.split('.')[0];
  return Object.hasOwn(ROOT_SCOPES, root) ? ROOT_SCOPES[root] : [];
}

/** The Markdown table in docs/writing-rules.md (between its `facts` markers). */
export function renderFactsTable(): string {
  const rows = Object.entries(FACTS)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, info]) => `| \`${path}\` | \`${info.type}\` | ${info.description.replace(/\|/g, '\\|')} |`);
  return ['| path | type | meaning |', '|---|---|---|', ...rows].join('\n');
}

/** `doc` with the text between its facts markers replaced by the current table. */
export function withFactsTable(doc: string): string {
  const start = doc.indexOf('<!-- facts:start');
  const end = doc.indexOf('<!-- facts:end -->');
  if (start === -1 || end < start) throw new Error('no <!-- facts:start --> … <!-- facts:end --> markers');
  const open = doc.indexOf('\n', start) + 1;
  return `${doc.slice(0, open)}${renderFactsTable()}\n${doc.slice(end)}`;
}
