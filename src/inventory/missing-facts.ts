import type { Catalog } from '../catalog/types.js';
import { enrich, needsOf } from '../enrich/enrich.js';
import type { Need } from '../enrich/ownership.js';
import type { Place } from '../enrich/person-graph.js';
import type {
  DataFacts,
  EnrichedInventory,
  EnrichedService,
  EnrichedVendor,
  ObligationFacts,
  PartyFacts,
} from '../enrich/types.js';
import { hasErrors } from '../model/errors.js';
import type { Diagnostic, Service, SourceLocation, Vendor } from '../model/types.js';
import type { LoadedInventory } from './validate.js';

/** Where to read how to record the facts a 0.2 verdict needs. */
export const MISSING_FACTS_DOC = 'docs/migration-0.2.md#facts-a-verdict-needs';

/** Where the inventory wrote a vendor's or service's field, and its organisation block (a loaded inventory's locators). */
export type Locators = Pick<LoadedInventory, 'locateField' | 'locateOrganisation'>;

/**
 * Warnings for the inventory facts that leave a verdict `unknown`. They are read off the enrichment's own reasons
 * (the `needs` of an unknown person status, the count of a data set whose DSP verdict is unknown), never recomputed,
 * so a warning appears exactly where a verdict is unknown for lack of an inventory fact:
 * - the DSP verdict of a data set (28 CFR 202.210, .401; the rules built on `data.dsp`, and the organisation's
 *   duties that follow a restricted transaction) — for the counterparty's covered-person status or the count;
 * - whether a vendor with an owner in a country of concern is a covered person (`covered-person-unknown`);
 * - whether a foreign adversary owns, controls or directs a vendor whose covered-person test is settled, e.g. a U.S.
 *   subsidiary (`adversary-control-unknown`, 15 CFR 791).
 * One warning per missing fact, located at the vendor, owner, service data set or provider that lacks it. Pure.
 * Shares of v0.1 `ownership:` chains are left to W_OWNERSHIP_SHARE, which validation reports for every such link.
 */
export function missingFactWarnings(enriched: EnrichedInventory, where: Locators): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const graph = enriched.persons;
  const at = (target: Vendor | Service, field?: string): Partial<Diagnostic> => {
    const loc = (field ? where.locateField(target, field) : undefined) ?? where.locateField(target);
    return loc ? { file: loc.file, line: loc.line, column: loc.column, pointer: loc.pointer } : {};
  };
  const name = (key: string): string => graph.nodes.get(key)?.name ?? key;

  /** The diagnostic for one missing fact of the ownership graph, found through `vendor`'s verdict. */
  const personNeed = (original: Need, vendor: EnrichedVendor, verdict: string): void => {
    const node = graph.nodes.get(original.person);
    const individual =
      node?.kind === 'individual' || (!node?.kind && (!!node?.residence || !!node?.citizenship?.length));
    // for an entity, being a U.S. person and where it is organised are one fact: its country
    const need: Need = original.fact === 'us-person' && !individual ? { ...original, fact: 'location' } : original;
    const id = need.fact === 'share' ? `share\0${need.person}\0${need.owner}` : `${need.fact}\0${need.person}`;
    if (seen.has(id)) return;
    seen.add(id);
    if (need.fact === 'share') {
      const place = graph.shares.get(`${need.person}\0${need.owner}`);
      if (place?.legacy) return;
      out.push({
        code: 'W_OWNERSHIP_SHARE',
        severity: 'warning',
        message: `the share ${name(need.owner)} holds in ${name(need.person)} is not recorded, so ${verdict} is unknown`,
        ...anchor(place, vendor),
        expected: 'percent: the share held (0–100]',
        hint: `${shareFix(place, need)} (${MISSING_FACTS_DOC})`,
      });
      return;
    }
    const place = graph.places.get(need.person);
    const fields =
      need.fact === 'us-person'
        ? 'citizenship: [..] and residence (202.256: a US citizen or resident is a U.S. person)'
        : individual
          ? 'residence: the country where the individual primarily resides'
          : node?.kind
            ? 'country: where it is organised (and principalPlaceOfBusiness where it differs)'
            : 'country: where it is organised, or kind: individual with residence and citizenship';
    out.push({
      code: need.fact === 'us-person' ? 'W_US_PERSON' : 'W_PERSON_LOCATION',
      severity: 'warning',
      message:
        need.fact === 'us-person'
          ? `whether ${name(need.person)} is a U.S. person is not recorded, so ${verdict} is unknown`
          : `where ${name(need.person)} is ${individual ? 'resident' : 'organised'} is not recorded, so ${verdict} is unknown`,
      ...anchor(place, vendor),
      expected: fields,
      hint: `Add ${fields.split(':')[0]} ${placeText(place, need.person)} (${MISSING_FACTS_DOC})`,
    });
  };

  const anchor = (place: Place | undefined, vendor: EnrichedVendor): Partial<Diagnostic> =>
    place?.vendor === vendor.facts.id ? at(vendor.raw, place.field) : at(vendor.raw);

  for (const vendor of enriched.vendors) {
    const dsp = vendor.facts.dsp;
    if (dsp.value === 'unknown' && dsp.adversaryOwner) {
      const verdict = `whether ${vendor.facts.name} is a covered person (28 CFR 202.211)`;
      for (const need of needsOf(dsp)) personNeed(need, vendor, verdict);
    }
    const icts = vendor.facts.icts;
    if (icts.value === 'unknown' && icts.adversaryOwner && dsp.value !== 'unknown') {
      const verdict = `whether ${vendor.facts.name} is owned, controlled or directed by a foreign adversary (15 CFR 791)`;
      for (const need of needsOf(icts)) personNeed(need, vendor, verdict);
    }
    // indexed: a vendor's services and a service's data sets are often the shared frozen empty list (`for … of` over
    // a mix of frozen and other lists is not inlined: an iterator and a result object per step)
    const services = vendor.services;
    for (let s = 0; s < services.length; s++) {
      const service = services[s];
      const sets = service.data;
      for (let d = 0; d < sets.length; d++) {
        const data = sets[d];
        if (data.dsp.basis === 'restricted' && data.cisa.status === 'unknown') controlsNeed(out, service, data, at);
        if (data.dsp.verdict !== 'unknown') continue;
        const verdict = `the DSP verdict on ${data.category} data in ${service.facts.name}`;
        const party = keptCounterparty(data);
        if (party?.status === 'unknown') {
          const status = party.role === 'vendor' ? vendor.facts.dsp : service.facts.providerDsp;
          for (const need of needsOf(status)) personNeed(need, vendor, verdict);
        }
        if (data.countBasis === 'unknown' && !data.governmentRelated) countNeed(out, service, data, verdict, at);
      }
    }
  }
  complianceNeeds(out, enriched, where.locateOrganisation());
  return out;
}

/**
 * The organisation's duties that follow a restricted transaction (28 CFR 202.1001–.1103, the CISA organisational
 * requirements) whose status is unknown because the compliance record lacks a fact: one warning per missing record,
 * at the organisation. Only where a restricted transaction is established (where it is only possible, the facts
 * that would settle it are warned of at the data sets instead).
 */
function complianceNeeds(out: Diagnostic[], enriched: EnrichedInventory, loc: SourceLocation | undefined): void {
  const dsp = enriched.organisation.dsp;
  if (!dsp || dsp.restricted === 0) return;
  const at = loc ? { file: loc.file, line: loc.line, column: loc.column, pointer: loc.pointer } : {};
  const records: [ObligationFacts, string, string][] = [
    [dsp.program, 'compliance.program', '{ written: true, lastCertified: YYYY-MM-DD }'],
    [dsp.audit, 'compliance.audit', '{ lastCompleted: YYYY-MM-DD, independent: true }'],
    [dsp.records, 'compliance.recordsRetentionYears', 'the years records are kept'],
    [dsp.security, 'compliance.securityRequirements', '{ organisational: true | false }'],
  ];
  if (dsp.cloudRestricted > 0 && enriched.rawOrganisation.coveredOwnershipPercent === undefined) {
    records.push([
      dsp.annualReport,
      'coveredOwnershipPercent',
      'the share of the organisation held by countries of concern or covered persons (0–100)',
    ]);
  } else records.push([dsp.annualReport, 'compliance.annualReport', '{ lastFiled: YYYY-MM-DD }']);
  for (const [duty, field, expected] of records) {
    if (duty.status !== 'unknown') continue;
    out.push({
      code: 'W_COMPLIANCE_RECORD',
      severity: 'warning',
      message: `the organisation has restricted transactions, and ${field} is not recorded, so whether it meets ${duty.section} is unknown`,
      ...at,
      expected: `${field}: ${expected}`,
      hint: `Add ${field} to the organisation (docs/inventory.md; ${MISSING_FACTS_DOC})`,
    });
  }
}

/**
 * The missing-fact warnings of a loaded inventory, as `check` would report them on the same date: enriches it (only
 * when it loaded without errors; otherwise its verdicts are not computed at all). Pure.
 */
export function loadedMissingFacts(loaded: LoadedInventory, catalog: Catalog, asOf: string): Diagnostic[] {
  if (hasErrors(loaded.diagnostics)) return [];
  return missingFactWarnings(enrich(loaded.inventory, catalog, { asOf }), loaded);
}

/** The counterparty of the transaction that gave a data set its DSP verdict. */
function keptCounterparty(data: DataFacts): PartyFacts | undefined {
  const { counterparty, obligation, transactionType } = data.dsp;
  return data.transactions.find(
    (t) => t.counterparty.name === counterparty && t.obligation === obligation && t.type === transactionType,
  )?.counterparty;
}

function countNeed(
  out: Diagnostic[],
  service: EnrichedService,
  data: DataFacts,
  verdict: string,
  at: (target: Vendor | Service, field?: string) => Partial<Diagnostic>,
): void {
  const unit = data.usPersons === undefined && data.devices !== undefined ? 'devices' : 'usPersons';
  const what = data.category === 'precise-geolocation' ? 'devices' : unit;
  out.push({
    code: 'W_DATA_COUNT',
    severity: 'warning',
    message: `how many US ${what === 'devices' ? 'devices' : 'persons'} the ${data.category} data covers is not recorded, so ${verdict} is unknown (bulk, 28 CFR 202.205)`,
    ...at(service.raw, `data/${data.index}`),
    expected: `${what}: the current count, or peak12Months: the highest count over the preceding 12 months`,
    hint: `Add peak12Months (or ${what}) to this data set (${MISSING_FACTS_DOC})`,
  });
}

/** A data set in a restricted transaction that records none of the CISA data-level controls (202.401, 202.248). */
function controlsNeed(
  out: Diagnostic[],
  service: EnrichedService,
  data: DataFacts,
  at: (target: Vendor | Service, field?: string) => Partial<Diagnostic>,
): void {
  out.push({
    code: 'W_DATA_CONTROLS',
    severity: 'warning',
    message: `the ${data.category} data in ${service.facts.name} is in a restricted transaction, and none of its CISA data-level controls is recorded, so whether they are met is unknown (28 CFR 202.401)`,
    ...at(service.raw, `data/${data.index}`),
    expected:
      'controls: { minimisation, masking, privacyEnhancing, accessDenied } and/or encryption: { atRest, keys: customer }',
    hint: `Record the controls this data set has (true or false) (docs/inventory.md; ${MISSING_FACTS_DOC})`,
  });
}

function shareFix(place: Place | undefined, need: Extract<Need, { fact: 'share' }>): string {
  if (place?.vendor) return `Add percent to ${place.field ?? 'the owner'} of vendor '${place.vendor}'`;
  if (place?.entity) return `Add percent to ${place.field ?? 'the owner'} of entities entry '${place.entity}'`;
  const held = need.person.startsWith('c:') ? need.person.slice(2) : need.person;
  const owner = need.owner.startsWith('c:') ? need.owner.slice(2) : need.owner;
  return `The catalogue does not record it: add entities: [{ id: ${held}, owners: [{ entity: ${owner}, percent: .. }] }]`;
}

function placeText(place: Place | undefined, key: string): string {
  if (place?.vendor) return `to ${place.field ? `${place.field} of ` : ''}vendor '${place.vendor}'`;
  if (place?.entity) return `to entities entry '${place.entity}'`;
  return `in an entities entry for '${key.replace(/^[a-z]:/, '')}'`;
}
