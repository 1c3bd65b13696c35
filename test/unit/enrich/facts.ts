import type { BulkThreshold } from '../../../src/catalog/types.js';
import { countOf, unitOf } from '../../../src/enrich/bulk.js';
import type { DataFacts, PartyFacts } from '../../../src/enrich/types.js';

/** Thresholds as the bundled catalogue states them (28 CFR 202.205), for pure unit tests. */
export const THRESHOLDS: BulkThreshold[] = [
  {
    category: 'genomic',
    label: 'genomic',
    threshold: 100,
    comparison: 'gt',
    unit: 'usPersons',
    citation: '28 CFR 202.205',
    source: 's',
    asOf: '2026-11-28',
  },
  {
    category: 'omic',
    label: 'omic',
    threshold: 1000,
    comparison: 'gt',
    unit: 'usPersons',
    citation: '28 CFR 202.205',
    source: 's',
    asOf: '2026-11-28',
  },
  {
    category: 'precise-geolocation',
    label: 'geo',
    threshold: 1000,
    comparison: 'gt',
    unit: 'devices',
    citation: '28 CFR 202.205',
    source: 's',
    asOf: '2026-11-28',
  },
  {
    category: 'health',
    label: 'health',
    threshold: 10000,
    comparison: 'gt',
    unit: 'usPersons',
    citation: '28 CFR 202.205',
    source: 's',
    asOf: '2026-11-28',
  },
  {
    category: 'personal',
    label: 'identifiers',
    threshold: 100000,
    comparison: 'gt',
    unit: 'usPersons',
    citation: '28 CFR 202.205',
    source: 's',
    asOf: '2026-11-28',
  },
];

export function dataFacts(
  d: { category: string; usPersons?: number; devices?: number; peak12Months?: number; governmentRelated?: boolean },
  extra: Partial<DataFacts> = {},
): DataFacts {
  const threshold = THRESHOLDS.find((t) => t.category === d.category);
  const { count, countBasis } = countOf(d, unitOf(d.category, threshold));
  return {
    index: 0,
    category: d.category,
    usPersons: d.usPersons,
    devices: d.devices,
    sensitive: true,
    governmentLinked: d.governmentRelated === true,
    encrypted: false,
    keys: 'unknown',
    direction: 'provides',
    amount: 'n US persons',
    protection: '',
    count,
    countBasis,
    combinedWith: [],
    governmentRelated: d.governmentRelated === true,
    biospecimens: false,
    transactions: [],
    bulk: [],
    // as in a data set's facts: worked out from its bulk status when read (the aggregator sets the status)
    get bulkExceeded() {
      return this.bulkStatus === 'exceeded';
    },
    bulkStatus: 'not-applicable',
    bulkEvidence: '',
    dsp: { verdict: 'not-covered', basis: 'none', cloud: false, regimes: [], evidence: '' },
    onwardTransfer: {
      status: 'not-applicable',
      basis: 'none',
      section: '28 CFR 202.302',
      effective: '2025-04-08',
      evidence: '',
      regimes: [],
    },
    cisa: { status: 'unknown', basis: 'unknown', evidenced: [], missing: [], evidence: '' },
    regimes: [],
    ...extra,
  };
}

export function party(key: string, status: PartyFacts['status'], extra: Partial<PartyFacts> = {}): PartyFacts {
  return {
    key,
    name: key,
    role: 'vendor',
    status,
    adversaryLinked: status !== 'not-covered',
    cloud: false,
    reason: `${key} is ${status}`,
    // a covered person is a foreign person; a U.S. person by default otherwise
    foreign: status === 'covered' ? true : status === 'unknown' ? 'unknown' : false,
    ...extra,
  };
}
